package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// buildVersion describes the running binary from the build info the Go
// toolchain embeds, so that no release step has to stamp a version.
type buildVersion struct {
	Module   string
	Version  string
	Revision string
	Time     string
	Modified bool
	Go       string
}

func readVersion() buildVersion {
	v := buildVersion{Module: "github.com/edufeed/edufeed", Version: "(devel)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.Go = bi.GoVersion
	if bi.Main.Path != "" {
		v.Module = bi.Main.Path
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// Short is the version as it appears in the User-Agent and <generator>.
func (v buildVersion) Short() string {
	s := v.Version
	if v.Revision != "" {
		r := v.Revision
		if len(r) > 12 {
			r = r[:12]
		}
		s += "+" + r
		if v.Modified {
			s += "-dirty"
		}
	}
	return s
}

func cmdVersion(w io.Writer) int {
	v := readVersion()
	fmt.Fprintf(w, "edufeed %s\n", v.Version)
	fmt.Fprintf(w, "module   %s\n", v.Module)
	if v.Revision != "" {
		fmt.Fprintf(w, "revision %s", v.Revision)
		if v.Modified {
			fmt.Fprint(w, " (modified)")
		}
		fmt.Fprintln(w)
	}
	if v.Time != "" {
		fmt.Fprintf(w, "time     %s\n", v.Time)
	}
	if v.Go != "" {
		fmt.Fprintf(w, "go       %s\n", v.Go)
	}
	return 0
}
