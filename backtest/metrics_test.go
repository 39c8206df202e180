package backtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// The empyrical series below are re-entered from the fixtures of
// quantopian/empyrical, empyrical/tests/test_stats.py (class TestStats),
// and the expected values come from the tests named in each case. Daily
// returns as fractions.
var (
	empEmpty     = []float64{}
	empOne       = []float64{0.01}
	empSimple    = pct(0, 1, 0, 1, 0, 1, 0, 1, 0)              // simple_benchmark
	empPositive  = pct(1, 2, 1, 1, 1, 1, 1, 1, 1)              // positive_returns
	empNegative  = pct(0, -6, -7, -1, -9, -2, -6, -8, -5)      // negative_returns
	empMixed     = pct(math.NaN(), 1, 10, -4, 2, 3, 2, 1, -10) // mixed_returns
	empFlat1     = pct(1, 1, 1, 1, 1, 1, 1, 1, 1)              // flat_line_1
	empFlat1Long = constant(1000, 0.01)                        // flat_line_1_tz
	empPosLine   = linspace(0, 1, 1000)                        // pos_line
	// df_simple columns "one" and "two".
	empDfOne = []float64{-0.00171614, 0.01322056, 0.03063862, -0.01422057, -0.00489779, 0.01268925, -0.03357711, 0.01797036}
	empDfTwo = []float64{0.01846232, 0.00793951, -0.01448395, 0.00422537, -0.00339611, 0.03756813, 0.0151531, 0.03549769}
)

func pct(xs ...float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x / 100
	}
	return out
}

func constant(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// linspace is numpy's linspace(a, b, n).
func linspace(a, b float64, n int) []float64 {
	out := make([]float64, n)
	step := (b - a) / float64(n-1)
	for i := range out {
		out[i] = a + float64(i)*step
	}
	return out
}

// sameFloat reports whether got equals want within an absolute or relative
// tolerance tol; NaN equals NaN and infinities must match exactly.
func sameFloat(got, want, tol float64) bool {
	switch {
	case math.IsNaN(want):
		return math.IsNaN(got)
	case math.IsInf(want, 0):
		return got == want
	}
	d := math.Abs(got - want)
	return d <= tol || d <= tol*math.Abs(want)
}

// empDecimals is empyrical's DECIMAL_PLACES = 8 (assert_almost_equal).
const empDecimals = 1.5e-8

type metricCase struct {
	name string
	got  float64
	want float64
	tol  float64
}

func checkCases(t *testing.T, fn string, cases []metricCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !sameFloat(c.got, c.want, c.tol) {
				t.Errorf("%s(%s) = %.17g, want %.17g", fn, c.name, c.got, c.want)
			}
		})
	}
}

func TestTotalReturn(t *testing.T) {
	checkCases(t, "TotalReturn", []metricCase{
		// empyrical test_cum_returns_final (asserted to 4 decimals there).
		{"empyrical/empty", TotalReturn(empEmpty), math.NaN(), 0},
		{"empyrical/one_return", TotalReturn(empOne), 0.01, 1e-12},
		{"empyrical/mixed", TotalReturn(empMixed), 0.03893, 5e-5},
		{"empyrical/negative", TotalReturn(empNegative), -0.36590, 5e-5},
		// Hand: 1.1 × 0.9 × 1.1 = 1.089.
		{"hand", TotalReturn([]float64{0, 0.1, -0.1, 0.1}), 0.089, 1e-12},
	})
}

func TestCAGR(t *testing.T) {
	checkCases(t, "CAGR", []metricCase{
		// empyrical test_annual_ret and test_cagr.
		{"empyrical/empty", CAGR(empEmpty), math.NaN(), 0},
		{"empyrical/one_return", CAGR(empOne), 11.274002099240244, empDecimals},
		{"empyrical/mixed", CAGR(empMixed), 1.9135925373194231, empDecimals},
		{"empyrical/flat_line_1_tz", CAGR(empFlat1Long), 11.274002099240256, empDecimals},
		// Hand: 252 days of +0.1% compound to 1.001^252 over exactly a year.
		{"hand/one year", CAGR(constant(252, 0.001)), math.Pow(1.001, 252) - 1, 1e-12},
		// Hand: 126 days that double the value: 2^(252/126) - 1 = 3.
		{"hand/half year doubles", CAGR(append([]float64{1}, constant(125, 0)...)), 3, 1e-12},
	})
}

func TestAnnualVolatility(t *testing.T) {
	checkCases(t, "AnnualVolatility", []metricCase{
		// empyrical test_annual_volatility.
		{"empyrical/flat_line_1_tz", AnnualVolatility(empFlat1Long), 0, empDecimals},
		{"empyrical/mixed", AnnualVolatility(empMixed), 0.9136465399704637, empDecimals},
		{"one return", AnnualVolatility(empOne), math.NaN(), 0},
		// Hand: r = 0, .1, -.1, .1; mean .025; squared deviations sum to
		// .0275; sample variance .0275/3; × √252.
		{"hand", AnnualVolatility([]float64{0, 0.1, -0.1, 0.1}), math.Sqrt(0.0275/3) * math.Sqrt(252), 1e-12},
	})
}

func TestSharpe(t *testing.T) {
	checkCases(t, "Sharpe", []metricCase{
		// empyrical test_sharpe_ratio (the cases with a scalar risk-free).
		{"empyrical/empty", Sharpe(empEmpty, 0), math.NaN(), 0},
		{"empyrical/one_return", Sharpe(empOne, 0), math.NaN(), 0},
		{"empyrical/mixed", Sharpe(empMixed, 0), 1.7238613961706866, empDecimals},
		{"empyrical/positive", Sharpe(empPositive, 0), 52.915026221291804, empDecimals},
		{"empyrical/negative", Sharpe(empNegative, 0), -24.406808633910085, empDecimals},
		{"empyrical/flat_line_1", Sharpe(empFlat1, 0), math.Inf(1), 0},
		// Hand: mean .025 / sample std √(.0275/3) × √252.
		{"hand", Sharpe([]float64{0, 0.1, -0.1, 0.1}, 0), 0.025 / math.Sqrt(0.0275/3) * math.Sqrt(252), 1e-12},
		// Hand: a risk-free rate equal to every return leaves 0/0.
		{"hand/all at risk-free", Sharpe(constant(5, 0.001), 0.001), math.NaN(), 0},
	})
}

func TestDownsideRiskAndSortino(t *testing.T) {
	checkCases(t, "DownsideRisk", []metricCase{
		// empyrical test_downside_risk (daily cases).
		{"empyrical/empty", DownsideRisk(empEmpty, 0), math.NaN(), 0},
		{"empyrical/one_return", DownsideRisk(empOne, 0), 0, empDecimals},
		{"empyrical/mixed 0", DownsideRisk(empMixed, 0), 0.60448325038829653, empDecimals},
		{"empyrical/mixed 0.1", DownsideRisk(empMixed, 0.1), 1.7161730681956295, empDecimals},
		{"empyrical/df_simple one", DownsideRisk(empDfOne, 0), 0.20671788246185202, empDecimals},
		{"empyrical/df_simple two", DownsideRisk(empDfTwo, 0), 0.083495680595704475, empDecimals},
		// Hand: only -.1 is below 0: √(.01/4) × √252.
		{"hand", DownsideRisk([]float64{0, 0.1, -0.1, 0.1}, 0), math.Sqrt(0.01/4) * math.Sqrt(252), 1e-12},
	})
	checkCases(t, "Sortino", []metricCase{
		// empyrical test_sortino (daily cases; flat_line_1 is a constant
		// required return of 0.01).
		{"empyrical/empty", Sortino(empEmpty, 0), math.NaN(), 0},
		{"empyrical/one_return", Sortino(empOne, 0), math.NaN(), 0},
		{"empyrical/mixed 0", Sortino(empMixed, 0), 2.605531251673693, empDecimals},
		{"empyrical/mixed flat_line_1", Sortino(empMixed, 0.01), -1.3934779588919977, empDecimals},
		{"empyrical/positive", Sortino(empPositive, 0), math.Inf(1), 0},
		{"empyrical/negative", Sortino(empNegative, 0), -13.532743075043401, empDecimals},
		{"empyrical/simple_benchmark", Sortino(empSimple, 0), math.Inf(1), 0},
		{"empyrical/df_simple one", Sortino(empDfOne, 0), 3.0639640966566306, empDecimals},
		{"empyrical/df_simple two", Sortino(empDfTwo, 0), 38.090963117002495, empDecimals},
		// Hand: .025 × 252 / (√(.01/4) × √252).
		{"hand", Sortino([]float64{0, 0.1, -0.1, 0.1}, 0), 0.025 * 252 / (0.05 * math.Sqrt(252)), 1e-12},
	})
}

// equityOf returns the value series that starts at 1 and compounds
// returns (NaN as 0), with one date per value.
func equityOf(returns []float64) ([]time.Time, []float64) {
	eq := []float64{1}
	for _, r := range returns {
		if math.IsNaN(r) {
			r = 0
		}
		eq = append(eq, eq[len(eq)-1]*(1+r))
	}
	return datesFrom(time.Date(2000, 1, 30, 0, 0, 0, 0, time.UTC), len(eq)), eq
}

func datesFrom(start time.Time, n int) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i] = start.AddDate(0, 0, i)
	}
	return out
}

func TestMaxDrawdownEmpyrical(t *testing.T) {
	// empyrical test_max_drawdown: empyrical's curve starts at a value
	// before the first return, as equityOf's does.
	cases := []struct {
		name    string
		returns []float64
		want    float64
	}{
		{"one_return", empOne, 0},
		{"simple_benchmark", empSimple, 0},
		{"mixed", empMixed, -0.1},
		{"positive", empPositive, 0},
		{"negative", empNegative, -0.36590730349873601},
		{"10 -10 10", pct(10, -10, 10), -0.10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, eq := equityOf(c.returns)
			got, _, _, _ := MaxDrawdown(d, eq)
			if !sameFloat(got, c.want, empDecimals) {
				t.Errorf("MaxDrawdown(%s) = %.17g, want %.17g", c.name, got, c.want)
			}
		})
	}
	if got, _, _, _ := MaxDrawdown(nil, nil); !math.IsNaN(got) {
		t.Errorf("MaxDrawdown(empty) = %g, want NaN (empyrical: empty_returns)", got)
	}
}

func TestMaxDrawdownDates(t *testing.T) {
	d := datesFrom(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 6)
	zero := time.Time{}
	cases := []struct {
		name                   string
		equity                 []float64
		want                   float64
		peak, trough, recovery time.Time
	}{
		// Hand: peak 120 on day 1, trough 90 on day 2 (90/120-1 = -25%),
		// back to ≥ 120 on day 4.
		{"recovered", []float64{100, 120, 90, 100, 130, 125}, -0.25, d[1], d[2], d[4]},
		// Hand: the later, deeper fall wins: 130 → 91 is -30%; never back.
		{"second deeper", []float64{100, 120, 90, 130, 91, 100}, -0.3, d[3], d[4], zero},
		// Hand: equal to the peak counts as recovered.
		{"recovers at equal", []float64{100, 80, 100, 90, 95, 95}, -0.2, d[0], d[1], d[2]},
		{"no fall", []float64{1, 2, 3, 3, 4, 5}, 0, zero, zero, zero},
		// Hand: flat at its high on days 0-2, the peak is the last flat
		// day (pyfolio's convention); 95/100-1 = -5%, back to ≥ 100 on day 4.
		{"flat at the high", []float64{100, 100, 100, 95, 100.5, 101}, -0.05, d[2], d[3], d[4]},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dd, p, tr, rc := MaxDrawdown(d, c.equity)
			if !sameFloat(dd, c.want, 1e-12) || !p.Equal(c.peak) || !tr.Equal(c.trough) || !rc.Equal(c.recovery) {
				t.Errorf("MaxDrawdown = %g %v %v %v, want %g %v %v %v", dd, p, tr, rc, c.want, c.peak, c.trough, c.recovery)
			}
		})
	}
}

// TestMaxDrawdownFromCapital checks that the metrics' drawdown starts at
// the capital, as empyrical's max_drawdown of the returns (which include
// the first day's move from the capital) does.
func TestMaxDrawdownFromCapital(t *testing.T) {
	d := datesFrom(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 5)
	// Hand: bought at 100, closes 95, 97, 99, 100, 101: -5% on day 0,
	// dated at the start (day 0), recovered on day 3.
	equity := []float64{95, 97, 99, 100, 101}
	dd, p, tr, rc := maxDrawdownFrom(100, d, equity)
	if !sameFloat(dd, -0.05, 1e-12) || !p.Equal(d[0]) || !tr.Equal(d[0]) || !rc.Equal(d[3]) {
		t.Errorf("maxDrawdownFrom(100) = %g %v %v %v, want -0.05 %v %v %v", dd, p, tr, rc, d[0], d[0], d[3])
	}
	if got, _, _, _ := MaxDrawdown(d, equity); got != 0 {
		t.Errorf("MaxDrawdown without a start = %g, want 0 (the curve only rises)", got)
	}
	// The metrics agree with empyrical's Calmar of the same returns.
	r := &Result{Options: DefaultOptions(), Dates: d, Equity: equity, Benchmark: equity, Exposure: make([]float64, 5)}
	r.Options.Capital = 100
	m := ComputeMetrics(r)
	ret := curveReturns(equity, 100)
	if !sameFloat(m.MaxDrawdown, maxDrawdownReturns(ret), 1e-12) || !sameFloat(m.Calmar, Calmar(ret), 1e-12) {
		t.Errorf("metrics MaxDrawdown %g Calmar %g, want empyrical %g %g", m.MaxDrawdown, m.Calmar, maxDrawdownReturns(ret), Calmar(ret))
	}
}

func TestCalmar(t *testing.T) {
	checkCases(t, "Calmar", []metricCase{
		// empyrical test_calmar (daily cases).
		{"empyrical/empty", Calmar(empEmpty), math.NaN(), 0},
		{"empyrical/one_return", Calmar(empOne), math.NaN(), 0},
		{"empyrical/mixed", Calmar(empMixed), 19.135925373194233, empDecimals},
		// Hand: CAGR of (1.1·0.9·1.1)^(252/4) over a 10% drawdown.
		{"hand", Calmar([]float64{0, 0.1, -0.1, 0.1}), (math.Pow(1.089, 63) - 1) / 0.1, 1e-9},
	})
}

func TestAlphaBeta(t *testing.T) {
	// empyrical test_alpha_beta aligns negative_returns[1:] on
	// mixed_returns' dates, which leaves day 0 without a benchmark.
	negAligned := append([]float64{math.NaN()}, empNegative[1:]...)
	negMixed := make([]float64, len(empMixed))
	for i, r := range empMixed {
		negMixed[i] = -r
	}
	cases := []struct {
		name             string
		r, b             []float64
		rf               float64
		alpha, beta, tol float64
	}{
		// empyrical test_alpha_beta, version 0.5.x (alpha compounded:
		// (1 + mean residual)^252 - 1). Earlier versions expected
		// -8.306666666666668 = 252 × mean residual for the same case.
		{"empyrical/empty", empEmpty, empEmpty, 0, math.NaN(), math.NaN(), 0},
		{"empyrical/one_return", empOne, empOne, 0, math.NaN(), math.NaN(), 0},
		{"empyrical/mixed vs negative[1:]", empMixed, negAligned, 0, -0.9997853834885004, -0.71296296296296313, empDecimals},
		{"empyrical/mixed vs mixed", empMixed, empMixed, 0, 0, 1, empDecimals},
		{"empyrical/mixed vs -mixed", empMixed, negMixed, 0, 0, -1, empDecimals},
		// empyrical test_alpha: a benchmark that does not vary.
		{"empyrical/mixed vs flat_line_1", empMixed, empFlat1, 0, math.NaN(), math.NaN(), 0},
		// Hand: r = 0,.1,-.1,.1, b = 0,.05,0,.05: cov .0075 / var .0025 = 3;
		// mean residual .025 - 3·.025 = -.05 a day.
		{"hand", []float64{0, 0.1, -0.1, 0.1}, []float64{0, 0.05, 0, 0.05}, 0, math.Pow(0.95, 252) - 1, 3, 1e-12},
		// Hand: a risk-free rate shifts both; with beta 3 the residual
		// becomes -.05 + 2·rf.
		{"hand/rf", []float64{0, 0.1, -0.1, 0.1}, []float64{0, 0.05, 0, 0.05}, 0.001, math.Pow(1-0.05+2*0.001, 252) - 1, 3, 1e-12},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := AlphaBeta(c.r, c.b, c.rf)
			if !sameFloat(a, c.alpha, c.tol) || !sameFloat(b, c.beta, c.tol) {
				t.Errorf("AlphaBeta = (%.17g, %.17g), want (%.17g, %.17g)", a, b, c.alpha, c.beta)
			}
		})
	}
	// empyrical test_beta: (2·noise, noise) → 2 and (noise, -noise) → -1,
	// on our own seeded noise; alpha of a pure multiple is 0.
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]float64, 1000)
	twice, inv := make([]float64, 1000), make([]float64, 1000)
	for i := range noise {
		noise[i] = rng.NormFloat64() * 0.001
		twice[i], inv[i] = 2*noise[i], -noise[i]
	}
	if a, b := AlphaBeta(twice, noise, 0); !sameFloat(b, 2, 1e-12) || !sameFloat(a, 0, 1e-12) {
		t.Errorf("AlphaBeta(2·noise, noise) = (%g, %g), want (0, 2)", a, b)
	}
	if _, b := AlphaBeta(noise, inv, 0); !sameFloat(b, -1, 1e-12) {
		t.Errorf("AlphaBeta(noise, -noise) beta = %g, want -1", b)
	}
}

func TestExcessSharpeAndInformationRatio(t *testing.T) {
	zeros := constant(len(empMixed), 0)
	checkCases(t, "ExcessSharpe", []metricCase{
		// empyrical test_excess_sharpe (called test_information_ratio before
		// 0.5): not annualised.
		{"empyrical/empty", ExcessSharpe(empEmpty, empEmpty), math.NaN(), 0},
		{"empyrical/one_return", ExcessSharpe(empOne, []float64{0}), math.NaN(), 0},
		{"empyrical/pos_line vs pos_line", ExcessSharpe(empPosLine, empPosLine), math.NaN(), 0},
		{"empyrical/mixed vs 0", ExcessSharpe(empMixed, zeros), 0.10859306069076737, empDecimals},
		{"empyrical/mixed vs flat_line_1", ExcessSharpe(empMixed, empFlat1), -0.06515583641446039, empDecimals},
	})
	checkCases(t, "InformationRatio", []metricCase{
		// The same empyrical expectations, annualised by √252.
		{"empyrical/mixed vs 0", InformationRatio(empMixed, zeros), 0.10859306069076737, 1e-7},
		{"empyrical/mixed vs flat_line_1", InformationRatio(empMixed, empFlat1), -0.06515583641446039, 1e-7},
		// Hand: active = .01, -.01, .03, -.01: mean .005, sample std
		// √((.005²+.015²+.025²+.015²)/3) = √(.0011/3).
		{"hand", InformationRatio([]float64{0.02, 0, 0.03, -0.01}, []float64{0.01, 0.01, 0, 0}), 0.005 / math.Sqrt(0.0011/3), 1e-12},
	})
}

func TestTradeStatistics(t *testing.T) {
	ret := []float64{0.10, -0.05, 0.02, 0, -0.01}
	pnl := []float64{100, -50, 20, 0, -10}
	checkCases(t, "trade stats", []metricCase{
		// Hand: 2 of 5 strictly positive.
		{"HitRate", HitRate(ret), 0.4, 1e-15},
		{"HitRate/none", HitRate(nil), math.NaN(), 0},
		// Hand: (.10 - .05 + .02 + 0 - .01)/5 = .012.
		{"AverageTrade", AverageTrade(ret), 0.012, 1e-15},
		{"AverageTrade/none", AverageTrade(nil), math.NaN(), 0},
		{"BestTrade", BestTrade(ret), 0.10, 0},
		{"WorstTrade", WorstTrade(ret), -0.05, 0},
		{"BestTrade/none", BestTrade(nil), math.NaN(), 0},
		// Hand: 120 / 60.
		{"ProfitFactor", ProfitFactor(pnl), 2, 1e-15},
		{"ProfitFactor/no losses", ProfitFactor([]float64{5, 0}), math.Inf(1), 0},
		{"ProfitFactor/no trades", ProfitFactor(nil), math.NaN(), 0},
		{"ProfitFactor/only losses", ProfitFactor([]float64{-5}), 0, 0},
		// Hand: mean of .5, 1, 0, 1.
		{"Exposure", Exposure([]float64{0.5, 1, 0, 1}), 0.625, 1e-15},
		// Hand: fills 100 + 110 + 100 = 310, halved 155, over mean equity
		// 104.475, × 252/4 days.
		{"Turnover", Turnover([]float64{100, -110, 100}, []float64{100, 110, 99, 108.9}), 155 / 104.475 * 63, 1e-12},
		{"Turnover/no equity", Turnover([]float64{1}, nil), math.NaN(), 0},
		// Hand: (1.02)^(1/252) - 1.
		{"DailyRate", DailyRate(0.02), math.Pow(1.02, 1.0/252) - 1, 1e-15},
	})
}

func TestSimpleReturns(t *testing.T) {
	got := SimpleReturns(nil, []float64{100, 110, 99})
	want := []float64{0.1, -0.1}
	for i := range want {
		if !sameFloat(got[i], want[i], 1e-15) {
			t.Errorf("SimpleReturns[%d] = %g, want %g", i, got[i], want[i])
		}
	}
	if got := SimpleReturns(nil, []float64{1}); len(got) != 0 {
		t.Errorf("SimpleReturns(one value) = %v, want empty", got)
	}
	dst := make([]float64, 2)
	if got := SimpleReturns(dst, []float64{1, 2, 3}); &got[0] != &dst[0] || got[1] != 0.5 {
		t.Errorf("SimpleReturns(dst) = %v, want dst filled with [1 0.5]", got)
	}
}

func TestMetricsPanicOnLengthMismatch(t *testing.T) {
	for name, f := range map[string]func(){
		"SimpleReturns": func() { SimpleReturns(make([]float64, 3), []float64{1, 2}) },
		"MaxDrawdown":   func() { MaxDrawdown(make([]time.Time, 2), []float64{1}) },
		"AlphaBeta":     func() { AlphaBeta([]float64{1}, []float64{1, 2}, 0) },
		"ExcessSharpe":  func() { ExcessSharpe([]float64{1}, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || len(s) < 10 || s[:10] != "backtest: " {
					t.Errorf("%s panic = %v, want a \"backtest: \" message", name, r)
				}
			}()
			f()
		})
	}
}

// metricsResult is a hand-checkable result: capital 100, equity
// 100, 110, 99, 108.9 (daily returns 0, +10%, -10%, +10% from the capital),
// benchmark 100, 105, 105, 110.25 (0, +5%, 0, +5%), one closed and one open
// trade.
func metricsResult() *Result {
	opt := DefaultOptions()
	opt.Capital = 100
	return &Result{
		Options:   opt,
		Dates:     datesFrom(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), 4),
		Equity:    []float64{100, 110, 99, 108.9},
		Benchmark: []float64{100, 105, 105, 110.25},
		Exposure:  []float64{0, 1, 1, 0.5},
		Trades: []Trade{
			{Ticker: "A", Side: Long, Shares: 1, EntryPrice: 100, ExitPrice: 110, PnL: 10, Return: 0.1},
			{Ticker: "B", Side: Long, Shares: 1, EntryPrice: 100, ExitPrice: 95, PnL: -5, Return: -0.05, Open: true},
		},
	}
}

func TestComputeMetrics(t *testing.T) {
	r := metricsResult()
	m := ComputeMetrics(r)
	sd := math.Sqrt(0.0275 / 3)
	checkCases(t, "ComputeMetrics", []metricCase{
		// Hand, from the daily returns 0, .1, -.1, .1 (see metricsResult).
		{"TotalReturn", m.TotalReturn, 0.089, 1e-12},
		{"CAGR", m.CAGR, math.Pow(1.089, 63) - 1, 1e-9},
		{"AnnualVolatility", m.AnnualVolatility, sd * math.Sqrt(252), 1e-12},
		{"Sharpe", m.Sharpe, 0.025 / sd * math.Sqrt(252), 1e-12},
		{"Sortino", m.Sortino, 0.025 * 252 / (0.05 * math.Sqrt(252)), 1e-12},
		{"MaxDrawdown", m.MaxDrawdown, -0.1, 1e-12},
		{"Calmar", m.Calmar, (math.Pow(1.089, 63) - 1) / 0.1, 1e-9},
		{"Beta", m.Beta, 3, 1e-12},
		{"Alpha", m.Alpha, math.Pow(0.95, 252) - 1, 1e-12},
		// Hand: active returns 0, .05, -.1, .05 have mean 0.
		{"InformationRatio", m.InformationRatio, 0, 1e-12},
		{"Exposure", m.Exposure, 0.625, 1e-15},
		// Hand: fills 100 (A in) + 110 (A out) + 100 (B in).
		{"Turnover", m.Turnover, 155 / 104.475 * 63, 1e-12},
		{"HitRate", m.HitRate, 0.5, 0},
		{"AvgTrade", m.AvgTrade, 0.025, 1e-15},
		{"BestTrade", m.BestTrade, 0.1, 0},
		{"WorstTrade", m.WorstTrade, -0.05, 0},
		{"ProfitFactor", m.ProfitFactor, 2, 1e-15},
	})
	if m.Trades != 2 {
		t.Errorf("Trades = %d, want 2", m.Trades)
	}
	if !m.MaxDrawdownPeak.Equal(r.Dates[1]) || !m.MaxDrawdownTrough.Equal(r.Dates[2]) || !m.MaxDrawdownRecovery.IsZero() {
		t.Errorf("drawdown dates = %v %v %v, want %v %v zero", m.MaxDrawdownPeak, m.MaxDrawdownTrough, m.MaxDrawdownRecovery, r.Dates[1], r.Dates[2])
	}

	b := BenchmarkMetrics(r)
	checkCases(t, "BenchmarkMetrics", []metricCase{
		// Hand: 1.05² - 1.
		{"TotalReturn", b.TotalReturn, 0.1025, 1e-12},
		{"MaxDrawdown", b.MaxDrawdown, 0, 0},
		{"Calmar", b.Calmar, math.NaN(), 0},
		{"Alpha", b.Alpha, 0, 0},
		{"Beta", b.Beta, 1, 0},
		{"Exposure", b.Exposure, 1, 0},
		{"Sortino", b.Sortino, math.Inf(1), 0},
		{"HitRate", b.HitRate, math.NaN(), 0},
		{"ProfitFactor", b.ProfitFactor, math.NaN(), 0},
	})
	if b.Trades != 0 || b.Turnover != 0 {
		t.Errorf("benchmark Trades, Turnover = %d, %g, want 0, 0", b.Trades, b.Turnover)
	}
}

func TestComputeMetricsRiskFree(t *testing.T) {
	r := metricsResult()
	r.Options.RiskFree = 0.05
	m := ComputeMetrics(r)
	rf := math.Pow(1.05, 1.0/252) - 1
	ret := []float64{0, 0.1, -0.1, 0.1}
	if want := Sharpe(ret, rf); !sameFloat(m.Sharpe, want, 1e-13) {
		t.Errorf("Sharpe with rf = %g, want %g", m.Sharpe, want)
	}
	// Hand: the excess mean falls by rf, the std is unchanged.
	if want := (0.025 - rf) / math.Sqrt(0.0275/3) * math.Sqrt(252); !sameFloat(m.Sharpe, want, 1e-12) {
		t.Errorf("Sharpe with rf = %g, want %g (hand)", m.Sharpe, want)
	}
}

// BenchmarkComputeMetrics: ten years of daily equity (2,520 days) and
// 5,000 trades, strategy and benchmark.
func BenchmarkComputeMetrics(b *testing.B) {
	rng := rand.New(rand.NewPCG(8, 9))
	const days = 2520
	opt := DefaultOptions()
	r := &Result{Options: opt, Dates: datesFrom(time.Date(2016, 1, 4, 0, 0, 0, 0, time.UTC), days)}
	eq, bench := opt.Capital, opt.Capital
	for range days {
		rm := rng.NormFloat64() * 0.01
		bench *= 1 + rm
		eq *= 1 + 0.0002 + 0.8*rm + rng.NormFloat64()*0.005
		r.Equity = append(r.Equity, eq)
		r.Benchmark = append(r.Benchmark, bench)
		r.Exposure = append(r.Exposure, rng.Float64())
	}
	for i := range 5000 {
		ret := rng.NormFloat64() * 0.05
		r.Trades = append(r.Trades, Trade{Shares: 10, EntryPrice: 100, ExitPrice: 100 * (1 + ret), PnL: 1000 * ret, Return: ret, Open: i%50 == 0})
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		ComputeMetrics(r)
		BenchmarkMetrics(r)
	}
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func TestComputeMetricsEmpty(t *testing.T) {
	for name, r := range map[string]*Result{
		"no days": {Options: DefaultOptions()},
		"one day": {Options: DefaultOptions(), Dates: datesFrom(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), 1),
			Equity: []float64{100000}, Benchmark: []float64{100000}, Exposure: []float64{0}},
	} {
		t.Run(name, func(t *testing.T) {
			m := ComputeMetrics(r)
			if !math.IsNaN(m.Sharpe) || !math.IsNaN(m.HitRate) || m.Trades != 0 {
				t.Errorf("ComputeMetrics(%s) = %+v, want NaN Sharpe and hit rate, 0 trades", name, m)
			}
			BenchmarkMetrics(r)
		})
	}
}

func ExampleSharpe() {
	// Daily returns of four days; no risk-free rate.
	r := []float64{0, 0.1, -0.1, 0.1}
	fmt.Printf("%.4f\n", Sharpe(r, 0))
	// Output: 4.1451
}

func ExampleMaxDrawdown() {
	d := datesFrom(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), 5)
	dd, peak, trough, rec := MaxDrawdown(d, []float64{100, 120, 90, 100, 125})
	fmt.Println(dd, peak.Format(time.DateOnly), trough.Format(time.DateOnly), rec.Format(time.DateOnly))
	// Output: -0.25 2025-01-07 2025-01-08 2025-01-10
}
