#!/usr/bin/python3
"""Interop checks for scripts/interop.sh: edufeed's feeds as independent readers see them.

Subcommands (each reports every failed check it makes, then exits non-zero if any failed):
  prepare FIXTURES OUT      render FIXTURES/* into OUT/www (dates filled in, *-gbk.* encoded
                            as GBK) and write OUT/expected.json with absolute dates
  wait-http URL SECS PID    wait until URL answers 200 (and process PID, serving it, lives)
  wait-sources BASE N SECS PID
                            wait until /api/sources lists N sources, each attempted; fail if
                            any of them failed or edufeed (PID) died
  feeds BASE OUT            read /feed.xml and /feed.atom with feedparser, /feed.json with json,
                            and the RSS and Atom XML with ElementTree; write OUT/served.json
  newsboat CACHE BASE OUT   check newsboat's sqlite cache against OUT/expected.json and
                            OUT/served.json (the RSS items as the feeds step read them)
  channels BASE OUT         read each channel's /c/NAME.xml, .atom and .json (feedparser and
                            json), their conditional GETs, and /channels.opml (ElementTree)
  newsboat-channels CACHE BASE OUT
                            check newsboat's cache of the channels' RSS feeds: one feed per
                            channel with its title, holding exactly the channel's items

Only the standard library and feedparser (Debian python3-feedparser 6.0.x, which predates JSON
Feed: /feed.json is checked by hand here).

Fixture dates are written {{-Nh|FORMAT|ZONE}}: N hours before the run's start, truncated to the
minute, in FORMAT rfc822, rfc3339 or cn ("2025年9月1日 10:00", China time) at ZONE (+08:00, Z).
"""

import calendar
import datetime
import email.utils
import html
import json
import os
import pathlib
import re
import sqlite3
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import feedparser

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
SOURCE_DOMAIN = "urn:edufeed:source"
URN_UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# RFC 1123 (RFC 822 with a four-digit year) as RSS 2.0 wants it; a numeric zone or GMT.
RFC1123 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class Checks:
    """Collects failures, so that one run reports every problem, not just the first."""

    def __init__(self, name):
        self.name = name
        self.failures = []
        self.passed = 0

    def ok(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failures.append(what)
        return cond

    def eq(self, got, want, what):
        return self.ok(got == want, f"{what}: got {got!r}, want {want!r}")

    def done(self, fatal=True):
        """Reports the checks; on failures exits, or with fatal=False returns False."""
        for f in self.failures:
            print(f"interop: FAIL: {self.name}: {f}")
        if not self.failures:
            print(f"interop: {self.name}: {self.passed} checks passed")
            return True
        msg = f"interop: {self.name}: {len(self.failures)} of {len(self.failures) + self.passed} checks failed"
        if fatal:
            sys.exit(msg)
        print(msg)
        return False


def plain(fragment):
    """The text of an HTML fragment: tags dropped, entities decoded, whitespace made single spaces."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", fragment or ""))
    return " ".join(text.replace("\u00a0", " ").split())


def compact(s):
    """Like plain, but also without the spaces that dropped tags leave next to CJK punctuation."""
    return re.sub(r"\s+", "", plain(s))


def fetch(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status, resp.headers, resp.read()


# --- prepare -------------------------------------------------------------------------------

DATE_PLACEHOLDER = re.compile(r"\{\{(-?\d+)h\|(rfc822|rfc3339|cn)(?:\|(Z|[+-]\d{2}:\d{2}))?\}\}")


def zone(spec):
    if not spec or spec == "Z":
        return datetime.timezone.utc
    sign = -1 if spec[0] == "-" else 1
    return datetime.timezone(sign * datetime.timedelta(hours=int(spec[1:3]), minutes=int(spec[4:6])))


def prepare(fixtures, out):
    fixtures, out = pathlib.Path(fixtures), pathlib.Path(out)
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)

    def fill(m):
        t = now + datetime.timedelta(hours=int(m.group(1)))
        fmt, spec = m.group(2), m.group(3)
        if fmt == "cn":
            t = t.astimezone(zone("+08:00"))
            return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"
        t = t.astimezone(zone(spec))
        if fmt == "rfc822":
            return email.utils.format_datetime(t)
        return t.isoformat().replace("+00:00", "Z") if spec == "Z" else t.isoformat()

    www = out / "www"
    www.mkdir(parents=True, exist_ok=True)
    for f in sorted((fixtures / "fixtures").iterdir()):
        text = DATE_PLACEHOLDER.sub(fill, f.read_text("utf-8"))
        if "{{" in text:
            sys.exit(f"interop: prepare: {f.name}: placeholder left unfilled")
        (www / f.name).write_bytes(text.encode("gbk" if "-gbk." in f.name else "utf-8"))
    exp = json.loads((fixtures / "expected.json").read_text("utf-8"))
    for it in exp["items"]:
        it["date"] = (now + datetime.timedelta(hours=it["date"])).isoformat()
    exp["now"] = now.isoformat()
    (out / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2), "utf-8")
    print(f"interop: prepared {len(list(www.iterdir()))} source feeds, "
          f"{len(exp['items'])} expected items, dates relative to {now:%Y-%m-%dT%H:%MZ}")


# --- waiting -------------------------------------------------------------------------------

def alive(pid):
    try:
        os.kill(int(pid), 0)
        return True
    except ProcessLookupError:
        return False


def wait_http(url, seconds, pid):
    deadline = time.monotonic() + float(seconds)
    while True:
        if not alive(pid):
            sys.exit(f"interop: the server of {url} (pid {pid}) has exited")
        try:
            if fetch(url, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"interop: {url} did not answer within {seconds} s")
        time.sleep(0.1)


def wait_sources(base, n, seconds, pid):
    deadline = time.monotonic() + float(seconds)
    last = None
    while True:
        if not alive(pid):
            sys.exit(f"interop: edufeed (pid {pid}) has exited")
        try:
            doc = json.loads(fetch(base + "/api/sources", timeout=2)[2])
            last = doc.get("sources", [])
            if len(last) == int(n) and all(s.get("last_attempt") for s in last):
                break
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            sys.exit(f"interop: sources not all attempted within {seconds} s: {last!r}")
        time.sleep(0.1)
    bad = [f"{s['name']}: {s.get('last_error')}" for s in last if s.get("last_error") or not s.get("last_success")]
    if bad:
        sys.exit("interop: source polls failed:\n  " + "\n  ".join(bad))
    for s in last:
        counts = ", ".join(f"{k} {v}" for k, v in s["last_result"].items() if v)
        print(f"interop: source {s['name']}: {s['health']}, {s['item_count']} items ({counts})")


# --- feeds ---------------------------------------------------------------------------------

def epoch(struct):
    return calendar.timegm(struct) if struct else None


def source_titles(expected, it):
    """What the feeds show for the sources that carried item it: their titles."""
    return [expected["source_titles"].get(n, n) for n in it["sources"]]


def by_title(c, fmt, entries, title_of, expected):
    """Pairs each expected item with the one entry of that title."""
    got = {}
    for e in entries:
        t = title_of(e)
        c.ok(t not in got, f"{fmt}: title {t!r} appears twice (a merged story served twice?)")
        got[t] = e
    want = [it["title"] for it in expected["items"]]
    c.eq(sorted(got), sorted(want), f"{fmt}: set of titles")
    return [(it, got[it["title"]]) for it in expected["items"] if it["title"] in got]


def enclosures(it):
    """The expected enclosures as (url, type, length) tuples."""
    x = it.get("enclosure")
    return [(x["url"], x["type"], x["length"])] if x else []


def check_content(c, fmt, it, body):
    text = compact(body)
    for frag in it["text"]:
        c.ok(re.sub(r"\s+", "", frag) in text, f"{fmt}: {it['title']!r}: content lacks {frag!r}: {plain(body)[:300]!r}")
    for u in it["urls"]:
        c.ok(u in html.unescape(body), f"{fmt}: {it['title']!r}: content lacks URL {u}")


def check_parsed(c, fmt, d, expected, want_version, self_url):
    if not c.ok(not d.bozo, f"{fmt}: feedparser bozo=1: {d.get('bozo_exception')!r}"):
        return []
    c.eq(d.version, want_version, f"{fmt}: version")
    c.eq(d.feed.get("title"), expected["feed"]["title"], f"{fmt}: feed title")
    c.eq(d.feed.get("language"), expected["feed"]["language"], f"{fmt}: feed language")
    # lastBuildDate in RSS, <updated> in Atom.
    c.ok(d.feed.get("updated_parsed") is not None, f"{fmt}: feed updated_parsed is None ({d.feed.get('updated')!r})")
    selfs = [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"]
    c.eq(selfs, [self_url], f"{fmt}: rel=self links")
    c.eq(len(d.entries), len(expected["items"]), f"{fmt}: number of entries")
    pairs = by_title(c, fmt, d.entries, lambda e: e.get("title"), expected)
    for it, e in pairs:
        name = f"{fmt}: {it['title']!r}"
        c.ok(e.get("link") in it["links"], f"{name}: link {e.get('link')!r} not one of {it['links']}")
        c.ok(URN_UUID.match(e.get("id", "")), f"{name}: id {e.get('id')!r} is not a urn:uuid")
        want = datetime.datetime.fromisoformat(it["date"]).timestamp()
        c.ok(e.get("published_parsed") is not None, f"{name}: published_parsed is None ({e.get('published')!r})")
        c.eq(epoch(e.get("published_parsed")), want, f"{name}: published")
        c.ok(e.get("updated_parsed") is not None, f"{name}: updated_parsed is None")
        body = e.content[0].value if e.get("content") else e.get("summary", "")
        check_content(c, fmt, it, body)
        names = [a.get("name", "") for a in e.get("authors", [])]
        joined = ", ".join(names) + " " + e.get("author", "")
        for a in it["authors"]:
            c.ok(a in joined, f"{name}: author {a!r} not in {names!r} / {e.get('author')!r}")
        terms = {t.term for t in e.get("tags", []) if t.get("scheme") != SOURCE_DOMAIN}
        c.ok(set(it["tags"]) <= terms, f"{name}: tags {sorted(terms)} lack {sorted(set(it['tags']) - terms)}")
        encs = [(x.get("href"), x.get("type"), int(x.get("length") or 0)) for x in e.get("enclosures", [])]
        c.eq(encs, enclosures(it), f"{name}: enclosures (href, type, length)")
        src = e.get("source", {})
        titles = source_titles(expected, it)
        c.ok(src.get("title") in titles, f"{name}: source {src!r} not one of the titles {titles}")
        # feedparser gives RSS <source url=> as href, an Atom <source><link href=> as link, and
        # our Atom <source><link rel="self" href=> (the source's feed URL) among links.
        self_links = [l.get("href", "") for l in src.get("links", []) if l.get("rel") == "self"]
        url = (self_links[0] if self_links else "") or src.get("href") or src.get("link") or ""
        c.ok(url.startswith("http"), f"{name}: source has no URL: {src!r}")
    return pairs


def parse_xml(c, fmt, body):
    try:
        return ET.fromstring(body)
    except ET.ParseError as err:
        c.ok(False, f"{fmt}: not well-formed XML: {err}")
        return None


def check_rss_xml(c, base, body, expected):
    root = parse_xml(c, "RSS XML", body)
    if root is None:
        return {}
    c.eq(root.tag, "rss", "RSS XML: root")
    c.eq(root.get("version"), "2.0", "RSS XML: version")
    ch = root.find("channel")
    self_links = [l for l in ch.findall("atom:link", NS) if l.get("rel") == "self"]
    c.ok(len(self_links) == 1, "RSS XML: no single atom:link rel=self")
    if self_links:
        c.eq(self_links[0].get("href"), base + "/feed.xml", "RSS XML: atom:link rel=self href")
        c.eq(self_links[0].get("type"), "application/rss+xml", "RSS XML: atom:link rel=self type")
    lbd = ch.findtext("lastBuildDate") or ""
    c.ok(RFC1123.match(lbd), f"RSS XML: lastBuildDate {lbd!r} is not RFC 1123")
    try:
        lbd_time = email.utils.parsedate_to_datetime(lbd)
        c.ok(abs(time.time() - lbd_time.timestamp()) < 3600, f"RSS XML: lastBuildDate {lbd!r} is not recent")
    except (TypeError, ValueError) as err:
        c.ok(False, f"RSS XML: lastBuildDate {lbd!r}: {err}")
    ttl = ch.findtext("ttl") or ""
    c.ok(ttl.isdigit() and int(ttl) > 0, f"RSS XML: ttl {ttl!r} is not a positive number of minutes")
    items = {i.findtext("title"): i for i in ch.findall("item")}
    out = {}
    for it in expected["items"]:
        i = items.get(it["title"])
        name = f"RSS XML: {it['title']!r}"
        if not c.ok(i is not None, f"{name}: missing (titles: {list(items)})"):
            continue
        guid = i.find("guid")
        link = i.findtext("link")
        if c.ok(guid is not None, f"{name}: no guid"):
            perma = guid.get("isPermaLink", "true")
            if URN_UUID.match(guid.text or ""):
                c.eq(perma, "false", f"{name}: guid {guid.text} isPermaLink")
            else:
                c.ok(perma == "false" or guid.text == link, f"{name}: guid {guid.text!r} isPermaLink={perma} but is not the link")
        pub = i.findtext("pubDate") or ""
        c.ok(RFC1123.match(pub), f"{name}: pubDate {pub!r} is not RFC 1123")
        want = datetime.datetime.fromisoformat(it["date"])
        try:
            c.eq(email.utils.parsedate_to_datetime(pub), want, f"{name}: pubDate")
        except (TypeError, ValueError) as err:
            c.ok(False, f"{name}: pubDate {pub!r}: {err}")
        creator = i.findtext("dc:creator", namespaces=NS) or ""
        for a in it["authors"]:
            c.ok(a in creator, f"{name}: dc:creator {creator!r} lacks {a!r}")
        cats = i.findall("category")
        terms = {x.text for x in cats if x.get("domain") is None}
        srcs = {x.text for x in cats if x.get("domain") == SOURCE_DOMAIN}
        c.ok(set(it["tags"]) <= terms, f"{name}: categories {sorted(terms)} lack {sorted(set(it['tags']) - terms)}")
        c.eq(srcs, set(it["sources"]), f"{name}: categories of domain {SOURCE_DOMAIN}")
        src = i.find("source")
        if c.ok(src is not None, f"{name}: no source element"):
            titles = source_titles(expected, it)
            c.ok(src.text in titles, f"{name}: source {src.text!r} not one of the titles {titles}")
            c.ok((src.get("url") or "").startswith("http"), f"{name}: source without url=")
        encs = [(x.get("url"), x.get("type"), int(x.get("length") or -1)) for x in i.findall("enclosure")]
        c.eq(encs, enclosures(it), f"{name}: enclosure (url, type, length)")
        content = i.findtext("content:encoded", namespaces=NS) or ""
        check_content(c, "RSS XML content:encoded", it, content)
        out[it["title"]] = {"id": guid.text if guid is not None else None, "link": link,
                            "date": want.timestamp()}
    return out


def check_atom_xml(c, base, body, expected):
    root = parse_xml(c, "Atom XML", body)
    if root is None:
        return {}
    a = "{%s}" % NS["atom"]
    c.eq(root.tag, a + "feed", "Atom XML: root")
    c.ok(URN_UUID.match(root.findtext(a + "id") or ""), "Atom XML: feed id is not a urn:uuid")
    c.ok(RFC3339.match(root.findtext(a + "updated") or ""), "Atom XML: feed updated is not RFC 3339")
    selfs = [l.get("href") for l in root.findall(a + "link") if l.get("rel") == "self"]
    c.eq(selfs, [base + "/feed.atom"], "Atom XML: rel=self links")
    out = {}
    for e in root.findall(a + "entry"):
        title = e.findtext(a + "title")
        name = f"Atom XML: {title!r}"
        eid = e.findtext(a + "id") or ""
        c.ok(URN_UUID.match(eid), f"{name}: id {eid!r} is not a urn:uuid")
        upd = e.findtext(a + "updated") or ""
        c.ok(RFC3339.match(upd), f"{name}: updated {upd!r} is not RFC 3339")
        pub = e.findtext(a + "published") or ""
        c.ok(RFC3339.match(pub), f"{name}: published {pub!r} is not RFC 3339")
        names = [p.findtext(a + "name") for p in e.findall(a + "author")]
        c.ok(names and all(names), f"{name}: no author name")
        alt = [l.get("href") for l in e.findall(a + "link") if l.get("rel") in (None, "alternate")]
        it = next((x for x in expected["items"] if x["title"] == title), None)
        if it is not None:
            encs = [(l.get("href"), l.get("type"), int(l.get("length") or -1))
                    for l in e.findall(a + "link") if l.get("rel") == "enclosure"]
            c.eq(encs, enclosures(it), f"{name}: link rel=enclosure (href, type, length)")
        out[title] = {"id": eid, "link": alt[0] if alt else None,
                      "date": datetime.datetime.fromisoformat(pub).timestamp() if pub else None}
    return out


def check_json(c, base, body, expected):
    name = "JSON Feed"
    try:
        doc = json.loads(body)
    except ValueError as err:
        c.ok(False, f"{name}: not JSON: {err}")
        return {}
    c.eq(doc.get("version"), "https://jsonfeed.org/version/1.1", f"{name}: version")
    c.eq(doc.get("title"), expected["feed"]["title"], f"{name}: title")
    c.eq(doc.get("language"), expected["feed"]["language"], f"{name}: language")
    c.eq(doc.get("feed_url"), base + "/feed.json", f"{name}: feed_url")
    c.ok(doc.get("authors") and all(x.get("name") for x in doc["authors"]), f"{name}: feed authors")
    items = doc.get("items", [])
    c.eq(len(items), len(expected["items"]), f"{name}: number of items")
    pairs = by_title(c, name, items, lambda i: i.get("title"), expected)
    out = {}
    for it, i in pairs:
        n = f"{name}: {it['title']!r}"
        c.ok(URN_UUID.match(i.get("id", "")), f"{n}: id {i.get('id')!r} is not a urn:uuid")
        c.ok(i.get("url") in it["links"], f"{n}: url {i.get('url')!r} not one of {it['links']}")
        dp = i.get("date_published", "")
        c.ok(RFC3339.match(dp), f"{n}: date_published {dp!r} is not RFC 3339")
        try:
            got = datetime.datetime.fromisoformat(dp)
            c.ok(got.tzinfo is not None, f"{n}: date_published {dp!r} has no zone")
            c.eq(got, datetime.datetime.fromisoformat(it["date"]), f"{n}: date_published")
        except ValueError as err:
            c.ok(False, f"{n}: date_published {dp!r}: {err}")
        if "date_modified" in i:
            c.ok(RFC3339.match(i["date_modified"]), f"{n}: date_modified {i['date_modified']!r} is not RFC 3339")
        names = [x.get("name") for x in i.get("authors", [])]
        c.ok(set(it["authors"]) <= set(names), f"{n}: authors {names!r} lack {it['authors']!r}")
        c.ok("author" not in i, f"{n}: JSON Feed 1.0 'author' in a 1.1 feed")
        check_content(c, name, it, i.get("content_html", ""))
        c.ok(set(it["tags"]) <= set(i.get("tags", [])), f"{n}: tags {i.get('tags')} lack {it['tags']}")
        atts = [(x.get("url"), x.get("mime_type"), x.get("size_in_bytes")) for x in i.get("attachments", [])]
        c.eq(atts, enclosures(it), f"{n}: attachments (url, mime_type, size_in_bytes)")
        ext = i.get("_edufeed", {})
        # _edufeed.sources: [{name, title}], the names as the RSS categories give them.
        srcs = ext.get("sources", [])
        c.eq({x.get("name") for x in srcs}, set(it["sources"]), f"{n}: _edufeed.sources names")
        for x in srcs:
            c.eq(x.get("title"), expected["source_titles"].get(x.get("name")), f"{n}: _edufeed.sources title of {x.get('name')}")
        c.ok(ext.get("source") in it["sources"], f"{n}: _edufeed.source {ext.get('source')!r}")
        c.eq(ext.get("source_title"), expected["source_titles"].get(ext.get("source")), f"{n}: _edufeed.source_title")
        out[it["title"]] = {"id": i.get("id"), "link": i.get("url"), "date": got.timestamp() if dp else None}
    return out


def feeds(base, out):
    out = pathlib.Path(out)
    expected = json.loads((out / "expected.json").read_text("utf-8"))
    bodies = {}
    c = Checks("HTTP")
    for path, ctype in (("/feed.xml", "application/rss+xml"), ("/feed.atom", "application/atom+xml"),
                        ("/feed.json", "application/feed+json")):
        try:
            status, headers, body = fetch(base + path)
        except (urllib.error.HTTPError, OSError) as err:
            c.ok(False, f"GET {path}: {err}")
            continue
        c.eq(status, 200, f"GET {path}")
        c.ok(headers.get("Content-Type", "").startswith(ctype), f"GET {path}: Content-Type {headers.get('Content-Type')!r}, want {ctype}")
        c.ok(headers.get("ETag"), f"GET {path}: no ETag")
        bodies[path] = body
    c.done()

    good = True
    c = Checks("feedparser RSS /feed.xml")
    # Parse the bytes and not the URL, so that feedparser's own HTTP handling plays no part.
    d = feedparser.parse(bodies["/feed.xml"])
    rss = check_parsed(c, "feedparser RSS", d, expected, "rss20", base + "/feed.xml")
    c.ok(str(d.feed.get("ttl", "")).isdigit(), f"feedparser RSS: ttl {d.feed.get('ttl')!r}")
    for it, e in rss:
        c.eq(e.get("guidislink"), False, f"feedparser RSS: {it['title']!r}: guidislink")
    good &= c.done(fatal=False)
    c = Checks("feedparser Atom /feed.atom")
    d = feedparser.parse(bodies["/feed.atom"])
    check_parsed(c, "feedparser Atom", d, expected, "atom10", base + "/feed.atom")
    c.ok(URN_UUID.match(d.feed.get("id", "")), f"feedparser Atom: feed id {d.feed.get('id')!r} is not a urn:uuid")
    good &= c.done(fatal=False)

    c = Checks("RSS XML")
    rss_ids = check_rss_xml(c, base, bodies["/feed.xml"], expected)
    good &= c.done(fatal=False)
    c = Checks("Atom XML")
    atom_ids = check_atom_xml(c, base, bodies["/feed.atom"], expected)
    good &= c.done(fatal=False)
    c = Checks("JSON Feed /feed.json")
    json_ids = check_json(c, base, bodies["/feed.json"], expected)
    good &= c.done(fatal=False)

    c = Checks("across formats")
    c.eq(sorted(atom_ids), sorted(rss_ids), "titles: Atom vs RSS")
    c.eq(sorted(json_ids), sorted(rss_ids), "titles: JSON vs RSS")
    for title, r in rss_ids.items():
        for fmt, other in (("Atom", atom_ids), ("JSON", json_ids)):
            o = other.get(title)
            if not c.ok(o is not None, f"{title!r}: not in {fmt}"):
                continue
            c.eq(o["id"], r["id"], f"{title!r}: {fmt} id vs RSS guid")
            c.eq(o["link"], r["link"], f"{title!r}: {fmt} link vs RSS link")
            c.eq(o["date"], r["date"], f"{title!r}: {fmt} published vs RSS pubDate")
    ids = [r["id"] for r in rss_ids.values()]
    c.eq(len(set(ids)), len(ids), "RSS guids are unique")
    good &= c.done(fatal=False)

    # Written even after failures, so that newsboat's reading can still be checked against it.
    (out / "served.json").write_text(json.dumps(rss_ids, ensure_ascii=False, indent=2), "utf-8")
    if not good:
        sys.exit("interop: feed checks failed")
    merged = [it["title"] for it in expected["items"] if len(it["sources"]) > 1]
    print(f"interop: {len(rss_ids)} items agree in RSS, Atom and JSON Feed "
          f"(ids, links, dates); merged from several sources: {merged}")


# --- newsboat ------------------------------------------------------------------------------

def newsboat(cache, base, out):
    out = pathlib.Path(out)
    expected = json.loads((out / "expected.json").read_text("utf-8"))
    served = json.loads((out / "served.json").read_text("utf-8"))
    c = Checks("newsboat cache")
    db = sqlite3.connect(f"file:{cache}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    cols = {r["name"] for r in db.execute("PRAGMA table_info(rss_item)")}
    need = {"guid", "title", "author", "url", "feedurl", "pubDate", "content", "unread", "deleted",
            "enclosure_url", "enclosure_type"}
    if not c.ok(need <= cols, f"rss_item lacks columns {sorted(need - cols)} (has {sorted(cols)})"):
        c.done()
    feedrow = db.execute("SELECT * FROM rss_feed WHERE rssurl = ?", (base + "/feed.xml",)).fetchone()
    c.ok(feedrow is not None, f"rss_feed has no row for {base}/feed.xml")
    if feedrow:
        c.eq(feedrow["title"], expected["feed"]["title"], "feed title")
        c.eq(feedrow["url"], base + "/", "feed link")
        # newsboat asks for gzip, so it must have kept the ETag of the gzip variant.
        req = urllib.request.Request(base + "/feed.xml", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            etag = resp.headers.get("ETag")
        c.eq(feedrow["etag"], etag, "ETag kept for conditional GET")
        c.ok(feedrow["lastmodified"] > 0, "no Last-Modified kept for conditional GET")
    rows = db.execute("SELECT * FROM rss_item WHERE deleted = 0").fetchall()
    c.eq(len(rows), len(expected["items"]), "number of items")
    got = {}
    for r in rows:
        c.ok(r["title"] not in got, f"title {r['title']!r} stored twice")
        got[r["title"]] = r
    c.eq(sorted(got), sorted(it["title"] for it in expected["items"]), "set of titles")
    for it in expected["items"]:
        r = got.get(it["title"])
        if r is None:
            continue
        name = repr(it["title"])
        s = served.get(it["title"])
        if c.ok(s is not None, f"{name}: not in the RSS feed as ElementTree read it"):
            c.eq(r["guid"], s["id"], f"{name}: guid vs RSS guid")
            c.eq(r["url"], s["link"], f"{name}: url vs RSS link")
        c.ok(r["url"] in it["links"], f"{name}: url {r['url']!r} not one of {it['links']}")
        c.eq(r["pubDate"], int(datetime.datetime.fromisoformat(it["date"]).timestamp()), f"{name}: pubDate")
        c.eq(r["feedurl"], base + "/feed.xml", f"{name}: feedurl")
        c.eq(r["unread"], 1, f"{name}: unread")
        for a in it["authors"]:
            c.ok(a in r["author"], f"{name}: author {r['author']!r} lacks {a!r}")
        check_content(c, "newsboat", it, r["content"])
        enc = enclosures(it)
        c.eq((r["enclosure_url"] or "", r["enclosure_type"] or ""), (enc[0][0], enc[0][1]) if enc else ("", ""),
             f"{name}: enclosure_url, enclosure_type")
    c.done()


# --- channels ------------------------------------------------------------------------------

CHANNEL_FORMATS = ((".xml", "application/rss+xml", "rss20"), (".atom", "application/atom+xml", "atom10"),
                   (".json", "application/feed+json", None))


def conditional(url, etag, gzip=False):
    """The status of a GET of url with If-None-Match: etag."""
    hdrs = {"If-None-Match": etag}
    if gzip:
        hdrs["Accept-Encoding"] = "gzip"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=hdrs), timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def channels(base, out):
    out = pathlib.Path(out)
    expected = json.loads((out / "expected.json").read_text("utf-8"))
    good = True
    for ch in expected["channels"]:
        c = Checks(f"channel {ch['name']}")
        want = sorted(ch["items"])
        for ext, ctype, version in CHANNEL_FORMATS:
            url = f"{base}/c/{ch['name']}{ext}"
            fmt = f"/c/{ch['name']}{ext}"
            try:
                status, headers, body = fetch(url)
            except (urllib.error.HTTPError, OSError) as err:
                c.ok(False, f"GET {fmt}: {err}")
                continue
            c.eq(status, 200, f"GET {fmt}")
            c.ok(headers.get("Content-Type", "").startswith(ctype), f"{fmt}: Content-Type {headers.get('Content-Type')!r}")
            etag = headers.get("ETag")
            if c.ok(etag, f"{fmt}: no ETag"):
                c.eq(conditional(url, etag), 304, f"{fmt}: GET with its ETag")
            if version is None:
                try:
                    doc = json.loads(body)
                except ValueError as err:
                    c.ok(False, f"{fmt}: not JSON: {err}")
                    continue
                c.eq(doc.get("version"), "https://jsonfeed.org/version/1.1", f"{fmt}: version")
                c.eq(doc.get("title"), ch["title"], f"{fmt}: title")
                c.eq(doc.get("description"), ch["description"], f"{fmt}: description")
                c.eq(doc.get("feed_url"), url, f"{fmt}: feed_url")
                c.ok(isinstance(doc.get("items"), list), f"{fmt}: items is not a list")
                c.eq(sorted(i.get("title") for i in doc.get("items", [])), want, f"{fmt}: item titles")
                continue
            d = feedparser.parse(body)
            if not c.ok(not d.bozo, f"{fmt}: feedparser bozo=1: {d.get('bozo_exception')!r}"):
                continue
            c.eq(d.version, version, f"{fmt}: version")
            c.eq(d.feed.get("title"), ch["title"], f"{fmt}: feed title")
            c.eq(d.feed.get("subtitle"), ch["description"], f"{fmt}: description")
            selfs = [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"]
            c.eq(selfs, [url], f"{fmt}: rel=self links")
            c.eq(sorted(e.get("title") for e in d.entries), want, f"{fmt}: entry titles")
            for e in d.entries:
                c.ok(URN_UUID.match(e.get("id", "")), f"{fmt}: {e.get('title')!r}: id {e.get('id')!r}")
        # A limit cuts the channel and is part of its self link.
        if len(want) > 1:
            d = feedparser.parse(fetch(f"{base}/c/{ch['name']}.xml?limit=1")[2])
            c.eq(len(d.entries), 1, "?limit=1: entries")
            c.eq([l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"],
                 [f"{base}/c/{ch['name']}.xml?limit=1"], "?limit=1: rel=self links")
        good &= c.done(fatal=False)

    c = Checks("/channels.opml")
    status, headers, body = fetch(base + "/channels.opml")
    c.eq(status, 200, "GET /channels.opml")
    root = parse_xml(c, "channels.opml", body)
    if root is not None:
        outlines = root.findall("body/outline")
        c.eq([(o.get("type"), o.get("text"), o.get("xmlUrl")) for o in outlines],
             [("rss", ch["title"], f"{base}/c/{ch['name']}.xml") for ch in expected["channels"]], "outlines")
    try:
        fetch(base + "/c/nobody.xml")
        c.ok(False, "GET /c/nobody.xml: not a 404")
    except urllib.error.HTTPError as err:
        c.eq(err.code, 404, "GET /c/nobody.xml")
    good &= c.done(fatal=False)
    if not good:
        sys.exit("interop: channel checks failed")


def newsboat_channels(cache, base, out):
    out = pathlib.Path(out)
    expected = json.loads((out / "expected.json").read_text("utf-8"))
    c = Checks("newsboat channels cache")
    db = sqlite3.connect(f"file:{cache}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    for ch in expected["channels"]:
        url = f"{base}/c/{ch['name']}.xml"
        row = db.execute("SELECT * FROM rss_feed WHERE rssurl = ?", (url,)).fetchone()
        if not c.ok(row is not None, f"rss_feed has no row for {url}"):
            continue
        c.eq(row["title"], ch["title"], f"{ch['name']}: feed title")
        req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            c.eq(row["etag"], resp.headers.get("ETag"), f"{ch['name']}: ETag kept for conditional GET")
        titles = [r["title"] for r in db.execute("SELECT title FROM rss_item WHERE feedurl = ? AND deleted = 0", (url,))]
        c.eq(sorted(titles), sorted(ch["items"]), f"{ch['name']}: item titles")
    c.done()


def main(argv):
    cmds = {
        "prepare": (prepare, 2), "wait-http": (wait_http, 3), "wait-sources": (wait_sources, 4),
        "feeds": (feeds, 2), "newsboat": (newsboat, 3), "channels": (channels, 2),
        "newsboat-channels": (newsboat_channels, 3),
    }
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        sys.exit(__doc__)
    fn, _ = cmds[argv[1]]
    fn(*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
