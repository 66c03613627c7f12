package config

import (
	"strconv"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// Notify kinds, the values of a target's kind.
const (
	NotifyWeCom    = "wecom"
	NotifyDingTalk = "dingtalk"
	NotifyFeishu   = "feishu"
	NotifySlack    = "slack"
	NotifyWebhook  = "webhook"
	NotifyEmail    = "email"
)

// Notify modes: each story as it arrives, or a digest on a schedule.
const (
	ModeEach   = "each"
	ModeDigest = "digest"
)

// notifyKinds lists the kinds in the order error messages name them.
var notifyKinds = []string{NotifyWeCom, NotifyDingTalk, NotifyFeishu, NotifySlack, NotifyWebhook, NotifyEmail}

// DefaultDigestItems is a digest's max_items when the file gives none.
const DefaultDigestItems = 20

// NotifyTarget is one place new stories are pushed to: a chat robot, a
// webhook or e-mail inboxes. URL, Secret and Password are secrets: Parse
// reads them from the file or, for the *_env keys, from the environment,
// and no error, log or status output ever shows them.
type NotifyTarget struct {
	// Name is unique and URL-safe: POST /admin/notify/test?target=NAME.
	Name string `yaml:"name"`
	// Kind is one of wecom, dingtalk, feishu, slack, webhook, email.
	Kind string `yaml:"kind"`
	// URL is the robot's or webhook's URL, or smtp://host:port for email.
	URL string `yaml:"url"`
	// URLEnv names the environment variable holding URL instead.
	URLEnv string `yaml:"url_env"`
	// Secret signs requests: DingTalk's and Feishu's signing secret, the
	// webhook's HMAC key (required for webhook).
	Secret    string `yaml:"secret"`
	SecretEnv string `yaml:"secret_env"`

	// Mode is each (the default) or digest.
	Mode string `yaml:"mode"`
	// Schedule is a digest's cron spec, read in Location.
	Schedule string `yaml:"schedule"`
	// Location is defaults.timezone loaded: the zone of Schedule.
	Location *time.Location `yaml:"-"`
	// MaxItems caps the stories of one digest.
	MaxItems int `yaml:"max_items"`
	// Title heads messages; it defaults to feed.title.
	Title string `yaml:"title"`

	// Channel names a channel whose selection the target sends, instead
	// of its own Sources, Tags, Include and Exclude.
	Channel string `yaml:"channel"`
	// Sources, Tags, Include and Exclude select the stories sent, as a
	// channel's do; empty lists select everything the feed shows. A story
	// must come from one of Sources and carry one of Tags when those are
	// given.
	Sources []string `yaml:"sources"`
	Tags    []string `yaml:"tags"`
	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`

	// E-mail only: the sender, the recipients, the SMTP login and the
	// List-Unsubscribe address (mailto: or http(s):), which defaults to a
	// mail to From.
	From        string   `yaml:"from"`
	To          []string `yaml:"to"`
	Username    string   `yaml:"username"`
	Password    string   `yaml:"password"`
	PasswordEnv string   `yaml:"password_env"`
	Unsubscribe string   `yaml:"unsubscribe"`
}

// notifyField is the field path of notify[i].
func notifyField(i int) string { return "notify[" + strconv.Itoa(i) + "]" }

func (l *loader) notifyTargets(n ast.Node, field string) []NotifyTarget {
	v, _ := l.value(n, field)
	if v == nil {
		return []NotifyTarget{}
	}
	seq, ok := v.(*ast.SequenceNode)
	if !ok {
		l.errAt(v, field, "expected a list of notify targets, got %s", describe(v))
		return []NotifyTarget{}
	}
	l.mark(field, seq)
	out := make([]NotifyTarget, len(seq.Values))
	for i, item := range seq.Values {
		f := notifyField(i)
		out[i] = NotifyTarget{Sources: []string{}, Tags: []string{}, Include: []string{}, Exclude: []string{}, To: []string{}}
		switch iv, _ := l.value(item, f); iv.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
			l.notifyTarget(item, f, &out[i])
		default:
			l.errAt(item, f, "expected a notify target (a mapping with name, kind, url, ...), got %s", describe(iv))
			l.broken[f] = true
		}
	}
	return out
}

func (l *loader) notifyTarget(n ast.Node, field string, t *NotifyTarget) {
	l.object(n, field, fields{
		"name":         func(n ast.Node, f string) { l.str(n, f, &t.Name) },
		"kind":         func(n ast.Node, f string) { l.str(n, f, &t.Kind) },
		"url":          func(n ast.Node, f string) { l.secret(n, f, &t.URL) },
		"url_env":      func(n ast.Node, f string) { l.str(n, f, &t.URLEnv) },
		"secret":       func(n ast.Node, f string) { l.secret(n, f, &t.Secret) },
		"secret_env":   func(n ast.Node, f string) { l.str(n, f, &t.SecretEnv) },
		"mode":         func(n ast.Node, f string) { l.str(n, f, &t.Mode) },
		"schedule":     func(n ast.Node, f string) { l.str(n, f, &t.Schedule) },
		"max_items":    func(n ast.Node, f string) { l.int(n, f, &t.MaxItems) },
		"title":        func(n ast.Node, f string) { l.str(n, f, &t.Title) },
		"channel":      func(n ast.Node, f string) { l.str(n, f, &t.Channel) },
		"sources":      func(n ast.Node, f string) { l.strs(n, f, &t.Sources) },
		"tags":         func(n ast.Node, f string) { l.strs(n, f, &t.Tags) },
		"include":      func(n ast.Node, f string) { l.strs(n, f, &t.Include) },
		"exclude":      func(n ast.Node, f string) { l.strs(n, f, &t.Exclude) },
		"from":         func(n ast.Node, f string) { l.str(n, f, &t.From) },
		"to":           func(n ast.Node, f string) { l.strs(n, f, &t.To) },
		"username":     func(n ast.Node, f string) { l.str(n, f, &t.Username) },
		"password":     func(n ast.Node, f string) { l.secret(n, f, &t.Password) },
		"password_env": func(n ast.Node, f string) { l.str(n, f, &t.PasswordEnv) },
		"unsubscribe":  func(n ast.Node, f string) { l.str(n, f, &t.Unsubscribe) },
	})
}
