-- Schema 2: the notifier's delivery log (feeds/notify): each target's state,
-- and what each target was sent, by the keys notify gives (a story's id, its link).
CREATE TABLE notify_targets (
    target text PRIMARY KEY,
    state  bytea NOT NULL
);

CREATE TABLE deliveries (
    target text NOT NULL,
    key    text NOT NULL,
    at     timestamptz NOT NULL,
    PRIMARY KEY (target, key)
);
CREATE INDEX deliveries_at ON deliveries (at);
