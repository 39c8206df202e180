package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tipster/tipster/data"
)

// The tests in this file run tipster as separate processes: the test binary
// re-executes itself into TestPricesHelperProcess, which runs the command
// line in TIPSTER_PRICES_HELPER_ARGS (fields separated by \x1f) and exits.

const pricesHelperEnv = "TIPSTER_PRICES_HELPER_ARGS"

func TestPricesHelperProcess(t *testing.T) {
	args, ok := os.LookupEnv(pricesHelperEnv)
	if !ok {
		return // not a helper: nothing to do
	}
	os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

// pricesProcess returns a command running tipster with args in a child process.
func pricesProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPricesHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), pricesHelperEnv+"="+strings.Join(args, "\x1f"))
	return cmd
}

// pricesBigCSV writes n weekday bars from 0400-01-03 (old dates, so that
// hundreds of thousands of rows fit before today): close = base + (i % 1000)/100,
// a smooth saw that Validate finds nothing wrong with.
func pricesBigCSV(t *testing.T, path string, n int, base float64) {
	t.Helper()
	var b bytes.Buffer
	b.Grow(n * 64)
	b.WriteString("Date,Open,High,Low,Close,Adj Close,Volume\n")
	d := time.Date(400, 1, 3, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			c := pricesBigClose(i, base)
			fmt.Fprintf(&b, "%s,%g,%g,%g,%g,%g,%d\n", d.Format(time.DateOnly), c, c+1, c-1, c, c, 1000+i)
			i++
		}
		d = d.AddDate(0, 0, 1)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func pricesBigClose(i int, base float64) float64 { return base + float64(i%1000)/100 }

// pricesCheckBig checks that the store holds exactly n bars of ticker
// written by pricesBigCSV with base, and that the store is consistent.
func pricesCheckBig(t *testing.T, s *data.Store, ticker string, n int, base float64) error {
	t.Helper()
	bars, err := s.Bars(t.Context(), ticker, data.Range{})
	if err != nil {
		return err
	}
	if len(bars) != n {
		return fmt.Errorf("%s has %d bars, want %d", ticker, len(bars), n)
	}
	for i, b := range bars {
		if c := pricesBigClose(i, base); b.Close != c || b.Open != c || b.High != c+1 || b.Volume != float64(1000+i) {
			return fmt.Errorf("%s bar %d (%s): close %v volume %v, want %v and %d", ticker, i, b.Date.Format(time.DateOnly), b.Close, b.Volume, c, 1000+i)
		}
	}
	return nil
}

// TestPricesKillMidImport kills (SIGKILL) a process importing 500,000 rows
// (125,000 under -race)
// while it is writing them, and checks that the store then opens, passes
// integrity_check and the store's own consistency check, and holds the old
// data of the ticker, whole, never a mix of old and new rows.
func TestPricesKillMidImport(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large file and runs subprocesses")
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "store.db")
	oldN, newN := 120_000, 500_000
	if pricesRace {
		oldN, newN = 10_000, 125_000 // still killed after 100,000 rows, 25,000 before the end
	}
	oldCSV, newCSV := filepath.Join(dir, "old.csv"), filepath.Join(dir, "new.csv")
	pricesBigCSV(t, oldCSV, oldN, 100)
	pricesBigCSV(t, newCSV, newN, 500)
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("data:\n  provider: yahoo\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// The old data, imported whole.
	if out, err := pricesProcess(t, "--config", cfg, "--store", store, "prices", "import", oldCSV, "--ticker", "BIG").CombinedOutput(); err != nil {
		t.Fatalf("old import: %v\n%s", err, out)
	}

	// The new data, killed once it has written 100,000 of its rows inside
	// its transaction (the store logs its progress at debug level).
	cmd := pricesProcess(t, "-v", "--config", cfg, "--store", store, "prices", "import", newCSV, "--ticker", "BIG")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var seen []string
	killed := false
	for sc.Scan() {
		line := sc.Text()
		seen = append(seen, line)
		if strings.Contains(line, `msg="store: writing"`) && strings.Contains(line, "rows=100000 ") {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
	}
	go func() { // drain, so the child never blocks on a full pipe
		for sc.Scan() {
		}
	}()
	err = cmd.Wait()
	if !killed {
		t.Fatalf("the import never reported writing row 100000 (exit %v); stderr:\n%s", err, strings.Join(seen, "\n"))
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !ee.Sys().(syscall.WaitStatus).Signaled() || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the import was not killed by SIGKILL: %v", err)
	}

	s, err := data.Open(t.Context(), store)
	if err != nil {
		t.Fatalf("Open after the kill: %v", err)
	}
	defer s.Close()
	if err := s.Check(t.Context()); err != nil {
		t.Fatalf("Check after the kill: %v", err)
	}
	oldErr := pricesCheckBig(t, s, "BIG", oldN, 100)
	newErr := pricesCheckBig(t, s, "BIG", newN, 500)
	switch {
	case oldErr == nil:
		t.Logf("after the kill the store holds the old %d rows, whole", oldN)
	case newErr == nil:
		t.Errorf("the new rows are all there: the kill came after the commit, not mid-write")
	default:
		t.Fatalf("after the kill the store holds neither the old nor the new data:\nold: %v\nnew: %v", oldErr, newErr)
	}

	// The store is usable: the same import now runs to the end.
	if out, err := pricesProcess(t, "--config", cfg, "--store", store, "prices", "import", newCSV, "--ticker", "BIG").CombinedOutput(); err != nil {
		t.Fatalf("import after the kill: %v\n%s", err, out)
	}
	if err := pricesCheckBig(t, s, "BIG", newN, 500); err != nil {
		t.Fatalf("after re-importing: %v", err)
	}
	if err := s.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestPricesConcurrentImports runs several `tipster prices import` processes
// at once on one store that none of them has created yet: all succeed (no
// "database is locked"), and every ticker is stored whole.
func TestPricesConcurrentImports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs subprocesses")
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "new", "store.db")
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("data:\n  provider: yahoo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type job struct {
		ticker string
		n      int
		base   float64
	}
	jobs := []job{{"AAA", 60_000, 10}, {"BBB", 40_000, 20}, {"CCC", 50_000, 30}, {"DDD", 30_000, 40}}
	if pricesRace {
		for i := range jobs {
			jobs[i].n /= 10
		}
	}
	cmds := make([]*exec.Cmd, len(jobs))
	outs := make([]*bytes.Buffer, len(jobs))
	for i, j := range jobs {
		f := filepath.Join(dir, j.ticker+".csv")
		pricesBigCSV(t, f, j.n, j.base)
		cmds[i] = pricesProcess(t, "--config", cfg, "--store", store, "prices", "import", f)
		outs[i] = new(bytes.Buffer)
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
	}
	for _, c := range cmds { // start together, so they race to create the store
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("import of %s failed: %v\n%s", jobs[i].ticker, err, outs[i])
		}
	}
	s, err := data.Open(t.Context(), store)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, j := range jobs {
		if err := pricesCheckBig(t, s, j.ticker, j.n, j.base); err != nil {
			t.Error(err)
		}
	}
	if err := s.Check(t.Context()); err != nil {
		t.Error(err)
	}
	if n, err := s.SchemaVersion(t.Context()); err != nil || n < 1 {
		t.Errorf("SchemaVersion = %d, %v", n, err)
	}
}
