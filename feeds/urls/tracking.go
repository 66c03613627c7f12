package urls

import "strings"

// trackingParams name parameters that only say how a reader arrived: ad
// click ids, newsletter and analytics tags, and the share tags WeChat,
// Weibo and Baidu add.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"yclid": true, "twclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_hsenc": true,
	"_hsmi": true, "mkt_tok": true, "_ga": true, "_gl": true, "ref_src": true, "spm": true,
	"pk_campaign": true, "pk_kwd": true, "pk_source": true, "pk_medium": true, "pk_content": true,
	"hmsr": true, "hmpl": true, "hmcu": true, "hmkw": true, "hmci": true, // Baidu Tongji
	// WeChat and other Chinese share buttons
	"isappinstalled": true, "share_token": true, "scene": true, "subscene": true, "ascene": true,
	"clicktime": true, "enterid": true, "wxshare_count": true, "chksm": true, "wxfrom": true,
	"sharer_sharetime": true, "sharer_shareid": true, "sharer_shareinfo": true,
	"sharer_shareinfo_first": true, "exportkey": true, "pass_ticket": true,
	"share_source": true, "share_medium": true, "share_plat": true, "share_from": true,
	"share_tag": true, "share_session_id": true, "vd_source": true,
}

// shareSources are values of from, ref and src that name a share channel or
// a feed reader rather than select content.
var shareSources = map[string]bool{
	"timeline": true, "singlemessage": true, "groupmessage": true, "message": true,
	"share": true, "sharing": true, "weixin": true, "wechat": true, "wx": true, "qq": true,
	"qzone": true, "weibo": true, "sina": true, "toutiao": true, "twitter": true, "x": true,
	"facebook": true, "fb": true, "linkedin": true, "email": true, "newsletter": true,
	"rss": true, "feed": true, "feeds": true, "feedly": true, "feedburner": true,
	"inoreader": true, "app": true,
}

// IsTrackingParam reports whether a query parameter only tracks the reader:
// utm_* and mtm_* tags, ad click ids, analytics and share tags (see the
// list in the source). from, ref and src are tracking only when their value
// names a share channel or a feed ("timeline", "groupmessage", "rss",
// "weibo", "rss_edu"...): elsewhere they select content (from=2024), so they
// stay. name and value are unescaped; case does not matter.
func IsTrackingParam(name, value string) bool {
	name = strings.ToLower(name)
	if trackingParams[name] || strings.HasPrefix(name, "utm_") || strings.HasPrefix(name, "mtm_") {
		return true
	}
	switch name {
	case "from", "ref", "src":
		v := strings.ToLower(value)
		return shareSources[v] || strings.HasPrefix(v, "rss") || strings.HasPrefix(v, "feed")
	}
	return false
}

// IsShareTag reports the sharer_* and share_* parameters that the list
// above does not name. Two copies of one story differ by them, so links
// are compared without them (see merge.CanonicalLink); a link shown to a
// reader keeps an unknown one in case the site needs it.
func IsShareTag(name string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "sharer_") || strings.HasPrefix(name, "share_")
}
