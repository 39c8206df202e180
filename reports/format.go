package reports

import (
	"github.com/tipster/tipster/signals"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Number formats. Data files (CSV, JSON) use [dataFloat]: the shortest
// decimal that round-trips (strconv 'f', -1), empty for NaN and ±Inf, so the
// same Result always gives the same bytes. Text for people (charts, tables,
// verdict) uses [pct], [signedPct], [money] and [fixed], which round and use
// the Unicode minus sign and thousands separators.

const minus = "\u2212"

// dataFloat formats x for a CSV cell: shortest round-trip decimal, no
// exponent; "" for NaN and ±Inf.
func dataFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	if x == 0 {
		return "0" // also for -0
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// dataDate formats a session date as YYYY-MM-DD; "" for the zero time.
func dataDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// dataTime formats an instant as RFC 3339 in UTC; "" for the zero time.
func dataTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// dataPublished formats a signal's publication for the data files: the
// date alone (YYYY-MM-DD) when only the date is known, RFC 3339 in UTC
// otherwise, the two forms `tipster backtest --signals` reads back.
func dataPublished(s signals.Signal) string {
	if s.DateOnly && !s.Published.IsZero() {
		return s.Published.UTC().Format(time.DateOnly)
	}
	return dataTime(s.Published)
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// fixed formats x with dec decimals, thousands separators and a Unicode
// minus; "n/a" when x is not finite.
func fixed(x float64, dec int) string {
	if !finite(x) {
		return "n/a"
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', dec, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString(minus)
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// pct formats a fraction as a percentage with dec decimals: 0.0812 → "8.1%".
func pct(x float64, dec int) string {
	if !finite(x) {
		return "n/a"
	}
	return fixed(100*x, dec) + "%"
}

// signedPct is pct with an explicit "+" on positive values.
func signedPct(x float64, dec int) string {
	s := pct(x, dec)
	if finite(x) && !strings.HasPrefix(s, minus) && strings.Trim(s, "0.%") != "" {
		return "+" + s
	}
	return s
}

// money formats an amount with thousands separators and no decimals:
// 123456.7 → "$123,457".
func money(x float64) string {
	if !finite(x) {
		return "n/a"
	}
	s := fixed(x, 0)
	if strings.HasPrefix(s, minus) {
		return minus + "$" + strings.TrimPrefix(s, minus)
	}
	return "$" + s
}

// cleanText makes untrusted text (article evidence, names, config values)
// safe to show: control characters become their visible Unicode "control
// picture" (NUL → ␀, ESC → ␛; others → U+FFFD), bidirectional overrides and
// isolates are dropped so they cannot reorder the surrounding text, and
// invalid UTF-8 becomes U+FFFD. Newlines and tabs become spaces when
// oneLine is set.
func cleanText(s string, oneLine bool) string {
	if isClean(s, oneLine) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t' || r == '\r':
			if oneLine {
				b.WriteByte(' ')
			} else if r != '\r' {
				b.WriteRune(r)
			}
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune(0x2421)
		case isBidiControl(r):
			// dropped
		case unicode.IsControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isClean(s string, oneLine bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || isBidiControl(r) || unicode.IsControl(r) {
			if !oneLine && (r == '\n' || r == '\t') {
				continue
			}
			return false
		}
	}
	return true
}

// isBidiControl reports the explicit directional formatting characters
// (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM).
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
}

// truncate shortens s to at most n runes, ending in "…" when cut.
func truncate(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	if n == 1 {
		return "…"
	}
	i, k := 0, 0
	for i = range s {
		if k == n-1 {
			break
		}
		k++
	}
	return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
}

// truncateMiddle shortens s to at most n runes by cutting out its middle
// ("all-calls commis…holding_days=126"), keeping both ends: the end is what
// tells sweep variants apart.
func truncateMiddle(s string, n int) string {
	r := []rune(s)
	if n <= 0 || len(r) <= n {
		return s
	}
	if n < 3 {
		return truncate(s, n)
	}
	head := (n - 1) / 2
	tail := n - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
