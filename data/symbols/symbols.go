// Package symbols maps company names and tickers to tradable symbols.
//
// A [Directory] starts from a built-in set of large US-listed companies and
// ETFs with the names people actually write ("Meta", "Facebook", "Google"),
// known private companies (which resolve to "not tradable: private
// company"), and ticker renames (FB → META). Lists from the SEC or the
// exchanges can be imported on top; the built-in names and user aliases
// always win over imported ones, because those lists are full of small
// companies whose names are common words ("Target", "Block", "Gap").
//
// Tickers use Yahoo Finance's form: share classes with a hyphen (BRK-B,
// BF-B), so that they can be priced without translation. BRK.B and BRK/B
// are accepted as input and normalised.
//
// A Directory is not safe for concurrent mutation: build it (Add, Import*)
// first, then share it read-only; Lookup, Ticker and IsTicker may be called
// from many goroutines at once.
package symbols

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PrivateReason is the Reason of an entry for a private company.
const PrivateReason = "not tradable: private company"

// Entry is what a name or ticker resolves to.
type Entry struct {
	// Name is the canonical company or fund name.
	Name string
	// Ticker is the Yahoo-form symbol; empty when not tradable.
	Ticker string
	// Tradable is false for private, acquired or delisted companies.
	Tradable bool
	// Reason says why the entry is not tradable ("not tradable: private company").
	Reason string
	// Trusted is true for built-in entries and user aliases: names a reader can
	// rely on without further evidence. Imported names are not trusted.
	Trusted bool
	// Common is true when this name is also a common English word ("Target",
	// "Block", "Scale"): a capital letter alone is weak evidence.
	Common bool
	// Renamed is the ticker the entry was found under when it has since
	// changed (FB for META); empty otherwise.
	Renamed string
}

// priorities of the origins of a name; a higher one is never overwritten by
// a lower one.
const (
	prioImport  = 1
	prioBuiltin = 3
	prioAlias   = 4
)

type slot struct {
	e    Entry
	prio int
}

// Directory resolves names and tickers. The zero value is empty and usable.
type Directory struct {
	names    map[string]slot   // normalised name → entry
	tickers  map[string]slot   // ticker → entry
	renames  map[string]string // old ticker → new ticker
	gone     map[string]Entry  // old ticker → untradable entry (acquired, taken private)
	maxWords int
}

func (d *Directory) init() {
	if d.names == nil {
		d.names = map[string]slot{}
		d.tickers = map[string]slot{}
		d.renames = map[string]string{}
		d.gone = map[string]Entry{}
	}
}

// New returns an empty directory.
func New() *Directory {
	d := &Directory{}
	d.init()
	return d
}

// Len is the number of distinct names the directory resolves.
func (d *Directory) Len() int { return len(d.names) }

// MaxWords is the number of words of the longest name, after normalisation:
// how far a reader scanning text for names needs to look ahead.
func (d *Directory) MaxWords() int { return d.maxWords }

// Add registers a tradable company or fund under its name and aliases, with
// the trust of a built-in entry: an added name overrides imported ones.
func (d *Directory) Add(name, ticker string, aliases ...string) {
	d.add(Entry{Name: name, Ticker: NormalizeTicker(ticker), Tradable: true, Trusted: true}, prioBuiltin, name, aliases...)
}

// AddAlias maps a name to a ticker as a user alias (config symbols.aliases);
// it overrides every other source for that name.
func (d *Directory) AddAlias(name, ticker string) {
	t := NormalizeTicker(ticker)
	e := Entry{Name: name, Ticker: t, Tradable: true, Trusted: true}
	if s, ok := d.tickers[t]; ok {
		e.Name = s.e.Name
	}
	d.add(e, prioAlias, name)
}

// AddPrivate registers a company that cannot be traded, with its reason
// (PrivateReason when empty).
func (d *Directory) AddPrivate(name, reason string, aliases ...string) {
	if reason == "" {
		reason = PrivateReason
	}
	d.add(Entry{Name: name, Reason: reason, Trusted: true}, prioBuiltin, name, aliases...)
}

// Rename records that old is now traded as new (FB → META). Looking up the
// old ticker gives the new one's entry with Renamed set.
func (d *Directory) Rename(old, new string) {
	d.init()
	d.renames[NormalizeTicker(old)] = NormalizeTicker(new)
}

// Gone records a ticker that no longer trades (acquired, taken private).
func (d *Directory) Gone(ticker, name, reason string) {
	d.init()
	t := NormalizeTicker(ticker)
	d.gone[t] = Entry{Name: name, Reason: reason, Trusted: true, Renamed: t}
}

func (d *Directory) add(e Entry, prio int, name string, aliases ...string) {
	d.init()
	for _, n := range append([]string{name}, aliases...) {
		k := Normalize(n)
		if k == "" {
			continue
		}
		if s, ok := d.names[k]; ok && s.prio > prio {
			continue
		} else if ok && s.prio == prio && s.e.Ticker == e.Ticker && s.e.Name == e.Name && s.e.Common {
			continue // "Target Corporation" does not make "Target" less of a common word
		}
		d.names[k] = slot{e, prio}
		if w := strings.Count(k, " ") + 1; w > d.maxWords {
			d.maxWords = w
		}
	}
	if e.Ticker != "" {
		s, ok := d.tickers[e.Ticker]
		switch {
		case ok && prio == prioAlias: // an alias names a ticker, it does not rename it
		case !ok || s.prio <= prio:
			d.tickers[e.Ticker] = slot{e, prio}
		}
	}
}

// Lookup resolves a company name ("Meta Platforms, Inc.", "Facebook",
// "the Walt Disney Company's") after normalisation (see [Normalize]). It does
// not treat the name as a ticker; use [Directory.Ticker] for that.
func (d *Directory) Lookup(name string) (Entry, bool) {
	if d.names == nil {
		return Entry{}, false
	}
	s, ok := d.names[Normalize(name)]
	if !ok {
		return Entry{}, false
	}
	return d.follow(s.e), true
}

// LookupNormalized is Lookup for a key that is already normalised; it saves
// the normalisation when scanning text.
func (d *Directory) LookupNormalized(key string) (Entry, bool) {
	if d.names == nil {
		return Entry{}, false
	}
	s, ok := d.names[key]
	if !ok {
		return Entry{}, false
	}
	return d.follow(s.e), true
}

// follow applies ticker renames to an entry.
func (d *Directory) follow(e Entry) Entry {
	if e.Ticker == "" {
		return e
	}
	if n, ok := d.renames[e.Ticker]; ok {
		if s, ok := d.tickers[n]; ok {
			out := s.e
			out.Renamed = e.Ticker
			return out
		}
	}
	return e
}

// Ticker resolves a ticker symbol ("META", "brk.b", "FB"): renamed tickers
// give the current entry with Renamed set; tickers that no longer trade give
// an untradable entry with its reason.
func (d *Directory) Ticker(sym string) (Entry, bool) {
	if d.names == nil {
		return Entry{}, false
	}
	t := NormalizeTicker(sym)
	if n, ok := d.renames[t]; ok {
		if s, ok := d.tickers[n]; ok {
			e := s.e
			e.Renamed = t
			return e, true
		}
		return Entry{Name: n, Ticker: n, Tradable: true, Renamed: t}, true
	}
	if e, ok := d.gone[t]; ok {
		return e, true
	}
	s, ok := d.tickers[t]
	return s.e, ok
}

// IsTicker reports whether sym is a ticker the directory knows (current,
// renamed or gone).
func (d *Directory) IsTicker(sym string) bool {
	_, ok := d.Ticker(sym)
	return ok
}

// NormalizeTicker upper-cases a ticker and writes share classes in Yahoo's
// form: BRK.B, BRK/B and BRK B become BRK-B.
func NormalizeTicker(s string) string {
	clean := len(s) > 0
	for i := 0; i < len(s) && clean; i++ {
		c := s[i]
		clean = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
	}
	if clean {
		return s // already in form: no allocation
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "$")
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '/' || r == ' ' {
			return '-'
		}
		return r
	}, s)
}

// corporate suffixes dropped from the end of a name.
var suffixes = map[string]bool{
	"inc": true, "incorporated": true, "corp": true, "corporation": true,
	"co": true, "company": true, "cos": true, "companies": true,
	"holdings": true, "holding": true, "hldgs": true, "plc": true,
	"ltd": true, "limited": true, "llc": true, "lp": true, "l p": true,
	"sa": true, "nv": true, "ag": true, "se": true, "ab": true, "asa": true,
	"de": true, "new": true, "com": true, "the": true, "adr": true, "ads": true,
	"stock": true, "shares": true, "share": true, "common": true, "ordinary": true,
	"depositary": true, "american": false, "sponsored": true,
}

// Normalize turns a name into its lookup key: lower case; possessive 's
// dropped; punctuation removed ("&" kept as a word); a leading "the" and
// trailing corporate suffixes ("Inc.", "Corp.", "Corporation", "Holdings",
// "plc", "Co.", "Ltd", "/DE/", "Common Stock") removed; words joined by one
// space. "The Walt Disney Company's" → "walt disney".
func Normalize(name string) string {
	// Security names in exchange lists: "Apple Inc. - Common Stock".
	if i := strings.Index(name, " - "); i > 0 {
		name = name[:i]
	}
	if low := strings.ToLower(name); strings.Contains(low, " common") || strings.Contains(low, " depositary") || strings.Contains(low, " ordinary") || strings.Contains(low, " sponsored") {
		for _, m := range []string{" class a common", " class b common", " class c common", " common stock", " common shares", " ordinary shares", " american depositary", " depositary shares", " depositary receipt", " sponsored adr", " sponsored ads"} {
			if i := strings.Index(low, m); i > 0 {
				name, low = name[:i], low[:i]
			}
		}
	}
	var b strings.Builder
	b.Grow(len(name))
	words := make([]string, 0, 8)
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		switch {
		case r == '\'' || r == '’':
			// possessive: drop "'s" at the end of a word; otherwise join (McDonald's).
			rest := name[i+size:]
			if (strings.HasPrefix(rest, "s") || strings.HasPrefix(rest, "S")) && (len(rest) == 1 || !isWordByte(rest[1])) {
				i += size + 1
				flush()
				continue
			}
		case r == '&':
			flush()
			words = append(words, "&")
		case r == '.':
			// "Amazon.com" → "amazon com"; "S.A." → "sa"
			if b.Len() == 1 {
				// single letter followed by a dot: part of an initialism
				break
			}
			flush()
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
		i += size
	}
	flush()
	// join runs of single letters (S A → sa, A O Smith → ao smith).
	words = joinInitials(words)
	for len(words) > 0 && words[0] == "the" {
		words = words[1:]
	}
	for len(words) > 1 {
		last := words[len(words)-1]
		if suffixes[last] {
			words = words[:len(words)-1]
			continue
		}
		if last == "a" || last == "b" || last == "c" {
			if len(words) > 2 && words[len(words)-2] == "class" {
				break
			}
		}
		break
	}
	return strings.Join(words, " ")
}

func joinInitials(words []string) []string {
	out := words[:0]
	for i := 0; i < len(words); i++ {
		w := words[i]
		if len(w) == 1 && w != "&" && w[0] >= 'a' && w[0] <= 'z' && i+1 < len(words) && len(words[i+1]) == 1 && words[i+1] != "&" {
			j := i
			var s strings.Builder
			for j < len(words) && len(words[j]) == 1 && words[j] != "&" {
				s.WriteString(words[j])
				j++
			}
			out = append(out, s.String())
			i = j - 1
			continue
		}
		out = append(out, w)
	}
	return out
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// All yields every normalised name key with its entry, in no particular
// order; readers use it to index the first words of names.
func (d *Directory) All() iter.Seq2[string, Entry] {
	return func(yield func(string, Entry) bool) {
		for k, s := range d.names {
			if !yield(k, s.e) {
				return
			}
		}
	}
}

// Tickers yields one entry per ticker the directory knows (renames and
// gone tickers excluded), in no particular order.
func (d *Directory) Tickers() iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		for _, s := range d.tickers {
			if !yield(s.e) {
				return
			}
		}
	}
}

// Import adds one name → ticker pair as an imported, untrusted entry (as
// [Directory.ImportSEC] does): it never overrides a built-in name or an
// alias, and a one-word name needs more evidence than a capital letter.
// It reports whether the pair was usable.
func (d *Directory) Import(name, ticker string) bool { return d.importEntry(name, ticker) }

// LookupBytes is LookupNormalized for a key held in a byte slice; it does
// not allocate.
func (d *Directory) LookupBytes(key []byte) (Entry, bool) {
	if d.names == nil {
		return Entry{}, false
	}
	s, ok := d.names[string(key)]
	if !ok {
		return Entry{}, false
	}
	return d.follow(s.e), true
}
