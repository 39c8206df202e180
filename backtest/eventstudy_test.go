package backtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// esDays are the ten sessions of the hand-checkable event study:
// Monday 2025-03-03 … Friday 2025-03-14 (day 0 … day 9).
var esDays = datesFrom(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), 12)

func esDates(idx ...int) []time.Time {
	if idx == nil {
		idx = []int{0, 1, 2, 3, 4, 7, 8, 9, 10, 11} // skip the weekend
	}
	out := make([]time.Time, len(idx))
	for i, j := range idx {
		out[i] = esDays[j]
	}
	return out
}

// esSeries builds a series with the given opens and closes (high = max,
// low = min of the two).
func esSeries(ticker string, dates []time.Time, open, close []float64) *data.Series {
	s := &data.Series{Ticker: ticker, Dates: dates, Open: open, Close: close}
	for i := range dates {
		s.High = append(s.High, math.Max(open[i], close[i]))
		s.Low = append(s.Low, math.Min(open[i], close[i]))
		s.AdjClose = append(s.AdjClose, close[i])
		s.Volume = append(s.Volume, 1)
	}
	return s
}

// esMarket is the hand-checkable market. Sessions d0…d9 are 2025-03-03 …
// 2025-03-14 on weekdays. Opens are flat (SPY 100, AAA 50, BBB 20);
// closes:
//
//	day    0   1   2   3   4   5   6   7   8   9
//	SPY  100 102 104 106 108 110 112 114 116 118
//	AAA   50  51  53  55  60  54  56  57  58  59
//	BBB   20  19  18  17  22  21  20  19  18  16
func esMarket() (map[string]*data.Series, *data.Calendar) {
	d := esDates()
	flat := func(v float64) []float64 { return constant(10, v) }
	px := map[string]*data.Series{
		"SPY": esSeries("SPY", d, flat(100), []float64{100, 102, 104, 106, 108, 110, 112, 114, 116, 118}),
		"AAA": esSeries("AAA", d, flat(50), []float64{50, 51, 53, 55, 60, 54, 56, 57, 58, 59}),
		"BBB": esSeries("BBB", d, flat(20), []float64{20, 19, 18, 17, 22, 21, 20, 19, 18, 16}),
	}
	return px, data.NewCalendar(d)
}

func nyTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, data.NewYork)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func esSignal(published string, ticker string, a signals.Action, source, author string) signals.Signal {
	s := signals.Signal{Ticker: ticker, Action: a, Strength: signals.Normal, Source: source, Author: author, Tradable: true}
	if len(published) == len(time.DateOnly) {
		s.Published, _ = time.Parse(time.DateOnly, published)
		s.DateOnly = true
	} else {
		s.Published = nyTime(published)
	}
	return s
}

// esSignals: a buy of AAA before Tuesday's open (enters day 1 at 50), a
// date-only sell of BBB on Thursday (enters Friday, day 4, at 20), a buy of
// AAA after Wednesday 2025-03-12's close (enters day 8 at 50), a hold of
// AAA before Monday's open (day 0; reported, not scored), and two signals
// that are not events (not tradable; no prices).
func esSignals() []signals.Signal {
	untradable := esSignal("2025-03-04 10:00", "", signals.Buy, "NL", "Ann")
	untradable.Tradable = false
	return []signals.Signal{
		esSignal("2025-03-04 07:00", "AAA", signals.Buy, "NL", "Ann"),
		esSignal("2025-03-06", "BBB", signals.Sell, "NL", ""),
		esSignal("2025-03-12 17:00", "AAA", signals.Buy, "Blog", "Bob"),
		esSignal("2025-03-03 08:00", "AAA", signals.Hold, "NL", "Ann"),
		untradable,
		esSignal("2025-03-04 07:00", "ZZZ", signals.Buy, "NL", "Ann"),
	}
}

func esOptions() Options {
	opt := DefaultOptions()
	opt.Horizons = []int{3, 1, 3} // unsorted and repeated on purpose
	opt.Bootstrap = 500
	return opt
}

func TestEventStudyHandChecked(t *testing.T) {
	px, cal := esMarket()
	events, st := EventStudy(esSignals(), px, cal, esOptions())
	nan := math.NaN()
	type hr struct{ ret, bench, abn, signed float64 }
	// Expected by hand from the table in esMarket (entry at the open).
	want := []struct {
		ticker string
		entry  time.Time
		price  float64
		h1, h3 hr
		cens3  bool
	}{
		// h1: 53/50-1 = .06, SPY 104/100-1 = .04, abnormal .02.
		// h3: 60/50-1 = .20, SPY 108/100-1 = .08, abnormal .12.
		{"AAA", esDays[1], 50, hr{0.06, 0.04, 0.02, 0.02}, hr{0.20, 0.08, 0.12, 0.12}, false},
		// Sell: h1: 21/20-1 = .05, SPY 110/100-1 = .10, abnormal -.05,
		// signed +.05; h3: 19/20-1 = -.05, SPY .14, abnormal -.19, signed .19.
		{"BBB", esDays[4], 20, hr{0.05, 0.10, -0.05, 0.05}, hr{-0.05, 0.14, -0.19, 0.19}, false},
		// h1: 59/50-1 = .18 = SPY 118/100-1: abnormal 0; h3 is past day 9.
		{"AAA", esDays[10], 50, hr{0.18, 0.18, 0, 0}, hr{nan, nan, nan, nan}, true},
		// Hold: h1 51/50-1 = .02 = SPY .02; h3 55/50-1 = .1, SPY .06.
		{"AAA", esDays[0], 50, hr{0.02, 0.02, 0, nan}, hr{0.10, 0.06, 0.04, nan}, false},
	}
	if len(events) != len(want) {
		t.Fatalf("EventStudy gave %d events, want %d", len(events), len(want))
	}
	for i, w := range want {
		ev := events[i]
		if ev.Signal.Ticker != w.ticker || !ev.EntryDate.Equal(w.entry) || ev.EntryPrice != w.price || ev.BenchmarkPrice != 100 {
			t.Errorf("event %d = %s %v %g (benchmark %g), want %s %v %g (100)", i, ev.Signal.Ticker, ev.EntryDate, ev.EntryPrice, ev.BenchmarkPrice, w.ticker, w.entry, w.price)
		}
		if len(ev.Horizons) != 2 || ev.Horizons[0].Days != 1 || ev.Horizons[1].Days != 3 {
			t.Fatalf("event %d horizons = %+v, want days 1 and 3", i, ev.Horizons)
		}
		for j, wh := range []hr{w.h1, w.h3} {
			g := ev.Horizons[j]
			if !sameFloat(g.Return, wh.ret, 1e-12) || !sameFloat(g.BenchmarkReturn, wh.bench, 1e-12) ||
				!sameFloat(g.Abnormal, wh.abn, 1e-12) || !sameFloat(g.Signed, wh.signed, 1e-12) {
				t.Errorf("event %d h%d = %+v, want %+v", i, g.Days, g, wh)
			}
		}
		if ev.Horizons[1].Censored != w.cens3 || ev.Horizons[0].Censored {
			t.Errorf("event %d censored = %v %v, want false %v", i, ev.Horizons[0].Censored, ev.Horizons[1].Censored, w.cens3)
		}
	}

	if !slices.Equal(st.Horizons, []int{1, 3}) {
		t.Errorf("Study.Horizons = %v, want [1 3]", st.Horizons)
	}
	// Scored: buy AAA (.02, .12), sell BBB (.05, .19), buy AAA (0, censored).
	// t-stat of .02, .05, 0: mean .0233…, sd .0251661… → 1.60591013709393.
	type gk struct {
		by, key string
		h       int
	}
	groups := map[gk]Group{}
	var order []gk
	for _, g := range st.Groups {
		groups[gk{g.By, g.Key, g.Horizon}] = g
		order = append(order, gk{g.By, g.Key, g.Horizon})
	}
	wantOrder := []gk{
		{"all", "all", 1}, {"all", "all", 3},
		{"action", "buy", 1}, {"action", "buy", 3}, {"action", "sell", 1}, {"action", "sell", 3},
		{"source", "Blog", 1}, {"source", "Blog", 3}, {"source", "NL", 1}, {"source", "NL", 3},
		{"author", NoKey, 1}, {"author", NoKey, 3}, {"author", "Ann", 1}, {"author", "Ann", 3}, {"author", "Bob", 1}, {"author", "Bob", 3},
	}
	if diff := cmp.Diff(wantOrder, order, cmp.AllowUnexported(gk{})); diff != "" {
		t.Errorf("group order (-want +got):\n%s", diff)
	}
	wantGroups := []struct {
		k                        gk
		n, cens                  int
		mean, median, hit, tstat float64
	}{
		{gk{"all", "all", 1}, 3, 0, 0.07 / 3, 0.02, 2.0 / 3, 1.6059101370939324},
		// .12 and .19: mean .155, sd .035·√2, t = .155/.035.
		{gk{"all", "all", 3}, 2, 1, 0.155, 0.155, 1, 0.155 / 0.035},
		// .02 and 0: mean .01, sd .01·√2, t = 1.
		{gk{"action", "buy", 1}, 2, 0, 0.01, 0.01, 0.5, 1},
		{gk{"action", "buy", 3}, 1, 1, 0.12, 0.12, 1, nan},
		{gk{"action", "sell", 1}, 1, 0, 0.05, 0.05, 1, nan},
		{gk{"source", "Blog", 3}, 0, 1, nan, nan, nan, nan},
		{gk{"source", "NL", 1}, 2, 0, 0.035, 0.035, 1, 0.035 / 0.015},
		{gk{"author", NoKey, 3}, 1, 0, 0.19, 0.19, 1, nan},
	}
	for _, w := range wantGroups {
		g, ok := groups[w.k]
		if !ok {
			t.Errorf("no group %v", w.k)
			continue
		}
		if g.N != w.n || g.Censored != w.cens || !sameFloat(g.Mean, w.mean, 1e-12) || !sameFloat(g.Median, w.median, 1e-12) ||
			!sameFloat(g.HitRate, w.hit, 1e-12) || !sameFloat(g.TStat, w.tstat, 1e-9) {
			t.Errorf("group %v = %+v, want N %d censored %d mean %g median %g hit %g t %g", w.k, g, w.n, w.cens, w.mean, w.median, w.hit, w.tstat)
		}
		// The interval of the mean of values in [lo, hi] lies in [lo, hi];
		// NaN below 2 values.
		if g.N < 2 {
			if !math.IsNaN(g.CILow) || !math.IsNaN(g.CIHigh) {
				t.Errorf("group %v interval = [%g, %g], want NaN for n < 2", w.k, g.CILow, g.CIHigh)
			}
		} else if !(g.CILow <= g.Mean && g.Mean <= g.CIHigh) {
			t.Errorf("group %v interval [%g, %g] does not contain the mean %g", w.k, g.CILow, g.CIHigh, g.Mean)
		}
	}

	// Paths: buy = event 0 days 0…3 (0, .02, .04, .12: AAA 51, 53, 55, 60
	// over 50 against SPY 102 … 108 over 100) and event 2 days 0…1 (AAA
	// 58, 59 against SPY 116, 118: 0, 0).
	if len(st.Paths) != 2 || st.Paths[0].Key != "buy" || st.Paths[1].Key != "sell" {
		t.Fatalf("paths = %+v, want buy and sell", st.Paths)
	}
	buy := st.Paths[0]
	wantMean := []float64{0, 0.01, 0.04, 0.12}
	wantCount := []int{2, 2, 1, 1}
	if buy.N != 2 || !slices.Equal(buy.Count, wantCount) {
		t.Errorf("buy path N %d counts %v, want 2 %v", buy.N, buy.Count, wantCount)
	}
	for d, w := range wantMean {
		if !sameFloat(buy.Mean[d], w, 1e-12) {
			t.Errorf("buy path day %d = %g, want %g", d, buy.Mean[d], w)
		}
	}
	// Day 1: values .02 and 0: se = .01, band .01 ± 1.96·.01.
	if z := 1.959963984540054; !sameFloat(buy.Low[1], 0.01-z*0.01, 1e-12) || !sameFloat(buy.High[1], 0.01+z*0.01, 1e-12) {
		t.Errorf("buy path day 1 band = [%g, %g], want .01 ± 1.96·.01", buy.Low[1], buy.High[1])
	}
	if !math.IsNaN(buy.Low[3]) {
		t.Errorf("buy path day 3 band with one event = %g, want NaN", buy.Low[3])
	}
}

func TestEventStudyExecutionAndGaps(t *testing.T) {
	px, cal := esMarket()
	buy := []signals.Signal{esSignal("2025-03-04 07:00", "AAA", signals.Buy, "NL", "Ann")}

	t.Run("next_close prices both at the close", func(t *testing.T) {
		opt := esOptions()
		opt.Execution = NextClose
		events, _ := EventStudy(buy, px, cal, opt)
		h1 := events[0].Horizons[0]
		// Entry at day 1's close: AAA 51, SPY 102; day 2: 53, 104.
		if events[0].EntryPrice != 51 || events[0].BenchmarkPrice != 102 ||
			!sameFloat(h1.Return, 53.0/51-1, 1e-12) || !sameFloat(h1.BenchmarkReturn, 104.0/102-1, 1e-12) {
			t.Errorf("next_close event = %+v", events[0])
		}
	})

	t.Run("benchmark gap uses its last close", func(t *testing.T) {
		gapped := map[string]*data.Series{"AAA": px["AAA"], "BBB": px["BBB"]}
		d := esDates(0, 1, 3, 4, 7, 8, 9, 10, 11) // SPY misses day 2 (2025-03-05)
		gapped["SPY"] = esSeries("SPY", d, constant(9, 100), []float64{100, 102, 106, 108, 110, 112, 114, 116, 118})
		events, _ := EventStudy(buy, gapped, data.NewCalendar(esDates()), esOptions())
		// h1 ends on day 2: SPY's last close on or before it is day 1's 102.
		if h1 := events[0].Horizons[0]; !sameFloat(h1.BenchmarkReturn, 0.02, 1e-12) || !sameFloat(h1.Abnormal, 0.04, 1e-12) {
			t.Errorf("gapped benchmark h1 = %+v, want benchmark .02, abnormal .04", h1)
		}
	})

	t.Run("benchmark missing the entry day uses the prior close", func(t *testing.T) {
		gapped := map[string]*data.Series{"AAA": px["AAA"]}
		d := esDates(0, 2, 3, 4, 7, 8, 9, 10, 11) // SPY misses day 1
		gapped["SPY"] = esSeries("SPY", d, constant(9, 100), []float64{100, 104, 106, 108, 110, 112, 114, 116, 118})
		events, _ := EventStudy(buy, gapped, data.NewCalendar(esDates()), esOptions())
		if got := events[0].BenchmarkPrice; got != 100 {
			t.Errorf("benchmark entry = %g, want day 0's close 100", got)
		}
	})

	t.Run("stock gap uses its last close, and no bar on entry is no event", func(t *testing.T) {
		gapped := map[string]*data.Series{"SPY": px["SPY"]}
		d := esDates(0, 1, 3, 4, 7, 8, 9, 10, 11) // AAA misses day 2
		gapped["AAA"] = esSeries("AAA", d, constant(9, 50), []float64{50, 51, 55, 60, 54, 56, 57, 58, 59})
		events, _ := EventStudy(buy, gapped, cal, esOptions())
		if h1 := events[0].Horizons[0]; !sameFloat(h1.Return, 0.02, 1e-12) {
			t.Errorf("gapped stock h1 return = %g, want 51/50-1", h1.Return)
		}
		late := []signals.Signal{esSignal("2025-03-05 07:00", "AAA", signals.Buy, "", "")}
		if events, _ := EventStudy(late, gapped, cal, esOptions()); len(events) != 0 {
			t.Errorf("a signal entering on the stock's missing day gave %d events, want 0", len(events))
		}
	})

	t.Run("stock ending early censors", func(t *testing.T) {
		short := map[string]*data.Series{"SPY": px["SPY"]}
		d := esDates(0, 1, 2, 3)
		short["AAA"] = esSeries("AAA", d, constant(4, 50), []float64{50, 51, 53, 55})
		events, st := EventStudy(buy, short, cal, esOptions())
		h := events[0].Horizons
		if h[0].Censored || !h[1].Censored || !math.IsNaN(h[1].Return) {
			t.Errorf("horizons = %+v, want h1 scored and h3 censored (AAA ends on day 3)", h)
		}
		if g := st.Groups[1]; g.Horizon != 3 || g.N != 0 || g.Censored != 1 {
			t.Errorf("all/h3 = %+v, want N 0, Censored 1", g)
		}
	})

	t.Run("holds scored on request", func(t *testing.T) {
		opt := esOptions()
		opt.ScoreHolds = true
		hold := []signals.Signal{esSignal("2025-03-03 08:00", "AAA", signals.Hold, "", "")}
		events, st := EventStudy(hold, px, cal, opt)
		if s := events[0].Horizons[1].Signed; !sameFloat(s, 0.04, 1e-12) {
			t.Errorf("scored hold h3 signed = %g, want .04 (unsigned abnormal)", s)
		}
		if len(st.Groups) == 0 || st.Groups[0].N != 1 {
			t.Errorf("scored hold groups = %+v, want all/h1 N 1", st.Groups)
		}
		opt.ScoreHolds = false
		if _, st := EventStudy(hold, px, cal, opt); len(st.Groups) != 0 || len(st.Paths) != 0 {
			t.Errorf("unscored hold gave groups %+v paths %+v, want none", st.Groups, st.Paths)
		}
	})

	t.Run("horizons below 1 warn", func(t *testing.T) {
		opt := esOptions()
		opt.Horizons = []int{0, 3, -1}
		_, st := EventStudy(buy, px, cal, opt)
		if !slices.Equal(st.Horizons, []int{3}) || len(st.Warnings) != 1 {
			t.Errorf("horizons %v warnings %q, want [3] and one warning", st.Horizons, st.Warnings)
		}
		if events, _ := EventStudy(buy, px, nil, opt); len(events) != 0 {
			t.Errorf("a nil calendar gave %d events, want 0", len(events))
		}
	})

	t.Run("unknown model warns", func(t *testing.T) {
		opt := esOptions()
		opt.Abnormal = "capm"
		events, st := EventStudy(buy, px, cal, opt)
		if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], `"capm"`) || events[0].Model != MarketAdjusted {
			t.Errorf("warnings = %q, model %s; want one naming \"capm\" and market-adjusted", st.Warnings, events[0].Model)
		}
	})

	t.Run("no benchmark", func(t *testing.T) {
		noBench := map[string]*data.Series{"AAA": px["AAA"]}
		events, st := EventStudy(buy, noBench, cal, esOptions())
		if h1 := events[0].Horizons[0]; !math.IsNaN(h1.Abnormal) || !sameFloat(h1.Return, 0.06, 1e-12) {
			t.Errorf("h1 without benchmark = %+v, want return .06, abnormal NaN", h1)
		}
		if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "SPY") {
			t.Errorf("warnings = %q, want one naming SPY", st.Warnings)
		}
	})
}

// mmMarket is a synthetic market of n days in which the stock's daily
// return is alpha + beta·(benchmark's) + noise·ε.
func mmMarket(n int, alpha, beta, noise float64, seed uint64) (map[string]*data.Series, *data.Calendar) {
	rng := rand.New(rand.NewPCG(seed, 7))
	d := make([]time.Time, n)
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range d {
		d[i] = start.AddDate(0, 0, i)
	}
	sc, bc := make([]float64, n), make([]float64, n)
	sc[0], bc[0] = 50, 100
	for i := 1; i < n; i++ {
		rm := rng.NormFloat64() * 0.01
		bc[i] = bc[i-1] * (1 + rm)
		sc[i] = sc[i-1] * (1 + alpha + beta*rm + noise*rng.NormFloat64())
	}
	// Opens equal the same day's close, so an entry at the open is priced
	// at that close and horizon h spans exactly h daily returns.
	px := map[string]*data.Series{"SPY": esSeries("SPY", d, bc, bc), "AAA": esSeries("AAA", d, sc, sc)}
	return px, data.NewCalendar(d)
}

func TestEventStudyMarketModel(t *testing.T) {
	opt := esOptions()
	opt.Abnormal = MarketModel
	opt.Horizons = []int{1, 5}

	t.Run("exact beta", func(t *testing.T) {
		px, cal := mmMarket(400, 0.0002, 1.5, 0, 1)
		sig := signals.Signal{Ticker: "AAA", Action: signals.Buy, Tradable: true, DateOnly: true, Published: cal.Days()[299]}
		events, st := EventStudy([]signals.Signal{sig}, px, cal, opt)
		ev := events[0]
		if ev.Model != MarketModel || !sameFloat(ev.Beta, 1.5, 1e-9) || !sameFloat(ev.Alpha, 0.0002, 1e-9) {
			t.Errorf("market model = %s α %g β %g, want market_model 0.0002 1.5", ev.Model, ev.Alpha, ev.Beta)
		}
		for _, h := range ev.Horizons {
			if want := h.Return - (ev.Alpha*float64(h.Days) + ev.Beta*h.BenchmarkReturn); !sameFloat(h.Abnormal, want, 1e-15) {
				t.Errorf("h%d abnormal = %g, want R - (α·h + β·Rm) = %g", h.Days, h.Abnormal, want)
			}
			// With no noise the abnormal return is only compounding's
			// second-order residue.
			if math.Abs(h.Abnormal) > 5e-3 {
				t.Errorf("h%d abnormal = %g, want ≈ 0", h.Days, h.Abnormal)
			}
		}
		if len(st.Warnings) != 0 {
			t.Errorf("warnings = %q, want none", st.Warnings)
		}
	})

	t.Run("noisy beta within its standard error", func(t *testing.T) {
		px, cal := mmMarket(400, 0, 0.8, 0.01, 2)
		sig := signals.Signal{Ticker: "AAA", Action: signals.Sell, Tradable: true, DateOnly: true, Published: cal.Days()[299]}
		events, _ := EventStudy([]signals.Signal{sig}, px, cal, opt)
		// 232 days, σ_ε = σ_m = .01: se(β) ≈ 1/√232 ≈ .066; allow 4 se.
		if b := events[0].Beta; math.Abs(b-0.8) > 4/math.Sqrt(232) {
			t.Errorf("beta = %g, want 0.8 ± %g", b, 4/math.Sqrt(232))
		}
	})

	t.Run("short history falls back", func(t *testing.T) {
		px, cal := mmMarket(400, 0.0002, 1.5, 0, 1)
		// Entry at day 80: the window -252…-21 holds the returns of days
		// 1…59, 59 of them.
		sig := signals.Signal{Ticker: "AAA", Action: signals.Buy, Tradable: true, DateOnly: true, Published: cal.Days()[79]}
		events, st := EventStudy([]signals.Signal{sig}, px, cal, opt)
		ev := events[0]
		if ev.Model != MarketAdjusted || ev.Beta != 1 || ev.Alpha != 0 {
			t.Errorf("fallback = %s α %g β %g, want market 0 1", ev.Model, ev.Alpha, ev.Beta)
		}
		if h := ev.Horizons[0]; !sameFloat(h.Abnormal, h.Return-h.BenchmarkReturn, 1e-15) {
			t.Errorf("fallback abnormal = %g, want R - Rm", h.Abnormal)
		}
		if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "1 events") {
			t.Errorf("warnings = %q, want one counting 1 event", st.Warnings)
		}
		// One day later there are 60: the model is fitted.
		sig.Published = cal.Days()[80]
		if events, _ := EventStudy([]signals.Signal{sig}, px, cal, opt); events[0].Model != MarketModel {
			t.Errorf("with 60 days the model is %s, want market_model", events[0].Model)
		}
	})
}

func TestTStatAndMedian(t *testing.T) {
	checkCases(t, "stats", []metricCase{
		// Hand: .02, .05, 0 (see TestEventStudyHandChecked).
		{"TStat", TStat([]float64{0.02, 0.05, 0}), 1.6059101370939324, 1e-12},
		// Hand: mean 2.5, sd √(5/3), t = 2.5/(√(5/3)/2).
		{"TStat/1234", TStat([]float64{1, 2, 3, 4}), 2.5 / (math.Sqrt(5.0/3) / 2), 1e-12},
		{"TStat/one", TStat([]float64{1}), math.NaN(), 0},
		{"Median/odd", Median([]float64{5, 1, 3}), 3, 0},
		{"Median/even", Median([]float64{4, 1, 3, 2}), 2.5, 0},
		{"Median/empty", Median(nil), math.NaN(), 0},
	})
	// numpy.quantile([1,2,3,4,5], [.25, .75]) = 2, 4; [.1, .9] = 1.4, 4.6.
	var mc mcScratch
	for _, c := range []struct{ a, lo, hi float64 }{{0.25, 2, 4}, {0.1, 1.4, 4.6}, {0, 1, 5}} {
		if lo, hi := mc.tails([]float64{5, 3, 1, 4, 2}, c.a); !sameFloat(lo, c.lo, 1e-15) || !sameFloat(hi, c.hi, 1e-15) {
			t.Errorf("tails(1…5, %g) = %g, %g, want %g, %g (numpy.quantile)", c.a, lo, hi, c.lo, c.hi)
		}
	}
	// Median and quantiles by selection agree with sorting on random data.
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n < 200; n += 7 {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Round(rng.NormFloat64() * 5) // ties on purpose
		}
		s := slices.Clone(x)
		slices.Sort(s)
		want := s[n/2]
		if n%2 == 0 {
			want = (s[n/2-1] + s[n/2]) / 2
		}
		if got := Median(slices.Clone(x)); got != want {
			t.Errorf("Median(n=%d) = %g, want %g", n, got, want)
		}
		q := func(p float64) float64 {
			pos := p * float64(n-1)
			k := int(pos)
			v := s[k]
			if k+1 < n {
				v += (pos - float64(k)) * (s[k+1] - s[k])
			}
			return v
		}
		if lo, hi := mc.tails(x, 0.025); !sameFloat(lo, q(0.025), 1e-12) || !sameFloat(hi, q(0.975), 1e-12) {
			t.Errorf("tails(n=%d, .025) = %g, %g, want %g, %g", n, lo, hi, q(0.025), q(0.975))
		}
	}
}

func TestBootstrapMeanCI(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	sample := func(n int, exp bool) []float64 {
		x := make([]float64, n)
		for i := range x {
			if exp {
				x[i] = rng.ExpFloat64()
			} else {
				x[i] = rng.NormFloat64()
			}
		}
		return x
	}

	t.Run("deterministic", func(t *testing.T) {
		x := sample(8, false) // n < 10: Monte Carlo
		lo1, hi1 := BootstrapMeanCI(x, 0.95, 2000, 42, 1)
		lo2, hi2 := BootstrapMeanCI(slices.Clone(x), 0.95, 2000, 42, 1)
		if lo1 != lo2 || hi1 != hi2 {
			t.Errorf("same seed gave [%g, %g] and [%g, %g]", lo1, hi1, lo2, hi2)
		}
		lo3, hi3 := BootstrapMeanCI(x, 0.95, 2000, 43, 1)
		if lo1 == lo3 && hi1 == hi3 {
			t.Errorf("seeds 42 and 43 gave the same interval [%g, %g]", lo1, hi1)
		}
		// Horizons with the same events share the resampled indices: the
		// joint run gives each sample the interval of its own run.
		y := sample(8, true)
		var mc mcScratch
		jl, jh := mc.run([][]float64{x, y}, 0.95, 2000, rand.NewPCG(42, 1))
		jl, jh = slices.Clone(jl), slices.Clone(jh)
		if yl, yh := bootstrapMC(y, 0.95, 2000, rand.NewPCG(42, 1)); jl[0] != lo1 || jh[0] != hi1 || jl[1] != yl || jh[1] != yh {
			t.Errorf("joint run = %v %v, want [%g %g] and [%g %g]", jl, jh, lo1, yl, hi1, yh)
		}
		px, cal := esMarket()
		_, a := EventStudy(esSignals(), px, cal, esOptions())
		_, b := EventStudy(esSignals(), px, cal, esOptions())
		if diff := cmp.Diff(a, b, cmp.Comparer(func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) })); diff != "" {
			t.Errorf("EventStudy twice differs (-first +second):\n%s", diff)
		}
	})

	t.Run("degenerate", func(t *testing.T) {
		if lo, hi := BootstrapMeanCI([]float64{1}, 0.95, 100, 1, 1); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("n=1 interval = [%g, %g], want NaN", lo, hi)
		}
		for _, n := range []int{5, 50} {
			if lo, hi := BootstrapMeanCI(constant(n, 0.3), 0.95, 100, 1, 1); !sameFloat(lo, 0.3, 1e-15) || !sameFloat(hi, 0.3, 1e-15) {
				t.Errorf("constant n=%d interval = [%g, %g], want [0.3, 0.3]", n, lo, hi)
			}
		}
	})

	// The saddlepoint interval is the limit of the Monte Carlo one: on a
	// skewed sample they agree within 0.04 standard errors of the mean
	// (the Monte Carlo error of 100,000 resamples is about 0.01; of 2,000,
	// about 0.07), and both are asymmetric the way the data are.
	t.Run("saddlepoint matches Monte Carlo", func(t *testing.T) {
		for _, n := range []int{10, 25, 60, 300} {
			x := sample(n, true)
			m, sd := sampleMeanSD(x)
			se := sd / math.Sqrt(float64(n))
			slo, shi := saddlepointMeanCI(x, 0.95)
			mlo, mhi := bootstrapMC(x, 0.95, 100000, rand.NewPCG(9, uint64(n)))
			if math.Abs(slo-mlo) > 0.04*se || math.Abs(shi-mhi) > 0.04*se {
				t.Errorf("n=%d saddlepoint [%g, %g], Monte Carlo [%g, %g] (se %g)", n, slo, shi, mlo, mhi, se)
			}
			if !(shi-m > m-slo) {
				t.Errorf("n=%d interval [%g, %g] around %g is not skewed right like the exponential", n, slo, shi, m)
			}
		}
	})

	// Coverage sanity: over many samples from a known mean, the 95%
	// interval covers it about 95% of the time; the percentile bootstrap
	// runs short for small n (about 89% at n = 8, 91% at 12 for normal
	// data), so the floor rises with n.
	t.Run("coverage", func(t *testing.T) {
		for _, c := range []struct {
			n     int
			floor float64
		}{{8, 0.85}, {12, 0.87}, {40, 0.91}} {
			n := c.n
			covered, trials := 0, 1000
			for i := range trials {
				x := sample(n, false)
				lo, hi := BootstrapMeanCI(x, 0.95, 1000, 11, uint64(i))
				if lo <= 0 && 0 <= hi {
					covered++
				}
			}
			if got := float64(covered) / float64(trials); got < c.floor || got > 0.98 {
				t.Errorf("n=%d coverage = %g, want in [%g, 0.98]", n, got, c.floor)
			}
		}
	})
}

// benchMarket is a synthetic market of tickers × days with a benchmark,
// and signals spread over it, sources and authors as given.
func benchMarket(tickers, days, nsig, sources, authors int) ([]signals.Signal, map[string]*data.Series, *data.Calendar) {
	rng := rand.New(rand.NewPCG(2026, 11))
	d := make([]time.Time, 0, days)
	for t := time.Date(2016, 1, 4, 0, 0, 0, 0, time.UTC); len(d) < days; t = t.AddDate(0, 0, 1) {
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			d = append(d, t)
		}
	}
	walk := func(name string) *data.Series {
		o, c := make([]float64, days), make([]float64, days)
		p := 50 + rng.Float64()*100
		for i := range c {
			o[i] = p * (1 + rng.NormFloat64()*0.003)
			p *= 1 + rng.NormFloat64()*0.015
			c[i] = p
		}
		return esSeries(name, d, o, c)
	}
	px := map[string]*data.Series{"SPY": walk("SPY")}
	names := make([]string, tickers)
	for i := range names {
		names[i] = fmt.Sprintf("T%03d", i)
		px[names[i]] = walk(names[i])
	}
	actions := []signals.Action{signals.Buy, signals.Buy, signals.Buy, signals.Sell, signals.Avoid, signals.Hold}
	sigs := make([]signals.Signal, nsig)
	for i := range sigs {
		day := d[rng.IntN(days)]
		sigs[i] = signals.Signal{
			Published: day.Add(time.Duration(rng.IntN(24*60)) * time.Minute),
			Ticker:    names[rng.IntN(tickers)],
			Action:    actions[rng.IntN(len(actions))],
			Strength:  signals.Normal,
			Source:    fmt.Sprintf("S%02d", rng.IntN(sources)),
			Author:    fmt.Sprintf("A%03d", rng.IntN(authors)),
			Tradable:  true,
		}
	}
	return sigs, px, data.NewCalendar(d)
}

// BenchmarkEventStudy is the size: 500 tickers × 2,520 days ×
// 5,000 signals, default options (5 horizons, 2,000 resamples).
func BenchmarkEventStudy(b *testing.B) {
	for _, c := range []struct {
		name             string
		sources, authors int
	}{
		{"10sources_50authors", 10, 50},
		{"10sources_500authors", 10, 500},
	} {
		b.Run(c.name, func(b *testing.B) {
			sigs, px, cal := benchMarket(500, 2520, 5000, c.sources, c.authors)
			opt := DefaultOptions()
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				EventStudy(sigs, px, cal, opt)
			}
			// CPU time per op: on a shared, loaded machine wall time
			// overstates it.
			b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// TestEventStudyIndependent recomputes every event's returns and the
// overall groups with plain loops (binary searches on dates, no index
// maps, no shared code) on seeded synthetic prices with random gaps in
// the stocks and the benchmark.
func TestEventStudyIndependent(t *testing.T) {
	sigs, px, _ := benchMarket(40, 400, 600, 3, 7)
	rng := rand.New(rand.NewPCG(77, 78))
	for name, s := range px {
		keep := &data.Series{Ticker: name}
		for i := range s.Dates {
			if i > 0 && rng.IntN(20) == 0 { // drop 5% of the bars
				continue
			}
			keep.Dates = append(keep.Dates, s.Dates[i])
			keep.Open, keep.High, keep.Low = append(keep.Open, s.Open[i]), append(keep.High, s.High[i]), append(keep.Low, s.Low[i])
			keep.Close, keep.AdjClose, keep.Volume = append(keep.Close, s.Close[i]), append(keep.AdjClose, s.AdjClose[i]), append(keep.Volume, s.Volume[i])
		}
		if name != "SPY" && rng.IntN(5) == 0 { // some stocks stop early
			n := len(keep.Dates) * 3 / 4
			keep.Dates, keep.Open, keep.High, keep.Low = keep.Dates[:n], keep.Open[:n], keep.High[:n], keep.Low[:n]
			keep.Close, keep.AdjClose, keep.Volume = keep.Close[:n], keep.AdjClose[:n], keep.Volume[:n]
		}
		px[name] = keep
	}
	var all [][]time.Time
	for _, s := range px {
		all = append(all, s.Dates)
	}
	cal := data.NewCalendar(all...)
	opt := DefaultOptions()
	opt.Horizons = []int{1, 5, 21, 63}
	events, st := EventStudy(sigs, px, cal, opt)

	days := cal.Days()
	lastCloseOnOrBefore := func(s *data.Series, d time.Time) (float64, bool) {
		i := sort.Search(len(s.Dates), func(i int) bool { return s.Dates[i].After(d) }) - 1
		if i < 0 {
			return math.NaN(), false
		}
		return s.Close[i], true
	}
	spy := px["SPY"]
	sums := make([]float64, len(opt.Horizons))
	counts := make([]int, len(opt.Horizons))
	k, benchGaps, stockGaps, nCensored := 0, 0, 0, 0
	for _, sig := range sigs {
		f, err := Entry(sig, cal, px[sig.Ticker], opt)
		if err != nil {
			continue
		}
		ev := events[k]
		k++
		if ev.Signal != sig || !ev.EntryDate.Equal(f.Date) {
			t.Fatalf("event %d is %v on %v, want %v on %v", k-1, ev.Signal.Ticker, ev.EntryDate, sig.Ticker, f.Date)
		}
		day := sort.Search(len(days), func(i int) bool { return !days[i].Before(f.Date) })
		var q float64
		if j, ok := spy.Index(f.Date); ok {
			q = spy.Open[j]
		} else {
			q, _ = lastCloseOnOrBefore(spy, days[day-1])
			benchGaps++
		}
		s := px[sig.Ticker]
		for hi, h := range opt.Horizons {
			got := ev.Horizons[hi]
			end := day + h
			censored := end >= len(days) || days[end].After(s.Dates[len(s.Dates)-1]) || days[end].After(spy.Dates[len(spy.Dates)-1])
			if got.Censored != censored {
				t.Errorf("%s %v h%d censored = %v, want %v", sig.Ticker, f.Date, h, got.Censored, censored)
				continue
			}
			if censored {
				nCensored++
				continue
			}
			if _, ok := s.Index(days[end]); !ok {
				stockGaps++
			}
			c, _ := lastCloseOnOrBefore(s, days[end])
			b, _ := lastCloseOnOrBefore(spy, days[end])
			r, rm := c/f.Price-1, b/q-1
			signed := float64(sig.Action.Direction()) * (r - rm)
			if sig.Action.Direction() == 0 {
				signed = math.NaN()
			} else {
				sums[hi] += signed
				counts[hi]++
			}
			if !sameFloat(got.Return, r, 1e-12) || !sameFloat(got.BenchmarkReturn, rm, 1e-12) || !sameFloat(got.Signed, signed, 1e-12) {
				t.Errorf("%s %v h%d = %+v, want return %g benchmark %g signed %g", sig.Ticker, f.Date, h, got, r, rm, signed)
			}
		}
	}
	if k != len(events) {
		t.Errorf("EventStudy gave %d events, the plain loop %d", len(events), k)
	}
	// The data must exercise what the test is for.
	if benchGaps == 0 || stockGaps == 0 || nCensored == 0 {
		t.Errorf("events %d: benchmark gaps at entry %d, stock gaps at a horizon %d, censored %d; want each > 0", k, benchGaps, stockGaps, nCensored)
	}
	t.Logf("events %d: benchmark gaps at entry %d, stock gaps at a horizon %d, censored %d", k, benchGaps, stockGaps, nCensored)
	for hi, h := range opt.Horizons {
		g := st.Groups[hi]
		if g.By != "all" || g.Horizon != h || g.N != counts[hi] || !sameFloat(g.Mean, sums[hi]/float64(counts[hi]), 1e-12) {
			t.Errorf("all/h%d = N %d mean %g, want N %d mean %g", h, g.N, g.Mean, counts[hi], sums[hi]/float64(counts[hi]))
		}
	}
}
