-- The change feed of outputs: every write of an output (create, update,
-- delete) appends its id here in the same transaction, so the order of
-- `seq` is the order in which the writes committed. The search index is a
-- follower: it records the last `seq` it applied and applies what came
-- after, whichever process wrote it. A row with no output id asks the
-- followers to rebuild everything (`southdesk reindex`).
--
-- No foreign key: a deleted output keeps its entries (the follower removes
-- it from the index).
CREATE TABLE output_changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    output_id INTEGER,
    at        TEXT    NOT NULL
);

-- Outputs stored before the feed existed are its first entries.
INSERT INTO output_changes (output_id, at)
SELECT id, updated_at FROM outputs ORDER BY id;
