// Package poll runs edufeed's sources: a cron scheduler with one entry per
// source, and the pipeline of one poll (fetch, parse, clean, identify, store).
//
// It is the only stage with side effects on the store. A poll never takes the
// daemon down: panics are recovered and recorded as that source's error, and
// fetches are bounded globally and per host. A failing source backs off
// exponentially (with jitter, up to Options.MaxBackoff, honouring
// Retry-After) and a source whose <ttl> or cache headers ask for a longer
// wait than its schedule gets it (up to Options.MaxCacheHint); either way
// only scheduled ticks are held back, and a success returns the source to
// its schedule.
package poll
