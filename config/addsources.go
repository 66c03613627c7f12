package config

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// NewSource is a source AppendSources writes into a config file: what a
// feed reader's subscription list can say of a feed.
type NewSource struct {
	Name string
	// Title is written only when it is not empty.
	Title string
	URL   string
	Tags  []string
}

// AppendSources appends sources to data, the contents of the config file
// at path, and returns the edited file.
//
// The file is edited as text: the new sources are appended to the end of
// the sources list in the indentation the list already uses, and every
// other byte is kept, comments included. data must parse without errors
// (the error is then Errors), and the edited file is parsed again with chk
// to make sure it reads back as the same sources plus the new ones.
//
// This is config-file editing, so it stays here with the schema it must
// follow; choosing which feeds to add is feeds/opml's job.
func AppendSources(path string, data []byte, sources []NewSource, chk Checks) ([]byte, error) {
	cfg, err := Parse(path, data, chk)
	if err != nil {
		return nil, err
	}
	if len(sources) == 0 {
		return data, nil
	}
	out, err := appendSources(data, sources)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := readsBack(path, out, chk, cfg.Sources, sources); err != nil {
		return nil, fmt.Errorf("%s: the edited file does not read back as intended, so it was not written (please report this): %w", path, err)
	}
	return out, nil
}

// readsBack parses the edited file and checks that it holds the old
// sources followed by the added ones, exactly as intended.
func readsBack(path string, data []byte, chk Checks, old []Source, added []NewSource) error {
	cfg, err := Parse(path, data, chk)
	if err != nil {
		return err
	}
	if got, want := len(cfg.Sources), len(old)+len(added); got != want {
		return fmt.Errorf("%d sources, want %d", got, want)
	}
	for i, s := range old {
		if n := cfg.Sources[i]; n.Name != s.Name || n.URL != s.URL {
			return fmt.Errorf("source %d reads as %s %s, was %s %s", i, n.Name, n.URL, s.Name, s.URL)
		}
	}
	for i, a := range added {
		n := cfg.Sources[len(old)+i]
		title := a.Title
		if title == "" {
			title = a.Name
		}
		if n.Name != a.Name || n.Title != title || n.URL != a.URL || !slices.Equal(n.Tags, a.Tags) {
			return errors.New("new source " + strconv.Quote(a.Name) + " reads back differently")
		}
	}
	return nil
}
