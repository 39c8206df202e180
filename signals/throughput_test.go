package signals_test

import (
	"path/filepath"
	"testing"

	"github.com/tipster/tipster/signals"
	"github.com/tipster/tipster/signals/article"
)

// BenchmarkExtract measures extraction alone (articles already read) over
// the labelled corpus; MB/s is of article text.
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("testdata/corpus/articles/*")
	var arts []article.Article
	size := 0
	for _, f := range files {
		as, err := article.ReadFile(f, article.Options{})
		if err != nil {
			continue
		}
		for _, a := range as {
			arts = append(arts, a)
			size += len(a.Text) + len(a.Title)
		}
	}
	if len(arts) == 0 {
		b.Skip("no corpus articles")
	}
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			e.Extract(a)
		}
	}
}
