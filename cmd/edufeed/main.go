// Command edufeed polls education-news feeds, cleans and merges their items,
// keeps them in an embedded store and serves them as one feed.
//
// Usage:
//
//	edufeed serve   [-config FILE] [-listen ADDR] [-store PATH]
//	edufeed poll    [-config FILE] [-source NAME]...
//	edufeed check   [-config FILE]
//	edufeed compact [-config FILE] [-store PATH]
//	edufeed backup  [-config FILE] [-store PATH] BACKUPFILE
//	edufeed import-opml [-config FILE] [-dry-run] OPMLFILE
//	edufeed try     [-config FILE] [-json] [-allow-private] URL | -source NAME
//	edufeed notify  -dry-run [-config FILE] [-store PATH]
//	edufeed version
//
// Flags may follow a file argument; an argument a command does not take is
// an error, never ignored.
//
// This package only parses flags and wires the other packages together.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // time zones must load on minimal hosts without /usr/share/zoneinfo
)

const usage = `edufeed: one clean feed from many education-news sources

Usage:
  edufeed serve   [-config FILE] [-listen ADDR] [-store PATH]   run the daemon
  edufeed poll    [-config FILE] [-source NAME]...              poll now, once, and print a line per source
  edufeed check   [-config FILE]                                validate the config and show next runs
  edufeed compact [-config FILE] [-store PATH]                  rewrite the stopped daemon's store without free pages
  edufeed backup  [-config FILE] [-store PATH] [-listen ADDR] FILE  write a consistent copy of the store, also while serve runs
  edufeed migrate-store -from bolt:PATH -to postgres:DSN        copy a stopped daemon's bbolt store into an empty PostgreSQL database
  edufeed import-opml [-config FILE] [-dry-run] OPMLFILE        add a feed reader's OPML export to the config (or start one)
  edufeed try     [-json] [-allow-private] URL | -source NAME   show what edufeed makes of a URL: feed, list, items, article
  edufeed notify  -dry-run [-config FILE] [-store PATH]         print what each notify target would be sent now
  edufeed version                                               print version and build information

Common flags: -log-level debug|info|warn|error (default info), -log-format text|json (default text).
-config defaults to config.yaml. Flags may come before or after a file argument; an argument a
command does not take is an error. Run "edufeed help COMMAND" for a command's flags.
`

// commands are the commands that take flags; "help COMMAND" shows them.
var commands = map[string]bool{"serve": true, "poll": true, "check": true, "compact": true, "backup": true, "import-opml": true, "notify": true, "try": true, "migrate-store": true}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it with their own context and writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "poll":
		return cmdPoll(ctx, rest, stdout, stderr)
	case "check":
		return cmdCheck(rest, stdout, stderr)
	case "compact":
		return cmdCompact(rest, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, rest, stdout, stderr)
	case "import-opml":
		return runImportOPML(rest, stdout, stderr)
	case "try":
		return cmdTry(ctx, rest, stdout, stderr)
	case "notify":
		return cmdNotify(ctx, rest, stdout, stderr)
	case "migrate-store":
		return cmdMigrateStore(ctx, rest, stdout, stderr)
	case "version", "-version", "--version":
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "edufeed version: unexpected argument %q: version takes none\n", rest[0])
			return 2
		}
		return cmdVersion(stdout)
	case "help", "-h", "-help", "--help":
		switch {
		case len(rest) == 1 && commands[rest[0]]:
			// "edufeed help poll" is "edufeed poll -h", asked for on purpose.
			run(ctx, []string{rest[0], "-h"}, stdout, stdout)
			return 0
		case len(rest) > 0:
			fmt.Fprintf(stderr, "edufeed help: unexpected argument %q: want a command name\n\n%s", strings.Join(rest, " "), usage)
			return 2
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "edufeed: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}
