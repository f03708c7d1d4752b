-- The knowledge base's catalogue: outputs, their language versions,
-- authors, links (programmes, forums, meetings, countries, themes, SDGs),
-- files stored by content hash, and staff corrections of proposed tags.
-- Times are UTC text with microseconds, dates ISO 8601 text, as in 0001.

-- File contents, addressed by their SHA-256 (hex). Written before the
-- output that names them; an output cannot name a file that is not here.
CREATE TABLE files (
    sha256     TEXT    PRIMARY KEY CHECK (length(sha256) = 64),
    size       INTEGER NOT NULL CHECK (size >= 0),
    content    BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE TABLE outputs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    type           TEXT    NOT NULL CHECK (type IN ('research-paper', 'policy-brief', 'southviews', 'tax-cooperation-policy-brief', 'climate-policy-brief', 'statement', 'submission', 'analytical-note', 'book', 'meeting-report', 'training', 'side-event', 'advisory-note')),
    series         TEXT    CHECK (series <> ''),
    series_slug    TEXT    CHECK (series_slug <> ''),
    number         TEXT    CHECK (number <> ''),
    date           TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    visibility     TEXT    NOT NULL CHECK (visibility IN ('public', 'internal', 'confidential')),
    tags_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (tags_confirmed IN (0, 1)),
    -- The tagger's proposal with evidence, JSON.
    proposed_tags  TEXT    NOT NULL DEFAULT '[]',
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    created_by     INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    CHECK ((series IS NULL) = (series_slug IS NULL)),
    CHECK (number IS NULL OR series IS NOT NULL)
);

-- Research Paper 199 exists once.
CREATE UNIQUE INDEX outputs_series_number ON outputs (series_slug, number)
    WHERE number IS NOT NULL;
CREATE INDEX outputs_date ON outputs (date, id);
CREATE INDEX outputs_updated ON outputs (updated_at, id);

CREATE TABLE output_versions (
    output_id       INTEGER NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
    lang            TEXT    NOT NULL CHECK (lang IN ('zh', 'en', 'fr', 'es')),
    title           TEXT    NOT NULL CHECK (title <> ''),
    abstract        TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    file_sha256     TEXT    REFERENCES files (sha256),
    file_media_type TEXT,
    file_name       TEXT,
    CHECK ((file_sha256 IS NULL) = (file_media_type IS NULL)
       AND (file_sha256 IS NULL) = (file_name IS NULL)),
    PRIMARY KEY (output_id, lang)
);

CREATE INDEX output_versions_file ON output_versions (file_sha256);

CREATE TABLE output_authors (
    output_id   INTEGER NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL CHECK (name <> ''),
    staff       INTEGER NOT NULL CHECK (staff IN (0, 1)),
    account_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    affiliation TEXT,
    PRIMARY KEY (output_id, position)
);

-- Programmes, forums, meetings, countries, themes and SDGs of an output,
-- in the order given.
CREATE TABLE output_links (
    output_id INTEGER NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL CHECK (kind IN
                  ('programme', 'forum', 'meeting', 'country', 'theme', 'sdg')),
    value     TEXT    NOT NULL CHECK (value <> ''),
    position  INTEGER NOT NULL,
    PRIMARY KEY (output_id, kind, value)
);

CREATE INDEX output_links_value ON output_links (kind, value);

-- Staff changes to the tagger's proposals: training examples. Kept when
-- the output is deleted.
CREATE TABLE tag_corrections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    output_id  INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('theme', 'sdg')),
    proposed   TEXT    NOT NULL,
    chosen     TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    lang       TEXT    NOT NULL CHECK (lang IN ('zh', 'en', 'fr', 'es')),
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    at         TEXT    NOT NULL
);
