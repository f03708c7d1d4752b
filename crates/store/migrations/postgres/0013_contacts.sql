-- The contacts register (crates/contacts): organisations, people, the posts
-- organisations hold and who held them when. A record's fields are JSON in
-- `data` (checked by the contacts crate before every write); the columns
-- beside it are what lists filter and sort on. `search` is the folded
-- text a search looks in (names in every script and their Latin spelling,
-- acronym, e-mails: contacts::fold). Days are ISO 8601 text, times UTC
-- text, on both backends.
CREATE TABLE organisations (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (name <> ''),
    kind        TEXT    NOT NULL,
    country     TEXT,
    parent_id   BIGINT REFERENCES organisations (id),
    search      TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX organisations_kind ON organisations (kind, country);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE people (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (name <> ''),
    search      TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- A person's e-mails, to find the same person twice (imports, merges).
CREATE TABLE person_emails (
    person_id   BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    email       TEXT    NOT NULL,
    PRIMARY KEY (person_id, email)
);
CREATE INDEX person_emails_email ON person_emails (email);

CREATE TABLE posts (
    id              BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    title           TEXT    NOT NULL CHECK (title <> ''),
    data            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE INDEX posts_organisation ON posts (organisation_id);

-- One person holds a post at a time (checked, under the post's lock, by
-- contacts::check_tenure before each write); to_day is the last day.
CREATE TABLE tenures (
    id          BIGSERIAL PRIMARY KEY,
    post_id     BIGINT NOT NULL REFERENCES posts (id),
    person_id   BIGINT NOT NULL REFERENCES people (id),
    from_day    TEXT    NOT NULL,
    to_day      TEXT,
    CHECK (to_day IS NULL OR to_day >= from_day)
);
CREATE INDEX tenures_post ON tenures (post_id, from_day);
CREATE INDEX tenures_person ON tenures (person_id);
