-- The change feed of outputs: every write of an output (create, update,
-- delete) appends its id here in the same transaction. Writers take one
-- transaction-level advisory lock just before appending, so `seq` values
-- become visible in the order they were given (a follower reading
-- `seq > n` never skips a row that commits later). The search index is a
-- follower: it records the last `seq` it applied and applies what came
-- after, whichever process wrote it. A row with no output id asks the
-- followers to rebuild everything (`southdesk reindex`).
--
-- No foreign key: a deleted output keeps its entries (the follower removes
-- it from the index).
CREATE TABLE output_changes (
    seq       BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    output_id BIGINT,
    at        TIMESTAMPTZ NOT NULL
);

-- Outputs stored before the feed existed are its first entries.
INSERT INTO output_changes (output_id, at)
SELECT id, updated_at FROM outputs ORDER BY id;
