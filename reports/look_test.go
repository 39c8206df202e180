package reports

import (
	"os"
	"path/filepath"

	"github.com/tipster/tipster/backtest"
	"testing"
)

// TestLook writes every chart of the fixtures to $REPORTS_LOOK for a human
// to look at; skipped unless the variable is set.
func TestLook(t *testing.T) {
	dir := os.Getenv("REPORTS_LOOK")
	if dir == "" {
		t.Skip("set REPORTS_LOOK=dir to write charts for inspection")
	}
	for name, res := range map[string]func() ([]byte, error){
		"big-equity":   func() ([]byte, error) { return EquityChart(bigResult(), "", true) },
		"big-drawdown": func() ([]byte, error) { return DrawdownChart(bigResult(), "") },
		"big-event":    func() ([]byte, error) { return EventStudyChart(bigResult(), "") },
		"big-signals":  func() ([]byte, error) { return SignalsChart(bigResult(), "", 63) },
		"big-monthly":  func() ([]byte, error) { return MonthlyReturnsChart(bigResult(), "") },
		"sm-equity":    func() ([]byte, error) { return EquityChart(smallResult(), "", false) },
		"sm-drawdown":  func() ([]byte, error) { return DrawdownChart(smallResult(), "") },
		"sm-event":     func() ([]byte, error) { return EventStudyChart(smallResult(), "") },
		"sm-signals":   func() ([]byte, error) { return SignalsChart(smallResult(), "", 1) },
		"sm-monthly":   func() ([]byte, error) { return MonthlyReturnsChart(smallResult(), "") },
		"ho-equity":    func() ([]byte, error) { return EquityChart(hostileResult(), "", false) },
		"ho-signals":   func() ([]byte, error) { return SignalsChart(hostileResult(), "", 1) },
		"oneday-equity": func() ([]byte, error) {
			r := smallResult()
			r.Dates, r.Equity, r.Benchmark, r.Drawdown, r.BenchmarkDrawdown = r.Dates[:1], r.Equity[:1], r.Benchmark[:1], nil, nil
			return EquityChart(r, "", true)
		},
		"oneday-drawdown": func() ([]byte, error) {
			r := smallResult()
			r.Dates, r.Equity, r.Benchmark, r.Drawdown, r.BenchmarkDrawdown = r.Dates[:1], r.Equity[:1], r.Benchmark[:1], nil, nil
			return DrawdownChart(r, "")
		},
		"mid-signals": func() ([]byte, error) {
			r := bigResult()
			r.Events = r.Events[:32]
			return SignalsChart(r, "", 63)
		},
	} {
		b, err := res()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLookReports writes whole reports of the fixtures to $REPORTS_LOOK.
func TestLookReports(t *testing.T) {
	dir := os.Getenv("REPORTS_LOOK")
	if dir == "" {
		t.Skip("set REPORTS_LOOK=dir to write reports for inspection")
	}
	for name, res := range map[string]func() *backtest.Result{"small": smallResult, "big": bigResult, "hostile": hostileResult} {
		if err := Write(t.Context(), filepath.Join(dir, name), res(), Options{Version: "test", Now: fixedNow, LogScale: name == "big"}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// TestLookBatch writes the sample batch's files to $REPORTS_LOOK/batch.
func TestLookBatch(t *testing.T) {
	dir := os.Getenv("REPORTS_LOOK")
	if dir == "" {
		t.Skip("set REPORTS_LOOK=dir to write the batch files for inspection")
	}
	out := filepath.Join(dir, "batch")
	os.MkdirAll(out, 0o755)
	if err := WriteBatch(t.Context(), out, sampleBatch(), BatchOptions{Title: "Example batch", Version: "test", Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
}
