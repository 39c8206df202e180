package article

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// frontMatter is the YAML block at the top of a Markdown file. Its values
// override what the text says.
type frontMatter struct {
	Published string   `yaml:"published"`
	Date      string   `yaml:"date"`
	Author    string   `yaml:"author"`
	Source    string   `yaml:"source"`
	Title     string   `yaml:"title"`
	URL       string   `yaml:"url"`
	Tickers   []string `yaml:"tickers"`
}

// splitFrontMatter returns the YAML between a leading "---" line and the
// next "---" (or "...") line, the rest, and the number of lines before the
// rest. ok is false when there is no front matter.
func splitFrontMatter(b []byte) (yml, rest []byte, lines int, ok bool) {
	delim := "---"
	switch {
	case bytes.HasPrefix(b, []byte("---\n")) || bytes.HasPrefix(b, []byte("---\r\n")):
	case bytes.HasPrefix(b, []byte("+++\n")) || bytes.HasPrefix(b, []byte("+++\r\n")):
		delim = "+++" // Hugo's TOML front matter
	default:
		return nil, b, 0, false
	}
	i := bytes.IndexByte(b, '\n') + 1
	start := i
	lines = 1
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '\n')
		end := len(b)
		if j >= 0 {
			end = i + j
		}
		l := bytes.TrimRight(b[i:end], "\r \t")
		lines++
		if string(l) == delim || delim == "---" && string(l) == "..." {
			next := min(end+1, len(b))
			return b[start:i], b[next:], lines, true
		}
		i = end + 1
	}
	return nil, b, 0, false
}

// parseMarkdown reads Markdown with optional YAML front matter. The text
// keeps headings as their own paragraphs without the leading "#".
func parseMarkdown(path string, b []byte, opt Options) Article {
	yml, rest, skip, hasFM := splitFrontMatter(b)
	var fm frontMatter
	var warns []string
	if hasFM {
		// Tickers may be a list or one comma-separated string.
		var loose map[string]any
		if bytes.HasPrefix(b, []byte("+++")) {
			fm = looseFrontMatter(tomlFrontMatter(yml))
		} else if err := yaml.Unmarshal(yml, &loose); err != nil {
			warns = append(warns, fmt.Sprintf("%s:2: front matter is not valid YAML, ignored: %v", path, err))
		} else {
			fm = looseFrontMatter(loose)
		}
	}
	s, bad := validText(rest)
	if bad >= 0 {
		warns = append(warns, fmt.Sprintf("%s: invalid UTF-8 at byte %d, replaced with U+FFFD", path, bad+len(b)-len(rest)))
	}
	info := analyze(path, stripMarkdown(s), skip+1, opt, true)
	a := Article{File: path, Title: info.title, Author: info.author, Text: info.text}
	a.Warnings = append(warns, info.warnings...)
	info.apply(&a)
	if fm.Title != "" {
		a.Title = fm.Title
	}
	if fm.Author != "" {
		a.Author = fm.Author
	}
	if fm.Source != "" {
		a.Source = fm.Source
	}
	a.URL = fm.URL
	a.Tickers = fm.Tickers
	pub := fm.Published
	if pub == "" {
		pub = fm.Date
	}
	if pub != "" {
		if t, dateOnly, ok := parseIn(pub, opt.tz()); ok {
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = t, dateOnly, "front matter", confFrontMatter
			a.Warnings = dropFurnitureWarnings(a.Warnings)
		} else {
			a.Warnings = append(a.Warnings, fmt.Sprintf("%s: front matter published %q is not a date I can read", path, pub))
		}
	}
	clean(&a)
	return a
}

// tomlFrontMatter reads the flat `key = value` lines of TOML front matter:
// quoted or bare values and one-line arrays of strings. Tables and
// multi-line values are skipped; the keys we use are never in them.
func tomlFrontMatter(b []byte) map[string]any {
	m := map[string]any{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "[") {
			break // a table: its keys are not the page's
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
			var list []any
			for _, e := range strings.Split(strings.Trim(v, "[]"), ",") {
				if e = strings.Trim(strings.TrimSpace(e), `"'`); e != "" {
					list = append(list, e)
				}
			}
			m[k] = list
			continue
		}
		m[k] = strings.Trim(v, `"'`)
	}
	return m
}

// parseIn is ParseTime reading zone-less clock times in loc.
func parseIn(s string, loc *time.Location) (time.Time, bool, bool) {
	m, ok := parseOne(s)
	if !ok {
		return time.Time{}, false, false
	}
	t, dateOnly := m.instant(loc)
	return t, dateOnly, true
}

func dropFurnitureWarnings(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !strings.Contains(w, "page furniture") && !strings.Contains(w, "publication date not found") {
			out = append(out, w)
		}
	}
	return out
}

// looseFrontMatter reads the known keys from any YAML shape: dates may be
// YAML timestamps or strings, tickers a list or "META, GOOGL".
func looseFrontMatter(m map[string]any) frontMatter {
	var fm frontMatter
	str := func(k string) string {
		switch v := m[k].(type) {
		case string:
			return strings.TrimSpace(v)
		case time.Time:
			if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Location() == time.UTC {
				return v.Format(time.DateOnly)
			}
			return v.Format(time.RFC3339Nano)
		case nil:
			return ""
		default:
			return strings.TrimSpace(fmt.Sprint(v))
		}
	}
	fm.Published, fm.Date = str("published"), str("date")
	fm.Author, fm.Source, fm.Title, fm.URL = str("author"), str("source"), str("title"), str("url")
	switch v := m["tickers"].(type) {
	case []any:
		for _, t := range v {
			if s := strings.TrimSpace(fmt.Sprint(t)); s != "" {
				fm.Tickers = append(fm.Tickers, strings.ToUpper(s))
			}
		}
	case string:
		for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			fm.Tickers = append(fm.Tickers, strings.ToUpper(t))
		}
	}
	return fm
}

// stripMarkdown removes the markup that would get in the way of reading
// sentences: heading marks, emphasis, link targets, code fences. Table
// rows become "a | b | c"; separator rows go.
func stripMarkdown(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			out = append(out, "")
			continue
		case strings.HasPrefix(t, "#") && strings.HasPrefix(strings.TrimLeft(t, "#"), " "):
			t = strings.TrimSpace(strings.TrimLeft(t, "#"))
			out = append(out, inlineMarkdown(t))
			continue
		case strings.HasPrefix(t, "|"):
			if isTableSep(t) {
				out = append(out, "") // keeps line numbers; rows still join
				continue
			}
			cells := strings.Split(strings.Trim(t, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(inlineMarkdown(cells[i]))
			}
			out = append(out, strings.Join(cells, " | "))
			continue
		case strings.HasPrefix(t, ">"):
			out = append(out, inlineMarkdown(strings.TrimSpace(strings.TrimLeft(t, "> "))))
			continue
		}
		out = append(out, inlineMarkdown(strings.TrimRight(l, " \t")))
	}
	return strings.Join(out, "\n")
}

func isTableSep(t string) bool {
	return strings.Trim(t, "|:- \t") == "" && strings.Contains(t, "-")
}

// inlineMarkdown drops emphasis marks and link targets: "[Meta](https://x)"
// becomes "Meta", "**Buy**" becomes "Buy".
func inlineMarkdown(s string) string {
	if !strings.ContainsAny(s, "*_[`") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*', '`':
			continue
		case '_':
			// keep snake_case inside words
			if i > 0 && i+1 < len(s) && isWordByte(s[i-1]) && isWordByte(s[i+1]) {
				b.WriteByte(c)
			}
			continue
		case ']':
			if i+1 < len(s) && s[i+1] == '(' {
				if j := strings.IndexByte(s[i+1:], ')'); j >= 0 {
					i += j + 1
					continue
				}
			}
			continue
		case '[':
			if i+1 < len(s) && s[i+1] == '!' {
				continue
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
