-- Versions of the thematic work programme. At most one is adopted.
CREATE TABLE plan_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    label        TEXT    NOT NULL,
    period_start INTEGER NOT NULL,
    period_end   INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'adopted', 'superseded')),
    -- ISO 8601 date, e.g. 2026-01-31.
    adopted_on   TEXT,
    -- UTC, microseconds: 2026-01-31T09:30:00.000000Z (sorts as text).
    created_at   TEXT    NOT NULL,
    -- embedded:data/plans/2026-2028.toml, import:FILE, ...
    source       TEXT    NOT NULL,
    theme_count  INTEGER NOT NULL,
    -- The plan as JSON (serde_json of southdesk_plan::Plan).
    content      TEXT    NOT NULL
);

CREATE UNIQUE INDEX plan_versions_one_adopted ON plan_versions (status) WHERE status = 'adopted';

CREATE INDEX plan_versions_newest ON plan_versions (created_at DESC, id DESC);
