package reports

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/signals"
)

// Hand-made Results: the engine is written in parallel, so these tests do
// not depend on it. Numbers are chosen, not computed by backtest.

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// sessions returns n weekdays from start.
func sessions(start string, n int) []time.Time {
	d := day(start)
	var out []time.Time
	for len(out) < n {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d)
		}
		d = d.AddDate(0, 0, 1)
	}
	return out
}

func drawdowns(eq []float64) []float64 {
	dd := make([]float64, len(eq))
	peak := math.Inf(-1)
	for i, e := range eq {
		peak = math.Max(peak, e)
		dd[i] = e/peak - 1
	}
	return dd
}

// smallResult: 12 sessions in June 2025, two trades (META bought from the
// seed article, a sold NVDA), an untradable Scale AI mention, a skipped
// signal and a three-signal event study at horizons 1 and 5.
func smallResult() *backtest.Result {
	opt := backtest.DefaultOptions()
	opt.Name = "seed-articles"
	opt.Horizons = []int{1, 5}
	opt.HoldingDays = 5
	dates := sessions("2025-06-02", 24)
	eq := []float64{100000, 100000, 100000, 100000, 100000, 99650.5, 101200.25, 102010, 101500, 100900.75,
		101800, 102500, 103100.5, 102700, 102900, 103400, 103900.25, 104200, 103800, 104500, 104900, 105300, 105000.5, 105600}
	bench := []float64{100000, 100300, 100150, 100600, 100900, 101000, 101400, 101250, 101700, 102100,
		102000, 102400, 102800, 102600, 103000, 103300, 103100, 103500, 103900, 104200, 104000, 104400, 104700, 104650}
	expo := make([]float64, len(dates))
	for i := range expo {
		if i >= 5 {
			expo[i] = 0.1
		}
	}
	meta := signals.Signal{
		Published: time.Date(2025, 6, 9, 10, 55, 0, 0, time.UTC), Ticker: "META", Entity: "Meta Platforms",
		Action: signals.Buy, Strength: signals.Normal, Source: "The Daily Upside", Author: "Jane Doe", Tradable: true,
		Article: "seeds/meta-scale.txt", Evidence: "We rate Meta a Buy ahead of the Scale AI deal.", PublishedFrom: "byline", Confidence: 0.9,
	}
	weak := meta
	weak.Published = time.Date(2025, 6, 10, 21, 0, 0, 0, time.UTC)
	weak.Strength = signals.Weak
	weak.Source = "Market Letter"
	weak.Author = "John Roe"
	weak.Article = "seeds/meta-weak.html"
	weak.Evidence = "Consider a small position in Meta Platforms."
	weak.PublishedFrom = "front matter"
	nvda := signals.Signal{
		Published: time.Date(2025, 6, 16, 12, 0, 0, 0, time.UTC), DateOnly: true, Ticker: "NVDA", Entity: "Nvidia",
		Action: signals.Sell, Strength: signals.Normal, Source: "Market Letter", Author: "John Roe", Tradable: true,
		Article: "calls.csv", Evidence: "", PublishedFrom: "csv", Confidence: 1,
	}
	scale := signals.Signal{
		Published: meta.Published, Entity: "Scale AI", Action: signals.Avoid, Strength: signals.Normal,
		Conditions: "until regulatory clarity emerges", Source: "The Daily Upside", Author: "Jane Doe",
		Reason: "not tradable: private company", Article: meta.Article,
		Evidence: "Hold Scale AI but avoid until regulatory clarity emerges.", PublishedFrom: "byline",
	}
	res := &backtest.Result{
		Options:           opt,
		Dates:             dates,
		Equity:            eq,
		Benchmark:         bench,
		Drawdown:          drawdowns(eq),
		BenchmarkDrawdown: drawdowns(bench),
		Exposure:          expo,
		Trades: []backtest.Trade{
			{Ticker: "META", Side: backtest.Long, Signal: meta, EntryDate: day("2025-06-10"), EntryPrice: 697.25, Shares: 14.3371,
				ExitDate: day("2025-06-17"), ExitPrice: 702.12, ExitReason: "holding period", PnL: 68.12, Return: 0.006814},
			{Ticker: "META", Side: backtest.Long, Signal: weak, EntryDate: day("2025-06-18"), EntryPrice: 695.5, Shares: 7.2,
				ExitPrice: 738.09, ExitReason: "open", Open: true, PnL: 306.65, Return: 0.061234},
		},
		Skipped: []backtest.Skip{
			{Signal: nvda, Reason: "sell without a position (allow_short is off)"},
			{Signal: scale, Reason: "not tradable: private company"},
		},
		Signals: []signals.Signal{meta, weak, scale, nvda},
		Metrics: backtest.Metrics{
			TotalReturn: 0.056, CAGR: 0.7716, AnnualVolatility: 0.0912, Sharpe: 2.41, Sortino: math.NaN(), MaxDrawdown: -0.0059,
			MaxDrawdownPeak: day("2025-06-16"), MaxDrawdownTrough: day("2025-06-18"), MaxDrawdownRecovery: day("2025-06-23"),
			Calmar: 130.8, Alpha: 0.12, Beta: 0.41, InformationRatio: 0.33, Exposure: 0.079, Turnover: 2.1, Trades: 2,
			HitRate: 1, AvgTrade: 0.034, BestTrade: 0.0612, WorstTrade: 0.0068, ProfitFactor: math.Inf(1),
		},
		BenchmarkMetrics: backtest.Metrics{
			TotalReturn: 0.0465, CAGR: 0.6123, AnnualVolatility: 0.051, Sharpe: 3.1, Sortino: 5.2, MaxDrawdown: -0.0019,
			MaxDrawdownPeak: day("2025-06-18"), MaxDrawdownTrough: day("2025-06-19"), MaxDrawdownRecovery: day("2025-06-23"),
			Calmar: 322, Alpha: 0, Beta: 1, InformationRatio: math.NaN(), Exposure: 1, Turnover: 0, Trades: 1, HitRate: 1,
		},
		Events: []backtest.Event{
			{Signal: meta, EntryDate: day("2025-06-10"), EntryPrice: 697.25, Horizons: []backtest.HorizonReturn{
				{Days: 1, Return: 0.012, BenchmarkReturn: 0.004, Abnormal: 0.008, Signed: 0.008},
				{Days: 5, Return: 0.007, BenchmarkReturn: 0.011, Abnormal: -0.004, Signed: -0.004}}},
			{Signal: weak, EntryDate: day("2025-06-11"), EntryPrice: 699.1, Horizons: []backtest.HorizonReturn{
				{Days: 1, Return: -0.003, BenchmarkReturn: 0.001, Abnormal: -0.004, Signed: -0.004},
				{Days: 5, Return: 0.021, BenchmarkReturn: 0.009, Abnormal: 0.012, Signed: 0.012}}},
			{Signal: nvda, EntryDate: day("2025-06-17"), EntryPrice: 144.2, Horizons: []backtest.HorizonReturn{
				{Days: 1, Return: 0.01, BenchmarkReturn: 0.002, Abnormal: 0.008, Signed: -0.008},
				{Days: 5, Censored: true}}},
		},
		Study: backtest.Study{
			Horizons: []int{1, 5},
			Groups: []backtest.Group{
				{By: "all", Key: "all", Horizon: 1, N: 3, Mean: 0.0013333, Median: 0.008, HitRate: 0.6667, TStat: 0.24, CILow: -0.0067, CIHigh: 0.008},
				{By: "all", Key: "all", Horizon: 5, N: 2, Censored: 1, Mean: 0.004, Median: 0.004, HitRate: 0.5, TStat: 0.5, CILow: -0.004, CIHigh: 0.012},
				{By: "action", Key: "buy", Horizon: 1, N: 2, Mean: 0.002, Median: 0.002, HitRate: 0.5, TStat: 0.25, CILow: -0.004, CIHigh: 0.008},
				{By: "action", Key: "buy", Horizon: 5, N: 2, Mean: 0.004, Median: 0.004, HitRate: 0.5, TStat: 0.5, CILow: -0.004, CIHigh: 0.012},
				{By: "action", Key: "sell", Horizon: 1, N: 1, Mean: -0.008, Median: -0.008, HitRate: 0, TStat: math.NaN(), CILow: -0.008, CIHigh: -0.008},
				{By: "action", Key: "sell", Horizon: 5, N: 0, Censored: 1, Mean: math.NaN(), Median: math.NaN(), HitRate: math.NaN(), TStat: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN()},
				{By: "source", Key: "Market Letter", Horizon: 5, N: 1, Censored: 1, Mean: 0.012, Median: 0.012, HitRate: 1, TStat: math.NaN(), CILow: 0.012, CIHigh: 0.012},
				{By: "source", Key: "The Daily Upside", Horizon: 5, N: 1, Mean: -0.004, Median: -0.004, HitRate: 0, TStat: math.NaN(), CILow: -0.004, CIHigh: -0.004},
			},
			Paths: []backtest.CARPath{
				{Key: "buy", N: 2, Mean: []float64{0, 0.002, 0.001, 0.003, 0.0035, 0.004}, Low: []float64{0, -0.004, -0.006, -0.005, -0.004, -0.004}, High: []float64{0, 0.008, 0.009, 0.01, 0.011, 0.012}},
				{Key: "sell", N: 1, Mean: []float64{0, -0.008, math.NaN(), math.NaN(), math.NaN(), math.NaN()}, Low: []float64{0, -0.008, math.NaN(), math.NaN(), math.NaN(), math.NaN()}, High: []float64{0, -0.008, math.NaN(), math.NaN(), math.NaN(), math.NaN()}},
			},
		},
		Warnings: []string{"1 signal was dated only by day; treated as published after the close."},
	}
	return res
}

// bigResult: 10 years of daily data (2,520 sessions from 2015-01-02),
// 200 trades and 240 scored signals from seeded synthetic returns.
func bigResult() *backtest.Result {
	rng := rand.New(rand.NewPCG(7, 11))
	opt := backtest.DefaultOptions()
	opt.Name = "synthetic-10y"
	const n = 2520
	dates := sessions("2015-01-02", n)
	eq, bench := make([]float64, n), make([]float64, n)
	e, b := 100000.0, 100000.0
	for i := range n {
		m := rng.NormFloat64() * 0.011
		b *= 1 + 0.0003 + m
		e *= 1 + 0.0002 + 0.8*m + rng.NormFloat64()*0.006
		eq[i], bench[i] = e, b
	}
	tickers := []string{"AAPL", "MSFT", "META", "NVDA", "AMZN", "GOOGL", "TSLA", "AMD", "NFLX", "INTC", "ORCL", "CRM"}
	actions := []signals.Action{signals.Buy, signals.Buy, signals.Buy, signals.Sell, signals.Avoid, signals.Hold}
	sources := []string{"Alpha Letter", "Beta Weekly", "Gamma Research"}
	var res backtest.Result
	res.Options = opt
	res.Dates, res.Equity, res.Benchmark = dates, eq, bench
	res.Drawdown, res.BenchmarkDrawdown = drawdowns(eq), drawdowns(bench)
	res.Exposure = make([]float64, n)
	for i := range res.Exposure {
		res.Exposure[i] = 0.8
	}
	idx := map[time.Time]int{}
	for i, d := range dates {
		idx[d] = i
	}
	for k := range 240 {
		i := rng.IntN(n - 1)
		s := signals.Signal{
			Published: dates[i].Add(time.Duration(8+rng.IntN(12)) * time.Hour), Ticker: tickers[rng.IntN(len(tickers))],
			Action: actions[rng.IntN(len(actions))], Strength: signals.Normal, Source: sources[rng.IntN(len(sources))],
			Author: fmt.Sprintf("Author %d", k%7), Tradable: true, Article: fmt.Sprintf("articles/%03d.md", k),
			Evidence: "We recommend this stock.", PublishedFrom: "front matter",
		}
		s.Entity = s.Ticker
		res.Signals = append(res.Signals, s)
		ev := backtest.Event{Signal: s, EntryDate: dates[i+1], EntryPrice: 100 + rng.Float64()*50}
		for _, h := range opt.Horizons {
			hr := backtest.HorizonReturn{Days: h}
			if i+1+h >= n {
				hr.Censored = true
			} else {
				hr.Return = rng.NormFloat64()*0.02*math.Sqrt(float64(h)) + 0.0004*float64(h)
				hr.BenchmarkReturn = bench[i+1+h]/bench[i+1] - 1
				hr.Abnormal = hr.Return - hr.BenchmarkReturn
				hr.Signed = hr.Abnormal * float64(s.Action.Direction())
			}
			ev.Horizons = append(ev.Horizons, hr)
		}
		res.Events = append(res.Events, ev)
	}
	slices.SortFunc(res.Signals, func(a, b signals.Signal) int {
		if signals.Less(a, b) {
			return -1
		}
		if signals.Less(b, a) {
			return 1
		}
		return 0
	})
	for _, ev := range res.Events {
		if len(res.Trades) == 200 {
			break
		}
		if ev.Signal.Action != signals.Buy && ev.Signal.Action != signals.Sell {
			continue
		}
		i := idx[ev.EntryDate]
		t := backtest.Trade{Ticker: ev.Signal.Ticker, Side: backtest.Long, Signal: ev.Signal, EntryDate: ev.EntryDate, EntryPrice: ev.EntryPrice, Shares: 100}
		if ev.Signal.Action == signals.Sell {
			t.Side = backtest.Short
		}
		if i+63 < n {
			t.ExitDate, t.ExitReason = dates[i+63], "holding period"
		} else {
			t.Open, t.ExitReason = true, "open"
		}
		t.Return = rng.NormFloat64() * 0.08
		t.ExitPrice = t.EntryPrice * (1 + t.Return)
		t.PnL = t.Return * t.EntryPrice * t.Shares
		res.Trades = append(res.Trades, t)
	}
	for len(res.Trades) < 200 { // top up so there are exactly 200
		t := res.Trades[len(res.Trades)%50]
		res.Trades = append(res.Trades, t)
	}
	res.Skipped = append(res.Skipped, backtest.Skip{Signal: res.Signals[0], Reason: "already held"})
	res.Metrics = backtest.Metrics{TotalReturn: eq[n-1]/100000 - 1, CAGR: math.Pow(eq[n-1]/100000, 0.1) - 1, Sharpe: 0.6, Sortino: 0.9,
		MaxDrawdown: slices.Min(res.Drawdown), Beta: 0.8, Alpha: 0.01, Trades: 200, HitRate: 0.52, Exposure: 0.8, Turnover: 3}
	res.BenchmarkMetrics = backtest.Metrics{TotalReturn: bench[n-1]/100000 - 1, CAGR: math.Pow(bench[n-1]/100000, 0.1) - 1, Sharpe: 0.7,
		MaxDrawdown: slices.Min(res.BenchmarkDrawdown), Beta: 1, Exposure: 1, Trades: 1, HitRate: 1}
	res.Study = syntheticStudy(res.Events, opt.Horizons, 126)
	return &res
}

// syntheticStudy aggregates events with a normal-approximation interval
// (good enough for a fixture; the engine bootstraps) and makes smooth CAR
// paths by interpolating each event's horizon returns.
func syntheticStudy(events []backtest.Event, horizons []int, maxDay int) backtest.Study {
	st := backtest.Study{Horizons: horizons}
	agg := func(by, key string, h int, keep func(backtest.Event) bool) {
		var xs []float64
		cens := 0
		for _, e := range events {
			if !keep(e) || e.Signal.Action.Direction() == 0 {
				continue
			}
			for _, hr := range e.Horizons {
				if hr.Days == h {
					if hr.Censored {
						cens++
					} else {
						xs = append(xs, hr.Signed)
					}
				}
			}
		}
		g := backtest.Group{By: by, Key: key, Horizon: h, N: len(xs), Censored: cens}
		mean, sd, hit := 0.0, 0.0, 0.0
		for _, x := range xs {
			mean += x
			if x > 0 {
				hit++
			}
		}
		if len(xs) == 0 {
			g.Mean, g.Median, g.HitRate, g.TStat, g.CILow, g.CIHigh = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
			st.Groups = append(st.Groups, g)
			return
		}
		mean /= float64(len(xs))
		for _, x := range xs {
			sd += (x - mean) * (x - mean)
		}
		sd = math.Sqrt(sd / float64(max(1, len(xs)-1)))
		se := sd / math.Sqrt(float64(len(xs)))
		s := slices.Clone(xs)
		slices.Sort(s)
		g.Mean, g.Median, g.HitRate = mean, s[len(s)/2], hit/float64(len(xs))
		g.TStat, g.CILow, g.CIHigh = mean/se, mean-1.96*se, mean+1.96*se
		st.Groups = append(st.Groups, g)
	}
	for _, h := range horizons {
		agg("all", "all", h, func(backtest.Event) bool { return true })
		for _, a := range []string{"buy", "sell", "avoid"} {
			agg("action", a, h, func(e backtest.Event) bool { return string(e.Signal.Action) == a })
		}
		for _, src := range []string{"Alpha Letter", "Beta Weekly", "Gamma Research"} {
			agg("source", src, h, func(e backtest.Event) bool { return e.Signal.Source == src })
		}
	}
	for _, a := range []string{"buy", "sell", "avoid"} {
		p := backtest.CARPath{Key: a, Mean: make([]float64, maxDay+1), Low: make([]float64, maxDay+1), High: make([]float64, maxDay+1)}
		for d := 0; d <= maxDay; d++ {
			var xs []float64
			for _, e := range events {
				if string(e.Signal.Action) != a {
					continue
				}
				// Linear interpolation between (0,0) and the horizon points.
				px, py := 0, 0.0
				v := math.NaN()
				for _, hr := range e.Horizons {
					if hr.Censored {
						break
					}
					if d <= hr.Days {
						v = py + (hr.Signed-py)*float64(d-px)/float64(hr.Days-px)
						break
					}
					px, py = hr.Days, hr.Signed
				}
				if !math.IsNaN(v) {
					xs = append(xs, v)
				}
			}
			if d == 0 {
				p.N = len(xs)
			}
			m, sd := 0.0, 0.0
			for _, x := range xs {
				m += x
			}
			m /= float64(len(xs))
			for _, x := range xs {
				sd += (x - m) * (x - m)
			}
			se := math.Sqrt(sd/float64(max(1, len(xs)-1))) / math.Sqrt(float64(len(xs)))
			p.Mean[d], p.Low[d], p.High[d] = m, m-1.96*se, m+1.96*se
		}
		st.Paths = append(st.Paths, p)
	}
	return st
}

// hostileText is everything an article could throw at a report.
var hostileText = "<script>alert('x')</script><b>bold</b> & \"quotes\" \x00\x1b[31m\x07 \u202eRTL override\u202c שלום עולם مرحبا 🚀📈 " +
	strings.Repeat("A", 20000)

// hostileResult is smallResult with hostile text in every free-text field.
func hostileResult() *backtest.Result {
	res := smallResult()
	res.Options.Name = "<img src=x onerror=alert(1)> 🚀"
	res.Options.Benchmark = "S&P<500>"
	for i := range res.Signals {
		s := &res.Signals[i]
		s.Evidence = hostileText
		s.Entity = "<i>Evil</i> \u202eCorp 🚀"
		s.Source = "</td><script>alert(2)</script>"
		s.Author = "Ж\x00ane"
		s.Article = "../../etc/passwd<svg onload=alert(3)>"
		s.Conditions = strings.Repeat("long-word-", 500)
	}
	for i := range res.Trades {
		res.Trades[i].Signal = res.Signals[i]
		res.Trades[i].Ticker = "<b>M</b>"
	}
	for i := range res.Events {
		res.Events[i].Signal.Ticker = "T\x1b🚀<b>"
	}
	for i := range res.Skipped {
		res.Skipped[i].Reason = "<script>alert(4)</script>"
	}
	for i := range res.Study.Groups {
		if res.Study.Groups[i].By == "source" {
			res.Study.Groups[i].Key = "<script>alert(5)</script>" + res.Study.Groups[i].Key
		}
	}
	res.Warnings = append(res.Warnings, hostileText)
	return res
}

// fixedNow is the injected clock of every golden file.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
