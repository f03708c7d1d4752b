-- Agreements of the contacts register (MoUs, partnership and funding
-- agreements; fields as JSON in `data`, checked by southdesk_contacts),
-- the organisations party to each, the signed file (kept by content in
-- `attachment_blobs`), and the reminders sent before one expires (one per
-- agreement, last day and account).
CREATE TABLE agreements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    title        TEXT    NOT NULL,
    stage        TEXT    NOT NULL,
    valid_until  TEXT,
    data         TEXT    NOT NULL,
    file_sha256  TEXT    REFERENCES attachment_blobs (sha256),
    file_name    TEXT,
    file_type    TEXT,
    file_size    INTEGER,
    created_by   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX agreements_until ON agreements (stage, valid_until);

CREATE TABLE agreement_parties (
    agreement_id    INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (agreement_id, organisation_id)
);
CREATE INDEX agreement_parties_org ON agreement_parties (organisation_id);

CREATE TABLE agreement_reminders (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    valid_until  TEXT    NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sent_at      TEXT    NOT NULL,
    PRIMARY KEY (agreement_id, valid_until, account_id)
);

-- Joint work: an organisation's part in an output or a meeting.
CREATE TABLE joint_work (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    output_id       INTEGER REFERENCES outputs (id) ON DELETE CASCADE,
    meeting_id      INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
    role            TEXT    NOT NULL,
    data            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    CHECK ((output_id IS NULL) <> (meeting_id IS NULL))
);
CREATE UNIQUE INDEX joint_work_once ON joint_work (organisation_id, COALESCE(output_id, 0), COALESCE(meeting_id, 0), role);
CREATE INDEX joint_work_output ON joint_work (output_id);
CREATE INDEX joint_work_meeting ON joint_work (meeting_id);

-- The inbox holds notices of other records than requests (a reminder of an
-- agreement): `request_id` may be empty, and `href` is where the notice
-- leads (empty: the request's page). SQLite changes a column's constraint
-- by rebuilding the table.
CREATE TABLE inbox_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    request_id INTEGER REFERENCES requests (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    read_at    TEXT,
    detail     TEXT    NOT NULL DEFAULT '',
    href       TEXT
);
INSERT INTO inbox_new (id, account_id, request_id, kind, subject, created_at, read_at, detail)
    SELECT id, account_id, request_id, kind, subject, created_at, read_at, detail FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_new RENAME TO inbox;
CREATE INDEX inbox_account ON inbox (account_id, created_at);
CREATE INDEX inbox_unread ON inbox (account_id) WHERE read_at IS NULL;

-- A merge of two records of one person is in the audit log too.
CREATE TABLE contact_audit_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT    NOT NULL,
    account_id  INTEGER REFERENCES accounts (id),
    action      TEXT    NOT NULL CHECK (action IN ('view', 'export', 'erase', 'merge')),
    person_id   INTEGER NOT NULL REFERENCES people (id)
);
INSERT INTO contact_audit_new (id, at, account_id, action, person_id)
    SELECT id, at, account_id, action, person_id FROM contact_audit;
DROP TABLE contact_audit;
ALTER TABLE contact_audit_new RENAME TO contact_audit;
CREATE INDEX contact_audit_at ON contact_audit (at, id);
