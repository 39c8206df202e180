package article

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseHTML(t *testing.T) {
	b, err := os.ReadFile("testdata/furniture.html")
	if err != nil {
		t.Fatal(err)
	}
	arts, err := Parse("testdata/furniture.html", b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := arts[0]
	want := time.Date(2025, 6, 9, 10, 55, 0, 0, time.UTC)
	if !a.Published.Equal(want) || a.PublishedFrom != "meta" || a.PublishedConfidence < 0.9 {
		t.Errorf("Published = %v from %q (%.2f), want %v from meta", a.Published, a.PublishedFrom, a.PublishedConfidence, want)
	}
	for _, c := range []struct{ name, got, want string }{
		{"Title", a.Title, "Three Chip Stocks to Buy Now"},
		{"Author", a.Author, "Jane Doe"},
		{"Source", a.Source, "Example Markets"},
		{"URL", a.URL, "https://markets.example.com/chips-to-buy"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	for _, keep := range []string{
		"Our picks\n\nCompany | Ticker | Rating | Price target\nNvidia | NVDA | Buy | $180\nBroadcom | AVGO | Buy | $300\nMicron | MU | Accumulate | $140",
		"\n\nRecommendation:\n\nBuy Nvidia on any pullback",
		"- Nvidia: strong buy.\n\n- Intel: avoid.",
		"a place in a growth portfolio",
	} {
		if !strings.Contains(a.Text, keep) {
			t.Errorf("Text lacks %q; got:\n%s", keep, a.Text)
		}
	}
	for _, drop := range []string{"cookies", "Advertisement", "Markets\n", "Crypto", "Related", "Apple slips", "Tesla", "GME", "Sell everything", "Privacy", "Share on", "dataLayer", "display:none"} {
		if strings.Contains(a.Text, drop) {
			t.Errorf("Text keeps furniture %q; got:\n%s", drop, a.Text)
		}
	}
	if len(a.Warnings) != 0 {
		t.Errorf("Warnings = %q, want none", a.Warnings)
	}
}

func TestParseHTMLFurnitureOnlyDates(t *testing.T) {
	arts, err := ReadFile("testdata/furniture-only.html", Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := arts[0]
	if !a.Published.IsZero() {
		t.Errorf("Published = %v from %q, want zero", a.Published, a.PublishedFrom)
	}
	if !hasWarning(a.Warnings, "only dates are page furniture") || !hasWarning(a.Warnings, "Dec.15 2025") {
		t.Errorf("Warnings = %q, want the page-furniture warning quoting Dec.15 2025", a.Warnings)
	}
	if a.Title != "Meta bets on Scale AI" {
		t.Errorf("Title = %q", a.Title)
	}
	if strings.Contains(a.Text, "Gold rally") || !strings.Contains(a.Text, "Consider a small position") {
		t.Errorf("Text = %q", a.Text)
	}
}
