-- Interactions with the contacts register: a meeting, a call, an e-mail or
-- a visit on a day (fields as JSON in `data`, checked by
-- southdesk_contacts), and who took part, one row per person or
-- organisation, from which each one's timeline is read.
CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    on_day      TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_by  INTEGER REFERENCES accounts (id),
    created_at  TEXT    NOT NULL
);

CREATE TABLE interaction_parties (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    interaction_id   INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    person_id        INTEGER REFERENCES people (id),
    organisation_id  INTEGER REFERENCES organisations (id),
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX interaction_parties_person ON interaction_parties (person_id);
CREATE INDEX interaction_parties_organisation ON interaction_parties (organisation_id);
CREATE INDEX interaction_parties_interaction ON interaction_parties (interaction_id);
