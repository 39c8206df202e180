package article

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden.txt")

// render prints what a reader made of a file, for golden comparison.
func render(arts []Article) string {
	var b strings.Builder
	for _, a := range arts {
		pub := "none"
		if !a.Published.IsZero() {
			pub = a.Published.Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "file: %s\ntitle: %s\nauthor: %s\nsource: %s\nurl: %s\ntickers: %s\npublished: %s dateOnly=%v from=%q confidence=%.2f\n",
			filepath.ToSlash(a.File), a.Title, a.Author, a.Source, a.URL, strings.Join(a.Tickers, ","), pub, a.DateOnly, a.PublishedFrom, a.PublishedConfidence)
		for _, w := range a.Warnings {
			fmt.Fprintf(&b, "warning: %s\n", filepath.ToSlash(w))
		}
		fmt.Fprintf(&b, "---\n%s\n===\n", a.Text)
	}
	return b.String()
}

// TestGolden pins the full output of every reader on the fixtures, so a
// change in text layout (which the extractor's sentence splitting relies
// on) shows up as a diff. Refresh with go test -run TestGolden -update.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			arts, err := ReadFile(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := render(arts)
			golden := filepath.Join("testdata", "golden", filepath.Base(f)+".golden.txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\ngot:\n%s\nwant:\n%s", f, golden, got, want)
			}
		})
	}
}
