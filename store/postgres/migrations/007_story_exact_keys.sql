-- Schema 7: a story's first two exact keys in its own row.
--
-- Nearly every story has a GUID key and a link key besides its id, and each
-- was a row of exact_keys: two heap rows and four index entries per story
-- written by a poll. Two of them are now columns of the story's row (first
-- half and second half, as exact_keys holds them), each indexed there (two
-- entries); exact_keys holds only the further keys that merged items bring.
-- A lookup reads both places. A key is stored once, in one place or the
-- other, so which two keys move does not matter.
ALTER TABLE stories ADD COLUMN key1_h bigint, ADD COLUMN key1_r bigint,
    ADD COLUMN key2_h bigint, ADD COLUMN key2_r bigint;

CREATE TEMP TABLE moved ON COMMIT DROP AS
SELECT k.h, k.r, k.seq, row_number() OVER (PARTITION BY k.seq ORDER BY k.h, k.r) AS n
FROM exact_keys k JOIN stories s ON s.seq = k.seq;
DELETE FROM moved WHERE n > 2;
UPDATE stories s SET key1_h = m.h, key1_r = m.r FROM moved m WHERE m.n = 1 AND s.seq = m.seq;
UPDATE stories s SET key2_h = m.h, key2_r = m.r FROM moved m WHERE m.n = 2 AND s.seq = m.seq;
DELETE FROM exact_keys k USING moved m WHERE k.h = m.h AND k.r = m.r AND k.seq = m.seq;

CREATE INDEX stories_key1 ON stories (key1_h) WHERE key1_h IS NOT NULL;
CREATE INDEX stories_key2 ON stories (key2_h) WHERE key2_h IS NOT NULL;
ANALYZE stories;
ANALYZE exact_keys;
