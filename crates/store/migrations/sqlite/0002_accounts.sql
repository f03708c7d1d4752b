-- Accounts and what authenticates them. Times are UTC text with
-- microseconds (2026-01-31T09:30:00.000000Z), as in 0001.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Stored lowercase; unique whatever its case.
    email       TEXT    NOT NULL CHECK (email <> ''),
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN
                    ('admin', 'management', 'coordinator', 'staff', 'delegate', 'board', 'council')),
    programme   TEXT,
    member_iso3 TEXT,
    group_id    TEXT,
    created_at  TEXT    NOT NULL,
    disabled_at TEXT,
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
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    phc        TEXT    NOT NULL,
    set_at     TEXT    NOT NULL
);

-- Login sessions; the id in the cookie is stored as its SHA-256 (hex).
CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    last_seen  TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);

CREATE INDEX sessions_account ON sessions (account_id);

-- Personal API tokens; the token is stored as its SHA-256 (hex).
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE,
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Failed logins, for throttling.
CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT    NOT NULL,
    ip    TEXT    NOT NULL,
    at    TEXT    NOT NULL
);

CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);
