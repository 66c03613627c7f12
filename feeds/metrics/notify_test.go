package metrics

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestNotified(t *testing.T) {
	m := New("test", "")
	m.Notified("grade-7", "sent", 3)
	m.Notified("grade-7", "sent", 1)
	m.Notified("grade-7", "rate_limited", 10)
	m.Notified("principal", "failed", 5)
	m.ForgetTarget("principal")
	want := `
# HELP edufeed_notify_messages_total Messages to a notify target, by result: sent, failed or rate_limited (the platform asked to slow down).
# TYPE edufeed_notify_messages_total counter
edufeed_notify_messages_total{result="failed",target="grade-7"} 0
edufeed_notify_messages_total{result="rate_limited",target="grade-7"} 1
edufeed_notify_messages_total{result="sent",target="grade-7"} 2
# HELP edufeed_notify_stories_total Stories that messages to a notify target carried, by result: sent, failed or rate_limited.
# TYPE edufeed_notify_stories_total counter
edufeed_notify_stories_total{result="failed",target="grade-7"} 0
edufeed_notify_stories_total{result="rate_limited",target="grade-7"} 10
edufeed_notify_stories_total{result="sent",target="grade-7"} 4
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "edufeed_notify_messages_total", "edufeed_notify_stories_total"); err != nil {
		t.Error(err)
	}
}
