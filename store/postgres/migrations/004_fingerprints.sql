-- Schema 4: one row per story fingerprint instead of one per 16-bit band.
--
-- A poll of 20 new items wrote 80 band rows (each with two index entries)
-- and that was a quarter of the database's time in a full cycle; the bands
-- are now expressions of the fingerprint, each indexed, so a fingerprint is
-- one heap row and five index entries (the key serves prune's deletes by seq).
CREATE TABLE fingerprints (
    seq bigint NOT NULL,
    fp  bigint NOT NULL,
    PRIMARY KEY (seq, fp)
);
INSERT INTO fingerprints (seq, fp) SELECT DISTINCT seq, fp FROM fingerprint_bands;
DROP TABLE fingerprint_bands;
CREATE INDEX fingerprints_band0 ON fingerprints ((fp & 65535));
CREATE INDEX fingerprints_band1 ON fingerprints (((fp >> 16) & 65535));
CREATE INDEX fingerprints_band2 ON fingerprints (((fp >> 32) & 65535));
CREATE INDEX fingerprints_band3 ON fingerprints (((fp >> 48) & 65535));
ANALYZE fingerprints;
