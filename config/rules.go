package config

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml/ast"
)

// Kinds of entries of a tags list, for entryPaths.
const (
	plainTag = "tag"
	ruleTag  = "rule"
)

// tagList decodes a tags list. Its entries are plain tag names (only where
// plain is not nil: a source's list) and {match, tag} rules.
func (l *loader) tagList(n ast.Node, field string, plain *[]string, rules *[]TagRule) {
	v, _ := l.value(n, field)
	if v == nil {
		return
	}
	seq, ok := v.(*ast.SequenceNode)
	if !ok {
		if plain != nil {
			l.errAt(v, field, "expected a list such as [a, b], got %s", describe(v))
		} else {
			l.errAt(v, field, "expected a list of rules such as [{match: 高考, tag: gaokao}], got %s", describe(v))
		}
		return
	}
	l.mark(field, seq)
	var names []string
	out := []TagRule{}
	for i, item := range seq.Values {
		f := fmt.Sprintf("%s[%d]", field, i)
		before := len(l.errs)
		switch iv, _ := l.value(item, f); iv.(type) {
		case nil:
			if len(l.errs) == before {
				l.errAt(item, f, "empty entry")
			}
		case *ast.MappingNode, *ast.MappingValueNode:
			if r, ok := l.tagRule(item, iv, f); ok {
				out = append(out, r)
				l.addEntry(field, ruleTag, f)
			}
		case *ast.SequenceNode:
			l.errAt(iv, f, "expected a tag or a rule {match: PATTERN, tag: NAME}, got a list")
		default:
			if plain == nil {
				l.errAt(iv, f, "a global tag needs a rule {match: PATTERN, tag: NAME}; tags for every item of a source belong in that source's tags")
				continue
			}
			var s string
			l.str(item, f, &s)
			if len(l.errs) == before {
				names = append(names, s)
				l.addEntry(field, plainTag, f)
			}
		}
	}
	if plain != nil {
		*plain = append([]string{}, names...)
	}
	*rules = out
}

// tagRule decodes one {match, tag} mapping; ok is false when it lacks a key
// or a value is not a string, problems already reported.
func (l *loader) tagRule(n, v ast.Node, field string) (r TagRule, ok bool) {
	var hasMatch, hasTag, bad bool
	// set decodes one key and remembers a wrong type, which leaves nothing
	// to validate.
	set := func(has *bool, dst *string) func(ast.Node, string) {
		return func(n ast.Node, f string) {
			*has = true
			before := len(l.errs)
			l.str(n, f, dst)
			bad = bad || len(l.errs) > before
		}
	}
	l.object(n, field, fields{
		"match": set(&hasMatch, &r.Match),
		"tag":   set(&hasTag, &r.Tag),
	})
	if !hasMatch {
		l.errAt(v, field, "a tag rule needs match: a pattern such as 高考|招生")
	}
	if !hasTag {
		l.errAt(v, field, "a tag rule needs tag: the tag to add to matching items")
	}
	return r, hasMatch && hasTag && !bad
}

func (l *loader) addEntry(list, kind, path string) {
	key := list + " " + kind
	l.entryPaths[key] = append(l.entryPaths[key], path)
}

// entryPath is the field path of entry i of the given kind in list.
func (l *loader) entryPath(list, kind string, i int) string {
	if ps := l.entryPaths[list+" "+kind]; i < len(ps) {
		return ps[i]
	}
	return fmt.Sprintf("%s[%d]", list, i)
}

// checkTags checks the plain tags and the rules of one tags list.
func (l *loader) checkTags(list string, plain []string, rules []TagRule) {
	for i, tag := range plain {
		l.tagName(l.entryPath(list, plainTag, i), tag)
	}
	for i, r := range rules {
		f := l.entryPath(list, ruleTag, i)
		l.filterPattern(f+".match", r.Match)
		l.tagName(f+".tag", r.Tag)
	}
}

// tagName refuses tags that cannot travel in ?tag= or a comma-separated list.
func (l *loader) tagName(field, tag string) {
	if tag == "" || strings.ContainsFunc(tag, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		l.errField(field, nil, "tag %q must be non-empty, without spaces or commas", tag)
	}
}

// filterPatterns checks a list of filter patterns.
func (l *loader) filterPatterns(field string, exprs []string) {
	for i, expr := range exprs {
		l.filterPattern(fmt.Sprintf("%s[%d]", field, i), expr)
	}
}

// filterPattern compiles a filter or tag pattern the way feeds/filter does,
// so that a pattern it would refuse is reported here with its line.
func (l *loader) filterPattern(field, expr string) {
	if expr == "" {
		l.errField(field, nil, "empty pattern would match everything")
		return
	}
	if err := checkFoldPattern(expr); err != nil {
		l.errField(field, err, "%v", err)
	}
}

// foldPrefix makes a pattern case-insensitive, as feeds/filter compiles it.
const foldPrefix = "(?i)"

// checkFoldPattern compiles expr case-insensitively. Its error quotes the
// pattern as written, without the prefix the user never wrote.
func checkFoldPattern(expr string) error {
	_, err := regexp.Compile(foldPrefix + expr)
	var se *syntax.Error
	if errors.As(err, &se) {
		return &syntax.Error{Code: se.Code, Expr: strings.TrimPrefix(se.Expr, foldPrefix)}
	}
	return err
}

// secret decodes a string that error messages must not quote.
func (l *loader) secret(n ast.Node, field string, dst *string) {
	v, tag := l.value(n, field)
	switch v.(type) {
	case nil, *ast.StringNode, *ast.LiteralNode:
	default:
		if _, scalar := v.(ast.ScalarNode); !scalar || tag != "!!str" {
			l.errAt(v, field, "expected a string, got %s (quote it)", v.Type().YAMLName())
			return
		}
	}
	l.str(n, field, dst)
}

// minTokenLen keeps admin tokens long enough not to be guessed.
const minTokenLen = 16

// adminToken checks the file's bearer token.
func (l *loader) adminToken(field, token string) {
	if err := CheckAdminToken(token); err != nil {
		l.errField(field, nil, "%s", err)
	}
}

// CheckAdminToken checks a bearer token by the rules of admin.token: empty
// (admin routes off), or at least 16 characters without spaces or control
// characters. The edufeed command applies it to EDUFEED_ADMIN_TOKEN too, so
// the environment cannot set a weaker token than the file. The error never
// quotes the token: it is a secret.
func CheckAdminToken(token string) error {
	switch {
	case token == "":
		return nil
	case strings.ContainsFunc(token, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return errors.New("must not contain spaces, line breaks or control characters")
	case len(token) < minTokenLen:
		return fmt.Errorf("too short (%d characters): use at least %d random characters, such as the output of openssl rand -hex 16",
			len(token), minTokenLen)
	}
	return nil
}
