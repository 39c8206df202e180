package article

import (
	"strings"
	"time"
	_ "time/tzdata" // ET, CT, MT and PT need the zone database on every machine
	"unicode"
	"unicode/utf8"
)

// NewYork is the exchange's zone: "ET" in articles, and the zone signals
// are ordered in.
var NewYork = mustLoad("America/New_York")

// Zones with daylight saving time come from the tz database; fixed
// abbreviations (EDT, BST, ...) are fixed offsets, as written.
var (
	newYork    = NewYork
	chicago    = mustLoad("America/Chicago")
	denver     = mustLoad("America/Denver")
	losAngeles = mustLoad("America/Los_Angeles")
	london     = mustLoad("Europe/London")
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("signals/article: time zone " + name + ": " + err.Error()) // tzdata is embedded
	}
	return loc
}

// zoneAbbrev maps the zone abbreviations found in articles to a location.
// "ET", "CT", "MT", "PT" follow daylight saving time; "EST", "EDT" and the
// other explicit abbreviations are the fixed offsets they name.
var zoneAbbrev = map[string]*time.Location{
	"et": newYork, "eastern": newYork,
	"est": time.FixedZone("EST", -5*3600), "edt": time.FixedZone("EDT", -4*3600),
	"ct": chicago, "cst": time.FixedZone("CST", -6*3600), "cdt": time.FixedZone("CDT", -5*3600),
	"mt": denver, "mst": time.FixedZone("MST", -7*3600), "mdt": time.FixedZone("MDT", -6*3600),
	"pt": losAngeles, "pst": time.FixedZone("PST", -8*3600), "pdt": time.FixedZone("PDT", -7*3600),
	"gmt": time.UTC, "utc": time.UTC, "z": time.UTC, "ut": time.UTC,
	"bst": time.FixedZone("BST", 3600), "uk": london,
	"cet": time.FixedZone("CET", 3600), "cest": time.FixedZone("CEST", 2*3600),
	"wet": time.UTC, "west": time.FixedZone("WEST", 3600),
	"eet": time.FixedZone("EET", 2*3600), "eest": time.FixedZone("EEST", 3*3600),
	"jst": time.FixedZone("JST", 9*3600), "hkt": time.FixedZone("HKT", 8*3600),
	"sgt": time.FixedZone("SGT", 8*3600), "aest": time.FixedZone("AEST", 10*3600),
	"aedt": time.FixedZone("AEDT", 11*3600),
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdayNames = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true,
	"wed": true, "wednesday": true, "thu": true, "thur": true, "thurs": true,
	"thursday": true, "fri": true, "friday": true, "sat": true, "saturday": true,
	"sun": true, "sunday": true,
}

// fillerWords may surround a date in ParseTime's input ("Published ...",
// "Updated on ...") without changing its meaning.
var fillerWords = map[string]bool{
	"published": true, "updated": true, "posted": true, "last": true, "on": true,
	"at": true, "date": true, "dated": true, "originally": true, "modified": true,
	"first": true, "as": true, "of": true, "time": true, "release": true, "released": true,
}

type tokKind uint8

const (
	tokNum tokKind = iota + 1
	tokWord
	tokPunct
)

// token is one run of digits, one run of letters, or one other character.
// start and end are byte offsets in the scanned string.
type token struct {
	kind       tokKind
	text       string
	start, end int
	spaceAfter bool
}

// keywords are the words the date matcher looks at, by lower-case form.
var keywords = func() map[string]string {
	k := map[string]string{}
	add := func(w string) { k[w] = w }
	for w := range monthNames {
		add(w)
	}
	for w := range weekdayNames {
		add(w)
	}
	for w := range fillerWords {
		add(w)
	}
	for w := range zoneAbbrev {
		add(w)
	}
	for _, w := range []string{"am", "pm", "a", "p", "m", "st", "nd", "rd", "th", "t", "time", "of", "at", "on"} {
		add(w)
	}
	return k
}()

// mayBeMonthOrDay is a cheap filter before the map: month and weekday
// names have 3 to 9 letters and start with one of "adfjmnostw".
func mayBeMonthOrDay(w string) bool {
	if len(w) < 3 || len(w) > 9 {
		return false
	}
	switch w[0] | 0x20 {
	case 'a', 'd', 'f', 'j', 'm', 'n', 'o', 's', 't', 'w':
		return true
	}
	return false
}

// lookupKeyword returns the known lower-case form of w, or "".
func lookupKeyword(w string) string {
	if len(w) > 12 {
		return ""
	}
	var buf [12]byte
	for i := 0; i < len(w); i++ {
		buf[i] = w[i] | 0x20 // w is ASCII letters only
	}
	return keywords[string(buf[:len(w)])]
}

// tokenize splits s into tokens; whitespace separates tokens and is noted
// in spaceAfter. Runs longer than 12 characters are kept whole (they are
// never part of a date).
func tokenize(s string, dst []token) []token {
	dst = dst[:0]
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			if n := len(dst); n > 0 {
				dst[n-1].spaceAfter = true
			}
			i++
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if gluedYearClock(s, i, j) {
				dst = append(dst, token{kind: tokNum, text: s[i : i+4], start: i, end: i + 4, spaceAfter: true})
				i += 4
			}
			dst = append(dst, token{kind: tokNum, text: s[i:j], start: i, end: j})
			i = j
		case c < utf8.RuneSelf && (c|0x20 >= 'a' && c|0x20 <= 'z'):
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
				j++
			}
			// "EDTUpdated 5 hours ago": a zone glued to the next word; cut
			// before the capital that starts the lower-case run
			if k := gluedCaps(s[i:j]); k > 0 {
				dst = append(dst, token{kind: tokWord, text: s[i : i+k], start: i, end: i + k, spaceAfter: true})
				i += k
			}
			dst = append(dst, token{kind: tokWord, text: s[i:j], start: i, end: j})
			i = j
		case c < utf8.RuneSelf:
			dst = append(dst, token{kind: tokPunct, text: s[i : i+1], start: i, end: i + 1})
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				if k := len(dst); k > 0 {
					dst[k-1].spaceAfter = true
				}
			} else {
				dst = append(dst, token{kind: tokPunct, text: s[i : i+n], start: i, end: i + n})
			}
			i += n
		}
	}
	return dst
}

// gluedYearClock reports that the digits s[i:j] are a year glued to the
// hour of a clock time: "September 2, 20255:52 PM EDT", a page's date and
// time run together when its elements were copied as text.
func gluedYearClock(s string, i, j int) bool {
	return (j-i == 5 || j-i == 6) && j < len(s) && s[j] == ':' && (s[i:i+2] == "19" || s[i:i+2] == "20")
}

// gluedCaps returns where a word made of capitals glued to a capitalised
// word splits ("EDTUpdated" → 3), or 0: at least two capitals, then a
// capital and a lower-case letter.
func gluedCaps(w string) int {
	k := 0
	for k < len(w) && w[k] >= 'A' && w[k] <= 'Z' {
		k++
	}
	if k >= 3 && k < len(w) && w[k] >= 'a' && w[k] <= 'z' {
		return k - 1
	}
	return 0
}

// dateMatch is one date (and maybe time) found in a token stream.
type dateMatch struct {
	year, day   int
	month       time.Month
	hasYear     bool
	hasTime     bool
	hour, min   int
	sec, nsec   int
	loc         *time.Location // nil: no zone written
	start, end  int            // token indices [start, end)
	byteStart   int
	byteEnd     int
	explicitISO bool
}

// instant returns the match as a UTC instant, interpreting a clock time
// without zone in def. A date without time is that date at 00:00 UTC; so
// is a clock time without zone when def is nil.
func (m dateMatch) instant(def *time.Location) (time.Time, bool) {
	if !m.hasTime || m.loc == nil && def == nil {
		return time.Date(m.year, m.month, m.day, 0, 0, 0, 0, time.UTC), true
	}
	loc := m.loc
	if loc == nil {
		loc = def
	}
	return time.Date(m.year, m.month, m.day, m.hour, m.min, m.sec, m.nsec, loc).UTC(), false
}

type matcher struct {
	t []token
}

func (m *matcher) word(i int) string {
	if i < len(m.t) && m.t[i].kind == tokWord {
		return lookupKeyword(m.t[i].text)
	}
	return ""
}

func (m *matcher) punct(i int, p string) bool {
	return i < len(m.t) && m.t[i].kind == tokPunct && m.t[i].text == p
}

func (m *matcher) num(i int) (int, int, bool) {
	if i >= len(m.t) || m.t[i].kind != tokNum || len(m.t[i].text) > 9 {
		return 0, 0, false
	}
	n := 0
	for _, c := range m.t[i].text {
		n = n*10 + int(c-'0')
	}
	return n, len(m.t[i].text), true
}

// adjacent reports whether tokens i and i+1 touch (no space between).
func (m *matcher) adjacent(i int) bool {
	return i+1 < len(m.t) && !m.t[i].spaceAfter
}

func daysIn(y int, mo time.Month) int {
	return time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// month reads a month name at i ("Jun", "Jun.", "June"), returning the
// index after it.
func (m *matcher) month(i int) (time.Month, int, bool) {
	mo, ok := monthNames[m.word(i)]
	if !ok {
		return 0, i, false
	}
	i++
	if m.punct(i, ".") {
		i++
	}
	return mo, i, true
}

// dayNum reads a day of month with an optional ordinal suffix.
func (m *matcher) dayNum(i int) (int, int, bool) {
	d, n, ok := m.num(i)
	if !ok || n > 2 || d < 1 || d > 31 {
		return 0, i, false
	}
	i++
	if w := m.word(i); (w == "st" || w == "nd" || w == "rd" || w == "th") && m.adjacent(i-1) {
		i++
	}
	return d, i, true
}

func (m *matcher) year4(i int) (int, int, bool) {
	y, n, ok := m.num(i)
	if !ok || n != 4 || y < 1900 || y > 2199 {
		return 0, i, false
	}
	// A year glued to letters ("2025abc") or a longer number is not a year.
	return y, i + 1, true
}

// datePart matches the date alone at i.
func (m *matcher) datePart(i int, r *dateMatch) (int, bool) {
	// Month-first: "June 9, 2025", "Jun. 9 2025", "Dec.15 2025", "June 9".
	if mo, j, ok := m.month(i); ok {
		if d, k, ok := m.dayNum(j); ok {
			r.month, r.day = mo, d
			if m.punct(k, ",") {
				k++
			}
			if y, k2, ok := m.year4(k); ok {
				r.year, r.hasYear = y, true
				return k2, true
			}
			// Yearless: only when not followed by more digits.
			if _, _, isNum := m.num(j + 1); !isNum || m.punct(j+1, ",") {
				return k, true
			}
			return j + 1, true
		}
		return i, false
	}
	// Day-first: "9 June 2025", "09 Jun 2025", "9th of June, 2025".
	if d, j, ok := m.dayNum(i); ok {
		k := j
		if m.word(k) == "of" {
			k++
		}
		if mo, k2, ok := m.month(k); ok {
			if m.punct(k2, ",") {
				k2++
			}
			r.month, r.day = mo, d
			if y, k3, ok := m.year4(k2); ok {
				r.year, r.hasYear = y, true
				return k3, true
			}
			// RFC 822 two-digit year, only when a clock time follows.
			if y, n, ok := m.num(k2); ok && n == 2 && m.punct(k2+2, ":") {
				r.year, r.hasYear = 2000+y, true
				if y >= 70 {
					r.year = 1900 + y
				}
				return k2 + 1, true
			}
			return k2, true
		}
	}
	// Numeric: "2025-06-09", "2025/06/09", "06/09/2025", "6/9/25".
	a, na, ok := m.num(i)
	if !ok || !m.adjacent(i) {
		return i, false
	}
	sep := ""
	if i+1 < len(m.t) && m.t[i+1].kind == tokPunct {
		sep = m.t[i+1].text
	}
	if sep != "-" && sep != "/" && sep != "." {
		return i, false
	}
	if !m.adjacent(i+1) || !m.adjacent(i+2) || !m.punct(i+3, sep) || !m.adjacent(i+3) {
		return i, false
	}
	b, nb, ok1 := m.num(i + 2)
	c, nc, ok2 := m.num(i + 4)
	if !ok1 || !ok2 || nb > 2 {
		return i, false
	}
	// The number must not continue ("2025-06-09-3" is fine, "1.2.3.4" not).
	if m.adjacent(i+4) && i+5 < len(m.t) && (m.punct(i+5, sep) && sep == ".") {
		return i, false
	}
	switch {
	case na == 4 && nc <= 2: // Y-M-D
		r.year, r.month, r.day = a, time.Month(b), c
		r.explicitISO = sep == "-"
	case na <= 2 && (nc == 4 || (nc == 2 && sep == "/")) && sep != ".": // M/D/Y, US order
		y := c
		if nc == 2 {
			y = 2000 + c
		}
		mo, d := a, b
		if a > 12 && b <= 12 { // unambiguous day-first
			mo, d = b, a
		}
		r.year, r.month, r.day = y, time.Month(mo), d
	case na <= 2 && nc == 4 && sep == ".": // D.M.Y, European order
		r.year, r.month, r.day = c, time.Month(b), a
	default:
		return i, false
	}
	if r.year < 1900 || r.year > 2199 || r.month < 1 || r.month > 12 || r.day < 1 || r.day > daysIn(r.year, r.month) {
		return i, false
	}
	r.hasYear = true
	return i + 5, true
}

// clock matches "6:55", "6:55:02", "06:55:00.123", "6:55 am", "6 a.m.", "6pm".
func (m *matcher) clock(i int, r *dateMatch) (int, bool) {
	h, nh, ok := m.num(i)
	if !ok || nh > 2 {
		return i, false
	}
	j := i + 1
	mi, s, ns := 0, 0, 0
	hasMin := false
	if m.punct(j, ":") && m.adjacent(i) && m.adjacent(j) {
		v, n, ok := m.num(j + 1)
		if !ok || n != 2 || v > 59 {
			return i, false
		}
		mi, hasMin, j = v, true, j+2
		if m.punct(j, ":") && m.adjacent(j-1) && m.adjacent(j) {
			v, n, ok := m.num(j + 1)
			if !ok || n != 2 || v > 59 {
				return i, false
			}
			s, j = v, j+2
			if m.punct(j, ".") && m.adjacent(j-1) && m.adjacent(j) {
				if _, n, ok := m.num(j + 1); ok {
					frac := m.t[j+1].text
					for len(frac) < 9 {
						frac += "0"
					}
					for _, c := range frac[:9] {
						ns = ns*10 + int(c-'0')
					}
					_ = n
					j += 2
				}
			}
		}
	}
	// am/pm: "am", "AM", "a.m.", "a. m.".
	ampm := ""
	switch w := m.word(j); w {
	case "am", "pm":
		ampm, j = w, j+1
	case "a", "p":
		if m.punct(j+1, ".") && m.word(j+2) == "m" {
			ampm, j = w+"m", j+3
			if m.punct(j, ".") {
				j++
			}
		}
	}
	if !hasMin && ampm == "" {
		return i, false
	}
	if ampm != "" {
		if h < 1 || h > 12 {
			return i, false
		}
		switch {
		case ampm == "am" && h == 12:
			h = 0
		case ampm == "pm" && h != 12:
			h += 12
		}
	} else if h > 23 {
		return i, false
	}
	r.hasTime, r.hour, r.min, r.sec, r.nsec = true, h, mi, s, ns
	return j, true
}

// zone matches "ET", "EDT", "Z", "GMT", "GMT+1", "UTC-04:00", "+0000",
// "-04:00", "-0400 (EDT)".
func (m *matcher) zone(i int, r *dateMatch) int {
	if w := m.word(i); w != "" {
		loc, ok := zoneAbbrev[w]
		if !ok {
			return i
		}
		if w == "eastern" {
			if m.word(i+1) == "time" {
				i++
			}
		}
		j := i + 1
		if w == "gmt" || w == "utc" {
			if off, k, ok := m.offset(j); ok {
				r.loc = time.FixedZone(strings.ToUpper(w)+m.tokText(j, k), off)
				return k
			}
		}
		r.loc = loc
		return j
	}
	if off, k, ok := m.offset(i); ok {
		r.loc = time.FixedZone("", off)
		// "-0400 (EDT)": the comment repeats the offset.
		if m.punct(k, "(") && m.word(k+1) != "" && m.punct(k+2, ")") {
			k += 3
		}
		return k
	}
	return i
}

func (m *matcher) tokText(i, j int) string {
	if i >= j || j > len(m.t) {
		return ""
	}
	var b strings.Builder
	for k := i; k < j; k++ {
		b.WriteString(m.t[k].text)
	}
	return b.String()
}

// offset matches "+0000", "-0400", "-04:00", "+1", "+5:30".
func (m *matcher) offset(i int) (int, int, bool) {
	sign := 0
	switch {
	case m.punct(i, "+"):
		sign = 1
	case m.punct(i, "-"), m.punct(i, "−"):
		sign = -1
	default:
		return 0, i, false
	}
	if !m.adjacent(i) {
		return 0, i, false
	}
	v, n, ok := m.num(i + 1)
	if !ok {
		return 0, i, false
	}
	h, mi, j := 0, 0, i+2
	switch n {
	case 4:
		h, mi = v/100, v%100
	case 1, 2:
		h = v
		if m.punct(j, ":") && m.adjacent(j-1) && m.adjacent(j) {
			if v2, n2, ok := m.num(j + 1); ok && n2 == 2 {
				mi, j = v2, j+2
			}
		}
	default:
		return 0, i, false
	}
	if h > 14 || mi > 59 {
		return 0, i, false
	}
	return sign * (h*3600 + mi*60), j, true
}

// timePart matches a clock time and optional zone.
func (m *matcher) timePart(i int, r *dateMatch) (int, bool) {
	j, ok := m.clock(i, r)
	if !ok {
		return i, false
	}
	if m.punct(j, "(") && m.word(j+1) != "" && m.punct(j+2, ")") {
		if _, ok := zoneAbbrev[m.word(j+1)]; ok {
			m.zone(j+1, r)
			return j + 3, true
		}
	}
	return m.zone(j, r), true
}

// at matches a date expression starting at token i: an optional weekday,
// the date, then an optional clock time and zone; or a clock time and zone
// followed by the date ("6:55 am ET, June 9, 2025").
func (m *matcher) at(i int) (dateMatch, bool) {
	var r dateMatch
	r.start = i
	j := i
	if weekdayNames[m.word(j)] {
		j++
		if m.punct(j, ",") || m.punct(j, ".") {
			j++
		}
	}
	if k, ok := m.datePart(j, &r); ok {
		// Separators between date and time.
		t := k
		switch {
		case m.word(t) == "t" && m.adjacent(t-1) && m.adjacent(t):
			t++
		case m.word(t) == "at":
			t++
		case m.punct(t, ",") || m.punct(t, "-") || m.punct(t, "|") || m.punct(t, "·") || m.punct(t, "•") || m.punct(t, "—") || m.punct(t, "–"):
			t++
			if m.word(t) == "at" {
				t++
			}
		}
		// "2 June 2026 (HKT, 07:00 +08:00)": a parenthesised zone and time.
		var paren *time.Location
		inParen := false
		if m.punct(t, "(") {
			u := t + 1
			if loc, ok := zoneAbbrev[m.word(u)]; ok {
				paren = loc
				u++
				if m.punct(u, ",") {
					u++
				}
			}
			t, inParen = u, true
		}
		var tr dateMatch
		if e, ok := m.timePart(t, &tr); ok {
			if tr.loc == nil {
				tr.loc = paren
			}
			if inParen && m.punct(e, ")") {
				e++
			}
			r.hasTime, r.hour, r.min, r.sec, r.nsec, r.loc = true, tr.hour, tr.min, tr.sec, tr.nsec, tr.loc
			k = e
		}
		r.end = k
		return r, true
	}
	if j != i { // a weekday alone is no date
		return r, false
	}
	// Time first: "3:12 PM EDT June 9, 2025", "10:55 AM ET 06/09/2025".
	var tr dateMatch
	e, ok := m.timePart(i, &tr)
	if !ok {
		return r, false
	}
	if m.punct(e, ",") || m.punct(e, "|") || m.punct(e, "-") || m.punct(e, "·") || m.punct(e, "•") || m.word(e) == "on" {
		e++
	}
	if weekdayNames[m.word(e)] {
		e++
		if m.punct(e, ",") {
			e++
		}
	}
	k, ok := m.datePart(e, &r)
	if !ok {
		return r, false
	}
	r.hasTime, r.hour, r.min, r.sec, r.nsec, r.loc = true, tr.hour, tr.min, tr.sec, tr.nsec, tr.loc
	r.end = k
	return r, true
}

// finish fills byte offsets and validates the calendar date.
func (m *matcher) finish(r *dateMatch) bool {
	if r.hasYear && (r.day > daysIn(r.year, r.month) || r.month < 1 || r.month > 12) {
		return false
	}
	if !r.hasYear && (r.month < 1 || r.month > 12 || r.day > 31 || (r.month == 2 && r.day > 29) || r.day > daysIn(2000, r.month)) {
		return false
	}
	r.byteStart = m.t[r.start].start
	r.byteEnd = m.t[r.end-1].end
	return true
}

// ParseTime parses one publication date or time as it is written in
// articles, e-mail headers and feeds, and returns it as a UTC instant.
//
// Understood: "Monday, Jun 9, 2025 6:55 am ET", "June 9, 2025",
// "Jun. 9, 2025", "Dec.15 2025", "9 June 2025", "06/09/2025" (US order,
// month first, unless the first number exceeds 12), "2025-06-09",
// "2025-06-09T10:55:00Z", "2025-06-09 10:55:00 -0400", RFC 1123 and RFC 822
// ("Mon, 09 Jun 2025 06:55:00 -0400", "... GMT"), a clock time before the
// date ("3:12 PM EDT June 9, 2025"), and leading words such as
// "Published", "Updated on", "Posted at". Zones: ET, CT, MT and PT follow
// daylight saving time (America/New_York, ...); EST, EDT, CST, CDT, MST, MDT,
// PST, PDT, GMT, UTC, BST, CET, CEST, EET, JST and the others are the fixed
// offsets they name; numeric offsets "+0000", "-04:00", "GMT+1".
//
// dateOnly is true when no clock time was written: t is then that calendar
// date at 00:00 UTC. A clock time without zone is read as UTC (readers use
// [Options.DefaultTZ] instead). ok is false when s holds no complete date
// (a year is required), holds anything other than one date with its
// filler words, or names an impossible date.
func ParseTime(s string) (t time.Time, dateOnly bool, ok bool) {
	m, ok := parseOne(s)
	if !ok {
		return time.Time{}, false, false
	}
	t, dateOnly = m.instant(time.UTC)
	return t, dateOnly, true
}

// parseOne parses s as exactly one date with filler words around it.
func parseOne(s string) (dateMatch, bool) {
	if len(s) > 200 {
		return dateMatch{}, false
	}
	toks := tokenize(s, make([]token, 0, 16))
	mt := matcher{t: toks}
	i := 0
	skip := func(i int) int {
		for i < len(toks) {
			if fillerWords[mt.word(i)] {
				i++
				continue
			}
			if toks[i].kind == tokPunct && strings.ContainsAny(toks[i].text, ":|,-—–·•()[]") {
				i++
				continue
			}
			break
		}
		return i
	}
	i = skip(i)
	if i >= len(toks) {
		return dateMatch{}, false
	}
	r, ok := mt.at(i)
	if !ok || !r.hasYear || !mt.finish(&r) {
		return dateMatch{}, false
	}
	if skip(r.end) != len(toks) {
		return dateMatch{}, false
	}
	return r, true
}

// findDates returns every date expression in s, left to right, without
// overlaps. Yearless dates ("June 9") are included with hasYear false.
func findDates(s string, buf []token) ([]dateMatch, []token) {
	buf = tokenize(s, buf)
	mt := matcher{t: buf}
	var out []dateMatch
	for i := 0; i < len(buf); i++ {
		tk := buf[i]
		if tk.kind == tokPunct {
			continue
		}
		if tk.kind == tokWord {
			if !mayBeMonthOrDay(tk.text) {
				continue
			}
			w := lookupKeyword(tk.text)
			if _, ok := monthNames[w]; !ok && !weekdayNames[w] {
				continue
			}
		}
		// A number glued to a preceding letter or number run is not a date start.
		if i > 0 && !buf[i-1].spaceAfter && buf[i-1].kind != tokPunct {
			if tk.kind == tokNum || buf[i-1].kind == tokWord {
				continue
			}
		}
		r, ok := mt.at(i)
		if !ok || r.end <= i || !mt.finish(&r) {
			continue
		}
		out = append(out, r)
		i = r.end - 1
	}
	return out, buf
}

// findYearDates is findDates for long text where only dates with a year
// count: it tokenizes only windows around year-like numbers (19xx, 20xx,
// 21xx) and slashed numbers, which is most of the speed on long articles.
// It stops once it has found limit dates.
func findYearDates(s string, buf []token, limit int) ([]dateMatch, []token) {
	const before, after, maxWindow = 64, 48, 4096
	var out []dateMatch
	ws, we := -1, -1
	flush := func() {
		if ws < 0 {
			return
		}
		// Widen to word boundaries so no token is cut.
		for ws > 0 && s[ws-1] != ' ' {
			ws--
		}
		for we < len(s) && s[we] != ' ' {
			we++
		}
		var ms []dateMatch
		ms, buf = findDates(s[ws:we], buf)
		for _, m := range ms {
			if !m.hasYear {
				continue
			}
			m.byteStart += ws
			m.byteEnd += ws
			if n := len(out); n > 0 && m.byteStart < out[n-1].byteEnd {
				continue
			}
			out = append(out, m)
		}
		ws, we = -1, -1
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		anchor := false
		if j-i == 4 && (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && (s[i+1] == '0' || s[i+1] == '1')) || gluedYearClock(s, i, j) {
			anchor = true
		} else if j < len(s) && s[j] == '/' || i > 0 && s[i-1] == '/' {
			anchor = true
		}
		if anchor {
			if len(out) >= limit {
				break
			}
			lo, hi := max(0, i-before), min(len(s), j+after)
			if ws >= 0 && lo <= we && we-ws < maxWindow {
				we = max(we, hi)
			} else {
				flush()
				ws, we = lo, hi
			}
		}
		i = j - 1
	}
	flush()
	return out, buf
}
