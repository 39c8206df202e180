package symbols

import (
	_ "embed"
	"strings"
	"sync"
)

// builtinText is the built-in directory, one company per line; see the
// comment at the top of builtin.txt for the format.
//
//go:embed builtin.txt
var builtinText string

var (
	builtinOnce sync.Once
	builtinDir  *Directory
)

// Builtin returns a new directory holding the built-in set: about 780 large
// US-listed companies, ADRs and ETFs with the names people write, about 70
// well-known private companies (not tradable: private company), ticker
// renames (FB → META, SQ → XYZ) and tickers that no longer trade (TWTR,
// ATVI). Berkshire Hathaway resolves to BRK-B (Yahoo's form of the class B
// shares); Alphabet and Google to GOOGL (class A), "Alphabet Class C" to
// GOOG. The caller may add to the returned directory freely.
func Builtin() *Directory {
	builtinOnce.Do(func() { builtinDir = parseBuiltin(builtinText) })
	return builtinDir.Clone()
}

// Clone returns a deep copy of d.
func (d *Directory) Clone() *Directory {
	c := New()
	for k, v := range d.names {
		c.names[k] = v
	}
	for k, v := range d.tickers {
		c.tickers[k] = v
	}
	for k, v := range d.renames {
		c.renames[k] = v
	}
	for k, v := range d.gone {
		c.gone[k] = v
	}
	c.maxWords = d.maxWords
	return c
}

func parseBuiltin(text string) *Directory {
	d := New()
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		switch line[0] {
		case '>':
			f := strings.Fields(line[1:])
			if len(f) == 2 {
				d.Rename(f[0], f[1])
			}
			continue
		case '!':
			f := strings.SplitN(line[1:], "|", 3)
			if len(f) == 3 {
				d.Gone(f[0], f[1], f[2])
			}
			continue
		}
		f := strings.Split(line, "|")
		if len(f) < 2 {
			continue
		}
		ticker := f[0]
		names := f[1:]
		canon := strings.TrimPrefix(names[0], "~")
		single := map[string]bool{}
		for _, n := range names {
			if n = strings.TrimPrefix(n, "~"); !strings.ContainsAny(n, " ") {
				single[Normalize(n)] = true
			}
		}
		for _, n := range names {
			common := strings.HasPrefix(n, "~")
			n = strings.TrimPrefix(n, "~")
			// "Boring Company" and "Mars Inc" leave one word once the suffix
			// is stripped, as common as "boring" or "mars", unless the line
			// also lists that word as a name of its own ("Carnival").
			if k := Normalize(n); !strings.Contains(k, " ") && !single[k] {
				common = true
			}
			e := Entry{Name: canon, Tradable: ticker != "-", Trusted: true, Common: common}
			if ticker == "-" {
				e.Reason = PrivateReason
			} else {
				e.Ticker = NormalizeTicker(ticker)
			}
			d.add(e, prioBuiltin, n)
		}
	}
	return d
}
