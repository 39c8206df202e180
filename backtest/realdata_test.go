package backtest

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// sharedDir walks up from the package directory to the directory holding
// shared/ next to the repository; empty when there is none.
func sharedDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, "shared", "data")); err == nil && fi.IsDir() {
			return filepath.Join(dir, "shared")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// readYahooCSV is a tiny reader of Yahoo exports
// (Date,Open,High,Low,Close,Adj Close,Volume) for these tests only.
func readYahooCSV(t *testing.T, path string) *data.Series {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	s := &data.Series{Ticker: filepath.Base(path)}
	for _, r := range rows[1:] {
		d, err := time.Parse(time.DateOnly, r[0])
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var v [6]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(r[i+1], 64); err != nil {
				v[i] = math.NaN()
			}
		}
		s.Dates = append(s.Dates, d)
		s.Open, s.High, s.Low = append(s.Open, v[0]), append(s.High, v[1]), append(s.Low, v[2])
		s.Close, s.AdjClose, s.Volume = append(s.Close, v[3]), append(s.AdjClose, v[4]), append(s.Volume, v[5])
	}
	return s
}

// TestSeedCallsOnRealPrices backtests the seed articles' calls against SPY
// from 2025-06-02 through 2026-05-15 with the default options.
func TestSeedCallsOnRealPrices(t *testing.T) {
	shared := sharedDir()
	if shared == "" {
		t.Skip("../shared is absent")
	}
	dir := filepath.Join(shared, "data", "prices", "kinryukii-us-tech-quant-prices_full")
	if _, err := os.Stat(filepath.Join(dir, "META.csv")); err != nil {
		t.Skip("no META.csv in shared data")
	}
	meta, spy := readYahooCSV(t, filepath.Join(dir, "META.csv")), readYahooCSV(t, filepath.Join(dir, "SPY.csv"))
	px := map[string]*data.Series{"META": meta, "SPY": spy}
	sigs := []signals.Signal{
		{ // 004: "Monday, Jun 9, 2025 6:55 am ET", a buy of META.
			Published: time.Date(2025, 6, 9, 6, 55, 0, 0, time.FixedZone("EDT", -4*3600)).UTC(),
			Ticker:    "META", Entity: "Meta Platforms", Action: signals.Buy, Strength: signals.Normal,
			Source: "AInvest", Author: "Albert Fox", Tradable: true,
		},
		{ // 000: "Consider a small position", a weak buy, dated only.
			Published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), DateOnly: true,
			Ticker: "META", Entity: "Meta Platforms", Action: signals.Buy, Strength: signals.Weak,
			Source: "AInvest Newsletter", Tradable: true,
		},
		{ // 000: Scale AI, "avoid until regulatory clarity emerges".
			Published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), DateOnly: true,
			Entity: "Scale AI", Action: signals.Avoid, Conditions: "until regulatory clarity emerges",
			Source: "AInvest Newsletter", Reason: "not tradable: private company",
		},
	}
	opt := DefaultOptions()
	opt.Start, opt.End = time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC)
	r, err := Run(t.Context(), sigs, px, opt)
	if err != nil {
		t.Fatal(err)
	}

	// The expected entry straight from the file: the 2025-06-09 row,
	// open × adj_close / close.
	i, ok := meta.Index(time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC))
	if !ok {
		t.Fatal("META.csv has no 2025-06-09")
	}
	wantEntry := meta.Open[i] * meta.AdjClose[i] / meta.Close[i]
	wantExitDay := meta.Dates[i+63].Format(time.DateOnly) // 63 sessions later, both files have the same dates
	wantExit := meta.Open[i+63] * meta.AdjClose[i+63] / meta.Close[i+63]
	if len(r.Trades) != 1 {
		t.Fatalf("trades = %+v, want one", r.Trades)
	}
	tr := r.Trades[0]
	if tr.EntryDate.Format(time.DateOnly) != "2025-06-09" || math.Abs(tr.EntryPrice-wantEntry) > 1e-9 {
		t.Errorf("META entry %s at %.6f, want 2025-06-09 at %.6f", tr.EntryDate.Format(time.DateOnly), tr.EntryPrice, wantEntry)
	}
	if tr.ExitDate.Format(time.DateOnly) != wantExitDay || math.Abs(tr.ExitPrice-wantExit) > 1e-9 || tr.ExitReason != ExitHoldingPeriod {
		t.Errorf("META exit %s at %.6f (%s), want %s at %.6f", tr.ExitDate.Format(time.DateOnly), tr.ExitPrice, tr.ExitReason, wantExitDay, wantExit)
	}
	if want := 10000 / wantEntry; math.Abs(tr.Shares-want) > 1e-9 {
		t.Errorf("shares %.6f, want 10000/%.6f = %.6f", tr.Shares, wantEntry, want)
	}
	// Skipped is in (published, ticker) order: both dated 2025-06-09
	// 00:00 UTC, Scale AI's empty ticker first.
	if len(r.Skipped) != 2 || r.Skipped[0].Reason != "not tradable: private company" || firstPhrase(r.Skipped[1].Reason) != "already held" {
		t.Errorf("Skipped = %+v, want Scale AI (private) and the weak buy (already held)", r.Skipped)
	}
	last := len(r.Dates) - 1
	if r.Dates[0].Format(time.DateOnly) != "2025-06-02" || r.Dates[last].Format(time.DateOnly) != "2026-05-15" {
		t.Errorf("dates %s…%s, want 2025-06-02…2026-05-15", r.Dates[0].Format(time.DateOnly), r.Dates[last].Format(time.DateOnly))
	}
	if got, want := r.Equity[last], 100000+tr.PnL; math.Abs(got-want) > 1e-6 {
		t.Errorf("final equity %.6f, want capital + PnL %.6f", got, want)
	}
	t.Logf("META bought %s at %.4f (adjusted), %.4f shares; sold %s at %.4f (%s): PnL %.2f, return %.2f%%",
		tr.EntryDate.Format(time.DateOnly), tr.EntryPrice, tr.Shares, tr.ExitDate.Format(time.DateOnly), tr.ExitPrice, tr.ExitReason, tr.PnL, 100*tr.Return)
	t.Logf("strategy %.2f → %.2f (%.2f%%), SPY %.2f → %.2f (%.2f%%), max drawdown %.2f%%, exposure %.3f",
		opt.Capital, r.Equity[last], 100*(r.Equity[last]/opt.Capital-1), opt.Capital, r.Benchmark[last], 100*(r.Benchmark[last]/opt.Capital-1),
		100*r.Metrics.MaxDrawdown, r.Metrics.Exposure)
	// The event study keeps the history before Start: under the market
	// model META's beta comes from the year before 2025-06-09, not a
	// fallback. A call before Start is neither traded nor scored.
	mm := opt
	mm.Abnormal = MarketModel
	early := signals.Signal{Published: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), DateOnly: true, Ticker: "META", Action: signals.Buy, Tradable: true}
	r2, err := Run(t.Context(), append(sigs[:2:2], early), px, mm)
	if err != nil {
		t.Fatal(err)
	}
	if len(r2.Events) != 2 || r2.Events[0].Model != MarketModel {
		t.Errorf("market-model events = %d, first model %q; want 2 events, market_model", len(r2.Events), r2.Events[0].Model)
	} else {
		t.Logf("market model for META: beta %.3f, alpha %.5f/day", r2.Events[0].Beta, r2.Events[0].Alpha)
	}
	if len(r2.Skipped) != 2 || firstPhrase(r2.Skipped[0].Reason) != "published before the first bar" {
		t.Errorf("Skipped = %+v, want the May call before the first bar", r2.Skipped)
	}
	for _, ev := range r.Events {
		for _, h := range ev.Horizons {
			t.Logf("event %s %s %s: %3d days return %+.2f%%, SPY %+.2f%%, abnormal %+.2f%%, censored %v", ev.Signal.Ticker, ev.Signal.Action,
				ev.Signal.Strength, h.Days, 100*h.Return, 100*h.BenchmarkReturn, 100*h.Abnormal, h.Censored)
		}
	}
	for _, s := range r.Skipped {
		t.Logf("skipped %s %s %s: %s", s.Signal.Published.Format(time.DateOnly), s.Signal.Entity, s.Signal.Action, s.Reason)
	}
	for _, w := range r.Warnings {
		t.Logf("warning: %s", w)
	}
}
