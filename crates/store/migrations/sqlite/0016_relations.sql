-- Relationships between organisations and people of the contacts
-- register: `from` is `kind` of `to` (fields as JSON in `data`, checked
-- by southdesk_contacts); each side is a person or an organisation.
CREATE TABLE relations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    from_person INTEGER REFERENCES people (id),
    from_org    INTEGER REFERENCES organisations (id),
    to_person   INTEGER REFERENCES people (id),
    to_org      INTEGER REFERENCES organisations (id),
    data        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    CHECK ((from_person IS NULL) <> (from_org IS NULL)),
    CHECK ((to_person IS NULL) <> (to_org IS NULL))
);
CREATE INDEX relations_from_person ON relations (from_person);
CREATE INDEX relations_from_org ON relations (from_org);
CREATE INDEX relations_to_person ON relations (to_person);
CREATE INDEX relations_to_org ON relations (to_org);
