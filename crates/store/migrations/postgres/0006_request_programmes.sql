-- Every programme a request is routed to, the lead and the supporting ones,
-- so that a programme's queue is an index lookup, not a scan of the JSON in
-- requests.supporting (which stays the record the request is read from).
CREATE TABLE request_programmes (
    programme  TEXT    NOT NULL,
    request_id BIGINT  NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    lead       BOOLEAN NOT NULL,
    PRIMARY KEY (programme, request_id)
);

CREATE INDEX request_programmes_request ON request_programmes (request_id);

INSERT INTO request_programmes (programme, request_id, lead)
    SELECT programme, id, TRUE FROM requests WHERE programme IS NOT NULL;
INSERT INTO request_programmes (programme, request_id, lead)
    SELECT j.value, r.id, FALSE FROM requests r, json_array_elements_text(r.supporting::json) AS j(value)
    ON CONFLICT (programme, request_id) DO NOTHING;

-- The newest requests first, for the unfiltered list.
CREATE INDEX requests_received ON requests (received_at);
