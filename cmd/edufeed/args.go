package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// commandArgs names the positional arguments of the commands that take
// one; every other command takes none, and an argument it is given is an
// error rather than something silently ignored.
var commandArgs = map[string]string{
	"backup":      "BACKUPFILE",
	"import-opml": "OPMLFILE",
}

// parseArgs parses args as fs's flags and checks its positional arguments
// against commandArgs. Flags may come after a positional argument too
// ("edufeed backup copy.db -store a.db"), as people type them; "--" ends
// the flags, for a file name that starts with "-". On success fs.Args() is
// the positional arguments. A non-zero code is the exit status to return;
// the reason has been printed.
func parseArgs(fs *flag.FlagSet, args []string, stderr io.Writer) int {
	pos, err := interspersed(fs, args)
	if err != nil {
		return 2 // fs has printed the error and its usage
	}
	want := commandArgs[fs.Name()]
	switch {
	case want == "" && len(pos) > 0:
		fmt.Fprintf(stderr, "edufeed %s: unexpected argument %q: %s takes only flags%s\n", fs.Name(), pos[0], fs.Name(), argHint(fs.Name(), pos[0]))
	case want != "" && len(pos) == 0:
		fmt.Fprintf(stderr, "edufeed %s: missing %s\n", fs.Name(), want)
	case want != "" && len(pos) > 1:
		fmt.Fprintf(stderr, "edufeed %s: unexpected argument %q after %s %q: %s takes one %s\n", fs.Name(), pos[1], want, pos[0], fs.Name(), want)
	default:
		// fs.Args() becomes pos; flags already set keep their values.
		_ = fs.Parse(append([]string{"--"}, pos...))
		return 0
	}
	fs.Usage()
	return 2
}

// interspersed parses flags and positional arguments in any order and
// returns the positional ones.
func interspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil // "--" ended the flags
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// argHint guesses what a stray argument was meant to be.
func argHint(cmd, arg string) string {
	switch ext := strings.ToLower(filepath.Ext(arg)); {
	case ext == ".yaml" || ext == ".yml":
		return fmt.Sprintf(" (to read the config %s, use -config %s)", arg, arg)
	case cmd == "poll":
		return fmt.Sprintf(" (to poll one source, use -source %s)", arg)
	case cmd == "serve" || cmd == "compact":
		if ext == ".db" {
			return fmt.Sprintf(" (to use the store %s, use -store %s)", arg, arg)
		}
	}
	return ""
}
