package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/signals"
)

// DefaultMainHorizon is the event-study horizon, in trading days, that the
// verdict, signals.png and the batch leaderboard use when neither
// [Options.MainHorizon] nor the backtest's holding period picks one: 63
// sessions, about three months, the usual span of a newsletter's call.
const DefaultMainHorizon = 63

// MainHorizon returns the horizon the report headlines: want when it is
// positive; otherwise the backtest's holding period when the event study
// measured it (so the event study speaks about the span the portfolio
// held); otherwise 63 when measured; otherwise the longest measured
// horizon; otherwise 63.
func MainHorizon(res *backtest.Result, want int) int {
	if want > 0 {
		return want
	}
	hs := res.Study.Horizons
	if len(hs) == 0 {
		hs = res.Options.Horizons
	}
	if h := res.Options.HoldingDays; h > 0 && slices.Contains(hs, h) {
		return h
	}
	if slices.Contains(hs, DefaultMainHorizon) || len(hs) == 0 {
		return DefaultMainHorizon
	}
	return slices.Max(hs)
}

// group returns the event-study aggregate (by, key) at horizon h.
func group(res *backtest.Result, by, key string, h int) (backtest.Group, bool) {
	for _, g := range res.Study.Groups {
		if g.By == by && g.Key == key && g.Horizon == h {
			return g, true
		}
	}
	return backtest.Group{}, false
}

// jsonNum is x for encoding/json, or nil (null) when x is NaN or ±Inf.
func jsonNum(x float64) any {
	if !finite(x) {
		return nil
	}
	return x
}

func jsonDate(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// metricsMap holds m under the keys metrics.json documents.
func metricsMap(m backtest.Metrics) map[string]any {
	return map[string]any{
		"total_return":          jsonNum(m.TotalReturn),
		"cagr":                  jsonNum(m.CAGR),
		"annual_volatility":     jsonNum(m.AnnualVolatility),
		"sharpe":                jsonNum(m.Sharpe),
		"sortino":               jsonNum(m.Sortino),
		"max_drawdown":          jsonNum(m.MaxDrawdown),
		"max_drawdown_peak":     jsonDate(dataDate(m.MaxDrawdownPeak)),
		"max_drawdown_trough":   jsonDate(dataDate(m.MaxDrawdownTrough)),
		"max_drawdown_recovery": jsonDate(dataDate(m.MaxDrawdownRecovery)),
		"calmar":                jsonNum(m.Calmar),
		"alpha":                 jsonNum(m.Alpha),
		"beta":                  jsonNum(m.Beta),
		"information_ratio":     jsonNum(m.InformationRatio),
		"exposure":              jsonNum(m.Exposure),
		"turnover":              jsonNum(m.Turnover),
		"trades":                m.Trades,
		"hit_rate":              jsonNum(m.HitRate),
		"avg_trade":             jsonNum(m.AvgTrade),
		"best_trade":            jsonNum(m.BestTrade),
		"worst_trade":           jsonNum(m.WorstTrade),
		"profit_factor":         jsonNum(m.ProfitFactor),
	}
}

// MetricsJSON returns metrics.json: the strategy's metrics at the top level
// (total_return, cagr, annual_volatility, sharpe, sortino, max_drawdown as a
// negative fraction, max_drawdown_peak/trough/recovery as YYYY-MM-DD or
// null, calmar, alpha, beta, information_ratio, exposure, turnover, trades,
// hit_rate, avg_trade, best_trade, worst_trade, profit_factor), "benchmark"
// holding the same keys for the benchmark, plus name, benchmark_symbol,
// start, end, days, signals, skipped, and "event_study" (the overall
// aggregate at the main horizon: horizon, n, censored, mean, median,
// hit_rate, t_stat, ci_low, ci_high). Fractions, not percent; NaN and ±Inf
// are null; keys sorted; floats in Go's shortest round-trip form.
func MetricsJSON(res *backtest.Result, mainHorizon int) ([]byte, error) {
	m := metricsMap(res.Metrics)
	m["benchmark"] = metricsMap(res.BenchmarkMetrics)
	m["name"] = res.Options.Name
	m["benchmark_symbol"] = res.Options.Benchmark
	m["days"] = len(res.Dates)
	m["signals"] = len(res.Signals)
	m["skipped"] = len(res.Skipped)
	if len(res.Dates) > 0 {
		m["start"] = dataDate(res.Dates[0])
		m["end"] = dataDate(res.Dates[len(res.Dates)-1])
	} else {
		m["start"], m["end"] = nil, nil
	}
	h := MainHorizon(res, mainHorizon)
	es := map[string]any{"horizon": h}
	if g, ok := group(res, "all", "all", h); ok {
		es["n"] = g.N
		es["censored"] = g.Censored
		es["mean"] = jsonNum(g.Mean)
		es["median"] = jsonNum(g.Median)
		es["hit_rate"] = jsonNum(g.HitRate)
		es["t_stat"] = jsonNum(g.TStat)
		es["ci_low"] = jsonNum(g.CILow)
		es["ci_high"] = jsonNum(g.CIHigh)
	} else {
		es["n"] = 0
	}
	m["event_study"] = es
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("metrics.json: %w", err)
	}
	return append(b, '\n'), nil
}

func writeCSV(header []string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(header); err != nil {
		return nil, err
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EquityCSV returns equity.csv: date,equity,benchmark,drawdown, one row per
// trading day (drawdown a fraction ≤ 0).
func EquityCSV(res *backtest.Result) ([]byte, error) {
	rows := make([][]string, len(res.Dates))
	for i, d := range res.Dates {
		rows[i] = []string{dataDate(d), dataFloat(at(res.Equity, i)), dataFloat(at(res.Benchmark, i)), dataFloat(at(res.Drawdown, i))}
	}
	return writeCSV([]string{"date", "equity", "benchmark", "drawdown"}, rows)
}

// at returns xs[i], or NaN when xs is too short (a Result from an engine
// that did not fill a series).
func at(xs []float64, i int) float64 {
	if i < len(xs) {
		return xs[i]
	}
	return nan
}

// TradesCSV returns trades.csv: ticker,side,signal_published,entry_date,
// entry_price,shares,exit_date,exit_price,exit_reason,pnl,return,source.
// An open position has exit_reason "open", an empty exit_date and the last
// close as exit_price.
func TradesCSV(res *backtest.Result) ([]byte, error) {
	rows := make([][]string, len(res.Trades))
	for i, t := range res.Trades {
		reason := t.ExitReason
		exitDate := dataDate(t.ExitDate)
		if t.Open {
			reason, exitDate = "open", ""
		}
		rows[i] = []string{t.Ticker, string(t.Side), dataPublished(t.Signal), dataDate(t.EntryDate), dataFloat(t.EntryPrice),
			dataFloat(t.Shares), exitDate, dataFloat(t.ExitPrice), reason, dataFloat(t.PnL), dataFloat(t.Return), t.Signal.Source}
	}
	return writeCSV([]string{"ticker", "side", "signal_published", "entry_date", "entry_price", "shares", "exit_date",
		"exit_price", "exit_reason", "pnl", "return", "source"}, rows)
}

// EventsCSV returns events.csv: one row per event and horizon,
// ticker,action,source,author,published,entry_date,horizon,return,
// benchmark_return,abnormal_return,signed_abnormal_return,censored. A
// censored row has empty returns and censored=true.
func EventsCSV(res *backtest.Result) ([]byte, error) {
	var rows [][]string
	for _, e := range res.Events {
		s := e.Signal
		for _, h := range e.Horizons {
			r, br, ar, sr := dataFloat(h.Return), dataFloat(h.BenchmarkReturn), dataFloat(h.Abnormal), dataFloat(h.Signed)
			if h.Censored {
				r, br, ar, sr = "", "", "", ""
			}
			rows = append(rows, []string{s.Ticker, string(s.Action), s.Source, s.Author, dataPublished(s), dataDate(e.EntryDate),
				strconv.Itoa(h.Days), r, br, ar, sr, strconv.FormatBool(h.Censored)})
		}
	}
	return writeCSV([]string{"ticker", "action", "source", "author", "published", "entry_date", "horizon", "return",
		"benchmark_return", "abnormal_return", "signed_abnormal_return", "censored"}, rows)
}

// SkippedCSV returns skipped.csv: published,ticker,action,reason, one row
// per signal that did not trade.
func SkippedCSV(res *backtest.Result) ([]byte, error) {
	rows := make([][]string, len(res.Skipped))
	for i, s := range res.Skipped {
		rows[i] = []string{dataPublished(s.Signal), s.Signal.Ticker, string(s.Signal.Action), s.Reason}
	}
	return writeCSV([]string{"published", "ticker", "action", "reason"}, rows)
}

// SignalsCSV returns signals.csv: every signal the backtest considered,
// tradable or not: entity,ticker,tradable,reason,action,strength,
// conditions,source,author,published,date_only,published_from,article,
// evidence,proxy,confidence. Text is written as extracted (CSV-quoted).
func SignalsCSV(res *backtest.Result) ([]byte, error) {
	rows := make([][]string, len(res.Signals))
	for i, s := range res.Signals {
		rows[i] = signalRow(s)
	}
	return writeCSV([]string{"entity", "ticker", "tradable", "reason", "action", "strength", "conditions", "source", "author",
		"published", "date_only", "published_from", "article", "evidence", "proxy", "confidence"}, rows)
}

func signalRow(s signals.Signal) []string {
	return []string{s.Entity, s.Ticker, strconv.FormatBool(s.Tradable), s.Reason, string(s.Action), string(s.Strength),
		s.Conditions, s.Source, s.Author, dataPublished(s), strconv.FormatBool(s.DateOnly), s.PublishedFrom, s.Article,
		s.Evidence, strconv.FormatBool(s.Proxy), dataFloat(s.Confidence)}
}
