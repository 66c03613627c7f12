package metrics

import "github.com/prometheus/client_golang/prometheus"

// notifyMetrics count what feeds/notify sends, per target.
type notifyMetrics struct {
	messages *prometheus.CounterVec
	stories  *prometheus.CounterVec
}

func newNotifyMetrics() *notifyMetrics {
	return &notifyMetrics{
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "notify_messages_total",
			Help: "Messages to a notify target, by result: sent, failed or rate_limited (the platform asked to slow down).",
		}, []string{"target", "result"}),
		stories: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "notify_stories_total",
			Help: "Stories that messages to a notify target carried, by result: sent, failed or rate_limited.",
		}, []string{"target", "result"}),
	}
}

func (n *notifyMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{n.messages, n.stories}
}

// notifyResults are the values of the result label; a target's first
// message creates every one, so a rate over them starts at zero.
var notifyResults = []string{"sent", "failed", "rate_limited"}

// Notified counts one message to target carrying stories, by result
// (feeds/notify's Observer).
func (m *Metrics) Notified(target, result string, stories int) {
	for _, r := range notifyResults {
		m.notify.messages.WithLabelValues(target, r)
		m.notify.stories.WithLabelValues(target, r)
	}
	m.notify.messages.WithLabelValues(target, result).Inc()
	m.notify.stories.WithLabelValues(target, result).Add(float64(stories))
}

// ForgetTarget drops the series of a notify target a reload removed.
func (m *Metrics) ForgetTarget(target string) {
	m.notify.messages.DeletePartialMatch(prometheus.Labels{"target": target})
	m.notify.stories.DeletePartialMatch(prometheus.Labels{"target": target})
}
