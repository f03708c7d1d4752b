-- Self-service password reset links, and emails not tied to a request.

-- A link to set a new password: only the SHA-256 (hex) of its token is
-- kept. It is used once (used_at) and lapses at expires_at.
CREATE TABLE password_resets (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    CHECK (expires_at > created_at)
);

CREATE INDEX password_resets_account ON password_resets (account_id, created_at);

-- The outbox also carries emails about an account rather than a request
-- (a reset link).
ALTER TABLE notification_outbox ALTER COLUMN request_id DROP NOT NULL;
