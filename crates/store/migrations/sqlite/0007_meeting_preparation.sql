-- The negotiations calendar, issue 11.
--
-- Checklist items carry a `public` flag: an item is the Centre's internal
-- preparation (shown to the Secretariat only) unless it is public. Items
-- stored before the flag existed become internal.
UPDATE meetings
SET checklist = (
    SELECT json_group_array(json_set(j.value, '$.public', json('false')))
    FROM json_each(meetings.checklist) AS j
)
WHERE checklist <> '[]';

-- A meeting's forum body chosen by staff: a new reading of its calendar
-- keeps it instead of matching the body again from the title.
ALTER TABLE meetings ADD COLUMN body_fixed BOOLEAN NOT NULL DEFAULT FALSE;
