-- A new output type, `document`: what ingestion gives a document whose kind
-- neither a manifest nor its cover tells, until staff choose one.
--
-- SQLite cannot alter a CHECK constraint, and rebuilding `outputs` would
-- cascade deletes to its versions, authors and links (foreign keys are on
-- and cannot be turned off inside the migration's transaction). So the
-- constraint is widened in place, as SQLite documents for loosening CHECK
-- constraints (https://sqlite.org/lang_altertable.html, "otheralter"): the
-- stored CREATE TABLE text gains the new value; `writable_schema = RESET`
-- makes this connection reload its schema, and a schema change after it
-- bumps the schema cookie so every other connection reloads too.
-- Widening a CHECK cannot make a stored row invalid.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''side-event'', ''advisory-note'')', '''side-event'', ''advisory-note'', ''document'')')
 WHERE type = 'table' AND name = 'outputs';
PRAGMA writable_schema = RESET;
CREATE TABLE output_type_document_bump (x INTEGER);
DROP TABLE output_type_document_bump;
