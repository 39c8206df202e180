package backtest

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// handDays are the 30 sessions of the hand-checked scenario: 2025-06-02 to
// 2025-07-15 without Juneteenth (Thursday 2025-06-19) and Independence Day
// (Friday 2025-07-04), two holidays missing from every series.
var handDays = []string{
	"2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05", "2025-06-06", // 0-4
	"2025-06-09", "2025-06-10", "2025-06-11", "2025-06-12", "2025-06-13", // 5-9
	"2025-06-16", "2025-06-17", "2025-06-18", "2025-06-20", // 10-13
	"2025-06-23", "2025-06-24", "2025-06-25", "2025-06-26", "2025-06-27", // 14-18
	"2025-06-30", "2025-07-01", "2025-07-02", "2025-07-03", // 19-22
	"2025-07-07", "2025-07-08", "2025-07-09", "2025-07-10", "2025-07-11", // 23-27
	"2025-07-14", "2025-07-15", // 28-29
}

// handSeries builds a series on handDays (minus skip) with open(i) and
// close(i) for session i; adjusted close = close, so adjusting is a no-op.
func handSeries(ticker string, open, close func(i float64) float64, skip ...int) *data.Series {
	var bars []data.Bar
	for i, ds := range handDays {
		if containsInt(skip, i) {
			continue
		}
		o, c := open(float64(i)), close(float64(i))
		bars = append(bars, data.Bar{Date: day(ds), Open: o, High: max(o, c) + 1, Low: min(o, c) - 1, Close: c, AdjClose: c, Volume: 1e6})
	}
	return data.NewSeries(ticker, bars)
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func et(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, data.NewYork)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestHandScenario is the hand-checked scenario: 3 tickers and a benchmark
// over 30 sessions with two holidays, 6 signals, default accounting with
// max_positions 4, holding_days 10 and a 10 bp commission.
//
// Prices on session i (0…29):
//
//	AAA open 50+i,     close 50.5+i
//	BBB open 200−2i,   close 199−2i
//	CCC open 20+0.5i,  close 20.25+0.5i, no bar on 2025-07-03 (i = 22)
//	SPY open 500+i,    close 500.5+i
//
// Signals:
//
//	1 buy AAA   2025-06-02 08:00 ET, before the open   → enters day 0 at the open, 50
//	2 buy BBB   2025-06-03 17:30 ET, after the close   → enters day 2 (06-04) at 196
//	3 sell BBB  date-only 2025-06-10                   → acts day 7 (06-11): BBB sold at 186
//	4 hold AAA  2025-06-12 10:00 ET                    → skipped: hold opens no position
//	5 buy CCC   2025-06-18 12:00 ET, in session before the Juneteenth holiday
//	                                                   → enters day 13 (06-20) at 26.5
//	6 buy AAA   2025-07-03 14:00 ET, in session before the July 4 holiday
//	                                                   → enters day 23 (07-07) at 73
//
// AAA (1) ends its holding period on day 0+10 = 06-16, sold at the open, 60.
// CCC (5) ends on day 13+10 = 23 (07-07), sold at the open, 31.5, before
// AAA (6) enters the same morning. AAA (6) is still open at the end.
//
// Arithmetic (c = 0.001 commission; E = sizing equity; A = min(E/4, cash)):
//
//	day 0:  E = 100000; A = 25000; AAA shares = 25000/(50·1.001) = 499.5004995005; cash 75000
//	day 2:  E = 75000 + 499.5004995005·52 = 100974.025974; A = 25243.506494;
//	        BBB shares = 25243.506494/(196·1.001) = 128.6647357413; cash 49756.493506
//	day 7:  BBB sold 128.6647357413·186·0.999 = 23907.709207; cash 73664.202714
//	day 10: AAA sold 499.5004995005·60·0.999 = 29940.059940; cash 103604.262654
//	day 13: E = 103604.262654; A = 25901.065663;
//	        CCC shares = 25901.065663/(26.5·1.001) = 976.4222819972; cash 77703.196990
//	day 22: CCC has no bar: valued at its 07-02 close 30.75
//	day 23: CCC sold 976.4222819972·31.5·0.999 = 30726.544581; cash 108429.741571;
//	        E = 108429.741571; A = 27107.435393;
//	        AAA shares = 27107.435393/(73·1.001) = 370.9637676433; cash 81322.306178
//
// Equity at each close = cash + Σ shares × close, in the table below.
// Benchmark: 100000/500 = 200 SPY shares (bought without costs) × close.
func TestHandScenario(t *testing.T) {
	px := map[string]*data.Series{
		"AAA": handSeries("AAA", func(i float64) float64 { return 50 + i }, func(i float64) float64 { return 50.5 + i }),
		"BBB": handSeries("BBB", func(i float64) float64 { return 200 - 2*i }, func(i float64) float64 { return 199 - 2*i }),
		"CCC": handSeries("CCC", func(i float64) float64 { return 20 + 0.5*i }, func(i float64) float64 { return 20.25 + 0.5*i }, 22),
		"SPY": handSeries("SPY", func(i float64) float64 { return 500 + i }, func(i float64) float64 { return 500.5 + i }),
	}
	sig := func(pub time.Time, dateOnly bool, tk string, a signals.Action) signals.Signal {
		return signals.Signal{Published: pub, DateOnly: dateOnly, Ticker: tk, Action: a, Strength: signals.Normal, Source: "NL", Tradable: true}
	}
	sigs := []signals.Signal{
		sig(et("2025-07-03 14:00"), false, "AAA", signals.Buy), // deliberately out of order
		sig(et("2025-06-02 08:00"), false, "AAA", signals.Buy),
		sig(et("2025-06-03 17:30"), false, "BBB", signals.Buy),
		sig(day("2025-06-10"), true, "BBB", signals.Sell),
		sig(et("2025-06-12 10:00"), false, "AAA", signals.Hold),
		sig(et("2025-06-18 12:00"), false, "CCC", signals.Buy),
	}
	opt := DefaultOptions()
	opt.MaxPositions, opt.HoldingDays, opt.CommissionBps = 4, 10, 10
	r, err := Run(t.Context(), sigs, px, opt)
	if err != nil {
		t.Fatal(err)
	}

	wantEquity := []float64{
		100224.78, // 75000 + 499.5004995005·50.5
		100724.28, // 75000 + 499.5004995005·51.5
		101069.89, // 49756.493506 + 499.5004995005·52.5 + 128.6647357413·195
		101312.06, // 49756.493506 + 499.5004995005·53.5 + 128.6647357413·193
		101554.24, // … AAA 54.5, BBB 191
		101796.41, // AAA 55.5, BBB 189
		102038.58, // AAA 56.5, BBB 187
		102385.48, // 73664.202714 + 499.5004995005·57.5
		102884.98, // AAA 58.5
		103384.48, // AAA 59.5
		103604.26, // all cash 103604.262654 (days 10-12)
		103604.26,
		103604.26,
		103822.49, // 77703.196990 + 976.4222819972·26.75
		104310.70, // CCC 27.25
		104798.92, // CCC 27.75
		105287.13, // CCC 28.25
		105775.34, // CCC 28.75
		106263.55, // CCC 29.25
		106751.76, // CCC 29.75
		107239.97, // CCC 30.25
		107728.18, // CCC 30.75
		107728.18, // 07-03: CCC has no bar, last close 30.75
		108588.14, // 81322.306178 + 370.9637676433·73.5
		108959.11, // AAA 74.5
		109330.07, // AAA 75.5
		109701.03, // AAA 76.5
		110072.00, // AAA 77.5 (110071.998171)
		110442.96, // AAA 78.5
		110813.93, // AAA 79.5
	}
	if len(r.Dates) != len(handDays) {
		t.Fatalf("Run() has %d days, want %d", len(r.Dates), len(handDays))
	}
	for i := range handDays {
		if got := r.Dates[i].Format(time.DateOnly); got != handDays[i] {
			t.Errorf("Dates[%d] = %s, want %s", i, got, handDays[i])
		}
		if got := r.Equity[i]; math.Abs(got-wantEquity[i]) >= 0.005 {
			t.Errorf("Equity[%d] (%s) = %.6f, want %.2f", i, handDays[i], got, wantEquity[i])
		}
		wantBench := 100000 / 500.0 * (500.5 + float64(i))
		if got := r.Benchmark[i]; math.Abs(got-wantBench) > 1e-6 {
			t.Errorf("Benchmark[%d] = %.6f, want %.6f", i, got, wantBench)
		}
	}
	// Benchmark by hand at the ends: 200 shares · 500.5 and · 529.5.
	if math.Abs(r.Benchmark[0]-100100.00) >= 0.005 || math.Abs(r.Benchmark[29]-105900.00) >= 0.005 {
		t.Errorf("Benchmark ends = %.2f, %.2f, want 100100.00, 105900.00", r.Benchmark[0], r.Benchmark[29])
	}

	type tradeRow struct {
		ticker, entry, exit, reason string
		entryPx, exitPx, pnl        float64
		open                        bool
	}
	want := []tradeRow{
		{"AAA", "2025-06-02", "2025-06-16", ExitHoldingPeriod, 50, 60, 4940.06, false},     // 29940.059940 − 25000
		{"BBB", "2025-06-04", "2025-06-11", ExitSell, 196, 186, -1335.80, false},           // 23907.709207 − 25243.506494
		{"CCC", "2025-06-20", "2025-07-07", ExitHoldingPeriod, 26.5, 31.5, 4825.48, false}, // 30726.544581 − 25901.065663
		{"AAA", "2025-07-07", "0001-01-01", ExitOpen, 73, 79.5, 2384.18, true},             // 370.9637676433·79.5 − 27107.435393
	}
	if len(r.Trades) != len(want) {
		t.Fatalf("Run() made %d trades, want %d: %+v", len(r.Trades), len(want), r.Trades)
	}
	for i, w := range want {
		g := r.Trades[i]
		got := tradeRow{g.Ticker, g.EntryDate.Format(time.DateOnly), g.ExitDate.Format(time.DateOnly), g.ExitReason, g.EntryPrice, g.ExitPrice, math.Round(g.PnL*100) / 100, g.Open}
		if got != w {
			t.Errorf("Trades[%d] = %+v, want %+v", i, got, w)
		}
		if wantRet := g.PnL / (g.Shares * g.EntryPrice * 1.001); math.Abs(g.Return-wantRet) > 1e-12 {
			t.Errorf("Trades[%d].Return = %g, want %g", i, g.Return, wantRet)
		}
	}
	if len(r.Skipped) != 1 || r.Skipped[0].Signal.Action != signals.Hold || r.Skipped[0].Reason != "hold opens no position" {
		t.Errorf("Skipped = %+v, want the hold, reason \"hold opens no position\"", r.Skipped)
	}
	if len(r.Signals) != 6 || !r.Signals[0].Published.Equal(et("2025-06-02 08:00")) {
		t.Errorf("Signals not sorted by publication: first %v", r.Signals[0].Published)
	}
	// Exposure on day 0: 499.5004995005·50.5 / 100224.775225.
	if got, want := r.Exposure[0], 499.5004995005*50.5/100224.775225; math.Abs(got-want) > 1e-9 {
		t.Errorf("Exposure[0] = %g, want %g", got, want)
	}
	if got := r.Exposure[11]; got != 0 {
		t.Errorf("Exposure[11] = %g, want 0 (all cash)", got)
	}
	for _, w := range r.Warnings {
		if strings.Contains(w, "benchmark") {
			t.Errorf("unexpected warning %q", w)
		}
	}
}

// TestStudyShared checks that variants differing only in portfolio options
// share one event study, equal to a fresh one, and that a study option
// change computes a new one.
func TestStudyShared(t *testing.T) {
	px, days := synthMarket(5, 20, 300)
	sigs := synthSignals(6, 200, 20, days)
	opt := DefaultOptions()
	m, err := Prepare(px, opt)
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Run(t.Context(), sigs, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt2 := opt
	opt2.HoldingDays, opt2.MaxPositions, opt2.CommissionBps = 5, 3, 20
	b, err := m.Run(t.Context(), sigs, opt2)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Events) == 0 || &a.Events[0] != &b.Events[0] {
		t.Errorf("variants did not share the event study")
	}
	fresh, _ := EventStudy(a.Signals, m.px, m.cal, opt)
	if len(fresh) != len(b.Events) {
		t.Fatalf("cached study has %d events, a fresh one %d", len(b.Events), len(fresh))
	}
	for i := range fresh {
		if fresh[i].EntryPrice != b.Events[i].EntryPrice || !fresh[i].EntryDate.Equal(b.Events[i].EntryDate) {
			t.Errorf("event %d: cached %v at %g, fresh %v at %g", i, b.Events[i].EntryDate, b.Events[i].EntryPrice, fresh[i].EntryDate, fresh[i].EntryPrice)
		}
	}
	opt3 := opt
	opt3.Execution = NextClose
	c, err := m.Run(t.Context(), sigs, opt3)
	if err != nil {
		t.Fatal(err)
	}
	if &c.Events[0] == &a.Events[0] || c.Events[0].EntryPrice == a.Events[0].EntryPrice {
		t.Errorf("next_close reused the next_open event study")
	}
}

// TestConcurrentRuns runs variants at once on one market (run it with
// -race) and checks each equals the same variant run alone.
func TestConcurrentRuns(t *testing.T) {
	px, days := synthMarket(8, 30, 400)
	sigs := synthSignals(9, 300, 30, days)
	m, err := Prepare(px, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	vs := sweepVariants()[:40]
	got := make([]float64, len(vs))
	done := make(chan error, len(vs))
	for i, opt := range vs {
		go func() {
			r, err := m.Run(t.Context(), sigs, opt)
			if err == nil {
				got[i] = r.Equity[len(r.Equity)-1]
			}
			done <- err
		}()
	}
	for range vs {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	for i, opt := range vs {
		r, err := Run(t.Context(), sigs, px, opt)
		if err != nil {
			t.Fatal(err)
		}
		if want := r.Equity[len(r.Equity)-1]; got[i] != want {
			t.Errorf("variant %d: concurrent %.10f, alone %.10f", i, got[i], want)
		}
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := Run(ctx, nil, handMarket(), DefaultOptions())
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run() with a cancelled context = %v, want context.Canceled", err)
	}
}
