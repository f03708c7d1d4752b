-- A new output type, `document`: what ingestion gives a document whose kind
-- neither a manifest nor its cover tells, until staff choose one.
ALTER TABLE outputs DROP CONSTRAINT outputs_type_check;
ALTER TABLE outputs ADD CONSTRAINT outputs_type_check CHECK (type IN ('research-paper', 'policy-brief', 'southviews', 'tax-cooperation-policy-brief', 'climate-policy-brief', 'statement', 'submission', 'analytical-note', 'book', 'meeting-report', 'training', 'side-event', 'advisory-note', 'document'));
