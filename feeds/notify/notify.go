// Package notify pushes new stories to where people already read: WeCom,
// DingTalk and Feishu group robots, Slack, generic webhooks and e-mail. It
// reads stories from the store after polls commit, sends each once per
// target (a delivery log in the store remembers), retries with backoff and
// keeps to each platform's rate limits by batching.
package notify

import (
	"context"
	"log/slog"
	"net/url"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Kinds of target, as the config names them.
const (
	KindWeCom    = "wecom"
	KindDingTalk = "dingtalk"
	KindFeishu   = "feishu"
	KindSlack    = "slack"
	KindWebhook  = "webhook"
	KindEmail    = "email"
)

// Modes: each story as it arrives, or a digest on a schedule.
const (
	ModeEach   = "each"
	ModeDigest = "digest"
)

// Results, the values of the result label of the notify metrics.
const (
	ResultSent        = "sent"
	ResultFailed      = "failed"
	ResultRateLimited = "rate_limited"
)

// Secret is a value that must not be shown: robot keys, signing secrets,
// passwords. Printing or logging it shows a placeholder.
type Secret string

// String hides the secret from fmt.
func (Secret) String() string { return "[secret]" }

// LogValue hides the secret from log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue("[secret]") }

// MarshalJSON hides the secret from JSON.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"[secret]"`), nil }

// Target is one place stories are sent to.
type Target struct {
	Name string
	Kind string
	// URL is the robot's or webhook's URL, or smtp://host:port.
	URL Secret
	// Key signs requests: DingTalk's and Feishu's secret, the webhook's HMAC key.
	Key  Secret
	Mode string
	// Next returns the first digest time after t (digest mode).
	Next func(t time.Time) time.Time
	// MaxItems caps a digest's stories.
	MaxItems int
	// Title heads messages.
	Title string
	// Location is the zone times are shown in.
	Location *time.Location
	Select   Selection

	// E-mail only.
	From        string
	To          []string
	Username    string
	Password    Secret
	Unsubscribe string
}

// Endpoint is the scheme and host of the target's URL: what status output
// may show of it.
func (t *Target) Endpoint() string {
	u, err := url.Parse(string(t.URL))
	if err != nil || u.Host == "" {
		return t.Kind
	}
	return u.Scheme + "://" + u.Host
}

// Store is what notify needs of the store: new stories in order of arrival
// and the delivery log (store.Store implements it).
type Store interface {
	// DeliveryState returns a target's state, creating it at the newest
	// stored story for a target it has not seen.
	DeliveryState(target string, now time.Time) (feeds.DeliveryState, error)
	StoriesAfter(seq uint64, limit int) ([]feeds.Story, error)
	Delivered(target string, keys []string) ([]bool, error)
	RecordDelivery(st feeds.DeliveryState, keys []string, at time.Time) error
	SaveDeliveryState(st feeds.DeliveryState) error
}

// Claimer is a store that several instances share (store/postgres): a
// target's step, from reading its state to recording what it sent, runs
// only on the instance that claims the target, so that each story goes out
// once. When ok, release must be called.
type Claimer interface {
	ClaimDelivery(ctx context.Context, target string) (release func(), ok bool, err error)
}

// Classifier says whether the outputs show an item and which tags it has
// (*filter.Filter): a target sends only what the feed would show.
type Classifier interface {
	Apply(it *feeds.Item) (show bool, tags []string)
}

// Observer hears of every message sent or failed (feeds/metrics).
type Observer interface {
	Notified(target, result string, stories int)
}
