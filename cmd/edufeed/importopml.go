package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/poll"
)

// runImportOPML adds the feeds of a feed reader's OPML export to the config
// file and prints a line per feed added or skipped, then a summary.
func runImportOPML(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import-opml", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	dryRun := fs.Bool("dry-run", false, "print what would be added without writing the config")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edufeed import-opml [-config FILE] [-dry-run] OPMLFILE")
		fmt.Fprintln(stderr, "Adds the feeds of an OPML export to the config file, keeping its comments.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	opmlPath := fs.Arg(0)

	// Edit the file a symlink points to, not the link.
	path, err := filepath.EvalSymlinks(common.config)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed: config:", err)
		return 1
	}
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed: config:", err)
		return 1
	}
	f, err := os.Open(opmlPath)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	feedList, err := config.ParseOPML(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "edufeed: %s: %v\n", opmlPath, err)
		return 1
	}
	imp, err := config.ImportOPML(common.config, data, feedList, config.Checks{Schedule: poll.CheckSchedule, Selector: junk.CheckSelector})
	var errs config.Errors
	if errors.As(err, &errs) {
		printConfigError(stderr, err)
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	if !*dryRun && len(imp.Added) > 0 {
		if err := writeFileAtomic(path, imp.Data); err != nil {
			fmt.Fprintln(stderr, "edufeed:", err)
			return 1
		}
	}
	printImport(stdout, common.config, imp, *dryRun)
	return 0
}

// printImport writes a line per feed, in the order of the OPML file's
// outlines, then a summary line.
func printImport(w io.Writer, path string, imp *config.Import, dryRun bool) {
	verb := "added"
	if dryRun {
		verb = "would add"
	}
	for _, s := range imp.Added {
		line := fmt.Sprintf("%s %s %s", verb, s.Name, s.URL)
		if len(s.Tags) > 0 {
			line += " tags=" + strings.Join(s.Tags, ",")
		}
		fmt.Fprintln(w, line)
	}
	for _, s := range imp.Skipped {
		where := s.Feed.URL
		if where == "" {
			where = fmt.Sprintf("line %d", s.Feed.Line)
		}
		if s.Feed.Title != "" {
			where += fmt.Sprintf(" (%q)", s.Feed.Title)
		}
		fmt.Fprintf(w, "skipped %s: %s\n", where, s.Reason)
	}
	switch {
	case dryRun:
		fmt.Fprintf(w, "%s: %d would be added, %d skipped (dry run: file not changed)\n", path, len(imp.Added), len(imp.Skipped))
	case len(imp.Added) == 0:
		fmt.Fprintf(w, "%s: nothing added, %d skipped\n", path, len(imp.Skipped))
	default:
		fmt.Fprintf(w, "%s: %d added, %d skipped\n", path, len(imp.Added), len(imp.Skipped))
	}
}

// writeFileAtomic replaces the file at path with data through a temporary
// file in the same directory, so that a reader (the daemon reloading) sees
// the old file or the new one, never half of one. The file keeps its mode.
func writeFileAtomic(path string, data []byte) (err error) {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(st.Mode().Perm()); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// The rename is durable once the directory is synced; not every system can.
	if dir, derr := os.Open(filepath.Dir(path)); derr == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}
