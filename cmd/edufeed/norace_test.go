//go:build !race

package main

// raceEnabled lets heavy tests shrink under the race detector, which makes
// them several times slower; .ci/run runs them at full size without it.
const raceEnabled = false
