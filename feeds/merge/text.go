package merge

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// storyBlocks returns the paragraphs of an article's plain text (a block a
// line, as clean gives it), NFKC-folded and lower-cased. What differs
// between two sources' copies of one story without being the story is left
// out: bylines and toolbars, which clean cut already, salutation and
// number lines (see notStory), a dateline before the
// first paragraph ("新华社北京1月10日电（记者 王鹏）", "WASHINGTON (AP) —") and a
// credit in brackets after a paragraph ("（供稿：党委办公室）").
//
// Only the opening of the text is read: Fingerprint hashes the lead, and
// reading on would cost time on every item of every poll for nothing. The
// blocks kept hold at least leadBytes of story text when the text has it.
//
// Fingerprint reads the same lines through a story with a token limit,
// which stops sooner; storyBlocks is the whole rule, for tests.
func storyBlocks(text string) []string {
	s := story{lines: []int{}}
	buf := s.read(nil, text)
	blocks := make([]string, 0, len(s.lines))
	start := 0
	for _, end := range s.lines {
		blocks = append(blocks, string(buf[start:end]))
		start = end
	}
	return blocks
}

// story gathers the story lines of a text (see storyBlocks) and splits
// them into tokens as they come, so that reading stops as soon as
// maxTokens are found. The lines go to a buffer that its methods take and
// return, rather than keep: Fingerprint's can then live on the stack.
type story struct {
	maxTokens int   // 0: no tokens, read up to leadBytes
	kept      int   // bytes in story lines
	nlines    int   // story lines kept
	lines     []int // when not nil, where each story line ends in the buffer
	// toks[:ntoks] are the tokens, as offsets into the buffer: at most
	// maxTokens, or one more when a word and a CJK character end it.
	toks  [leadTokens + 1]token
	ntoks int
}

// tokens returns the story's tokens.
func (s *story) tokens() []token {
	return s.toks[:s.ntoks]
}

func (s *story) addToken(t token) {
	s.toks[s.ntoks] = t
	s.ntoks++
}

// full reports whether the story has all the tokens it wants.
func (s *story) full() bool {
	return s.maxTokens > 0 && s.ntoks >= s.maxTokens
}

// read appends the story lines of text, plain text with a block on each
// line as clean gives it, to buf until it has enough.
func (s *story) read(buf []byte, text string) []byte {
	for more := true; more && s.wantsBlock(); {
		var line string
		line, text, more = strings.Cut(text, "\n")
		buf = s.addLine(buf, line)
	}
	return buf
}

// wantsBlock reports whether another line may still add to the story: the
// lines kept so far hold less than leadBytes and tokens are wanted.
func (s *story) wantsBlock() bool {
	return s.kept < leadBytes && !s.full()
}

// addLine normalises a raw line and appends it to buf, with its tokens,
// when it is story text: NFKC (see appendNFKC), the dateline cut from the
// first line kept, a closing credit cut, lower case, and story text
// (see notStory).
func (s *story) addLine(buf []byte, raw string) []byte {
	if s.full() {
		return buf
	}
	start := len(buf)
	var simple, upper bool
	buf, simple, upper = appendNFKC(buf, strings.TrimSpace(raw))
	line := buf[start:]
	if s.nlines == 0 {
		if n := datelineLen(line); n > 0 {
			line = line[:copy(line, line[n:])]
		}
	}
	// Every credit ends in a bracket; skip the regexp otherwise.
	if bytes.IndexByte(line, ')') >= 0 {
		// The regexp keeps what it reads: give it a copy, so that
		// Fingerprint's buffer can stay on the stack.
		if loc := trailingCredit.FindStringIndex(string(line)); loc != nil {
			line = line[:loc[0]]
		}
	}
	if simple {
		// ASCII, CJK and punctuation without case: only ASCII to fold,
		// if any.
		if upper {
			lowerASCII(line)
		}
		buf = buf[:start+len(line)]
	} else {
		// strings.ToLower also turns invalid UTF-8 into U+FFFD, which
		// may lengthen the line.
		buf = append(buf[:start], strings.ToLower(string(line))...)
	}
	line = buf[start:]
	if len(line) == 0 || !longerThan(line, maxAsideRunes, simple) && notStory(string(line)) {
		return buf[:start]
	}
	s.kept += len(line)
	s.nlines++
	if s.lines != nil {
		s.lines = append(s.lines, len(buf))
	}
	if s.maxTokens > 0 {
		s.tokenize(buf, start)
	}
	return buf
}

// Datelines and credits, matched after NFKC (which makes "（" "(").
var (
	// "新华社北京5月28日电", "中新网5月28日电", "(中央社記者陳至中台北19日電)", "中国教育在线讯",
	// "本报讯(记者 张三)", each perhaps followed by a reporter in brackets.
	cnDateline = regexp.MustCompile(`^(?:[^\s,。:()]{0,16}?\d{1,2}月\d{1,2}日[电電]|(?:本报|本刊|本网|\p{Han}{1,8}(?:网|在线|社|报|台|新闻))讯|\([^()]{0,40}[电電]\))\s*(?:\((?:记者|記者)[^()]{0,30}\))?\s*`)
	// "WASHINGTON (AP) —", "ANN ARBOR, Mich. —", "BEIJING, June 7 (Reuters) -".
	enDateline = regexp.MustCompile(`^[A-Z][A-Z .'’-]{2,30}(?:,[^—–()]{1,20})?(?:\s*\([^()]{1,30}\))?\s*(?:—|–|--|-)\s*`)
	// A credit closing a paragraph: "(供稿:党委办公室 摄影:宣传部)", "(记者 李四)".
	trailingCredit = regexp.MustCompile(`\((?:供稿|记者|記者|通讯员|通訊員|摄影|攝影|编辑|編輯|责任编辑|責任編輯|责编|审核|作者|来源|來源|文|图|圖)[^()]{0,40}\)\s*\d*$`)
)

// datelineBytes bounds where cnDateline's 电, 電 or 讯 ends: after at most
// "(", 40 runes of 4 bytes and the character itself.
const datelineBytes = 1 + 40*utf8.UTFMax + 3

// datelineLen returns the length of the dateline that starts the first
// paragraph, where wire copies have one and republished copies often have
// another; 0 when there is none or it is all the line holds.
func datelineLen(line []byte) int {
	// Every Chinese dateline ends in 电, 電 or 讯, within its first
	// datelineBytes, and an English one starts with a capital: most lines
	// need neither regexp.
	if hasDatelineEnd(line[:min(len(line), datelineBytes)]) {
		if loc := cnDateline.FindStringIndex(string(line)); loc != nil && loc[1] < len(line) {
			return loc[1]
		}
	}
	if len(line) > 0 && 'A' <= line[0] && line[0] <= 'Z' {
		if loc := enDateline.FindStringIndex(string(line)); loc != nil && loc[1] < len(line) {
			return loc[1]
		}
	}
	return 0
}

// hasDatelineEnd reports whether b holds 电, 電 or 讯.
func hasDatelineEnd(b []byte) bool {
	for i := 0; i+3 <= len(b); i++ {
		// Their UTF-8 starts with E7, E9 and E8.
		if c := b[i]; 0xe7 <= c && c <= 0xe9 {
			switch string(b[i : i+3]) {
			case "电", "電", "讯":
				return true
			}
		}
	}
	return false
}

// leadBytes is how much story text storyBlocks gathers: several times the
// bytes of leadTokens CJK characters or words, so that the lines dropped
// later cannot leave the lead short.
const leadBytes = 1200

// maxAsideRunes is the longest a salutation or a line without letters is.
const maxAsideRunes = 60

// notStory reports whether a short normalised line is not story text: a
// salutation ("各单位:", "dear parents:"), "end", or a line with no letters
// (a date, a page number). Bylines are not looked for: junk's rules cut
// them from the text clean hands over, and one list of them is enough.
func notStory(line string) bool {
	n := utf8.RuneCountInString(line)
	if n > maxAsideRunes {
		return false
	}
	if n <= 40 && strings.HasSuffix(line, ":") || line == "end" {
		return true
	}
	return strings.IndexFunc(line, unicode.IsLetter) < 0
}

// longerThan reports whether b holds more than n runes, as
// utf8.RuneCount counts them. valid says that b is valid UTF-8, whose
// runes start at every byte but the 10xxxxxx: those are counted eight at a
// time.
func longerThan(b []byte, n int, valid bool) bool {
	if len(b) <= n {
		return false
	}
	if !valid {
		return utf8.RuneCount(b) > n
	}
	runes := len(b)
	for ; len(b) >= 8; b = b[8:] {
		w := binary.LittleEndian.Uint64(b)
		runes -= bits.OnesCount64(w &^ (w << 1) & 0x8080808080808080)
	}
	for _, c := range b {
		if c&0xc0 == 0x80 {
			runes--
		}
	}
	return runes > n
}

// lowerASCII folds the ASCII capitals of b to lower case.
func lowerASCII(b []byte) {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}
