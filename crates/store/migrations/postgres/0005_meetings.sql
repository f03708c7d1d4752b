-- The negotiations calendar. Times are text on both backends: wall-clock
-- start and end as written (2026-03-10T10:00:00, or 2026-03-10 for all-day
-- meetings, whose tz is '') with their IANA zone, and the UTC instants
-- (2026-03-10T09:00:00Z, which sort as they read) for range queries.
-- languages, roles and checklist are JSON arrays.
CREATE TABLE meetings (
    id          BIGSERIAL PRIMARY KEY,
    uid         TEXT    NOT NULL UNIQUE CHECK (uid <> ''),
    series      TEXT,
    body        TEXT,
    title       TEXT    NOT NULL CHECK (title <> ''),
    agenda      TEXT    NOT NULL DEFAULT '',
    start_local TEXT    NOT NULL,
    end_local   TEXT    NOT NULL,
    tz          TEXT    NOT NULL,
    start_utc   TEXT    NOT NULL,
    end_utc     TEXT    NOT NULL,
    venue       TEXT,
    online_url  TEXT,
    languages   TEXT    NOT NULL DEFAULT '[]',
    status      TEXT    NOT NULL CHECK (status IN ('planned', 'confirmed', 'postponed', 'cancelled', 'held')),
    roles       TEXT    NOT NULL DEFAULT '[]',
    checklist   TEXT    NOT NULL DEFAULT '[]',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CHECK (end_utc >= start_utc),
    CHECK (end_local >= start_local)
);

CREATE INDEX meetings_start ON meetings (start_utc);
CREATE INDEX meetings_series ON meetings (series);

CREATE TABLE meeting_themes (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    theme      TEXT    NOT NULL,
    PRIMARY KEY (meeting_id, theme)
);

CREATE INDEX meeting_themes_theme ON meeting_themes (theme);

-- Links to requests and outputs by id: no foreign key across aggregates;
-- the application checks that the target exists before linking.
CREATE TABLE meeting_links (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('request', 'output')),
    target_id  BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, kind, target_id)
);

CREATE INDEX meeting_links_target ON meeting_links (kind, target_id);
