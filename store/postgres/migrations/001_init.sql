-- Schema 1: stories with their merge keys as indexed rows, source states,
-- the version readers use as their ETag, and poll leases.
CREATE TABLE meta (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    version  bigint NOT NULL DEFAULT 0,
    modified timestamptz,
    items    bigint NOT NULL DEFAULT 0
);
INSERT INTO meta DEFAULT VALUES;

-- A story; body is store.EncodeItem's bytes, NULL once pruned (a tombstone
-- keeps the story's keys so that a source still listing it cannot bring it back).
CREATE TABLE stories (
    seq       bigserial PRIMARY KEY,
    id        text NOT NULL,
    source    text NOT NULL,
    sources   text[] NOT NULL,
    published bigint NOT NULL,
    body      bytea,
    pruned_at timestamptz
);
CREATE INDEX stories_newest ON stories (published DESC, seq DESC) WHERE body IS NOT NULL;
CREATE INDEX stories_id ON stories (id);
CREATE INDEX stories_sources ON stories USING gin (sources);
CREATE INDEX stories_pruned ON stories (pruned_at) WHERE body IS NULL;

-- Exact keys (own id, alias ids, a source's GUID, canonical link): one story each.
CREATE TABLE exact_keys (
    key bytea PRIMARY KEY,
    seq bigint NOT NULL REFERENCES stories ON DELETE CASCADE
);
CREATE INDEX exact_keys_seq ON exact_keys (seq);

-- Title keys, shared by many stories, with the published time that brought them.
CREATE TABLE title_keys (
    hash bigint NOT NULL,
    seq  bigint NOT NULL REFERENCES stories ON DELETE CASCADE,
    at   bigint NOT NULL,
    PRIMARY KEY (hash, seq)
);
CREATE INDEX title_keys_seq ON title_keys (seq);

-- Fingerprints, one row per 16-bit band.
CREATE TABLE fingerprint_bands (
    band  smallint NOT NULL,
    value integer NOT NULL,
    seq   bigint NOT NULL REFERENCES stories ON DELETE CASCADE,
    fp    bigint NOT NULL,
    PRIMARY KEY (band, value, seq, fp)
);
CREATE INDEX fingerprint_bands_seq ON fingerprint_bands (seq);

CREATE TABLE sources (
    name  text PRIMARY KEY,
    state bytea NOT NULL
);

-- Who polls a source until when.
CREATE TABLE leases (
    source  text PRIMARY KEY,
    holder  text NOT NULL,
    expires timestamptz NOT NULL
);
