-- The request desk's working views: filters by theme and free text, sorts,
-- saved views, the unread count of the inbox.

-- Every theme a request is routed to, so that the theme filter is an index
-- lookup, not a scan of the JSON in requests.themes (which stays the record
-- the request is read from).
CREATE TABLE request_themes (
    theme      TEXT   NOT NULL,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    PRIMARY KEY (theme, request_id)
);

CREATE INDEX request_themes_request ON request_themes (request_id);

INSERT INTO request_themes (theme, request_id)
    SELECT j.value, r.id FROM requests r, json_array_elements_text(r.themes::json) AS j(value)
    ON CONFLICT (theme, request_id) DO NOTHING;

-- What a free-text search looks in: title, text, contact and requester's
-- code, case folded by the application when a request is stored.
ALTER TABLE requests ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE requests SET search_text =
    LOWER(title || chr(10) || body || chr(10) || contact || chr(10) || requester_id);

-- The sorts of the lists.
CREATE INDEX requests_updated ON requests (updated_at);
CREATE INDEX requests_deadline ON requests (deadline);

-- What a notice of the inbox says changed (JSON), so that the inbox says
-- it in its reader's language; '' for the notices written before.
ALTER TABLE inbox ADD COLUMN detail TEXT NOT NULL DEFAULT '';

-- The unread count in the header.
CREATE INDEX inbox_unread ON inbox (account_id) WHERE read_at IS NULL;

-- Lists someone saved: the query string of the page's filters and order.
CREATE TABLE saved_views (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT        NOT NULL CHECK (name <> ''),
    query      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, name)
);
