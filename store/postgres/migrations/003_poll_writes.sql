-- Schema 3: cheaper polls.
--
-- A source's item count in a column of its own, so that a state write (a
-- poll answered 304) is one statement that leaves the count alone, and a
-- poll adds to it without reading the state first.
ALTER TABLE sources ADD COLUMN item_count bigint NOT NULL DEFAULT 0;
UPDATE sources SET item_count = coalesce(substring(convert_from(state, 'UTF8') FROM '"item_count":([0-9]+)')::bigint, 0);

-- The key rows no longer reference their story: the foreign key's check ran
-- once per key row, some 160 per poll of 20 new items. Prune deletes a
-- forgotten story's keys itself (through the *_seq indexes).
ALTER TABLE exact_keys DROP CONSTRAINT exact_keys_seq_fkey;
ALTER TABLE title_keys DROP CONSTRAINT title_keys_seq_fkey;
ALTER TABLE fingerprint_bands DROP CONSTRAINT fingerprint_bands_seq_fkey;

-- Stories of a few KB are compressed as they are stored: lz4 costs a
-- fraction of pglz's CPU. A server built without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE stories ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL;
END $$;
