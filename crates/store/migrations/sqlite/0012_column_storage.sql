-- PostgreSQL's 0012 sets how its large columns are stored (files out of
-- line and uncompressed, extracted text with LZ4). SQLite stores values as
-- given: nothing to change. Kept so that both stores stand at the same
-- schema version.
SELECT 1;
