-- Schema 3: a source's item count in a column of its own, so that a state
-- write (a poll answered 304) is one statement that leaves the count alone,
-- and a poll adds to it without reading the state first.
ALTER TABLE sources ADD COLUMN item_count bigint NOT NULL DEFAULT 0;
UPDATE sources SET item_count = coalesce(substring(convert_from(state, 'UTF8') FROM '"item_count":([0-9]+)')::bigint, 0);
