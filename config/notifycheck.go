package config

import (
	"fmt"
	"maps"
	"net"
	"net/mail"
	"net/url"
	"os"
	"slices"
	"strings"
)

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
