-- Self-service password reset links, and emails not tied to a request.

-- A link to set a new password: only the SHA-256 (hex) of its token is
-- kept. It is used once (used_at) and lapses at expires_at. Times are UTC
-- text with microseconds, as in 0001.
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT,
    CHECK (expires_at > created_at)
);

CREATE INDEX password_resets_account ON password_resets (account_id, created_at);

-- The outbox also carries emails about an account rather than a request
-- (a reset link): request_id becomes optional. SQLite cannot drop a NOT
-- NULL constraint, so the table is rebuilt with the same columns.
CREATE TABLE notification_outbox_0008 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id      INTEGER REFERENCES requests (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    email           TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT    NOT NULL,
    sent_at         TEXT,
    last_error      TEXT
);

INSERT INTO notification_outbox_0008 (id, request_id, account_id, email, subject, body,
        created_at, attempts, next_attempt_at, sent_at, last_error)
    SELECT id, request_id, account_id, email, subject, body,
           created_at, attempts, next_attempt_at, sent_at, last_error
    FROM notification_outbox;

DROP TABLE notification_outbox;

ALTER TABLE notification_outbox_0008 RENAME TO notification_outbox;

CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE sent_at IS NULL;
