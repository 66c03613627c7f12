package publish

import (
	"strconv"
	"unicode/utf8"
)

// pageTarget is one notify target's row on the status page. Its fields come
// from feeds.NotifyStatus, which holds no URL or secret.
type pageTarget struct {
	Name, Kind, Mode string
	Health           string
	LastDelivery     string
	Delivered        string
	Backlog          int
	Error, ErrorFull string
	NextAttempt      string
}

// notifyTargets are the rows of the status page's notify section.
func (h *Handler) notifyTargets() []pageTarget {
	if h.notify == nil {
		return nil
	}
	var out []pageTarget
	for _, s := range h.notify() {
		t := pageTarget{
			Name: s.Name, Kind: s.Kind, Mode: s.Mode, Health: healthOK,
			LastDelivery: pageTime(s.LastDelivery, "never"),
			Delivered:    strconv.FormatInt(s.Delivered, 10),
			Backlog:      s.Backlog,
		}
		if s.LastError != "" {
			t.Health = healthFailing
			t.ErrorFull = s.LastError
			t.Error = s.LastError
			if utf8.RuneCountInString(t.Error) > errorShown {
				t.Error = string([]rune(t.Error)[:errorShown]) + "…"
			}
			t.NextAttempt = pageTime(s.NextAttempt, "")
		}
		out = append(out, t)
	}
	return out
}
