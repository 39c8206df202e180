package backtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// synthMarket is seeded synthetic raw prices: a benchmark with every
// session and nTickers tickers, some listing late, some stopping early,
// all with random missing bars and a few NaN opens, adjusted closes below
// closes (dividends), and sessions missing from every series (holidays).
func synthMarket(seed uint64, nTickers, nDays int) (map[string]*data.Series, []time.Time) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var days []time.Time
	for d := time.Date(2015, 1, 5, 0, 0, 0, 0, time.UTC); len(days) < nDays; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || rng.Float64() < 0.036 {
			continue
		}
		days = append(days, d)
	}
	gen := func(name string, from, to int, missing float64) *data.Series {
		s := &data.Series{Ticker: name}
		c := 20 + 180*rng.Float64()
		for i := from; i < to; i++ {
			o := c * math.Exp(0.006*rng.NormFloat64())
			c = o * math.Exp(0.0003+0.02*rng.NormFloat64())
			if rng.Float64() < missing {
				continue
			}
			f := 0.7 + 0.3*float64(i)/float64(nDays) // adjustment factor rising to 1
			if rng.Float64() < 0.0005 {
				o = math.NaN() // an invalid bar the engine must drop
			}
			s.Dates = append(s.Dates, days[i])
			s.Open = append(s.Open, o)
			s.High = append(s.High, max(o, c)*(1+0.01*math.Abs(rng.NormFloat64())))
			s.Low = append(s.Low, min(o, c)*(1-0.01*math.Abs(rng.NormFloat64())))
			s.Close = append(s.Close, c)
			s.AdjClose = append(s.AdjClose, c*f)
			s.Volume = append(s.Volume, 1e6)
		}
		return s
	}
	px := map[string]*data.Series{"SPY": gen("SPY", 0, nDays, 0)}
	for k := range nTickers {
		from, to := 0, nDays
		if rng.Float64() < 0.1 {
			from = rng.IntN(nDays / 2)
		}
		if rng.Float64() < 0.1 {
			to = nDays/2 + rng.IntN(nDays/2)
		}
		name := fmt.Sprintf("T%03d", k)
		px[name] = gen(name, from, to, 0.01)
	}
	return px, days
}

// synthSignals draws n signals over the sessions: several phases of the
// day, date-only ones, weekends, two sources, every action, some for a
// ticker without prices and some after the data.
func synthSignals(seed uint64, n, nTickers int, days []time.Time) []signals.Signal {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]signals.Signal, 0, n)
	for range n {
		d := days[5+rng.IntN(len(days)-5)].AddDate(0, 0, rng.IntN(3)) // sometimes a weekend or holiday
		if rng.Float64() < 0.002 {
			d = days[len(days)-1].AddDate(0, 0, 1+rng.IntN(5))
		}
		s := signals.Signal{Ticker: fmt.Sprintf("T%03d", rng.IntN(nTickers)), Tradable: true, Source: "A", Strength: signals.Normal}
		if rng.Float64() < 0.3 {
			s.Source = "B"
		}
		if rng.Float64() < 0.01 {
			s.Ticker = "NOPE"
		}
		if rng.Float64() < 0.01 {
			s.Tradable, s.Reason = false, "not tradable: private company"
		}
		switch x := rng.Float64(); {
		case x < 0.62:
			s.Action = signals.Buy
		case x < 0.80:
			s.Action = signals.Sell
		case x < 0.85:
			s.Action = signals.Avoid
		case x < 0.95:
			s.Action = signals.Hold
		default:
			s.Action = signals.Watch
		}
		if rng.Float64() < 0.25 {
			s.Published, s.DateOnly = d, true
		} else {
			m := rng.IntN(24 * 60)
			if rng.Float64() < 0.05 {
				m = 9*60 + 30 // the open exactly
			}
			s.Published = time.Date(d.Year(), d.Month(), d.Day(), m/60, m%60, 0, 0, data.NewYork).UTC()
		}
		out = append(out, s)
	}
	return out
}

// simple is a deliberately plain second implementation of the default
// accounting with next_open fills, holding_days, max_positions, commission,
// slippage, whole shares, cash_rate and same_source_exits. It shares no
// code with the engine.
func simple(px map[string]*data.Series, sigs []signals.Signal, bench string, capital float64, maxPos, holdDays int, commBps, slipBps, cashRate float64, whole, sameSource, closeDelisted bool) []float64 {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	type bar struct{ open, close float64 }
	// Adjusted bars by ticker and date; invalid bars do not exist.
	bars := map[string]map[time.Time]bar{}
	first := map[string]time.Time{}
	last := map[string]time.Time{}
	dateSet := map[time.Time]bool{}
	for name, s := range px {
		bars[name] = map[time.Time]bar{}
		for i, d := range s.Dates {
			o, c, a := s.Open[i], s.Close[i], s.AdjClose[i]
			if !(o > 0) || !(c > 0) || math.IsInf(o, 0) || math.IsInf(c, 0) {
				continue
			}
			if a > 0 && !math.IsInf(a, 0) {
				o, c = o*a/c, a
			}
			bars[name][d] = bar{o, c}
			dateSet[d] = true
			if first[name].IsZero() || d.Before(first[name]) {
				first[name] = d
			}
			if d.After(last[name]) {
				last[name] = d
			}
		}
	}
	var cal []time.Time
	for d := range dateSet {
		cal = append(cal, d)
	}
	sort.Slice(cal, func(i, j int) bool { return cal[i].Before(cal[j]) })

	// The session index each signal acts on, -1 when never.
	acts := make([]int, len(sigs))
	for k, s := range sigs {
		acts[k] = -1
		var after time.Time // acts on the first session strictly after this date…
		inclusive := false  // …or on it
		if s.DateOnly {
			after = s.Published
		} else {
			t := s.Published.In(ny)
			after = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			inclusive = t.Hour()*60+t.Minute() < 9*60+30
		}
		for i, d := range cal {
			if d.After(after) || (inclusive && d.Equal(after)) {
				acts[k] = i
				break
			}
		}
	}
	order := make([]int, len(sigs))
	for i := range order {
		order[i] = i
	}
	// (published, ticker) order; a date-only signal counts as published
	// after its day's close, 16:00 New York time
	key := func(s signals.Signal) time.Time {
		if s.DateOnly {
			return time.Date(s.Published.Year(), s.Published.Month(), s.Published.Day(), 16, 0, 0, 0, ny)
		}
		return s.Published
	}
	sort.SliceStable(order, func(a, b int) bool {
		sa, sb := sigs[order[a]], sigs[order[b]]
		if ka, kb := key(sa), key(sb); !ka.Equal(kb) {
			return ka.Before(kb)
		}
		return sa.Ticker < sb.Ticker
	})

	type pos struct {
		ticker, source string
		shares         float64
		exitDay        int  // holding period end, -1 none
		exiting        bool // a sell decided, waiting for a bar
	}
	c, sl := commBps/10000, slipBps/10000
	cash := capital
	var open []*pos
	lastClose := map[string]float64{}
	equity := make([]float64, len(cal))
	for di, d := range cal {
		// Exits at the open.
		for _, k := range order {
			s := sigs[k]
			if acts[k] != di || !s.Tradable || (s.Action != signals.Sell && s.Action != signals.Avoid) {
				continue
			}
			for _, p := range open {
				if p.ticker == s.Ticker && (p.source == s.Source || !sameSource) {
					p.exiting = true
				}
			}
		}
		var still []*pos
		for _, p := range open {
			b, ok := bars[p.ticker][d]
			if ok && (p.exiting || (p.exitDay >= 0 && di >= p.exitDay)) {
				cash += p.shares * b.open * (1 - sl) * (1 - c)
				continue
			}
			still = append(still, p)
		}
		open = still
		// Sizing equity.
		E := cash
		for _, p := range open {
			if b, ok := bars[p.ticker][d]; ok {
				E += p.shares * b.open
			} else {
				E += p.shares * lastClose[p.ticker]
			}
		}
		// Entries.
		for _, k := range order {
			s := sigs[k]
			if acts[k] != di || !s.Tradable || s.Action != signals.Buy {
				continue
			}
			if _, ok := bars[s.Ticker]; !ok {
				continue
			}
			conflict := false
			for _, k2 := range order {
				s2 := sigs[k2]
				if acts[k2] == di && s2.Tradable && s2.Ticker == s.Ticker && (s2.Action == signals.Sell || s2.Action == signals.Avoid) {
					conflict = true
				}
			}
			held := false
			for _, p := range open {
				held = held || p.ticker == s.Ticker
			}
			b, ok := bars[s.Ticker][d]
			if conflict || held || !ok || len(open) >= maxPos {
				continue
			}
			a := math.Min(E/float64(maxPos), cash)
			if a <= 0 {
				continue
			}
			fill := b.open * (1 + sl)
			n := a / (fill * (1 + c))
			spend := a
			if whole {
				n = math.Floor(n)
				if n < 1 {
					continue
				}
				spend = n * fill * (1 + c)
			}
			cash -= spend
			p := &pos{ticker: s.Ticker, source: s.Source, shares: n, exitDay: -1}
			if holdDays > 0 {
				p.exitDay = di + holdDays
			}
			open = append(open, p)
		}
		// The close.
		for name := range bars {
			if b, ok := bars[name][d]; ok {
				lastClose[name] = b.close
			}
		}
		if closeDelisted && di < len(cal)-1 {
			still = nil
			for _, p := range open {
				if last[p.ticker].Equal(d) {
					cash += p.shares * lastClose[p.ticker] * (1 - sl) * (1 - c)
					continue
				}
				still = append(still, p)
			}
			open = still
		}
		if cash > 0 {
			cash *= 1 + cashRate/252
		}
		eq := cash
		for _, p := range open {
			eq += p.shares * lastClose[p.ticker]
		}
		equity[di] = eq
	}
	_ = first
	return equity
}

// TestIndependentCheck runs the engine and the simple implementation on
// 100 tickers × 2,520 sessions × 1,000 signals and requires the same
// equity, to 1e-9 relative, on every day.
func TestIndependentCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	px, days := synthMarket(42, 100, 2520)
	sigs := synthSignals(43, 1000, 100, days)
	tests := []struct {
		name              string
		maxPos, hold      int
		comm, slip, rate  float64
		whole, sameSource bool
		closeDelisted     bool
	}{
		{"defaults", 10, 63, 0, 0, 0, false, true, false},
		{"costs and short holding", 10, 21, 5, 3, 0, false, true, false},
		{"concentrated, whole shares, cash rate", 5, 126, 10, 5, 0.03, true, true, false},
		{"no time exit, delisted sold", 20, 0, 1, 1, 0, false, true, true},
		{"exits from any source", 10, 42, 2, 2, 0, false, false, false},
		{"any source, delisted sold", 10, 42, 2, 2, 0, false, false, true},
	}
	all := map[string]int{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := DefaultOptions()
			opt.MaxPositions, opt.HoldingDays = tt.maxPos, tt.hold
			opt.CommissionBps, opt.SlippageBps, opt.CashRate, opt.WholeShares = tt.comm, tt.slip, tt.rate, tt.whole
			opt.SameSourceExits, opt.CloseDelisted = tt.sameSource, tt.closeDelisted
			r, err := Run(t.Context(), sigs, px, opt)
			if err != nil {
				t.Fatal(err)
			}
			want := simple(px, sigs, "SPY", opt.Capital, tt.maxPos, tt.hold, tt.comm, tt.slip, tt.rate, tt.whole, tt.sameSource, tt.closeDelisted)
			if len(r.Equity) != len(want) {
				t.Fatalf("engine has %d days, simple %d", len(r.Equity), len(want))
			}
			bad := 0
			for i := range want {
				if rel := math.Abs(r.Equity[i]-want[i]) / math.Abs(want[i]); !(rel <= 1e-9) {
					if bad++; bad <= 5 {
						t.Errorf("day %d (%s): engine %.10f, simple %.10f (rel %.3g)", i, r.Dates[i].Format(time.DateOnly), r.Equity[i], want[i], rel)
					}
				}
			}
			reasons := map[string]int{}
			for _, s := range r.Skipped {
				reasons[firstPhrase(s.Reason)]++
			}
			exits := map[string]int{}
			for _, tr := range r.Trades {
				all[tr.ExitReason]++
				exits[tr.ExitReason]++
			}
			t.Logf("%d trades %v, %d skipped %v, final equity %.2f", len(r.Trades), exits, len(r.Skipped), reasons, r.Equity[len(r.Equity)-1])
			if len(r.Trades) < 30 || exits[ExitSell]+exits[ExitAvoid] == 0 {
				t.Errorf("trades %v: the check exercises too little", exits)
			}
		})
	}
	if all[ExitDelisted] == 0 || all[ExitHoldingPeriod] == 0 || all[ExitOpen] == 0 {
		t.Errorf("exit reasons over all variants %v: want delisted, holding period and open among them", all)
	}
}

// firstPhrase returns a reason up to its first colon.
func firstPhrase(s string) string {
	for i, r := range s {
		if r == ':' {
			return s[:i]
		}
	}
	return s
}
