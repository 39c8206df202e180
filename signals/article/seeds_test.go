package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sharedDir finds ../shared next to the repository, walking up from the
// package directory; the test skips when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			s := filepath.Join(dir, "..", "shared")
			if _, err := os.Stat(filepath.Join(s, "seeds")); err != nil {
				t.Skipf("shared material absent: %v", err)
			}
			return s
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Skip("repository root not found")
		}
		dir = up
	}
}

func TestSeeds(t *testing.T) {
	seeds := filepath.Join(sharedDir(t), "seeds")
	t.Run("004 byline date and AI agent author", func(t *testing.T) {
		arts, err := ReadFile(filepath.Join(seeds, "004_fea632da15b76e74.txt"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != 1 {
			t.Fatalf("got %d articles, want 1", len(arts))
		}
		a := arts[0]
		want := time.Date(2025, 6, 9, 10, 55, 0, 0, time.UTC)
		if !a.Published.Equal(want) || a.DateOnly {
			t.Errorf("Published = %v (dateOnly %v), want %v", a.Published, a.DateOnly, want)
		}
		if a.PublishedFrom != "byline" || a.PublishedConfidence < 0.8 {
			t.Errorf("PublishedFrom = %q (%.2f), want byline >= 0.8", a.PublishedFrom, a.PublishedConfidence)
		}
		if a.Author != "Albert Fox" {
			t.Errorf("Author = %q, want Albert Fox", a.Author)
		}
		if want := "Meta's $10 Billion Bet on Scale AI: A Strategic Play for Dominance in the AI Arms Race"; a.Title != want {
			t.Errorf("Title = %q, want %q", a.Title, want)
		}
		if a.Source != "seeds" {
			t.Errorf("Source = %q, want seeds (folder name)", a.Source)
		}
		if !strings.Contains(a.Text, "\n\nRecommendation:\n\n- Buy: For long-term investors") {
			t.Errorf("Text lacks the Recommendation heading on its own line:\n%s", a.Text)
		}
		for _, furniture := range []string{"No comments yet", "Add a public comment", "triple-top breakout"} {
			if strings.Contains(a.Text, furniture) {
				t.Errorf("Text keeps furniture %q", furniture)
			}
		}
		if len(a.Warnings) != 0 {
			t.Errorf("Warnings = %q, want none", a.Warnings)
		}
	})
	t.Run("000 only page furniture dates", func(t *testing.T) {
		arts, err := ReadFile(filepath.Join(seeds, "000_690a9cc8ba11dbf3.txt"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		a := arts[0]
		if !a.Published.IsZero() {
			t.Errorf("Published = %v from %q, want zero (only furniture dates)", a.Published, a.PublishedFrom)
		}
		if len(a.Warnings) != 1 || !hasWarning(a.Warnings, "only dates are page furniture") {
			t.Errorf("Warnings = %q, want one saying the only dates are page furniture", a.Warnings)
		}
		if !hasWarning(a.Warnings, `"Dec.15 2025"`) {
			t.Errorf("Warnings = %q, want the furniture date quoted", a.Warnings)
		}
		if strings.Contains(a.Text, "Dec.15 2025") {
			t.Errorf("Text keeps the furniture dates")
		}
		if !strings.Contains(a.Text, "Investment Recommendation:\n\n- Scale AI: Hold") {
			t.Errorf("Text lacks the recommendation section:\n%s", a.Text)
		}
		if a.Author != "" {
			t.Errorf("Author = %q, want none", a.Author)
		}
	})
}
