-- The negotiations calendar, issue 11.
--
-- Checklist items carry a `public` flag: an item is the Centre's internal
-- preparation (shown to the Secretariat only) unless it is public. Items
-- stored before the flag existed become internal.
UPDATE meetings
SET checklist = (
    SELECT COALESCE(jsonb_agg(e.value || '{"public": false}'::jsonb ORDER BY e.ord), '[]'::jsonb)::text
    FROM jsonb_array_elements(meetings.checklist::jsonb) WITH ORDINALITY AS e(value, ord)
)
WHERE checklist <> '[]';

-- A meeting's forum body chosen by staff: a new reading of its calendar
-- keeps it instead of matching the body again from the title.
ALTER TABLE meetings ADD COLUMN body_fixed BOOLEAN NOT NULL DEFAULT FALSE;
