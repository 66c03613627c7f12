package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/opml"
	"github.com/edufeed/edufeed/feeds/poll"
)

// newConfigHeader starts the config file import-opml creates when -config
// names no file yet: every setting it leaves out has its default.
const newConfigHeader = `# edufeed config, started by edufeed import-opml from %s.
# Every setting not written here has its default; config.example.yaml shows
# them all. Check the file with: edufeed check -config %s
sources:
`

// runImportOPML adds the feeds of a feed reader's OPML export to the config
// file, or starts a new config file with them, and prints a line per feed
// added or skipped, then a summary.
func runImportOPML(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import-opml", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	dryRun := fs.Bool("dry-run", false, "print what would be added without writing the config")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edufeed import-opml [-config FILE] [-dry-run] OPMLFILE")
		fmt.Fprintln(stderr, "Adds the feeds of an OPML export to the config file, keeping its comments;")
		fmt.Fprintln(stderr, "starts a new config file when FILE does not exist yet.")
		fs.PrintDefaults()
	}
	if code := parseArgs(fs, args, stderr); code != 0 {
		return code
	}
	opmlPath := fs.Arg(0)

	path, data, isNew, err := readConfigFile(common.config, opmlPath)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed: config:", err)
		return 1
	}
	f, err := os.Open(opmlPath)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	feedList, err := opml.Parse(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "edufeed: %s: %v\n", opmlPath, err)
		return 1
	}
	imp, out, err := importFeeds(common.config, data, feedList)
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
		write := writeFileAtomic
		if isNew {
			write = createFile
		}
		if err := write(path, out); err != nil {
			fmt.Fprintln(stderr, "edufeed:", err)
			return 1
		}
	}
	printImport(stdout, common.config, imp, *dryRun, isNew)
	return 0
}

// readConfigFile reads the config file at name, following a symlink so
// that the file it points to is edited, not the link. When there is no
// file at name it returns the text of a new one, and isNew.
func readConfigFile(name, opmlPath string) (path string, data []byte, isNew bool, err error) {
	path, err = filepath.EvalSymlinks(name)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(name); errors.Is(lerr, fs.ErrNotExist) {
			return name, fmt.Appendf(nil, newConfigHeader, filepath.Base(opmlPath), name), true, nil
		}
	}
	if err != nil {
		return "", nil, false, err
	}
	data, err = os.ReadFile(path)
	return path, data, false, err
}

// importFeeds plans feeds against the sources of the config in data (the
// file named path) and returns the plan and the edited file.
func importFeeds(path string, data []byte, feeds []opml.Feed) (opml.Import, []byte, error) {
	chk := config.Checks{Schedule: poll.CheckSchedule, Selector: junk.CheckSelector}
	cfg, err := config.Parse(path, data, chk)
	if err != nil {
		return opml.Import{}, nil, err
	}
	known := make([]opml.Known, len(cfg.Sources))
	for i, s := range cfg.Sources {
		known[i] = opml.Known{Name: s.Name, Title: s.Title, URL: s.URL}
	}
	imp := opml.Plan(known, feeds)
	add := make([]config.NewSource, len(imp.Added))
	for i, a := range imp.Added {
		add[i] = config.NewSource{Name: a.Name, Title: a.Title, URL: a.URL, Tags: a.Tags}
	}
	out, err := config.AppendSources(path, data, add, chk)
	return imp, out, err
}

// printImport writes a line per feed, in the order of the OPML file's
// outlines, then a summary line.
func printImport(w io.Writer, path string, imp opml.Import, dryRun, isNew bool) {
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
	case dryRun && isNew:
		fmt.Fprintf(w, "%s: new file with %d sources, %d skipped (dry run: file not created)\n", path, len(imp.Added), len(imp.Skipped))
	case dryRun:
		fmt.Fprintf(w, "%s: %d would be added, %d skipped (dry run: file not changed)\n", path, len(imp.Added), len(imp.Skipped))
	case len(imp.Added) == 0 && isNew:
		fmt.Fprintf(w, "%s: nothing to add, %d skipped: file not created\n", path, len(imp.Skipped))
	case len(imp.Added) == 0:
		fmt.Fprintf(w, "%s: nothing added, %d skipped\n", path, len(imp.Skipped))
	case isNew:
		fmt.Fprintf(w, "%s: created with %d sources, %d skipped\n", path, len(imp.Added), len(imp.Skipped))
	default:
		fmt.Fprintf(w, "%s: %d added, %d skipped\n", path, len(imp.Added), len(imp.Skipped))
	}
}

// createFile writes data to a new file at path, and fails if one appeared
// since the config was found missing. The file is readable by its owner
// and group only: a config may come to hold the admin token.
func createFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
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
