//go:build unix

// The benchmarks report CPU seconds from getrusage as well as wall time, so
// their figures mean something on a shared, loaded machine; hence unix only.

package signals_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tipster/tipster/data/symbols"
	"github.com/tipster/tipster/signals"
	"github.com/tipster/tipster/signals/article"
)

// BenchmarkExtractCorpus measures extraction alone over every corpus
// article, already parsed: SetBytes is the size of the articles' main text,
// so MB/s is text extracted per second. One goroutine extracts, so with
// -cpu=1 the figure is per core.
//
//	go test ./signals -run='^$' -bench=ExtractCorpus -cpu=1 -benchtime=3s
func BenchmarkExtractCorpus(b *testing.B) {
	arts := readCorpus(b)
	ex := signals.NewExtractor(symbols.Builtin(), signals.ExtractOptions{})
	var n int64
	for _, ca := range arts {
		n += int64(len(ca.article.Text))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	for b.Loop() {
		for _, ca := range arts {
			ex.Extract(ca.article)
		}
	}
	cpu := cpuTime(b) - cpu0
	b.ReportMetric(float64(len(arts))*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(n)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
}

// cpuTime is the CPU time (user + system) the process has used so far, all
// threads included (the garbage collector's too). MB/cpu-s = bytes / 1e6 /
// CPU seconds is the throughput per core that the load of a shared machine
// does not distort the way it distorts wall time.
func cpuTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkParseExtractCorpus is BenchmarkExtractCorpus with the readers
// included: every corpus file's raw bytes go through article.Parse and each
// article through the extractor. SetBytes is the raw file size.
//
//	go test ./signals -run='^$' -bench=ParseExtractCorpus -cpu=1 -benchtime=3s
func BenchmarkParseExtractCorpus(b *testing.B) {
	type file struct {
		path string
		raw  []byte
	}
	var files []file
	var n int64
	for _, f := range corpusFiles(b) {
		path := filepath.Join(corpusArticles, filepath.FromSlash(f))
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, file{path, raw})
		n += int64(len(raw))
	}
	ex := signals.NewExtractor(symbols.Builtin(), signals.ExtractOptions{})
	b.SetBytes(n)
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	for b.Loop() {
		for _, f := range files {
			arts, err := article.Parse(f.path, f.raw, article.Options{})
			if err != nil {
				b.Fatalf("parse %s: %v", f.path, err)
			}
			for _, a := range arts {
				ex.Extract(a)
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/1e6/(cpuTime(b)-cpu0).Seconds(), "MB/cpu-s")
}

// folderSize is the number of article files BenchmarkExtractFolder writes.
const folderSize = 10_000

// writeFolderTo, when set, makes TestWriteFolder write the benchmark's
// 10,000-article folder there, to time the CLI on it end to end:
//
//	go test ./signals -run '^TestWriteFolder$' -corpus.writefolder=/tmp/tenk
//	go build -o /tmp/tipster ./cmd/tipster
//	cd "$(mktemp -d)" && time /tmp/tipster extract /tmp/tenk --format json --store "$PWD/store.db" >/dev/null
var writeFolderTo = flag.String("corpus.writefolder", "", "write the 10,000-article benchmark folder to this directory (TestWriteFolder)")

// TestWriteFolder writes the benchmark folder to -corpus.writefolder; it is
// skipped without the flag.
func TestWriteFolder(t *testing.T) {
	if *writeFolderTo == "" {
		t.Skip("no -corpus.writefolder")
	}
	n := writeFolder(t, *writeFolderTo, folderSize)
	t.Logf("wrote %d files, %d bytes, to %s", folderSize, n, *writeFolderTo)
}

// writeFolder fills dir with n article files made from the corpus, spread
// over sub-folders of 100 as an archive would be. Every copy is changed (a
// numbered line in the text, a numbered title or subject) in a way that
// keeps its format valid, so no two files share a hash and no cache can
// answer for another file. It returns the total bytes written.
func writeFolder(tb testing.TB, dir string, n int) int64 {
	tb.Helper()
	files := corpusFiles(tb)
	raws := make([][]byte, len(files))
	for i, f := range files {
		raw, err := os.ReadFile(filepath.Join(corpusArticles, filepath.FromSlash(f)))
		if err != nil {
			tb.Fatal(err)
		}
		raws[i] = raw
	}
	var total int64
	for i := range n {
		src := files[i%len(files)]
		raw := vary(src, raws[i%len(files)], i)
		sub := filepath.Join(dir, fmt.Sprintf("batch-%03d", i/100))
		if i%100 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				tb.Fatal(err)
			}
		}
		name := fmt.Sprintf("%05d-%s", i, filepath.Base(src))
		if err := os.WriteFile(filepath.Join(sub, name), raw, 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(len(raw))
	}
	return total
}

// vary returns a copy of raw changed by copy number i, the change chosen so
// the file stays valid in its format.
func vary(name string, raw []byte, i int) []byte {
	note := fmt.Sprintf("Archive copy %d.", i)
	beforeLast := func(marker, add string) []byte {
		if k := bytes.LastIndex(raw, []byte(marker)); k >= 0 {
			return insertAt(raw, k, add)
		}
		return append(bytes.Clone(raw), "\n"+add+"\n"...)
	}
	switch filepath.Ext(name) {
	case ".html", ".htm":
		return beforeLast("</body>", "<p>"+note+"</p>\n")
	case ".xml", ".rss", ".atom":
		// The first <title> is the channel's or feed's own title.
		if k := bytes.Index(raw, []byte("</title>")); k >= 0 {
			return insertAt(raw, k, " ("+note+")")
		}
		return bytes.Clone(raw)
	case ".eml":
		if k := bytes.Index(raw, []byte("\nSubject:")); k >= 0 {
			if e := bytes.IndexByte(raw[k+1:], '\n'); e >= 0 {
				return insertAt(raw, k+1+e, " ["+note+"]")
			}
		}
		return bytes.Clone(raw)
	default:
		return append(bytes.Clone(raw), "\n\n"+note+"\n"...)
	}
}

// insertAt returns a copy of raw with add inserted at offset k.
func insertAt(raw []byte, k int, add string) []byte {
	out := make([]byte, 0, len(raw)+len(add))
	out = append(out, raw[:k]...)
	out = append(out, add...)
	return append(out, raw[k:]...)
}

// BenchmarkExtractFolder extracts a folder of 10,000 articles cold.
// "cli" follows the path of `tipster extract` (cmd/tipster/extract.go):
// article.WalkWith reads and parses each file and the same goroutine
// extracts it, one article at a time. "parallel" lets article.Walk feed
// runtime.GOMAXPROCS extractors, one per core. Every iteration builds new
// extractors, so nothing is cached between runs; the store cache of the CLI
// is not included (signals may not import the SQLite driver): time the CLI
// itself on the folder TestWriteFolder writes for that. The target is under
// 10 s on 2 cores; s/folder is the figure to compare with it.
//
//	go test ./signals -run='^$' -bench=ExtractFolder -benchtime=2x
func BenchmarkExtractFolder(b *testing.B) {
	dir := b.TempDir()
	total := writeFolder(b, dir, folderSize)
	for _, bc := range []struct {
		name    string
		workers int
	}{
		{"cli", 0},
		{"parallel", runtime.GOMAXPROCS(0)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			var articles, recs int
			cpu0 := cpuTime(b)
			for b.Loop() {
				articles, recs = extractFolder(b, dir, bc.workers)
			}
			perRun := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(perRun, "s/folder")
			b.ReportMetric((cpuTime(b)-cpu0).Seconds()/float64(b.N), "cpu-s/folder")
			b.ReportMetric(float64(articles)/perRun, "articles/s")
			b.Logf("%d files, %d articles, %d recommendations, %d workers, %.2f s per folder", folderSize, articles, recs, bc.workers, perRun)
		})
	}
}

// extractFolder walks dir with article.Walk and extracts every article,
// in the walking goroutine when workers is 0 (as the CLI does), else with
// workers goroutines each holding its own extractor; it returns the number
// of articles and of recommendations.
func extractFolder(tb testing.TB, dir string, workers int) (articles, recs int) {
	tb.Helper()
	start := time.Now()
	var errs []error
	if workers == 0 {
		ex := signals.NewExtractor(symbols.Builtin(), signals.ExtractOptions{})
		errs = article.WalkWith(tb.Context(), []string{dir}, func(string) article.Options { return article.Options{} }, func(a article.Article) error {
			articles++
			recs += len(ex.Extract(a).Recommendations)
			return nil
		})
	} else {
		in := make(chan article.Article, 4*workers)
		counts := make([]int, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				ex := signals.NewExtractor(symbols.Builtin(), signals.ExtractOptions{})
				for a := range in {
					counts[w] += len(ex.Extract(a).Recommendations)
				}
			})
		}
		errs = article.Walk(tb.Context(), []string{dir}, article.Options{}, func(a article.Article) error {
			articles++
			in <- a
			return nil
		})
		close(in)
		wg.Wait()
		for _, c := range counts {
			recs += c
		}
	}
	if len(errs) > 0 {
		tb.Fatalf("walk %s: %d errors, first: %v", dir, len(errs), errs[0])
	}
	if d := time.Since(start); d > 10*time.Second {
		tb.Logf("folder of %d files took %v, over the 10 s target", folderSize, d)
	}
	return articles, recs
}

// TestFolderCopies checks that the copies BenchmarkExtractFolder writes are
// still valid in their format: each parses into as many articles as its
// original, with different bytes.
func TestFolderCopies(t *testing.T) {
	for _, f := range corpusFiles(t) {
		t.Run(f, func(t *testing.T) {
			path := filepath.Join(corpusArticles, filepath.FromSlash(f))
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			orig, err := article.Parse(path, raw, article.Options{})
			if err != nil {
				t.Fatalf("parse original: %v", err)
			}
			cp := vary(f, raw, 7)
			if bytes.Equal(cp, raw) {
				t.Fatalf("vary(%s) left the file unchanged", f)
			}
			got, err := article.Parse(path, cp, article.Options{})
			if err != nil {
				t.Fatalf("parse copy: %v", err)
			}
			if len(got) != len(orig) {
				t.Errorf("copy parses into %d articles, want %d as the original", len(got), len(orig))
			}
		})
	}
}
