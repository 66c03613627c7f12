package merge

import "strings"

// trackingParams name query parameters that only say how a reader arrived:
// ad click ids, newsletter and analytics tags, and the share tags that
// WeChat, Weibo and Baidu add. They never select content.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"yclid": true, "twclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_hsenc": true,
	"_hsmi": true, "mkt_tok": true, "_ga": true, "_gl": true, "ref_src": true, "spm": true,
	"pk_campaign": true, "pk_kwd": true, "pk_source": true, "pk_medium": true, "pk_content": true,
	"hmsr": true, "hmpl": true, "hmcu": true, "hmkw": true, "hmci": true,
	"isappinstalled": true, "share_token": true, "scene": true, "subscene": true, "ascene": true,
	"clicktime": true, "enterid": true, "wxshare_count": true, "chksm": true, "wxfrom": true,
	"exportkey": true, "pass_ticket": true, "vd_source": true,
}

// shareSources are values of from, ref and src that name a share channel or
// a feed reader rather than select content (from=2024 selects content).
var shareSources = map[string]bool{
	"timeline": true, "singlemessage": true, "groupmessage": true, "message": true,
	"share": true, "sharing": true, "weixin": true, "wechat": true, "wx": true, "qq": true,
	"qzone": true, "weibo": true, "sina": true, "toutiao": true, "twitter": true, "x": true,
	"facebook": true, "fb": true, "linkedin": true, "email": true, "newsletter": true,
	"rss": true, "feed": true, "feeds": true, "feedly": true, "feedburner": true,
	"inoreader": true, "app": true,
}

// isTrackingParam reports whether a decoded query parameter only tracks the
// reader: utm_*, mtm_*, sharer_* and share_* tags, the names in
// trackingParams, and from/ref/src when their value names a share channel
// or a feed. Case does not matter.
func isTrackingParam(name, value string) bool {
	name = strings.ToLower(name)
	if trackingParams[name] {
		return true
	}
	for _, p := range []string{"utm_", "mtm_", "sharer_", "share_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	switch name {
	case "from", "ref", "src":
		v := strings.ToLower(value)
		return shareSources[v] || strings.HasPrefix(v, "rss") || strings.HasPrefix(v, "feed")
	}
	return false
}
