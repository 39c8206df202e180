package article

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCorpusPublished scores the published dates read from the labelled
// corpus (signals/testdata/corpus, written by hand from the text alone)
// against its labels: precision over the dates we give, recall over the
// dates the labels have.
func TestCorpusPublished(t *testing.T) {
	dir := filepath.Join("..", "testdata", "corpus")
	raw, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	var labels map[string]struct {
		Published *string `json:"published"`
	}
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatal(err)
	}
	got := map[string]Article{}
	errs := Walk(t.Context(), []string{filepath.Join(dir, "articles")}, Options{}, func(a Article) error {
		rel, _ := filepath.Rel(filepath.Join(dir, "articles"), a.File)
		got[filepath.ToSlash(rel)] = a
		return nil
	})
	for _, e := range errs {
		t.Logf("walk: %v", e)
	}
	var given, correct, labelled, found int
	for key, l := range labels {
		a, ok := got[key]
		if !ok {
			t.Logf("%s: labelled but not read", key)
			continue
		}
		if l.Published != nil {
			labelled++
		}
		if a.Published.IsZero() {
			if l.Published != nil {
				t.Logf("MISS %s: want %s, got none (warnings %q)", key, *l.Published, a.Warnings)
			}
			continue
		}
		given++
		if l.Published == nil {
			t.Logf("EXTRA %s: want none, got %v from %s (%.2f)", key, a.Published, a.PublishedFrom, a.PublishedConfidence)
			continue
		}
		if samePublished(a, *l.Published) {
			correct++
			found++
		} else {
			t.Logf("WRONG %s: want %s, got %v dateOnly=%v from %s", key, *l.Published, a.Published.Format(time.RFC3339), a.DateOnly, a.PublishedFrom)
		}
	}
	p, r := float64(correct)/float64(max(given, 1)), float64(found)/float64(max(labelled, 1))
	t.Logf("published dates: precision %.3f (%d/%d), recall %.3f (%d/%d)", p, correct, given, r, found, labelled)
	if p < 0.95 || r < 0.90 {
		t.Errorf("published dates: precision %.3f, recall %.3f; want >= 0.95 and >= 0.90", p, r)
	}
}

// samePublished compares an article's time with a label: a date-only label
// matches the calendar date; a timed label the instant.
func samePublished(a Article, label string) bool {
	if !strings.Contains(label, "T") {
		if a.DateOnly {
			return a.Published.Format(time.DateOnly) == label
		}
		return false
	}
	want, err := time.Parse(time.RFC3339, label)
	return err == nil && !a.DateOnly && a.Published.Equal(want)
}
