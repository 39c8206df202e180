package signals

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token kinds.
const (
	kWord   = 'w' // letters and digits, with inner ' . - & joiners
	kNum    = 'n' // a number (digits first)
	kMoney  = '$' // $250, $1.2
	kDollar = 't' // $META: a cashtag
	kPunct  = 'p' // one punctuation rune
)

// tok is one token of a sentence. s is a slice of the source text, l its
// lower-case form with ’ as ' and a final possessive 's removed from base.
type tok struct {
	s, l, base string
	pos, end   int
	kind       byte
	cap        bool     // first rune upper case
	upper      bool     // every letter upper case, at least one letter
	flags      wordFlag // flagsOf(l), for every kind of token
	val        float64
}

// wordFlag marks what a word may start; flags are looked up once per token.
type wordFlag uint16

const (
	fLex   wordFlag = 1 << iota // some lexicon phrase starts with the word
	fBreak                      // a clause break ("but", "while", "which")
	// fGuard0 is the first of the bits newPhraseSet hands out, one per
	// guard phrase set: a sentence is searched for a set's phrases only
	// from the words that start one of them.
	fGuard0
)

// wordFlags is filled at init from the lexicon and the guard lists.
var wordFlags = map[string]wordFlag{}

// flagFilter[len][c0] has bit c1 set when some word of that length with
// those first two bytes has flags: most words skip the map lookup.
var flagFilter [16][128][2]uint64

func setFlag(w string, f wordFlag) {
	wordFlags[w] |= f
	if len(w) >= 2 && w[0] < 128 && w[1] < 128 {
		flagFilter[min(len(w), 15)][w[0]][w[1]>>6] |= 1 << (w[1] & 63)
	} else if len(w) == 1 && w[0] < 128 {
		flagFilter[1][w[0]][0] |= 1
	} else {
		flagFilter[0][0][0] = 1 // a non-ASCII word: always look up
	}
}

// flagsOf returns the flags of a lower-case word.
func flagsOf(w string) wordFlag {
	switch {
	case len(w) == 0:
		return 0
	case len(w) == 1:
		if w[0] < 128 && flagFilter[1][w[0]][0]&1 == 0 {
			return 0
		}
	case w[0] < 128 && w[1] < 128:
		if flagFilter[min(len(w), 15)][w[0]][w[1]>>6]&(1<<(w[1]&63)) == 0 {
			return 0
		}
	}
	return wordFlags[w]
}

func isJoiner(r rune) bool {
	return r == '\'' || r == '’' || r == '.' || r == '-' || r == '&' || r == '/'
}

func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// tokenize splits s into tokens, appending to dst.
func tokenize(s string, dst []tok) []tok {
	return tokenizeLow(s, "", dst)
}

// tokenizeLow is tokenize with the lower-case form of s given (or "" to
// compute it): tokens slice it when byte offsets agree.
func tokenizeLow(s, low string, dst []tok) []tok {
	if len(low) != len(s) {
		low = toLower(s)
	}
	sameLen := len(low) == len(s)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				i++
				continue
			case c == '$':
				j := i + 1
				if j < len(s) && s[j] >= '0' && s[j] <= '9' {
					k := j
					for k < len(s) && (s[k] >= '0' && s[k] <= '9' || s[k] == ',' || s[k] == '.' && k+1 < len(s) && s[k+1] >= '0' && s[k+1] <= '9') {
						k++
					}
					v, _ := strconv.ParseFloat(strings.ReplaceAll(s[j:k], ",", ""), 64)
					// $1.2 billion / $5k: the unit follows as a word; keep the number.
					dst = append(dst, tok{s: s[i:k], l: s[i:k], base: s[i:k], pos: i, end: k, kind: kMoney, val: v, flags: flagsOf(s[i:k])})
					i = k
					continue
				}
				if j < len(s) && (s[j] >= 'A' && s[j] <= 'Z') {
					k := j
					for k < len(s) && (s[k] >= 'A' && s[k] <= 'Z' || s[k] >= '0' && s[k] <= '9' || (s[k] == '.' || s[k] == '-') && k+1 < len(s) && s[k+1] >= 'A' && s[k+1] <= 'Z') {
						k++
					}
					if k-j <= 6 && (k == len(s) || !(s[k] >= 'a' && s[k] <= 'z')) {
						l := strings.ToLower(s[j:k])
						dst = append(dst, tok{s: s[i:k], l: l, base: s[j:k], pos: i, end: k, kind: kDollar, upper: true, cap: true, flags: flagsOf(l)})
						i = k
						continue
					}
				}
				dst = append(dst, tok{s: "$", l: "$", base: "$", pos: i, end: i + 1, kind: kPunct, flags: flagsOf("$")})
				i++
				continue
			case !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'):
				dst = append(dst, tok{s: s[i : i+1], l: s[i : i+1], base: s[i : i+1], pos: i, end: i + 1, kind: kPunct, flags: flagsOf(s[i : i+1])})
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isAlnum(r) {
				if unicode.IsSpace(r) || r == utf8.RuneError {
					i += size
					continue
				}
				dst = append(dst, tok{s: s[i : i+size], l: s[i : i+size], base: s[i : i+size], pos: i, end: i + size, kind: kPunct, flags: flagsOf(s[i : i+size])})
				i += size
				continue
			}
		}
		// A word or number.
		j := i
		hasLower, hasUpper, curly := false, false, false
		for j < len(s) {
			if c := s[j]; c >= 'a' && c <= 'z' {
				hasLower = true
				j++
				continue
			} else if c >= 'A' && c <= 'Z' {
				hasUpper = true
				j++
				continue
			} else if c >= '0' && c <= '9' {
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[j:])
			if isAlnum(r) {
				if unicode.IsLower(r) {
					hasLower = true
				} else if unicode.IsUpper(r) {
					hasUpper = true
				}
				j += size
				continue
			}
			if isJoiner(r) && j+size < len(s) {
				r2, _ := utf8.DecodeRuneInString(s[j+size:])
				if isAlnum(r2) {
					curly = curly || r == '’'
					j += size
					continue
				}
			}
			break
		}
		w := s[i:j]
		t := tok{s: w, pos: i, end: j, kind: kWord}
		var digit bool
		if c := w[0]; c < utf8.RuneSelf {
			digit, t.cap = c >= '0' && c <= '9', c >= 'A' && c <= 'Z'
		} else {
			first, _ := utf8.DecodeRuneInString(w)
			digit, t.cap = unicode.IsDigit(first), unicode.IsUpper(first)
		}
		if digit {
			t.kind = kNum
			if numeric(w) {
				if v, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64); err == nil {
					t.val = v
				}
			}
		}
		t.upper = hasUpper && !hasLower
		switch {
		case curly: // ’ only gets into a word as a joiner
			t.l = strings.ToLower(strings.ReplaceAll(w, "’", "'"))
		case !hasUpper:
			t.l = w
		case sameLen:
			t.l = low[i:j]
		default:
			t.l = strings.ToLower(w)
		}
		t.flags = flagsOf(t.l)
		t.base = t.l
		if strings.HasSuffix(t.l, "'s") {
			t.base = t.l[:len(t.l)-2]
		} else if strings.HasSuffix(t.l, "s'") {
			t.base = t.l[:len(t.l)-1]
		}
		dst = append(dst, t)
		i = j
	}
	return dst
}

// numeric reports whether w looks like a number ParseFloat takes: digits,
// commas and at most one dot. Dates ("2025-06-09") and codes ("7203.T")
// are not, and skipping them spares ParseFloat's error allocation.
func numeric(w string) bool {
	dots := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9', c == ',':
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return dots <= 1
}

// toLower returns exactly strings.ToLower(s) (invalid UTF-8 becomes
// U+FFFD, as strings.Map makes it).
func toLower(s string) string {
	if !hasUpperOrNonASCII(s) {
		return s
	}
	return string(appendLower(nil, s))
}

func hasUpperOrNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// appendLower appends strings.ToLower(s) to dst, lowering ASCII bytes in a
// plain loop and calling unicode.ToLower only for multi-byte runes:
// strings.ToLower goes through strings.Map, a function call per rune, as
// soon as the text has one non-ASCII rune (a curly quote, a dash), which
// most articles do. The extractor lowers each article into one buffer it
// keeps between articles, so this allocates only when the buffer grows.
func appendLower(dst []byte, s string) []byte {
	dst = slices.Grow(dst, len(s))
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				dst = append(dst, s[start:i]...)
				dst = append(dst, c+'a'-'A')
				start = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r || r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = utf8.AppendRune(dst, l)
			start = i + size
		}
		i += size
	}
	return append(dst, s[start:]...)
}

// abbreviations that end in a dot without ending a sentence.
var abbrev = map[string]bool{
	"inc": true, "corp": true, "co": true, "ltd": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "st": true, "vs": true, "jr": true, "sr": true, "u.s": true, "e.g": true,
	"i.e": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "no": true,
	"u.k": true, "approx": true, "est": true, "fig": true, "p.m": true, "a.m": true, "plc": true,
}

// splitSentences cuts a line's tokens into sentences at . ! ? followed by a
// capitalised word, a quote or the end, unless the dot ends an
// abbreviation. The terminal punctuation stays with its sentence.
func splitSentences(toks []tok, fn func(a, b int)) {
	start := 0
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if t.kind != kPunct || (t.s != "." && t.s != "!" && t.s != "?") {
			continue
		}
		if t.s == "." && i > 0 && toks[i-1].kind == kWord && toks[i-1].end == t.pos {
			p := toks[i-1]
			if abbrev[p.l] || (len(p.s) == 1 && p.upper) {
				continue
			}
		}
		// swallow runs of terminal punctuation and closing quotes
		j := i + 1
		for j < len(toks) && toks[j].kind == kPunct && strings.Contains(".!?\"”')’", toks[j].s) {
			j++
		}
		if j < len(toks) {
			n := toks[j]
			if !(n.cap || n.kind == kNum || n.kind == kDollar || n.kind == kMoney || n.kind == kPunct) {
				continue
			}
		}
		fn(start, j)
		start = j
		i = j - 1
	}
	if start < len(toks) {
		fn(start, len(toks))
	}
}
