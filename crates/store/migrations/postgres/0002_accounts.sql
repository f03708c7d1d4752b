-- Accounts and what authenticates them.
CREATE TABLE accounts (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored lowercase; unique whatever its case.
    email       TEXT        NOT NULL CHECK (email <> ''),
    name        TEXT        NOT NULL,
    role        TEXT        NOT NULL CHECK (role IN
                    ('admin', 'management', 'coordinator', 'staff', 'delegate', 'board', 'council')),
    programme   TEXT,
    member_iso3 TEXT,
    group_id    TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    disabled_at TIMESTAMPTZ,
    -- A coordinator has a programme, a delegate one member state or one
    -- group, other roles none of them.
    CHECK ((role = 'coordinator') = (programme IS NOT NULL)),
    CHECK (CASE WHEN role = 'delegate'
                THEN (member_iso3 IS NULL) <> (group_id IS NULL)
                ELSE member_iso3 IS NULL AND group_id IS NULL END)
);

CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));

-- Argon2id PHC strings.
CREATE TABLE account_passwords (
    account_id BIGINT      PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    phc        TEXT        NOT NULL,
    set_at     TIMESTAMPTZ NOT NULL
);

-- Login sessions; the id in the cookie is stored as its SHA-256 (hex).
CREATE TABLE sessions (
    id_hash    TEXT        PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX sessions_account ON sessions (account_id);

-- Personal API tokens; the token is stored as its SHA-256 (hex).
CREATE TABLE api_tokens (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT        NOT NULL,
    prefix       TEXT        NOT NULL,
    hash         TEXT        NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Failed logins, for throttling.
CREATE TABLE login_failures (
    id    BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT        NOT NULL,
    ip    TEXT        NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);
