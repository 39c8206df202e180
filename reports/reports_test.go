package reports

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tipster/tipster/backtest"
	"gonum.org/v1/plot/cmpimg"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.* files")

// goldenCompare compares got with testdata/name, rewriting it under -update.
func goldenText(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, truncate(string(got), 3000))
	}
}

// goldenPNG compares a chart with testdata/name within cmpimg's 1% tolerance.
func goldenPNG(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	ok, err := cmpimg.EqualApprox("png", got, want, 0.01)
	if err != nil {
		t.Fatalf("compare %s: %v", name, err)
	}
	if !ok {
		out := filepath.Join(t.ArtifactDir(), name)
		os.WriteFile(out, got, 0o644)
		t.Errorf("%s differs from the golden image beyond 1%%; got written to %s", name, out)
	}
}

func TestGoldenText(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "small")
	opt := Options{Version: "v0.0.0-test", Now: fixedNow}
	if err := Write(t.Context(), dir, smallResult(), opt); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{FileSummary, FileMetrics, FileTrades, FileEvents, FileSkipped, FileSignals, FileEquity} {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			goldenText(t, "small."+name+".golden", got)
		})
	}
}

func TestGoldenCharts(t *testing.T) {
	small, big := smallResult(), bigResult()
	empty := smallResult()
	empty.Trades, empty.Events, empty.Study = nil, nil, backtest.Study{}
	tests := []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"small-equity", func() ([]byte, error) { return EquityChart(small, "", false) }},
		{"small-drawdown", func() ([]byte, error) { return DrawdownChart(small, "") }},
		{"small-event_study", func() ([]byte, error) { return EventStudyChart(small, "") }},
		{"small-signals", func() ([]byte, error) { return SignalsChart(small, "", 1) }},
		{"small-monthly_returns", func() ([]byte, error) { return MonthlyReturnsChart(small, "") }},
		{"big-equity-log", func() ([]byte, error) { return EquityChart(big, "", true) }},
		{"big-monthly_returns", func() ([]byte, error) { return MonthlyReturnsChart(big, "") }},
		{"empty-event_study", func() ([]byte, error) { return EventStudyChart(empty, "") }},
		{"leaderboard", func() ([]byte, error) { return LeaderboardChart(sampleBatch(), BatchOptions{}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			goldenPNG(t, tt.name+".golden.png", got)
		})
	}
}

// TestChartsReadable checks every chart of every fixture, including the
// empty and one-day cases, decodes as a PNG of at least 1200×600.
func TestChartsReadable(t *testing.T) {
	oneDay := smallResult()
	oneDay.Dates, oneDay.Equity, oneDay.Benchmark = oneDay.Dates[:1], oneDay.Equity[:1], oneDay.Benchmark[:1]
	oneDay.Drawdown, oneDay.BenchmarkDrawdown, oneDay.Exposure = nil, nil, nil
	noDays := smallResult()
	noDays.Dates, noDays.Equity, noDays.Benchmark, noDays.Drawdown, noDays.BenchmarkDrawdown = nil, nil, nil, nil, nil
	noDays.Trades, noDays.Events, noDays.Study = nil, nil, backtest.Study{}
	zero := &backtest.Result{}
	for name, res := range map[string]*backtest.Result{
		"small": smallResult(), "big": bigResult(), "hostile": hostileResult(), "one day": oneDay, "no days": noDays, "zero": zero,
	} {
		t.Run(name, func(t *testing.T) {
			charts, err := Charts(t.Context(), res, Options{LogScale: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range chartNames {
				img, err := png.Decode(bytes.NewReader(charts[n]))
				if err != nil {
					t.Fatalf("%s: %v", n, err)
				}
				if b := img.Bounds(); b.Dx() < 1200 || b.Dy() < 600 {
					t.Errorf("%s is %d×%d, want at least 1200×600", n, b.Dx(), b.Dy())
				}
			}
		})
	}
}

func TestWriteDeterministic(t *testing.T) {
	res := bigResult()
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if err := Write(t.Context(), a, res, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if err := Write(t.Context(), b, bigResult(), Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{FileMetrics, FileEquity, FileTrades, FileEvents, FileSkipped, FileSignals, FileSummary, FileHTML} {
		x, _ := os.ReadFile(filepath.Join(a, n))
		y, _ := os.ReadFile(filepath.Join(b, n))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s: two writes of the same Result differ (or are empty: %d bytes)", n, len(x))
		}
	}
}

// listDir returns the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteWholeOrNothing(t *testing.T) {
	t.Run("cancelled before", func(t *testing.T) {
		parent := t.TempDir()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		err := Write(ctx, filepath.Join(parent, "r"), smallResult(), Options{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Write(cancelled) = %v, want context.Canceled", err)
		}
		if got := listDir(t, parent); len(got) != 0 {
			t.Errorf("cancelled Write left %v", got)
		}
	})
	t.Run("cancelled mid-way", func(t *testing.T) {
		// The context turns cancelled after two files are on disk in the
		// temporary folder: nothing may remain.
		for _, after := range []int{0, 1, 2, 3} {
			parent := t.TempDir()
			ctx := &countdownCtx{Context: t.Context(), left: after}
			files := []file{{"a.csv", []byte("a")}, {"b.csv", []byte("b")}, {"c.csv", []byte("c")}}
			err := publishDir(ctx, filepath.Join(parent, "r"), files)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("publishDir cancelled after %d checks = %v, want context.Canceled", after, err)
			}
			if got := listDir(t, parent); len(got) != 0 {
				t.Errorf("publish cancelled after %d checks left %v", after, got)
			}
		}
	})
	t.Run("replaces an old report", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "r")
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "stale.png"), []byte("old"), 0o644)
		if err := Write(t.Context(), dir, smallResult(), Options{NoCharts: true}); err != nil {
			t.Fatal(err)
		}
		if got := listDir(t, parent); len(got) != 1 || got[0] != "r" {
			t.Errorf("parent holds %v, want only r", got)
		}
		names := strings.Join(listDir(t, dir), " ")
		if strings.Contains(names, "stale") || !strings.Contains(names, FileMetrics) || strings.Contains(names, ".png") {
			t.Errorf("report folder holds %s", names)
		}
	})
	t.Run("removes leftovers of a killed run", func(t *testing.T) {
		parent := t.TempDir()
		os.MkdirAll(filepath.Join(parent, ".r.tmp-123", "x"), 0o755)
		os.MkdirAll(filepath.Join(parent, ".other.tmp-1"), 0o755)
		if err := Write(t.Context(), filepath.Join(parent, "r"), smallResult(), Options{NoCharts: true}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(listDir(t, parent), " "); got != ".other.tmp-1 r" {
			t.Errorf("parent holds %q, want %q", got, ".other.tmp-1 r")
		}
	})
	t.Run("unwritable parent", func(t *testing.T) {
		parent := t.TempDir()
		blocker := filepath.Join(parent, "file")
		os.WriteFile(blocker, nil, 0o644)
		if err := Write(t.Context(), filepath.Join(blocker, "r"), smallResult(), Options{NoCharts: true}); err == nil {
			t.Error("Write under a regular file succeeded")
		}
	})
	t.Run("data only", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "d")
		if err := WriteData(t.Context(), dir, smallResult(), Options{}); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(listDir(t, dir), " ")
		if want := "equity.csv events.csv metrics.json signals.csv skipped.csv trades.csv"; got != want {
			t.Errorf("WriteData wrote %q, want %q", got, want)
		}
	})
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "x.csv")
	for _, content := range []string{"first", "second"} {
		if err := WriteFileAtomic(name, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(name)
		if string(got) != content {
			t.Errorf("file holds %q, want %q", got, content)
		}
	}
	if got := listDir(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v, want only x.csv", got)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "x"), nil); err == nil {
		t.Error("WriteFileAtomic into a missing folder succeeded")
	}
}

// countdownCtx reports no error for its first left calls to Err, then
// context.Canceled: a cancellation that lands in the middle of a write.
type countdownCtx struct {
	context.Context
	left int
}

func (c *countdownCtx) Err() error {
	if c.left <= 0 {
		return context.Canceled
	}
	c.left--
	return nil
}
