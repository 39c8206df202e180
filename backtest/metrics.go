package backtest

import (
	"math"
	"time"

	"gonum.org/v1/gonum/stat"
)

// TradingDays is the number of trading days in a year used to annualise
// daily figures (empyrical's APPROX_BDAYS_PER_YEAR).
const TradingDays = 252

// The metric functions below follow empyrical's conventions: daily simple
// returns as fractions (0.01 is 1%), 252 trading days a year, the sample
// (n-1) standard deviation (gonum's [stat.StdDev]). A NaN return is skipped
// by every statistic (empyrical's nanmean/nanstd) and counts as 0 where
// returns are compounded (empyrical's cum_returns). They panic, with a
// "backtest: " prefix, only when two series that must be aligned differ in
// length; a value that is undefined for the input is NaN, as each doc says.

// DailyRate converts an annual rate (a fraction, 0.04 for 4%) to the
// equivalent daily rate by compounding over [TradingDays]:
//
//	daily = (1 + annual)^(1/252) - 1
//
// This is quantstats' convention (to_excess_returns with nperiods=252);
// empyrical takes the per-period rate as given, so [Sharpe], [Sortino] and
// [AlphaBeta] take the daily rate and callers convert with DailyRate.
func DailyRate(annual float64) float64 {
	if annual == 0 {
		return 0
	}
	return math.Pow(1+annual, 1.0/TradingDays) - 1
}

// SimpleReturns stores in dst the simple returns of the value series v,
//
//	r[i] = v[i+1]/v[i] - 1,  i = 0 … len(v)-2,
//
// and returns dst. When dst is nil a slice of length len(v)-1 is allocated;
// otherwise it must have that length or SimpleReturns panics. A series
// shorter than 2 gives an empty slice.
func SimpleReturns(dst, v []float64) []float64 {
	n := len(v) - 1
	if n < 0 {
		n = 0
	}
	if dst == nil {
		dst = make([]float64, n)
	} else if len(dst) != n {
		panic("backtest: SimpleReturns dst length must be len(v)-1")
	}
	for i := range n {
		dst[i] = v[i+1]/v[i] - 1
	}
	return dst
}

// TotalReturn returns the compounded return of the series,
//
//	Π(1 + r[i]) - 1,
//
// NaN returns counting as 0 (empyrical cum_returns_final). NaN when returns
// is empty.
func TotalReturn(returns []float64) float64 {
	if len(returns) == 0 {
		return math.NaN()
	}
	return growth(returns) - 1
}

// growth returns Π(1 + r[i]) with NaN counted as 0.
func growth(returns []float64) float64 {
	g := 1.0
	for _, r := range returns {
		if !math.IsNaN(r) {
			g *= 1 + r
		}
	}
	return g
}

// CAGR returns the compound annual growth rate of daily returns (empyrical
// annual_return and cagr):
//
//	(Π(1 + r[i]))^(252/n) - 1
//
// where n = len(returns) counts every day, NaN ones included (as
// empyrical does). NaN when returns is empty.
func CAGR(returns []float64) float64 {
	if len(returns) == 0 {
		return math.NaN()
	}
	return math.Pow(growth(returns), float64(TradingDays)/float64(len(returns))) - 1
}

// AnnualVolatility returns the annualised sample standard deviation of
// daily returns (empyrical annual_volatility):
//
//	std(r) · √252,  std with the n-1 denominator.
//
// NaN when fewer than 2 returns are not NaN.
func AnnualVolatility(returns []float64) float64 {
	x := finite(returns, 0)
	if len(x) < 2 {
		return math.NaN()
	}
	return stat.StdDev(x, nil) * math.Sqrt(TradingDays)
}

// Sharpe returns the annualised Sharpe ratio of daily returns over the
// daily risk-free rate rf (empyrical sharpe_ratio; see [DailyRate]):
//
//	mean(r - rf) / std(r - rf) · √252,  std with the n-1 denominator.
//
// NaN when fewer than 2 returns are not NaN, or when every excess return
// is 0; ±Inf when the excess returns are constant and not 0 (empyrical).
func Sharpe(returns []float64, rf float64) float64 {
	x := finite(returns, rf)
	if len(x) < 2 {
		return math.NaN()
	}
	m, s := stat.MeanStdDev(x, nil)
	return m / s * math.Sqrt(TradingDays)
}

// DownsideRisk returns the annualised downside deviation of daily returns
// below the daily required return req (empyrical downside_risk):
//
//	√(mean(min(r - req, 0)²)) · √252,
//
// the mean taken over every non-NaN day (days above req count as 0). NaN
// when no return is finite.
func DownsideRisk(returns []float64, req float64) float64 {
	var sum float64
	n := 0
	for _, r := range returns {
		if math.IsNaN(r) {
			continue
		}
		n++
		if d := r - req; d < 0 {
			sum += d * d
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return math.Sqrt(sum/float64(n)) * math.Sqrt(TradingDays)
}

// Sortino returns the annualised Sortino ratio of daily returns over the
// daily risk-free (required) rate rf (empyrical sortino_ratio):
//
//	mean(r - rf) · 252 / DownsideRisk(r, rf).
//
// NaN when fewer than 2 returns are not NaN; +Inf (or -Inf) when no day is
// below rf and the mean excess return is positive (negative), as empyrical.
func Sortino(returns []float64, rf float64) float64 {
	x := finite(returns, rf)
	if len(x) < 2 {
		return math.NaN()
	}
	return stat.Mean(x, nil) * TradingDays / DownsideRisk(returns, rf)
}

// MaxDrawdown returns the largest peak-to-trough fall of the value series
// equity (for example daily equity) and its dates:
//
//	dd = min over t of (equity[t] / max(equity[0…t]) - 1),  a fraction ≤ 0;
//
// peak is the last date at the running maximum before the trough, trough the
// date of the minimum, and recovery the first date after the trough on
// which equity is back at or above the peak value (zero when it never is).
// With no fall, dd is 0 and the dates are zero. NaN (and zero dates) when
// equity is empty. NaN values are skipped. It panics when dates and equity
// differ in length.
func MaxDrawdown(dates []time.Time, equity []float64) (dd float64, peak, trough, recovery time.Time) {
	return maxDrawdownFrom(math.NaN(), dates, equity)
}

// maxDrawdownFrom is [MaxDrawdown] of the curve that starts at start (the
// capital) before its first value, as empyrical's max_drawdown starts the
// curve of returns at 1: a fall from the capital to the first close counts.
// A peak at the start is dated on the first date. The peak is the last date
// at the running maximum before the trough (pyfolio's convention: a curve
// flat at its high peaks on the last flat day). start NaN: no start value.
func maxDrawdownFrom(start float64, dates []time.Time, equity []float64) (dd float64, peak, trough, recovery time.Time) {
	if len(dates) != len(equity) {
		panic("backtest: MaxDrawdown dates and equity differ in length")
	}
	if len(equity) == 0 {
		return math.NaN(), time.Time{}, time.Time{}, time.Time{}
	}
	runMax, runMaxAt := math.Inf(-1), -1
	if start > 0 {
		runMax, runMaxAt = start, 0
	}
	peakAt, troughAt := -1, -1
	top := 0.0
	for i, v := range equity {
		if math.IsNaN(v) {
			continue
		}
		if v >= runMax {
			runMax, runMaxAt = v, i
			continue
		}
		if d := v/runMax - 1; d < dd {
			dd, peakAt, troughAt, top = d, runMaxAt, i, runMax
		}
	}
	if troughAt < 0 {
		return 0, time.Time{}, time.Time{}, time.Time{}
	}
	peak, trough = dates[peakAt], dates[troughAt]
	for i := troughAt + 1; i < len(equity); i++ {
		if equity[i] >= top {
			recovery = dates[i]
			break
		}
	}
	return dd, peak, trough, recovery
}

// maxDrawdownReturns is empyrical's max_drawdown over returns: the value
// series starts at 1 before the first return (NaN returns count as 0).
func maxDrawdownReturns(returns []float64) float64 {
	if len(returns) == 0 {
		return math.NaN()
	}
	v, top, dd := 1.0, 1.0, 0.0
	for _, r := range returns {
		if !math.IsNaN(r) {
			v *= 1 + r
		}
		top = math.Max(top, v)
		dd = math.Min(dd, v/top-1)
	}
	return dd
}

// Calmar returns the Calmar ratio of daily returns (empyrical
// calmar_ratio):
//
//	CAGR(r) / |max drawdown|,
//
// the drawdown taken on the value series that starts at 1 before the first
// return. NaN when returns is empty or there is no drawdown.
func Calmar(returns []float64) float64 {
	return calmar(CAGR(returns), maxDrawdownReturns(returns))
}

func calmar(cagr, dd float64) float64 {
	if !(dd < 0) {
		return math.NaN()
	}
	return cagr / -dd
}

// AlphaBeta returns Jensen's alpha and the beta of daily returns against
// the benchmark's daily returns bench, both in excess of the daily
// risk-free rate rf (empyrical alpha_beta, version 0.5.x):
//
//	beta  = cov(r - rf, b - rf) / var(b - rf)   (the OLS slope)
//	alpha = (1 + mean((r - rf) - beta·(b - rf)))^252 - 1
//
// so alpha is annualised by compounding the mean daily residual. Days where
// either return is NaN are dropped. Both are NaN with fewer than 2 such
// days or when the benchmark does not vary. It panics when returns and
// bench differ in length.
func AlphaBeta(returns, bench []float64, rf float64) (alpha, beta float64) {
	if len(returns) != len(bench) {
		panic("backtest: AlphaBeta returns and bench differ in length")
	}
	var mr, mb float64
	n := 0
	for i, r := range returns {
		if math.IsNaN(r) || math.IsNaN(bench[i]) {
			continue
		}
		n++
		mr += r - rf
		mb += bench[i] - rf
	}
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	mr /= float64(n)
	mb /= float64(n)
	var cov, vb float64
	for i, r := range returns {
		if math.IsNaN(r) || math.IsNaN(bench[i]) {
			continue
		}
		db := bench[i] - rf - mb
		cov += (r - rf - mr) * db
		vb += db * db
	}
	beta = cov / vb
	if vb == 0 {
		beta = math.NaN()
	}
	return math.Pow(1+mr-beta*mb, TradingDays) - 1, beta
}

// ExcessSharpe returns empyrical's excess_sharpe of daily returns over the
// benchmark's daily returns bench, not annualised:
//
//	mean(r - b) / std(r - b),  std with the n-1 denominator.
//
// Days where either is NaN are dropped. NaN with fewer than 2 such days or
// when r - b is constant 0. It panics when returns and bench differ in
// length.
func ExcessSharpe(returns, bench []float64) float64 {
	if len(returns) != len(bench) {
		panic("backtest: ExcessSharpe returns and bench differ in length")
	}
	a := make([]float64, 0, len(returns))
	for i, r := range returns {
		if d := r - bench[i]; !math.IsNaN(d) {
			a = append(a, d)
		}
	}
	if len(a) < 2 {
		return math.NaN()
	}
	m, s := stat.MeanStdDev(a, nil)
	return m / s
}

// InformationRatio returns the information ratio of daily returns against
// the benchmark's daily returns bench: the mean daily active return over
// the daily tracking error,
//
//	mean(r - b) / std(r - b) = ExcessSharpe(r, b),
//
// not annualised, as quantstats' information_ratio and empyrical's
// excess_sharpe report it (Grinold and Kahn's annualised ratio is this
// times √252). NaN as for [ExcessSharpe].
func InformationRatio(returns, bench []float64) float64 {
	return ExcessSharpe(returns, bench)
}

// Exposure returns the mean of the daily gross exposure series (gross
// position value / equity at each close): 1 is fully invested, 0 all
// cash. NaN days are skipped; NaN when none is finite.
func Exposure(gross []float64) float64 {
	x := finite(gross, 0)
	if len(x) == 0 {
		return math.NaN()
	}
	return stat.Mean(x, nil)
}

// Turnover returns the annualised one-way turnover: the notional traded
// over the period (every fill, buys and sells, in currency; the values of
// notional are summed in absolute value) halved, divided by the mean
// equity, and scaled to a year of 252 days:
//
//	Σ|notional| / 2 / mean(equity) · 252 / len(equity).
//
// A portfolio that replaces all its holdings once a month turns over about
// 12 (1200%) a year. NaN when equity is empty or its mean is not positive.
func Turnover(notional, equity []float64) float64 {
	if len(equity) == 0 {
		return math.NaN()
	}
	me := stat.Mean(equity, nil)
	if !(me > 0) {
		return math.NaN()
	}
	var traded float64
	for _, x := range notional {
		traded += math.Abs(x)
	}
	return traded / 2 / me * TradingDays / float64(len(equity))
}

// HitRate returns the share of the values (trade returns, or signed
// abnormal returns) that are strictly positive:
//
//	#{x > 0} / n.
//
// NaN values are skipped; NaN when none is left.
func HitRate(x []float64) float64 {
	n, hits := 0, 0
	for _, v := range x {
		if math.IsNaN(v) {
			continue
		}
		n++
		if v > 0 {
			hits++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(hits) / float64(n)
}

// AverageTrade returns the mean of the trade returns (each a fraction of
// the trade's entry cost). NaN when there are none.
func AverageTrade(returns []float64) float64 {
	x := finite(returns, 0)
	if len(x) == 0 {
		return math.NaN()
	}
	return stat.Mean(x, nil)
}

// BestTrade returns the largest trade return. NaN when there are none.
func BestTrade(returns []float64) float64 {
	best := math.NaN()
	for _, r := range returns {
		if r > best || math.IsNaN(best) {
			best = r
		}
	}
	return best
}

// WorstTrade returns the smallest trade return. NaN when there are none.
func WorstTrade(returns []float64) float64 {
	worst := math.NaN()
	for _, r := range returns {
		if r < worst || math.IsNaN(worst) {
			worst = r
		}
	}
	return worst
}

// ProfitFactor returns gross profit over gross loss of the trades' profits
// and losses pnl (currency):
//
//	Σ max(p, 0) / Σ max(-p, 0).
//
// +Inf when there are gains and no losses, NaN when there are neither (no
// trades, or all break even).
func ProfitFactor(pnl []float64) float64 {
	var gain, loss float64
	for _, p := range pnl {
		switch {
		case p > 0:
			gain += p
		case p < 0:
			loss -= p
		}
	}
	if loss == 0 {
		if gain > 0 {
			return math.Inf(1)
		}
		return math.NaN()
	}
	return gain / loss
}

// finite returns x - shift with NaN values dropped. It returns x itself,
// without allocating, when shift is 0 and nothing is NaN.
func finite(x []float64, shift float64) []float64 {
	clean := true
	for _, v := range x {
		if math.IsNaN(v) {
			clean = false
			break
		}
	}
	if clean && shift == 0 {
		return x
	}
	out := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			out = append(out, v-shift)
		}
	}
	return out
}

// ComputeMetrics returns the metrics of the strategy in r, from r.Dates,
// r.Equity, r.Benchmark, r.Exposure, r.Trades and r.Options (RiskFree,
// Capital):
//
//   - Daily returns are the simple returns of the equity curve with
//     r.Options.Capital prepended (so the first day's move from the initial
//     capital counts); without a positive Capital, of the curve alone. The
//     benchmark's returns are taken the same way and alpha, beta and the
//     information ratio compare the two day by day.
//   - The risk-free rate is r.Options.RiskFree (annual) converted with
//     [DailyRate]; it enters Sharpe, Sortino and alpha/beta.
//   - MaxDrawdown and its dates are those of r.Equity with the capital
//     as its starting value (empyrical: the returns' value curve starts at
//     1), so they agree with the returns above; Calmar is
//     CAGR / |MaxDrawdown|, empyrical's calmar_ratio of those returns.
//   - Exposure is the mean of r.Exposure; Turnover uses every fill's
//     notional (entry shares × entry price, and exit shares × exit price
//     for closed trades) against r.Equity (see [Turnover]).
//   - Trades counts every trade, open ones included; hit rate, average,
//     best and worst trade use each trade's Return and profit factor its
//     PnL, an open trade counting at its mark to the last close.
func ComputeMetrics(r *Result) Metrics {
	ret := curveReturns(r.Equity, r.Options.Capital)
	bench := curveReturns(r.Benchmark, r.Options.Capital)
	m := curveMetrics(r.Dates, r.Equity, ret, r.Options.Capital, r.Options.RiskFree)
	if len(bench) == len(ret) {
		m.Alpha, m.Beta = AlphaBeta(ret, bench, DailyRate(r.Options.RiskFree))
		m.InformationRatio = InformationRatio(ret, bench)
	} else {
		m.Alpha, m.Beta, m.InformationRatio = math.NaN(), math.NaN(), math.NaN()
	}
	m.Exposure = Exposure(r.Exposure)

	notional := make([]float64, 0, 2*len(r.Trades))
	tr := make([]float64, len(r.Trades))
	pnl := make([]float64, len(r.Trades))
	for i, t := range r.Trades {
		notional = append(notional, t.Shares*t.EntryPrice)
		if !t.Open {
			notional = append(notional, t.Shares*t.ExitPrice)
		}
		tr[i], pnl[i] = t.Return, t.PnL
	}
	m.Turnover = Turnover(notional, r.Equity)
	m.Trades = len(r.Trades)
	m.HitRate = HitRate(tr)
	m.AvgTrade = AverageTrade(tr)
	m.BestTrade = BestTrade(tr)
	m.WorstTrade = WorstTrade(tr)
	m.ProfitFactor = ProfitFactor(pnl)
	return m
}

// BenchmarkMetrics returns the same metrics as [ComputeMetrics] for the
// benchmark curve r.Benchmark (bought with the same capital and held).
// Against itself alpha is 0, beta 1 and the information ratio NaN by
// construction; exposure is 1 (always fully invested); it has no trades,
// so Trades and Turnover are 0 and the trade statistics NaN.
func BenchmarkMetrics(r *Result) Metrics {
	ret := curveReturns(r.Benchmark, r.Options.Capital)
	m := curveMetrics(r.Dates, r.Benchmark, ret, r.Options.Capital, r.Options.RiskFree)
	m.Alpha, m.Beta, m.InformationRatio = 0, 1, math.NaN()
	m.Exposure = 1
	nan := math.NaN()
	m.HitRate, m.AvgTrade, m.BestTrade, m.WorstTrade, m.ProfitFactor = nan, nan, nan, nan, nan
	return m
}

// curveReturns returns the daily returns of an equity curve, with the
// initial capital prepended when positive.
func curveReturns(equity []float64, capital float64) []float64 {
	if len(equity) == 0 {
		return nil
	}
	if !(capital > 0) {
		return SimpleReturns(nil, equity)
	}
	out := make([]float64, len(equity))
	prev := capital
	for i, v := range equity {
		out[i] = v/prev - 1
		prev = v
	}
	return out
}

// curveMetrics fills the metrics that depend on one curve only.
func curveMetrics(dates []time.Time, equity, ret []float64, capital, rfAnnual float64) Metrics {
	rf := DailyRate(rfAnnual)
	var m Metrics
	m.TotalReturn = TotalReturn(ret)
	m.CAGR = CAGR(ret)
	m.AnnualVolatility = AnnualVolatility(ret)
	m.Sharpe = Sharpe(ret, rf)
	m.Sortino = Sortino(ret, rf)
	if len(dates) == len(equity) {
		m.MaxDrawdown, m.MaxDrawdownPeak, m.MaxDrawdownTrough, m.MaxDrawdownRecovery = maxDrawdownFrom(capital, dates, equity)
	} else {
		m.MaxDrawdown = math.NaN()
	}
	m.Calmar = calmar(m.CAGR, m.MaxDrawdown)
	return m
}
