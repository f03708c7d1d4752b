-- Every programme a request is routed to, the lead and the supporting ones,
-- so that a programme's queue is an index lookup, not a scan of the JSON in
-- requests.supporting (which stays the record the request is read from).
CREATE TABLE request_programmes (
    programme  TEXT    NOT NULL,
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    lead       INTEGER NOT NULL,
    PRIMARY KEY (programme, request_id)
);

CREATE INDEX request_programmes_request ON request_programmes (request_id);

INSERT INTO request_programmes (programme, request_id, lead)
    SELECT programme, id, 1 FROM requests WHERE programme IS NOT NULL;
INSERT INTO request_programmes (programme, request_id, lead)
    SELECT j.value, r.id, 0 FROM requests r, json_each(r.supporting) j WHERE true
    ON CONFLICT (programme, request_id) DO NOTHING;

-- The newest requests first, for the unfiltered list.
CREATE INDEX requests_received ON requests (received_at);
