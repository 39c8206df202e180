package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// synthDays returns n weekdays from 2015-01-02.
func synthDays(n int) []time.Time {
	days := make([]time.Time, 0, n)
	d := time.Date(2015, 1, 2, 0, 0, 0, 0, time.UTC)
	for len(days) < n {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
		d = d.AddDate(0, 0, 1)
	}
	return days
}

// writeSyntheticPrices writes Yahoo-format CSV files for tickers into dir:
// geometric random walks from a fixed seed, with an adjusted close.
func writeSyntheticPrices(t testing.TB, dir string, tickers []string, days []time.Time, seed uint64) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for k, tk := range tickers {
		r := rand.New(rand.NewPCG(seed, uint64(k)))
		var b bytes.Buffer
		b.WriteString("Date,Open,High,Low,Close,Adj Close,Volume\n")
		px := 50 + 100*r.Float64()
		for _, d := range days {
			open := px * math.Exp(0.005*r.NormFloat64())
			cl := open * math.Exp(0.015*r.NormFloat64())
			hi := math.Max(open, cl) * (1 + 0.005*r.Float64())
			lo := math.Min(open, cl) * (1 - 0.005*r.Float64())
			fmt.Fprintf(&b, "%s,%.4f,%.4f,%.4f,%.4f,%.4f,%d\n", d.Format(time.DateOnly), open, hi, lo, cl, cl*0.98, 1000000+r.IntN(1000))
			px = cl
		}
		if err := os.WriteFile(filepath.Join(dir, tk+".csv"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeSignalsCSV writes n calls spread over days on tickers.
func writeSignalsCSV(t testing.TB, path string, tickers []string, days []time.Time, n int, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 99))
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"published", "ticker", "action", "strength", "source", "author"})
	actions := []string{"buy", "buy", "buy", "sell", "hold", "avoid"}
	strengths := []string{"strong", "normal", "weak"}
	for i := range n {
		d := days[20+r.IntN(len(days)-200)]
		w.Write([]string{d.Format(time.DateOnly), tickers[r.IntN(len(tickers))], actions[r.IntN(len(actions))],
			strengths[r.IntN(3)], fmt.Sprintf("Letter %d", i%3), "A. Writer"})
	}
	w.Flush()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// batchFixture writes prices, a signals CSV and a config for a batch into a
// temp folder and returns the config's path.
func batchFixture(t testing.TB, nTickers, nDays, nSignals int, backtests string) string {
	t.Helper()
	dir := t.TempDir()
	tickers := []string{"SPY"}
	for i := range nTickers {
		tickers = append(tickers, fmt.Sprintf("T%03d", i))
	}
	days := synthDays(nDays)
	writeSyntheticPrices(t, filepath.Join(dir, "prices"), tickers, days, 7)
	writeSignalsCSV(t, filepath.Join(dir, "calls.csv"), tickers[1:], days, nSignals, 7)
	cfg := fmt.Sprintf(`data:
  provider: csv
  csv_dir: prices
  store: store.db
  offline: true
defaults:
  benchmark: SPY
  bootstrap: 200
output: out
backtests:
%s`, backtests)
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runTipster(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestRunBatchIsolatesFailures(t *testing.T) {
	cfg := batchFixture(t, 5, 300, 40, `  - name: good
    signals: calls.csv
  - name: no-match
    signals: calls.csv
    filter: {sources: [Nobody]}
  - name: bad-benchmark
    signals: calls.csv
    benchmark: NOPE
  - name: also-good
    signals: calls.csv
    holding_days: 5
`)
	code, _, stderr := runTipster(t, "--config", cfg, "run")
	if code != exitFailure {
		t.Fatalf("exit = %d, want %d (stderr:\n%s)", code, exitFailure, stderr)
	}
	out := filepath.Join(filepath.Dir(cfg), "out")
	for _, name := range []string{"good", "also-good"} {
		for _, f := range []string{"metrics.json", "equity.csv", "trades.csv", "events.csv", "skipped.csv", "signals.csv", "equity.png", "drawdown.png", "report.html", "summary.md"} {
			if st, err := os.Stat(filepath.Join(out, name, f)); err != nil || st.Size() == 0 {
				t.Errorf("%s/%s missing or empty: %v", name, f, err)
			}
		}
	}
	for _, name := range []string{"no-match", "bad-benchmark"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("failed backtest %s left a folder", name)
		}
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"no-match", "the filter matches none", "bad-benchmark", "NOPE"} {
		if !strings.Contains(string(summary), want) {
			t.Errorf("summary.csv does not mention %q:\n%s", want, summary)
		}
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(index), "bad-benchmark") {
		t.Error("index.html does not list the failed backtest")
	}
	if !strings.Contains(stderr, "bad-benchmark") {
		t.Errorf("stderr does not name the failed backtest:\n%s", stderr)
	}
}

func TestRunBatchReproducible(t *testing.T) {
	cfg := batchFixture(t, 8, 400, 60, `  - name: one
    signals: calls.csv
  - name: two
    signals: calls.csv
    sizing: strength
    commission_bps: 10
`)
	out := filepath.Dir(cfg)
	read := func(dir string) map[string]string {
		files := map[string]string{}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if ext := filepath.Ext(p); ext == ".csv" || filepath.Base(p) == "metrics.json" {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				files[rel] = string(b)
			}
			return nil
		})
		return files
	}
	var runs []map[string]string
	for i := range 2 {
		dir := filepath.Join(out, fmt.Sprintf("run%d", i))
		if code, _, stderr := runTipster(t, "--config", cfg, "run", "--out", dir, "--jobs", "2"); code != 0 {
			t.Fatalf("run %d exit %d:\n%s", i, code, stderr)
		}
		runs = append(runs, read(dir))
	}
	if len(runs[0]) < 10 {
		t.Fatalf("only %d data files written: %v", len(runs[0]), runs[0])
	}
	for name, a := range runs[0] {
		if b := runs[1][name]; a != b {
			t.Errorf("%s differs between two runs of the same config and data", name)
		}
	}
}

// TestRunInterrupt sends SIGINT to a real tipster process in the middle of
// a batch: it must exit 130 within 2 s and leave no partial files.
func TestRunInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	var specs strings.Builder
	for i := range 40 {
		fmt.Fprintf(&specs, "  - name: bt%02d\n    signals: calls.csv\n    holding_days: %d\n", i, 5+i)
	}
	cfg := batchFixture(t, 20, 1500, 300, specs.String())
	bin := filepath.Join(t.TempDir(), "tipster")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(filepath.Dir(cfg), "out")
	cmd := exec.Command(bin, "--config", cfg, "run", "--jobs", "2")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	started := false
	for sc.Scan() {
		if strings.Contains(sc.Text(), "backtest done") {
			started = true
			break
		}
	}
	if !started {
		cmd.Wait()
		t.Fatal("the batch finished or failed before any backtest was done")
	}
	go func() {
		for sc.Scan() {
		}
	}()
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("tipster did not exit within 5 s of SIGINT")
	}
	if took := time.Since(sent); took > 2*time.Second {
		t.Errorf("exit took %v after SIGINT, want < 2 s", took)
	}
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Errorf("exit code = %d, want %d", code, exitInterrupted)
	}
	// No partial files: every report folder is complete, and no temp files remain.
	entries, _ := os.ReadDir(out)
	complete := 0
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.Contains(name, ".tmp") {
			t.Errorf("temp file left behind: %s", name)
		}
		if !e.IsDir() {
			continue
		}
		for _, f := range []string{"metrics.json", "report.html", "equity.png", "trades.csv"} {
			if _, err := os.Stat(filepath.Join(out, name, f)); err != nil {
				t.Errorf("partial report %s: %s missing", name, f)
			}
		}
		sub, _ := os.ReadDir(filepath.Join(out, name))
		for _, s := range sub {
			if strings.HasPrefix(s.Name(), ".") || strings.Contains(s.Name(), ".tmp") {
				t.Errorf("temp file left behind: %s/%s", name, s.Name())
			}
		}
		complete++
	}
	if complete >= 40 {
		t.Errorf("all %d backtests completed: the interrupt came too late to test anything", complete)
	}
	t.Logf("interrupted after %d complete reports; exit %d in %v", complete, cmd.ProcessState.ExitCode(), time.Since(sent))
}

// BenchmarkSweep200 is issue #6's scale target: a sweep of 200 variants on
// 100 tickers (10 years of daily bars, 1,000 calls), every report and PNG
// included, end to end through `tipster run`. It reports the process's peak
// resident memory (VmHWM) as peak-MiB.
func BenchmarkSweep200(b *testing.B) {
	benchmarkSweep(b, "[5, 10, 21, 42, 63, 84, 105, 126, 189, 252]", "[5, 10, 20, 40, 80]", "[0, 5, 10, 25]")
}

// BenchmarkSweep20 is a tenth of BenchmarkSweep200, for profiling.
func BenchmarkSweep20(b *testing.B) {
	benchmarkSweep(b, "[5, 21, 63, 126, 252]", "[10, 40]", "[0, 10]")
}

func benchmarkSweep(b *testing.B, holding, maxPos, commission string) {
	cfg := batchFixture(b, 100, 2520, 1000, fmt.Sprintf(`  - name: sweep
    signals: calls.csv
sweep:
  grid:
    holding_days: %s
    max_positions: %s
    commission_bps: %s
`, holding, maxPos, commission))
	// Fill the store once: the benchmark measures the batch, not the CSV import.
	if code, _, stderr := runTipster(b, "--config", cfg, "run", "--out", b.TempDir(), "--only", fmt.Sprintf("sweep commission_bps=%s,holding_days=%s,max_positions=%s", first(commission), first(holding), first(maxPos))); code != 0 {
		b.Fatalf("warm-up exit %d:\n%s", code, stderr)
	}
	b.ResetTimer()
	for b.Loop() {
		out := b.TempDir()
		if code, _, stderr := runTipster(b, "--config", cfg, "run", "--out", out); code != 0 {
			b.Fatalf("exit %d:\n%s", code, stderr)
		}
	}
	b.StopTimer()
	if hwm := peakRSS(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "peak-MiB")
	}
}

// peakRSS returns the process's peak resident set size in bytes (Linux).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb << 10
		}
	}
	return 0
}

// first returns the first value of a YAML flow list such as "[5, 10]".
func first(list string) string {
	v, _, _ := strings.Cut(strings.Trim(list, "[]"), ",")
	return strings.TrimSpace(v)
}
