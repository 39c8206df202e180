package article

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// want is what a test expects of one article; empty strings and zero
// times are checked too.
type want struct {
	file, title, author, source, from string
	published                         time.Time
	dateOnly                          bool
	minConf                           float64
	text                              []string // substrings the text must hold
	notText                           []string // substrings it must not hold
	tickers                           []string
	warnings                          int // number of warnings
}

func checkArticle(t *testing.T, a Article, w want) {
	t.Helper()
	for _, c := range []struct{ name, got, want string }{
		{"File", a.File, w.file}, {"Title", a.Title, w.title}, {"Author", a.Author, w.author},
		{"Source", a.Source, w.source}, {"PublishedFrom", a.PublishedFrom, w.from},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !a.Published.Equal(w.published) || a.DateOnly != w.dateOnly {
		t.Errorf("Published = %v (dateOnly %v), want %v (%v)", a.Published, a.DateOnly, w.published, w.dateOnly)
	}
	if a.PublishedConfidence < w.minConf || (w.published.IsZero() && a.PublishedConfidence != 0) {
		t.Errorf("PublishedConfidence = %.2f, want >= %.2f", a.PublishedConfidence, w.minConf)
	}
	for _, s := range w.text {
		if !strings.Contains(a.Text, s) {
			t.Errorf("Text lacks %q; got:\n%s", s, a.Text)
		}
	}
	for _, s := range w.notText {
		if strings.Contains(a.Text, s) {
			t.Errorf("Text keeps %q; got:\n%s", s, a.Text)
		}
	}
	if !slices.Equal(a.Tickers, w.tickers) {
		t.Errorf("Tickers = %q, want %q", a.Tickers, w.tickers)
	}
	if len(a.Warnings) != w.warnings {
		t.Errorf("Warnings = %q, want %d", a.Warnings, w.warnings)
	}
	if len(a.Hash) != 64 {
		t.Errorf("Hash = %q, want 64 hex digits", a.Hash)
	}
}

func TestReaders(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		name string
		path string
		want []want
	}{
		{"markdown front matter overrides the text", "testdata/frontmatter.md", []want{{
			file: "testdata/frontmatter.md", title: "Meta: our top pick", author: "Jane Doe", source: "Tipsheet Weekly",
			from: "front matter", published: utc(2025, 6, 9, 10, 55), minConf: 1, tickers: []string{"META", "GOOGL"},
			text:    []string{"A different heading in the text\n\n", "We think Meta Platforms deserves a place in every growth portfolio", "Recommendation:\n\nTicker | Action\nMETA | Buy\nSNAP | Avoid"},
			notText: []string{"**", "https://", "---", "title:"},
		}}},
		{"markdown with Hugo TOML front matter", "testdata/hugo.md", []want{{
			file: "testdata/hugo.md", title: "Why I finally bought Costco", author: "Jess Kim", source: "testdata",
			from: "front matter", published: utc(2026, 6, 3, 3, 15), minConf: 1, tickers: []string{"COST"},
			text: []string{"I've written about Costco (COST)"}, notText: []string{"+++", "ignored"},
		}}},
		{"markdown without front matter", "testdata/nofront.md", []want{{
			file: "testdata/nofront.md", title: "Three Stocks to Watch This Summer", author: "Jane Doe", source: "testdata",
			from: "byline", published: utc(2025, 6, 9, 0, 0), dateOnly: true, minConf: 0.8,
			text: []string{"We keep an eye on three names"}, notText: []string{"*", "#"},
		}}},
		{"eml quoted-printable plain part preferred", "testdata/newsletter.eml", []want{{
			file: "testdata/newsletter.eml", title: "Weekly picks: Meta — buy", author: "José García", source: "The Weekly Tipsheet",
			from: "header", published: utc(2025, 6, 9, 10, 55), minConf: 0.95,
			text:    []string{"our top pick this week — we think the shares can reach $800", "Recommendation:\n\n- Buy META below $700.\n\n- Avoid Snap"},
			notText: []string{"=E2", "=\r", "Apple slips", "Related"},
		}}},
		{"eml HTML-only part in latin-1 with attachment", "testdata/htmlonly.eml", []want{{
			file: "testdata/htmlonly.eml", title: "Morning note", author: "Market Desk", source: "research.example.net",
			from: "header", published: utc(2025, 6, 10, 6, 30), minConf: 0.95,
			text:    []string{"We upgrade Café Holdings to Outperform; fair value £ 12.", "Ticker | Rating\nCAFE | Outperform"},
			notText: []string{"Unsubscribe", "Log in", "JVBER"},
		}}},
		{"forwarded e-mail dates from the forwarded header", "testdata/forwarded.eml", []want{{
			file: "testdata/forwarded.eml", title: "Two calls for the autumn", author: "The Ledger", source: "ledger.example",
			from: "header", published: utc(2025, 9, 17, 0, 0), dateOnly: true, minConf: 0.9,
			text: []string{"We are adding to Caterpillar (CAT) this week."},
		}}},
		{"rss three items", "testdata/picks.rss", []want{
			{file: "testdata/picks.rss#1", title: "Buy Meta before earnings", author: "Jane Doe", source: "Value Picks Daily",
				from: "feed", published: utc(2025, 6, 9, 10, 55), minConf: 0.95, text: []string{"We rate Meta a buy."}, notText: []string{"Intel"}},
			{file: "testdata/picks.rss#2", title: "Trim Apple", author: "John Roe", source: "Value Picks Daily",
				from: "feed", published: utc(2025, 6, 10, 16, 5), minConf: 0.95, text: []string{"Take profits in Apple after the run."}},
			{file: "testdata/picks.rss#3", title: "Watch Nvidia", source: "Value Picks Daily",
				from: "feed", published: utc(2025, 6, 11, 13, 0), minConf: 0.95, text: []string{"Watch list\n\nNVDA | Watch\nAMD | Hold"}},
		}},
		{"atom three items", "testdata/picks.atom", []want{
			{file: "testdata/picks.atom#1", title: "Alphabet: accumulate", author: "Li Wei", source: "Growth Letter",
				from: "feed", published: utc(2025, 6, 9, 10, 55), minConf: 0.95, text: []string{"We would accumulate Alphabet on weakness."}},
			{file: "testdata/picks.atom#2", title: "Amazon: hold", author: "Li Wei", source: "Growth Letter",
				from: "feed", published: utc(2025, 6, 11, 12, 0), minConf: 0.6, text: []string{"Hold Amazon for the long term."}},
			{file: "testdata/picks.atom#3", title: "Tesla: avoid", source: "Growth Letter",
				from: "feed", published: utc(2025, 6, 12, 11, 0), minConf: 0.95, text: []string{"Stay away from Tesla for now."}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := ReadFile(tt.path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != len(tt.want) {
				t.Fatalf("got %d articles, want %d", len(arts), len(tt.want))
			}
			for i := range arts {
				checkArticle(t, arts[i], tt.want[i])
			}
			if len(arts) > 1 && arts[0].Hash == arts[1].Hash {
				t.Errorf("feed items share hash %s", arts[0].Hash)
			}
		})
	}
}
