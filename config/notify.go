package config

import (
	"fmt"
	"maps"
	"net"
	"net/mail"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
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

// checkNotify checks every target, reads its secrets from the environment
// and fills what it leaves out.
func (l *loader) checkNotify(cfg *Config, chk Checks) {
	lookup := chk.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	first := map[string]int{}
	for i := range cfg.Notify {
		t := &cfg.Notify[i]
		f := notifyField(i)
		if l.broken[f] {
			continue
		}
		switch j, dup := first[t.Name]; {
		case t.Name == "":
			l.errField(f+".name", nil, "required: a unique name such as grade-group")
		case !namePattern.MatchString(t.Name):
			l.errField(f+".name", nil, "name %q may use only letters, digits, '.', '_' and '-'", t.Name)
		case dup:
			l.errField(f+".name", nil, "duplicate notify target name %q (first at line %d)", t.Name, l.at(notifyField(j)+".name").line)
		default:
			first[t.Name] = i
		}
		if !slices.Contains(notifyKinds, t.Kind) {
			l.errField(f+".kind", nil, "kind %q is not one of %s", t.Kind, strings.Join(notifyKinds, ", "))
		}
		t.URL = l.secretValue(f, "url", t.URL, t.URLEnv, lookup)
		t.Secret = l.secretValue(f, "secret", t.Secret, t.SecretEnv, lookup)
		t.Password = l.secretValue(f, "password", t.Password, t.PasswordEnv, lookup)
		if (l.isSet(f+".secret") || l.isSet(f+".secret_env")) && !slices.Contains([]string{NotifyDingTalk, NotifyFeishu, NotifyWebhook}, t.Kind) {
			key := f + ".secret"
			if !l.isSet(key) {
				key += "_env"
			}
			l.errField(key, nil, "a secret is for kinds dingtalk, feishu and webhook (a %s robot's key is in its url)", t.Kind)
		}
		l.notifyURL(f, t)
		l.notifyMode(f, t, cfg, chk)
		l.notifySelection(f, t, cfg)
		if t.Title == "" {
			t.Title = cfg.Feed.Title
		}
		if t.Kind == NotifyEmail {
			l.notifyMail(f, t)
		} else {
			for _, key := range []string{"from", "to", "username", "password", "password_env", "unsubscribe"} {
				if l.isSet(f + "." + key) {
					l.errField(f+"."+key, nil, "%s is for kind: email only", key)
				}
			}
		}
	}
}

// secretValue picks a secret from the file or the environment. Messages
// name the variable, never the value.
func (l *loader) secretValue(f, key, inFile, env string, lookup func(string) (string, bool)) string {
	envKey := f + "." + key + "_env"
	if inFile != "" && env != "" {
		l.errField(envKey, nil, "give %s or %s_env, not both", key, key)
		return inFile
	}
	if env == "" {
		return inFile
	}
	v, ok := lookup(env)
	v = strings.TrimSpace(v)
	if !ok || v == "" {
		l.errField(envKey, nil, "environment variable %s is not set or empty", env)
	}
	return v
}

// notifyURL checks the URL without quoting it: it holds the robot's key.
func (l *loader) notifyURL(f string, t *NotifyTarget) {
	field := f + ".url"
	if t.URLEnv != "" {
		field = f + ".url_env"
	}
	if t.URL == "" {
		if t.URLEnv == "" {
			l.errField(field, nil, "required: the robot's or webhook's URL, or smtp://host:port (or url_env: a variable holding it)")
		}
		return
	}
	u, err := url.Parse(t.URL)
	if err != nil {
		l.errField(field, nil, "not a valid URL (not shown: it may hold a key)")
		return
	}
	if t.Kind == NotifyEmail {
		if u.Scheme != "smtp" || u.Hostname() == "" || u.Port() == "" {
			l.errField(field, nil, "an email target's url is smtp://host:port, such as smtp://mail.example.edu.cn:587")
		} else if net.ParseIP(u.Hostname()) == nil && strings.ContainsAny(u.Hostname(), " /") {
			l.errField(field, nil, "invalid SMTP host")
		}
		if u.User != nil {
			l.errField(field, nil, "put the SMTP login in username and password_env, not in the URL")
		}
		return
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		l.errField(field, nil, "not an absolute http(s) URL (not shown: it may hold a key)")
	}
	if t.Kind == NotifyWebhook && t.Secret == "" && t.SecretEnv == "" {
		l.errField(f+".secret_env", nil, "required for kind: webhook: the key of the X-Edufeed-Signature HMAC (secret or secret_env)")
	}
}

func (l *loader) notifyMode(f string, t *NotifyTarget, cfg *Config, chk Checks) {
	t.Location = cfg.Defaults.Location
	switch t.Mode {
	case "":
		t.Mode = ModeEach
	case ModeEach, ModeDigest:
	default:
		l.errField(f+".mode", nil, "mode %q is not each or digest", t.Mode)
		return
	}
	if t.Mode == ModeEach {
		for _, key := range []string{"schedule", "max_items"} {
			if l.isSet(f + "." + key) {
				l.errField(f+"."+key, nil, "%s is for mode: digest only", key)
			}
		}
		return
	}
	if !l.isSet(f + ".schedule") {
		l.errField(f+".schedule", nil, "required for mode: digest: a cron spec such as \"0 7 * * *\" (07:00 in defaults.timezone)")
	} else {
		l.schedule(f+".schedule", t.Schedule, chk)
	}
	if !l.isSet(f + ".max_items") {
		t.MaxItems = DefaultDigestItems
	}
	l.inRange(f+".max_items", t.MaxItems, 1, 500)
}

func (l *loader) notifySelection(f string, t *NotifyTarget, cfg *Config) {
	if l.isSet(f + ".channel") {
		names := make([]string, len(cfg.Channels))
		for i, c := range cfg.Channels {
			names[i] = c.Name
		}
		if _, ok := cfg.ChannelByName(t.Channel); !ok {
			l.errField(f+".channel", nil, "no channel named %q%s", t.Channel, suggest(t.Channel, names))
		}
		for _, key := range []string{"sources", "tags", "include", "exclude"} {
			if l.isSet(f + "." + key) {
				l.errField(f+"."+key, nil, "give channel or %s, not both: the channel selects the stories", key)
			}
		}
	}
	names := make(map[string]bool, len(cfg.Sources))
	for _, s := range cfg.Sources {
		names[s.Name] = true
	}
	for i, name := range t.Sources {
		if !names[name] {
			l.errField(fmt.Sprintf("%s.sources[%d]", f, i), nil, "no source named %q%s", name, suggest(name, slices.Sorted(maps.Keys(names))))
		}
	}
	for i, tag := range t.Tags {
		l.tagName(fmt.Sprintf("%s.tags[%d]", f, i), tag)
	}
	l.filterPatterns(f+".include", t.Include)
	l.filterPatterns(f+".exclude", t.Exclude)
}

func (l *loader) notifyMail(f string, t *NotifyTarget) {
	if t.From == "" {
		l.errField(f+".from", nil, "required for kind: email: the sender, such as edufeed@example.edu.cn")
	} else if _, err := mail.ParseAddress(t.From); err != nil {
		l.errField(f+".from", nil, "%q is not an e-mail address", t.From)
	}
	if len(t.To) == 0 {
		l.errField(f+".to", nil, "required for kind: email: a list of recipients")
	}
	for i, to := range t.To {
		if _, err := mail.ParseAddress(to); err != nil {
			l.errField(fmt.Sprintf("%s.to[%d]", f, i), nil, "%q is not an e-mail address", to)
		}
	}
	if t.Password != "" && t.Username == "" {
		l.errField(f+".username", nil, "required with a password")
	}
	if t.Unsubscribe == "" {
		if addr, err := mail.ParseAddress(t.From); err == nil {
			t.Unsubscribe = "mailto:" + addr.Address + "?subject=unsubscribe"
		}
		return
	}
	if u, err := url.Parse(t.Unsubscribe); err != nil || (u.Scheme != "mailto" && u.Scheme != "https" && u.Scheme != "http") {
		l.errField(f+".unsubscribe", nil, "%q is not a mailto: or http(s) URL", t.Unsubscribe)
	}
}
