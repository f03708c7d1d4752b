-- How the two large columns are stored. A stored file is kept as it came,
-- out of line and uncompressed: PDFs and DOCX are compressed already, and
-- compressing them again (pglz, the default) took a sixth of the server's
-- time during a bulk ingest. Extracted text is compressed with LZ4 where
-- the server has it (PostgreSQL 14 or later built with lz4, as Debian's
-- is), several times faster than pglz; elsewhere it stays with pglz.
-- Values written before keep their form until rewritten; reads are
-- unchanged either way.
ALTER TABLE files ALTER COLUMN content SET STORAGE EXTERNAL;

DO $$
BEGIN
    ALTER TABLE output_versions ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'output_versions.body keeps the default compression: %', SQLERRM;
END
$$;
