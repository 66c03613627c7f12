package notify

import "time"

// window allows n messages per period.
type window struct {
	n   int
	per time.Duration
}

// platformLimits are the documented rate limits of each kind's robots:
// WeCom and DingTalk 20 messages a minute; Feishu 100 a minute and 5 a
// second; Slack about one a second per webhook. Webhooks and e-mail have
// none of their own.
var platformLimits = map[string][]window{
	KindWeCom:    {{20, time.Minute}},
	KindDingTalk: {{20, time.Minute}},
	KindFeishu:   {{5, time.Second}, {100, time.Minute}},
	KindSlack:    {{1, time.Second}},
}

// limiter remembers when messages went out, to keep within its windows.
// It is used by one goroutine at a time (the target's step).
type limiter struct {
	windows []window
	sent    []time.Time
}

func newLimiter(kind string) *limiter {
	return &limiter{windows: platformLimits[kind]}
}

// unlimited is what free returns for a target without limits.
const unlimited = 1 << 30

// free is how many messages may go out at now.
func (l *limiter) free(now time.Time) int {
	if len(l.windows) == 0 {
		return unlimited
	}
	n := unlimited
	for _, w := range l.windows {
		used := 0
		for _, t := range l.sent {
			if now.Sub(t) < w.per {
				used++
			}
		}
		n = min(n, w.n-used)
	}
	return max(n, 0)
}

// next is when one more message may go out.
func (l *limiter) next(now time.Time) time.Time {
	at := now
	for _, w := range l.windows {
		var in []time.Time
		for _, t := range l.sent {
			if now.Sub(t) < w.per {
				in = append(in, t)
			}
		}
		if len(in) >= w.n {
			// The oldest message that keeps the window full must leave it.
			if t := in[len(in)-w.n].Add(w.per); t.After(at) {
				at = t
			}
		}
	}
	return at
}

// note records a message sent at now, forgetting what no window needs.
func (l *limiter) note(now time.Time) {
	if len(l.windows) == 0 {
		return
	}
	var longest time.Duration
	for _, w := range l.windows {
		longest = max(longest, w.per)
	}
	keep := l.sent[:0]
	for _, t := range l.sent {
		if now.Sub(t) < longest {
			keep = append(keep, t)
		}
	}
	l.sent = append(keep, now)
}
