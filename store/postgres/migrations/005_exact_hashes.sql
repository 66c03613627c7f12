-- Schema 5: smaller exact keys.
--
-- A story's own id is found through its row (the stories_id index), so its
-- exact-key row goes: a third of the key rows. The other exact keys (alias
-- ids, GUIDs, links: 16 bytes of SHA-256 each) are indexed by their first
-- eight bytes as a bigint rather than as bytea, an index half the size with
-- integer comparisons; the other eight bytes are kept beside them, and a
-- hit counts only when both halves match (see exactLookup.scan).
DELETE FROM exact_keys k USING stories s
WHERE s.seq = k.seq AND s.id <> ''
  AND k.key = substring(sha256('\x69'::bytea || convert_to(s.id, 'UTF8')) FROM 1 FOR 16);

CREATE TABLE exact_hashes (
    h   bigint NOT NULL, -- the key's first eight bytes, big-endian
    r   bigint NOT NULL, -- the other eight
    seq bigint NOT NULL
);
INSERT INTO exact_hashes (h, r, seq)
SELECT ('x' || encode(substring(key FROM 1 FOR 8), 'hex'))::bit(64)::bigint,
       ('x' || encode(substring(key FROM 9 FOR 8), 'hex'))::bit(64)::bigint, seq
FROM exact_keys;
DROP TABLE exact_keys;
ALTER TABLE exact_hashes RENAME TO exact_keys;
CREATE INDEX exact_keys_h ON exact_keys (h);
CREATE INDEX exact_keys_seq ON exact_keys (seq);
ANALYZE exact_keys;
