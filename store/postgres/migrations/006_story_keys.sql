-- Schema 6: a story's first title key and fingerprint in its own row.
--
-- Nearly every story has one title and one fingerprint, and each was a row
-- of its own in title_keys and fingerprints: two heap rows and seven index
-- entries per story written by a poll. They are now columns of the story's
-- row, indexed there (five entries); the key tables hold only the further
-- keys that merged items bring. A lookup reads both places.
ALTER TABLE stories ADD COLUMN title_hash bigint, ADD COLUMN title_at bigint, ADD COLUMN fp bigint;

-- One title row and one fingerprint row of each story move into its row.
WITH first AS (
    SELECT DISTINCT ON (seq) hash, seq, at FROM title_keys ORDER BY seq, hash
), moved AS (
    UPDATE stories s SET title_hash = f.hash, title_at = f.at FROM first f WHERE s.seq = f.seq
    RETURNING f.hash, f.seq
)
DELETE FROM title_keys t USING moved m WHERE t.hash = m.hash AND t.seq = m.seq;

WITH first AS (
    SELECT DISTINCT ON (seq) seq, fp FROM fingerprints ORDER BY seq, fp
), moved AS (
    UPDATE stories s SET fp = f.fp FROM first f WHERE s.seq = f.seq
    RETURNING f.seq, f.fp
)
DELETE FROM fingerprints k USING moved m WHERE k.seq = m.seq AND k.fp = m.fp;

CREATE INDEX stories_title ON stories (title_hash) WHERE title_hash IS NOT NULL;
CREATE INDEX stories_band0 ON stories ((fp & 65535)) WHERE fp IS NOT NULL;
CREATE INDEX stories_band1 ON stories (((fp >> 16) & 65535)) WHERE fp IS NOT NULL;
CREATE INDEX stories_band2 ON stories (((fp >> 32) & 65535)) WHERE fp IS NOT NULL;
CREATE INDEX stories_band3 ON stories (((fp >> 48) & 65535)) WHERE fp IS NOT NULL;
ANALYZE stories;
