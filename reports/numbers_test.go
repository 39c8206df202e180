package reports

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/signals"
	"gonum.org/v1/plot/plotter"
)

func TestFormats(t *testing.T) {
	point1, point2 := 0.1, 0.2 // variables, so the sum is not an exact constant
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"pct", pct(0.0812, 1), "8.1%"},
		{"pct negative", pct(-0.04, 1), "−4.0%"},
		{"pct rounds to zero", pct(-0.00001, 1), "0.0%"},
		{"pct NaN", pct(math.NaN(), 1), "n/a"},
		{"signed positive", signedPct(0.015, 1), "+1.5%"},
		{"signed negative", signedPct(-0.015, 1), "−1.5%"},
		{"signed zero", signedPct(0, 1), "0.0%"},
		{"thousands", fixed(1234567.891, 2), "1,234,567.89"},
		{"small", fixed(999, 0), "999"},
		{"money", money(123456.7), "$123,457"},
		{"money negative", money(-1500), "−$1,500"},
		{"money inf", money(math.Inf(1)), "n/a"},
		{"data float", dataFloat(point1 + point2), "0.30000000000000004"},
		{"data float tiny", dataFloat(1e-7), "0.0000001"},
		{"data float NaN", dataFloat(math.NaN()), ""},
		{"data float -0", dataFloat(math.Copysign(0, -1)), "0"},
		{"data date", dataDate(time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC)), "2025-06-09"},
		{"data time", dataTime(time.Date(2025, 6, 9, 6, 55, 0, 0, time.FixedZone("ET", -4*3600))), "2025-06-09T10:55:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestCleanAndLabelText(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		n         int
		wantClean string // cleanText(in, true)
		wantLabel string // labelText(in, n)
	}{
		{"plain", "META", 10, "META", "META"},
		{"tags stay text", "<script>x</script>", 40, "<script>x</script>", "<script>x</script>"},
		{"control chars", "a\x00b\x1bc\x7f", 10, "a␀b␛c␡", "a?b?c?"},
		{"newline and tab", "a\nb\tc", 10, "a b c", "a b c"},
		{"bidi override dropped", "abc\u202edef\u202c", 10, "abcdef", "abcdef"},
		{"hebrew kept", "שלום", 10, "שלום", "שלום"},
		{"emoji", "up 🚀", 10, "up 🚀", "up ?"},
		{"invalid utf-8", "a\xffb", 10, "a\uFFFDb", "a?b"},
		{"truncated", strings.Repeat("x", 50), 10, strings.Repeat("x", 50), strings.Repeat("x", 9) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in, true); got != tt.wantClean {
				t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.wantClean)
			}
			got := labelText(tt.in, tt.n)
			if got != tt.wantLabel {
				t.Errorf("labelText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.wantLabel)
			}
			if utf8.RuneCountInString(got) > tt.n {
				t.Errorf("labelText(%q, %d) has %d runes", tt.in, tt.n, utf8.RuneCountInString(got))
			}
		})
	}
	if got := labelText(hostileText, 80); utf8.RuneCountInString(got) != 80 || strings.ContainsAny(got, "\x00\x1b\x07") {
		t.Errorf("labelText(hostile) = %q", got)
	}
}

func TestTruncateMiddle(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"all-calls commission_bps=0,holding_days=126", 20, "all-calls…g_days=126"},
		{"abcdefghij", 5, "ab…ij"},
		{"ünïcödé-näme", 7, "ünï…äme"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := truncateMiddle(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("truncateMiddle(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if utf8.RuneCountInString(got) > tt.n {
				t.Errorf("%q has more than %d runes", got, tt.n)
			}
		})
	}
}

func TestMainHorizon(t *testing.T) {
	tests := []struct {
		name     string
		horizons []int
		holding  int
		want     int
		wantH    int
	}{
		{"explicit", []int{1, 5, 21, 63}, 63, 21, 21},
		{"holding period measured", []int{1, 5, 21, 63, 126}, 21, 0, 21},
		{"holding not measured: 63", []int{1, 63, 126}, 10, 0, 63},
		{"no 63: longest", []int{1, 5, 21}, 10, 0, 21},
		{"none", nil, 0, 0, 63},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &backtest.Result{}
			res.Options.HoldingDays = tt.holding
			res.Study.Horizons = tt.horizons
			if got := MainHorizon(res, tt.want); got != tt.wantH {
				t.Errorf("MainHorizon = %d, want %d", got, tt.wantH)
			}
		})
	}
}

func TestMonthlyReturns(t *testing.T) {
	dates := []time.Time{day("2024-12-30"), day("2024-12-31"), day("2025-01-02"), day("2025-01-31"), day("2025-03-03")}
	eq := []float64{101, 102, 100, 110, 99}
	got := monthlyReturns(dates, eq, 100)
	if diff := cmp.Diff([]int{2024, 2025}, got.Years); diff != "" {
		t.Fatalf("years (-want +got):\n%s", diff)
	}
	// Hand computation: Dec 2024 = 102/100 − 1; Jan 2025 = 110/102 − 1;
	// Feb 2025 has no session; Mar 2025 = 99/110 − 1; 2025 = 99/102 − 1.
	tests := []struct {
		name      string
		row, col  int
		want      float64
		wantIsNaN bool
	}{
		{"Nov 2024 before start", 0, 10, 0, true},
		{"Dec 2024 from the capital", 0, 11, 0.02, false},
		{"year 2024", 0, 12, 0.02, false},
		{"Jan 2025", 1, 0, 110.0/102 - 1, false},
		{"Feb 2025 no session", 1, 1, 0, true},
		{"Mar 2025", 1, 2, 99.0/110 - 1, false},
		{"year 2025", 1, 12, 99.0/102 - 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := got.Ret[tt.row][tt.col]
			if tt.wantIsNaN {
				if !math.IsNaN(v) {
					t.Errorf("got %g, want NaN", v)
				}
				return
			}
			if math.Abs(v-tt.want) > 1e-12 {
				t.Errorf("got %.15g, want %.15g", v, tt.want)
			}
		})
	}
	t.Run("empty", func(t *testing.T) {
		if got := monthlyReturns(nil, nil, 100); len(got.Years) != 0 {
			t.Errorf("got %v years", got.Years)
		}
	})
}

func TestWorstDrawdown(t *testing.T) {
	tests := []struct {
		name string
		dd   []float64
		want drawdownSpan
		ok   bool
	}{
		{"never down", []float64{0, 0, 0}, drawdownSpan{Trough: -1, Recovery: -1}, false},
		{"recovered", []float64{0, -0.1, -0.3, -0.05, 0, -0.02}, drawdownSpan{Peak: 0, Trough: 2, Recovery: 4, Depth: -0.3}, true},
		{"not recovered", []float64{0, 0, -0.1, 0, -0.2, -0.4, -0.1}, drawdownSpan{Peak: 3, Trough: 5, Recovery: -1, Depth: -0.4}, true},
		{"NaN ignored", []float64{0, math.NaN(), -0.2, 0}, drawdownSpan{Peak: 0, Trough: 2, Recovery: 3, Depth: -0.2}, true},
		{"first of equal troughs", []float64{0, -0.2, 0, -0.2, 0}, drawdownSpan{Peak: 0, Trough: 1, Recovery: 2, Depth: -0.2}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := worstDrawdown(tt.dd)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("worstDrawdown = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	t.Run("label", func(t *testing.T) {
		dates := sessions("2025-01-06", 6)
		got := drawdownLabel(dates, drawdownSpan{Peak: 0, Trough: 2, Recovery: -1, Depth: -0.234})
		want := "Worst drawdown −23.4%: peak 2025-01-06, trough 2025-01-08, not recovered by 2025-01-13"
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("computed when missing", func(t *testing.T) {
		got := underwater(nil, []float64{100, 110, 99, 121})
		want := []float64{0, 0, 99.0/110 - 1, 0}
		if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Errorf("underwater (-want +got):\n%s", diff)
		}
	})
}

func TestCARLines(t *testing.T) {
	nan := math.NaN()
	paths := []backtest.CARPath{
		{Key: "sell", N: 3, Mean: []float64{0, -0.01, nan}, Low: []float64{0, -0.02, nan}, High: []float64{0, 0.005, nan}},
		{Key: "buy", N: 5, Mean: []float64{0, 0.01, 0.02}, Low: []float64{0, 0, 0.01}, High: []float64{0, 0.02, 0.03}},
		{Key: "hold", N: 0, Mean: []float64{nan}},
	}
	got := carLines(paths)
	if len(got) != 2 || got[0].key != "buy" || got[1].key != "sell" {
		t.Fatalf("carLines keys = %v, want [buy sell]", got)
	}
	wantBuyBand := plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 2, Y: 0.01}, {X: 2, Y: 0.03}, {X: 1, Y: 0.02}, {X: 0, Y: 0}}
	if diff := cmp.Diff(wantBuyBand, got[0].band); diff != "" {
		t.Errorf("buy band (-want +got):\n%s", diff)
	}
	if got[0].last != 0.02 || got[0].lastDay != 2 || got[0].n != 5 {
		t.Errorf("buy end = %g at day %d n=%d, want 0.02 at 2, n=5", got[0].last, got[0].lastDay, got[0].n)
	}
	wantSell := plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: -0.01}}
	if diff := cmp.Diff(wantSell, got[1].mean); diff != "" {
		t.Errorf("sell mean stops at the last finite day (-want +got):\n%s", diff)
	}
}

func TestScoreSignals(t *testing.T) {
	ev := func(ticker string, a signals.Action, signed float64, censored bool) backtest.Event {
		return backtest.Event{Signal: signals.Signal{Ticker: ticker, Action: a}, EntryDate: day("2025-01-02"),
			Horizons: []backtest.HorizonReturn{{Days: 1, Signed: 9}, {Days: 5, Signed: signed, Censored: censored}}}
	}
	events := []backtest.Event{
		ev("A", signals.Buy, 0.03, false), ev("B", signals.Sell, -0.02, false), ev("C", signals.Hold, 0.5, false),
		ev("D", signals.Avoid, 0.01, true), ev("E", signals.Buy, math.NaN(), false), ev("F", signals.Avoid, -0.02, false),
	}
	got, censored := scoreSignals(events, 5)
	want := []scoredSignal{
		{"B", "sell", "2025-01-02", -0.02}, {"F", "avoid", "2025-01-02", -0.02}, {"A", "buy", "2025-01-02", 0.03},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scoreSignals (-want +got):\n%s", diff)
	}
	if censored != 1 {
		t.Errorf("censored = %d, want 1", censored)
	}
}

func TestMarkTrades(t *testing.T) {
	res := smallResult()
	m := markTrades(res)
	// META entered 2025-06-10 (index 6, equity 101200.25), exited
	// 2025-06-17 (index 11, 102500); the weak buy entered 2025-06-18
	// (index 12, 103100.5) and is still open.
	wantEntries := plotter.XYs{{X: unix(day("2025-06-10")), Y: 101200.25}, {X: unix(day("2025-06-18")), Y: 103100.5}}
	wantExits := plotter.XYs{{X: unix(day("2025-06-17")), Y: 102500}}
	if diff := cmp.Diff(wantEntries, m.entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantExits, m.exits); diff != "" {
		t.Errorf("exits (-want +got):\n%s", diff)
	}
}

func TestDateAxisTicks(t *testing.T) {
	tests := []struct {
		name       string
		lo, hi     string
		maxTicks   int
		wantFirst  string
		wantFormat string
	}{
		{"ten years", "2015-01-02", "2024-12-31", 10, "2016", "2006"},
		{"eighteen months", "2024-01-02", "2025-06-30", 10, "Apr 2024", "Jan 2006"},
		{"one month", "2025-06-02", "2025-07-03", 10, "Jun 2", "Jan 2"},
		{"one day", "2025-06-02", "2025-06-02", 10, "Jun 1", "Jan 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChart("", "")
			dateAxis(&c.p.X, day(tt.lo), day(tt.hi))
			ticks := c.p.X.Tick.Marker.Ticks(c.p.X.Min, c.p.X.Max)
			var labels []string
			for _, tk := range ticks {
				if tk.Label != "" {
					labels = append(labels, tk.Label)
				}
			}
			if len(labels) == 0 || len(labels) > tt.maxTicks {
				t.Fatalf("%d labels %v, want 1…%d", len(labels), labels, tt.maxTicks)
			}
			if labels[0] != tt.wantFirst {
				t.Errorf("first label %q, want %q (all: %v)", labels[0], tt.wantFirst, labels)
			}
			// Labels must not overlap: their total width at tick size
			// must fit the 1200 px plot with a gap between each.
			sty := c.p.X.Tick.Label
			width := 0.0
			for _, l := range labels {
				width += sty.Width(l).Points() + 10
			}
			if width > chartWidth.Points()*0.9 {
				t.Errorf("labels need %.0f pt, more than the chart's %.0f", width, chartWidth.Points()*0.9)
			}
		})
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		want     []string
	}{
		{-0.12, 0.08, []string{"−10%", "−5%", "0%", "5%"}},
		{-0.011, 0.0012, []string{"−1.00%", "−0.75%", "−0.50%", "−0.25%", "0%"}},
		{0, 0.005, []string{"0%", "0.1%", "0.2%", "0.3%", "0.4%", "0.5%"}},
		{-0.5, 0.45, []string{"−40%", "−20%", "0%", "20%", "40%"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%g..%g", tt.min, tt.max), func(t *testing.T) {
			var got []string
			for _, tk := range (pctTicker{}).Ticks(tt.min, tt.max) {
				got = append(got, tk.Label)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pct ticks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDivergingColor(t *testing.T) {
	if c := divergingColor(0, 0.1); c.R != 255 || c.G != 255 || c.B != 255 {
		t.Errorf("zero is %v, want white", c)
	}
	if c := divergingColor(0.2, 0.1); c != okBlue {
		t.Errorf("a gain beyond the scale is %v, want %v", c, okBlue)
	}
	if c := divergingColor(-0.2, 0.1); c != okVermilion {
		t.Errorf("a loss beyond the scale is %v, want %v", c, okVermilion)
	}
	if c := textOn(okBlue); c.R != 255 {
		t.Errorf("text on blue is %v, want white", c)
	}
	if c := textOn(divergingColor(0.001, 0.1)); c.R != 0 {
		t.Errorf("text on a pale cell is %v, want black", c)
	}
}

func TestVerdict(t *testing.T) {
	base := func(n int, mean, lo, hi float64) *backtest.Result {
		res := smallResult()
		res.Study.Groups = []backtest.Group{{By: "all", Key: "all", Horizon: 5, N: n, Mean: mean, CILow: lo, CIHigh: hi}}
		res.Skipped = nil
		return res
	}
	tests := []struct {
		name string
		res  *backtest.Result
		want []string
	}{
		{"within chance", base(14, -0.013, -0.04, 0.015), []string{
			"Following these 3 calls returned +5.6% vs SPY's +4.7% from 2025-06-02 to 2025-07-03 (2 trades).",
			"The average call trailed the market by 1.3% over 5 trading days (n=14), within what chance explains (95% CI −4.0%…+1.5%).",
			"The worst drawdown was −0.6% (SPY: −0.2%).",
		}},
		{"beyond chance", base(40, 0.021, 0.004, 0.038), []string{
			"Following these 3 calls returned +5.6% vs SPY's +4.7% from 2025-06-02 to 2025-07-03 (2 trades).",
			"The average call beat the market by 2.1% over 5 trading days (n=40), beyond what chance explains (95% CI +0.4%…+3.8%).",
			"The worst drawdown was −0.6% (SPY: −0.2%).",
		}},
		{"trailed beyond chance", base(40, -0.021, -0.038, -0.004), []string{
			"Following these 3 calls returned +5.6% vs SPY's +4.7% from 2025-06-02 to 2025-07-03 (2 trades).",
			"The average call trailed the market by 2.1% over 5 trading days (n=40), beyond what chance explains (95% CI −3.8%…−0.4%).",
			"The worst drawdown was −0.6% (SPY: −0.2%).",
		}},
		{"one call", base(1, 0.02, math.NaN(), math.NaN()), []string{
			"Following these 3 calls returned +5.6% vs SPY's +4.7% from 2025-06-02 to 2025-07-03 (2 trades).",
			"The average call beat the market by 2.0% over 5 trading days (n=1): too few calls to tell skill from luck.",
			"The worst drawdown was −0.6% (SPY: −0.2%).",
		}},
		{"few calls", base(7, 0.02, -0.01, 0.05), []string{
			"Following these 3 calls returned +5.6% vs SPY's +4.7% from 2025-06-02 to 2025-07-03 (2 trades).",
			"The average call beat the market by 2.0% over 5 trading days (n=7), within what chance explains (95% CI −1.0%…+5.0%).",
			"With only 7 calls scored, treat this as an anecdote, not evidence.",
			"The worst drawdown was −0.6% (SPY: −0.2%).",
		}},
		{"too few for an interval that excludes zero", base(2, -0.011, -0.018, -0.005), []string{
			"Following these 3 calls returned +5.6% vs SPY's +4.7% from 2025-06-02 to 2025-07-03 (2 trades).",
			"The average call trailed the market by 1.1% over 5 trading days (n=2), too few calls to tell skill from luck (95% CI −1.8%…−0.5%).",
			"The worst drawdown was −0.6% (SPY: −0.2%).",
		}},
		{"nothing traded or scored", func() *backtest.Result {
			r := base(0, math.NaN(), math.NaN(), math.NaN())
			r.Trades = nil
			r.Study.Groups[0].Censored = 2
			return r
		}(), []string{
			"None of these 3 calls could be traded from 2025-06-02 to 2025-07-03; SPY returned +4.7% over the same period.",
			"No call could be scored over 5 trading days (2 calls censored: the prices end too soon).",
		}},
		{"no days", &backtest.Result{}, []string{
			"The backtest has no trading days, so there is nothing to judge.",
			"No call could be scored over 63 trading days.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := verdict(tt.res, MainHorizon(tt.res, 0))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("verdict (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetricsJSONNulls(t *testing.T) {
	b, err := MetricsJSON(smallResult(), 0)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"sortino": null`, `"profit_factor": null`, `"max_drawdown": -0.0059`, `"information_ratio": null`,
		`"event_study": {`, `"horizon": 5`, `"benchmark_symbol": "SPY"`} {
		if !strings.Contains(s, want) {
			t.Errorf("metrics.json lacks %s", want)
		}
	}
	for _, key := range []string{"total_return", "cagr", "annual_volatility", "sharpe", "sortino", "max_drawdown", "calmar", "alpha",
		"beta", "information_ratio", "exposure", "turnover", "trades", "hit_rate"} {
		if c := strings.Count(s, `"`+key+`":`); c < 2 {
			t.Errorf("key %q appears %d times, want at least 2 (strategy and benchmark)", key, c)
		}
	}
}
