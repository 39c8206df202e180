package backtest

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// benchData is 500 tickers × 2,520 sessions and 5,000 signals, built once.
var benchData = sync.OnceValues(func() (map[string]*data.Series, []signals.Signal) {
	px, days := synthMarket(1, 500, 2520)
	return px, synthSignals(2, 5000, 500, days)
})

// BenchmarkRun is one whole backtest from raw prices: preparing the market,
// the portfolio, the metrics and the event study.
func BenchmarkRun(b *testing.B) {
	px, sigs := benchData()
	opt := DefaultOptions()
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := Run(context.Background(), sigs, px, opt); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, 1)
}

// reportCPU reports the process CPU time per op (and per variant) since c0:
// on a shared machine it is steadier than wall time.
func reportCPU(b *testing.B, c0 time.Duration, variants int) {
	if c := cpuTime(); c > 0 {
		b.ReportMetric(float64((c-c0).Milliseconds())/float64(b.N)/float64(variants), "cpu-ms/run")
	}
}

// BenchmarkMarketRun is one variant on a prepared market: the portfolio,
// the metrics and the event study.
func BenchmarkMarketRun(b *testing.B) {
	px, sigs := benchData()
	opt := DefaultOptions()
	m, err := Prepare(px, opt)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := m.Run(context.Background(), sigs, opt); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, 1)
}

// BenchmarkMarketRunFresh is BenchmarkMarketRun with the event study
// computed every time (a new bootstrap seed each run defeats the cache):
// one backtest with its metrics and event study, on prepared prices.
func BenchmarkMarketRunFresh(b *testing.B) {
	px, sigs := benchData()
	opt := DefaultOptions()
	m, err := Prepare(px, opt)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		opt.Seed++
		if _, err := m.Run(context.Background(), sigs, opt); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, 1)
}

// sweepVariants are 1,000 variants: 10 holding periods × 10 position
// limits × 10 cost levels.
func sweepVariants() []Options {
	var out []Options
	for _, hold := range []int{5, 10, 21, 42, 63, 84, 126, 189, 252, 0} {
		for _, maxPos := range []int{1, 2, 3, 5, 8, 10, 15, 20, 30, 50} {
			for _, bps := range []float64{0, 1, 2, 5, 10, 15, 20, 30, 50, 100} {
				o := DefaultOptions()
				o.HoldingDays, o.MaxPositions, o.CommissionBps, o.SlippageBps = hold, maxPos, bps, bps/2
				out = append(out, o)
			}
		}
	}
	return out
}

// BenchmarkSweep runs the 1,000 variants on one prepared market, two at a
// time (the machine has 2 cores). Run it with -benchtime=1x.
func BenchmarkSweep(b *testing.B) {
	px, sigs := benchData()
	variants := sweepVariants()
	m, err := Prepare(px, variants[0])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		g, ctx := errgroup.WithContext(context.Background())
		g.SetLimit(2)
		finals := make([]float64, len(variants))
		for i, opt := range variants {
			g.Go(func() error {
				r, err := m.Run(ctx, sigs, opt)
				if err != nil {
					return err
				}
				finals[i] = r.Equity[len(r.Equity)-1]
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(len(variants)), "ms/variant")
	reportCPU(b, c0, len(variants))
}

// TestSweepVariantsDiffer guards the sweep against measuring a no-op: the
// variants must give different results.
func TestSweepVariantsDiffer(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	px, days := synthMarket(1, 50, 600)
	sigs := synthSignals(2, 500, 50, days)
	vs := sweepVariants()
	m, err := Prepare(px, vs[0])
	if err != nil {
		t.Fatal(err)
	}
	seen := map[float64]bool{}
	for _, i := range []int{0, 111, 222, 555, 999} {
		r, err := m.Run(t.Context(), sigs, vs[i])
		if err != nil {
			t.Fatal(err)
		}
		seen[r.Equity[len(r.Equity)-1]] = true
	}
	if len(seen) != 5 {
		t.Errorf("5 variants gave %d distinct final equities", len(seen))
	}
}

// BenchmarkPrepare is the preparation alone: cleaning and adjusting 500
// series, the calendar and the index maps.
func BenchmarkPrepare(b *testing.B) {
	px, _ := benchData()
	opt := DefaultOptions()
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := Prepare(px, opt); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, 1)
}

// cleanBenchData is benchData without its few NaN opens, as clean vendor
// data comes: Prepare can then share dates, adjusted closes and volumes
// with the raw series.
var cleanBenchData = sync.OnceValue(func() map[string]*data.Series {
	px, _ := benchData()
	out := make(map[string]*data.Series, len(px))
	for k, s := range px {
		c := *s
		c.Open = append([]float64(nil), s.Open...)
		for i, o := range c.Open {
			if o != o { // NaN
				c.Open[i] = c.Close[i]
			}
		}
		out[k] = &c
	}
	return out
})

// BenchmarkRunCleanData is BenchmarkRun on data without invalid bars.
func BenchmarkRunCleanData(b *testing.B) {
	_, sigs := benchData()
	px := cleanBenchData()
	opt := DefaultOptions()
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := Run(context.Background(), sigs, px, opt); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, 1)
}

// BenchmarkClean cleans the 500 benchmark series one after another on one
// goroutine, as Prepare does on each core: validation, scaling and the
// dates of the kept bars.
func BenchmarkClean(b *testing.B) {
	px, _ := benchData()
	names := make([]string, 0, len(px))
	for k := range px {
		names = append(names, k)
	}
	sort.Strings(names)
	b.ReportAllocs()
	for b.Loop() {
		for _, name := range names {
			if _, _, err := clean(name, px[name], DefaultOptions().Prices, time.Time{}, time.Time{}, false); err != nil {
				b.Fatal(err)
			}
		}
	}
}
