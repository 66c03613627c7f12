// Package poll runs edufeed's sources: a cron scheduler with one entry per
// source, and the pipeline of one poll (fetch, parse, clean, identify, store).
//
// It is the only stage with side effects on the store. A poll never takes the
// daemon down: panics are recovered and recorded as that source's error, and
// fetches are bounded globally and per host.
package poll
