//go:build !unix

package wire

import "time"

// processCPU is unknown here: BenchmarkListAndArticlesRatio then reports
// the time ratio only.
func processCPU() time.Duration { return 0 }
