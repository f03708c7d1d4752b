-- Agreements of the contacts register (MoUs, partnership and funding
-- agreements; fields as JSON in `data`, checked by southdesk_contacts),
-- the organisations party to each, the signed file (kept by content in
-- `attachment_blobs`), and the reminders sent before one expires (one per
-- agreement, last day and account).
CREATE TABLE agreements (
    id           BIGSERIAL PRIMARY KEY,
    title        TEXT    NOT NULL,
    stage        TEXT    NOT NULL,
    valid_until  TEXT,
    data         TEXT    NOT NULL,
    file_sha256  TEXT    REFERENCES attachment_blobs (sha256),
    file_name    TEXT,
    file_type    TEXT,
    file_size    BIGINT,
    created_by   BIGINT  REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX agreements_until ON agreements (stage, valid_until);

CREATE TABLE agreement_parties (
    agreement_id    BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (agreement_id, organisation_id)
);
CREATE INDEX agreement_parties_org ON agreement_parties (organisation_id);

CREATE TABLE agreement_reminders (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    valid_until  TEXT   NOT NULL,
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sent_at      TEXT   NOT NULL,
    PRIMARY KEY (agreement_id, valid_until, account_id)
);

-- Joint work: an organisation's part in an output or a meeting.
CREATE TABLE joint_work (
    id              BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    output_id       BIGINT REFERENCES outputs (id) ON DELETE CASCADE,
    meeting_id      BIGINT REFERENCES meetings (id) ON DELETE CASCADE,
    role            TEXT   NOT NULL,
    data            TEXT   NOT NULL,
    created_at      TEXT   NOT NULL,
    CHECK ((output_id IS NULL) <> (meeting_id IS NULL))
);
CREATE UNIQUE INDEX joint_work_once ON joint_work (organisation_id, COALESCE(output_id, 0), COALESCE(meeting_id, 0), role);
CREATE INDEX joint_work_output ON joint_work (output_id);
CREATE INDEX joint_work_meeting ON joint_work (meeting_id);

-- The inbox holds notices of other records than requests (a reminder of an
-- agreement): `request_id` may be empty, and `href` is where the notice
-- leads (empty: the request's page).
ALTER TABLE inbox ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE inbox ADD COLUMN href TEXT;

-- A merge of two records of one person is in the audit log too.
ALTER TABLE contact_audit DROP CONSTRAINT contact_audit_action_check;
ALTER TABLE contact_audit ADD CONSTRAINT contact_audit_action_check
    CHECK (action IN ('view', 'export', 'erase', 'merge'));
