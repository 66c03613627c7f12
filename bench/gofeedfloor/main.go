// Command gofeedfloor parses every file of a directory with a bare
// gofeed.Parser and prints the CPU time it took: the floor that bench/poll
// holds a full edufeed poll cycle of the same files against (issue 7).
//
// Usage:
//
//	gofeedfloor DIR
//
// It prints one line, key=value pairs: files, bytes, items, wall and cpu
// seconds (user+system of this process, garbage collection included).
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/mmcdole/gofeed"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gofeedfloor DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gofeedfloor:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	// Read everything first, so that the figures are parsing alone.
	var docs [][]byte
	var size int
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		docs = append(docs, b)
		size += len(b)
	}
	if len(docs) == 0 {
		return fmt.Errorf("%s: no files", dir)
	}
	cpu0, err := cpuTime()
	if err != nil {
		return err
	}
	start := time.Now()
	items := 0
	p := gofeed.NewParser()
	for i, doc := range docs {
		f, err := p.Parse(bytes.NewReader(doc))
		if err != nil {
			return fmt.Errorf("file %d: %w", i, err)
		}
		items += len(f.Items)
	}
	wall := time.Since(start)
	cpu1, err := cpuTime()
	if err != nil {
		return err
	}
	fmt.Printf("files=%d bytes=%d items=%d wall=%.3f cpu=%.3f\n",
		len(docs), size, items, wall.Seconds(), (cpu1 - cpu0).Seconds())
	return nil
}

// cpuTime is the user and system time this process has used so far.
func cpuTime() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
