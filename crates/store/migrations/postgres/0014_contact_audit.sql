-- Who read or exported a person's data, for admins to check: every view of
-- a person's page by someone other than the account that recorded the
-- person, every export, every erasure. The rows name the person by id only.
ALTER TABLE people ADD COLUMN created_by BIGINT REFERENCES accounts (id);

CREATE TABLE contact_audit (
    id          BIGSERIAL PRIMARY KEY,
    at          TEXT    NOT NULL,
    account_id  BIGINT REFERENCES accounts (id),
    action      TEXT    NOT NULL CHECK (action IN ('view', 'export', 'erase')),
    person_id   BIGINT NOT NULL REFERENCES people (id)
);
CREATE INDEX contact_audit_at ON contact_audit (at, id);
