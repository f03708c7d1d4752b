-- Requests to the desk and everything attached to them (the same tables as
-- the SQLite migration 0003).
CREATE TABLE requests (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submitted_by BIGINT NOT NULL REFERENCES accounts (id),
    requester_kind  TEXT    NOT NULL CHECK (requester_kind IN ('member', 'group')),
    requester_id    TEXT    NOT NULL CHECK (requester_id <> ''),
    contact         TEXT    NOT NULL,
    title           TEXT    NOT NULL CHECK (title <> ''),
    body            TEXT    NOT NULL,
    lang            TEXT    NOT NULL,
    mode            TEXT    NOT NULL CHECK (mode IN
                        ('research', 'policy-advice', 'capacity-building', 'advocacy')),
    forum           TEXT,
    meeting         TEXT,
    deadline DATE,
    confidential BOOLEAN NOT NULL,
    channel         TEXT    NOT NULL CHECK (channel IN ('web', 'api', 'email', 'meeting')),
    status          TEXT    NOT NULL CHECK (status IN ('received', 'triaged', 'assigned',
                        'in-progress', 'delivered', 'closed', 'declined')),
    received_at TIMESTAMPTZ NOT NULL,
    ack_due DATE NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL,
    -- JSON arrays of theme ids, programme ids, SDG numbers.
    themes          TEXT    NOT NULL,
    -- The lead programme.
    programme       TEXT,
    supporting      TEXT    NOT NULL,
    out_of_plan BOOLEAN NOT NULL,
    sdgs            TEXT    NOT NULL,
    -- The tagger's result with its evidence.
    tags_json       TEXT    NOT NULL,
    decline_reason  TEXT CHECK (decline_reason IN ('outside-mandate', 'no-capacity')),
    decline_note    TEXT,
    CHECK ((status = 'declined') = (decline_reason IS NOT NULL))
);

CREATE INDEX requests_requester ON requests (requester_kind, requester_id, received_at);
CREATE INDEX requests_programme ON requests (programme, received_at);
CREATE INDEX requests_status ON requests (status, ack_due);

-- Attachments by content: the same file sent twice is kept once.
CREATE TABLE attachment_blobs (
    sha256 TEXT    PRIMARY KEY,
    size BIGINT NOT NULL,
    bytes  BYTEA    NOT NULL
);

CREATE TABLE request_attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    sha256       TEXT    NOT NULL REFERENCES attachment_blobs (sha256),
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size BIGINT NOT NULL
);

CREATE INDEX request_attachments_request ON request_attachments (request_id);

CREATE TABLE request_assignments (
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    assigned_at TIMESTAMPTZ NOT NULL,
    assigned_by BIGINT NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (request_id, account_id)
);

CREATE INDEX request_assignments_account ON request_assignments (account_id);

CREATE TABLE request_comments (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at TIMESTAMPTZ NOT NULL,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    internal BOOLEAN NOT NULL,
    text       TEXT    NOT NULL
);

CREATE INDEX request_comments_request ON request_comments (request_id);

-- The history: who changed what, and when.
CREATE TABLE request_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at TIMESTAMPTZ NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES accounts (id),
    kind        TEXT    NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    detail      TEXT    NOT NULL,
    internal BOOLEAN NOT NULL
);

CREATE INDEX request_events_request ON request_events (request_id, at);

-- Retry keys of submissions, unique per account.
CREATE TABLE request_idempotency (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    key         TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    request_id  BIGINT REFERENCES requests (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, key)
);

-- Links to outputs and meetings, by id: other aggregates, no foreign key.
CREATE TABLE request_links (
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('output', 'meeting')),
    target_id BIGINT NOT NULL,
    linked_at TIMESTAMPTZ NOT NULL,
    linked_by BIGINT NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (request_id, kind, target_id)
);

-- Emails to send, written in the transaction of the event they tell of.
CREATE TABLE notification_outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    email           TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ,
    last_error      TEXT
);

CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE inbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at TIMESTAMPTZ
);

CREATE INDEX inbox_account ON inbox (account_id, created_at);

-- Overdue notices sent, one per request and day.
CREATE TABLE request_overdue_notices (
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    on_day DATE NOT NULL,
    PRIMARY KEY (request_id, on_day)
);
