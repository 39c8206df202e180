package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/signals"
)

// document is the content summary.md and report.html share; every string
// in it is display text (numbers formatted, untrusted text cleaned by
// [cleanText] but not escaped: each writer escapes for its format).
type document struct {
	Title, Version, Generated string
	Benchmark, Period         string
	MainHorizon               int
	Verdict                   []string
	Metrics                   []metricRow
	Study                     []studyRow
	Trades                    []tradeRow
	Signals                   []signalView
	Untradable                []signalView
	Skipped                   []skipRow
	Warnings                  []string
	Settings                  []metricRow
	Charts                    []chartRef
	OpenTrades                int
}

type metricRow struct{ Name, Strategy, Benchmark string }

type studyRow struct {
	By, Key                                     string
	Horizon, N, Censored                        int
	Mean, Median, HitRate, TStat, CILow, CIHigh string
	CI                                          string // "low … high", "—" when undefined
	Verdict                                     string // "beat", "trailed", "" (chance)
	Main                                        bool
}

type tradeRow struct {
	Ticker, Side, Published, Entry, EntryPrice, Shares, Exit, ExitPrice, Reason, PnL, Return, Source string
	Negative                                                                                         bool
}

type signalView struct {
	Published, PublishedFrom, Ticker, Entity, Action, Strength, Conditions, Source, Author, Article, Evidence, Reason, Scored string
	EvidenceCut                                                                                                               int // runes left out of Evidence
}

type skipRow struct{ Published, Ticker, Action, Reason string }

type chartRef struct{ File, Alt, Caption string }

// Longest untrusted texts shown in full; longer ones are cut with "…" and
// the count of runes left out (the whole text stays in signals.csv).
const (
	maxEvidenceHTML = 1500
	maxEvidenceMD   = 400
	maxCellText     = 200
)

func newDocument(res *backtest.Result, opt Options, withCharts bool) *document {
	h := MainHorizon(res, opt.MainHorizon)
	title := opt.Title
	if title == "" {
		title = res.Options.Name
	}
	if title == "" {
		title = "backtest"
	}
	d := &document{
		Title:       cleanText(truncate(title, maxCellText), true),
		Version:     cleanText(opt.Version, true),
		Generated:   opt.Now.UTC().Format("2006-01-02 15:04 UTC"),
		Benchmark:   cleanText(truncate(benchName(res), 40), true),
		Period:      period(res),
		MainHorizon: h,
	}
	d.Verdict = verdict(res, h)
	d.Metrics = metricRows(res)
	d.Study = studyRows(res, h)
	d.Settings = settingRows(res.Options)
	for _, t := range res.Trades {
		r := tradeRow{
			Ticker: short(t.Ticker), Side: string(t.Side), Published: showTime(t.Signal.Published, t.Signal.DateOnly),
			Entry: dataDate(t.EntryDate), EntryPrice: fixed(t.EntryPrice, 2), Shares: fixed(t.Shares, 4),
			Exit: dataDate(t.ExitDate), ExitPrice: fixed(t.ExitPrice, 2), Reason: short(t.ExitReason),
			PnL: fixed(t.PnL, 2), Return: signedPct(t.Return, 2), Source: short(t.Signal.Source), Negative: t.PnL < 0,
		}
		if t.Open {
			r.Exit, r.Reason = "(open)", "open"
			d.OpenTrades++
		}
		d.Trades = append(d.Trades, r)
	}
	scored := map[string]string{}
	for _, e := range res.Events {
		for _, hr := range e.Horizons {
			if hr.Days != h {
				continue
			}
			k := signalKey(e.Signal)
			switch {
			case hr.Censored:
				scored[k] = "censored"
			case e.Signal.Action.Direction() == 0:
				scored[k] = "not scored (" + string(e.Signal.Action) + ")"
			default:
				scored[k] = signedPct(hr.Signed, 2)
			}
		}
	}
	for _, s := range res.Signals {
		v := viewSignal(s, maxEvidenceHTML)
		v.Scored = scored[signalKey(s)]
		if !s.Tradable {
			d.Untradable = append(d.Untradable, v)
			continue
		}
		d.Signals = append(d.Signals, v)
	}
	for _, s := range res.Skipped {
		d.Skipped = append(d.Skipped, skipRow{showTime(s.Signal.Published, s.Signal.DateOnly), short(s.Signal.Ticker), string(s.Signal.Action), short(s.Reason)})
	}
	for _, w := range res.Warnings {
		d.Warnings = append(d.Warnings, cleanText(truncate(w, maxEvidenceHTML), true))
	}
	if withCharts {
		d.Charts = []chartRef{
			{ChartEquity, "Equity of the strategy and the benchmark", "Growth of the capital: the strategy (solid) against " + d.Benchmark + " bought and held (dashed); ▲ entries, ▼ exits."},
			{ChartDD, "Drawdown of the strategy and the benchmark", "How far each stood below its previous high; the worst drawdown shaded from peak to recovery."},
			{ChartEvents, "Event study: cumulative abnormal return by action", "Average cumulative abnormal return after the calls, by action, with the 95% interval; a correct sell or avoid scores positive."},
			{ChartSignals, "Each call's abnormal return", fmt.Sprintf("Each call's signed abnormal return over %d trading days, sorted.", h)},
			{ChartMonthly, "Monthly returns heatmap", "Strategy return per calendar month; the last column is the calendar year."},
		}
	}
	return d
}

// signalKey identifies a signal across Signals and Events.
func signalKey(s signals.Signal) string {
	return s.Published.UTC().Format(time.RFC3339Nano) + "\x00" + s.Ticker + "\x00" + string(s.Action) + "\x00" + s.Source + "\x00" + s.Entity
}

func viewSignal(s signals.Signal, maxEvidence int) signalView {
	ev := cleanText(s.Evidence, true)
	cut := 0
	if n := len([]rune(ev)); n > maxEvidence {
		ev = truncate(ev, maxEvidence)
		cut = n - (maxEvidence - 1)
	}
	strength := string(s.Strength)
	if strength == "" {
		strength = string(signals.Normal)
	}
	reason := s.Reason
	if s.Proxy {
		reason = strings.TrimSpace(reason + " (ticker is a configured proxy)")
	}
	return signalView{
		Published: orUnknown(showTime(s.Published, s.DateOnly)), PublishedFrom: short(s.PublishedFrom), Ticker: short(s.Ticker),
		Entity: short(s.Entity), Action: short(string(s.Action)), Strength: short(strength), Conditions: short(s.Conditions),
		Source: short(s.Source), Author: short(s.Author), Article: short(s.Article), Evidence: ev, EvidenceCut: cut,
		Reason: short(reason),
	}
}

// short cleans untrusted text for a table cell and cuts it to 200 runes.
func short(s string) string { return truncate(cleanText(s, true), maxCellText) }

func orUnknown(s string) string {
	if s == "" {
		return "date unknown"
	}
	return s
}

// showTime shows a publication instant in UTC, or only its date.
func showTime(t time.Time, dateOnly bool) string {
	if t.IsZero() {
		return ""
	}
	if dateOnly {
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func metricRows(res *backtest.Result) []metricRow {
	s, b := res.Metrics, res.BenchmarkMetrics
	num := func(x float64) string { return fixed(x, 2) }
	ddDates := func(m backtest.Metrics) string {
		if m.MaxDrawdownPeak.IsZero() {
			return "n/a"
		}
		r := dataDate(m.MaxDrawdownPeak) + " → " + dataDate(m.MaxDrawdownTrough)
		if m.MaxDrawdownRecovery.IsZero() {
			return r + ", not recovered"
		}
		return r + ", recovered " + dataDate(m.MaxDrawdownRecovery)
	}
	return []metricRow{
		{"Total return", signedPct(s.TotalReturn, 1), signedPct(b.TotalReturn, 1)},
		{"CAGR", signedPct(s.CAGR, 1), signedPct(b.CAGR, 1)},
		{"Annual volatility", pct(s.AnnualVolatility, 1), pct(b.AnnualVolatility, 1)},
		{"Sharpe", num(s.Sharpe), num(b.Sharpe)},
		{"Sortino", num(s.Sortino), num(b.Sortino)},
		{"Max drawdown", pct(s.MaxDrawdown, 1), pct(b.MaxDrawdown, 1)},
		{"Max drawdown dates", ddDates(s), ddDates(b)},
		{"Calmar", num(s.Calmar), num(b.Calmar)},
		{"Alpha (annual)", signedPct(s.Alpha, 1), signedPct(b.Alpha, 1)},
		{"Beta", num(s.Beta), num(b.Beta)},
		{"Information ratio", num(s.InformationRatio), num(b.InformationRatio)},
		{"Exposure", pct(s.Exposure, 0), pct(b.Exposure, 0)},
		{"Turnover (annual)", num(s.Turnover), num(b.Turnover)},
		{"Trades", fixed(float64(s.Trades), 0), fixed(float64(b.Trades), 0)},
		{"Hit rate", pct(s.HitRate, 0), pct(b.HitRate, 0)},
		{"Average trade", signedPct(s.AvgTrade, 2), "—"},
		{"Best trade", signedPct(s.BestTrade, 2), "—"},
		{"Worst trade", signedPct(s.WorstTrade, 2), "—"},
		{"Profit factor", num(s.ProfitFactor), "—"},
	}
}

func settingRows(o backtest.Options) []metricRow {
	hs := make([]string, len(o.Horizons))
	for i, h := range o.Horizons {
		hs[i] = strconv.Itoa(h)
	}
	bps := func(x float64) string { return fixed(x, 1) + " bps" }
	rows := []metricRow{
		{"Benchmark", short(o.Benchmark), ""},
		{"Capital", money(o.Capital), ""},
		{"Execution", string(o.Execution), ""},
		{"Delay (days)", strconv.Itoa(o.DelayDays), ""},
		{"Holding (trading days)", strconv.Itoa(o.HoldingDays), ""},
		{"Sizing", string(o.Sizing), ""},
		{"Max positions", strconv.Itoa(o.MaxPositions), ""},
		{"Commission", bps(o.CommissionBps), ""},
		{"Slippage", bps(o.SlippageBps), ""},
		{"Short selling", strconv.FormatBool(o.AllowShort), ""},
		{"Prices", string(o.Prices), ""},
		{"Event-study horizons", strings.Join(hs, ", "), ""},
		{"Abnormal return model", string(o.Abnormal), ""},
	}
	if o.StopLoss > 0 {
		rows = append(rows, metricRow{"Stop loss", pct(o.StopLoss, 1), ""})
	}
	if o.TakeProfit > 0 {
		rows = append(rows, metricRow{"Take profit", pct(o.TakeProfit, 1), ""})
	}
	return rows
}

// minScored is the fewest scored calls for which an interval is taken
// as evidence: a bootstrap of two or three calls can exclude zero by
// accident of resampling so few values.
const minScored = 5

// ciVerdict says whether n calls whose mean signed abnormal return has the
// 95% interval [lo, hi] beat or trailed the market beyond what chance
// explains: "beat" when lo > 0, "trailed" when hi < 0, "" otherwise, when
// the interval is not finite or when n < 5.
func ciVerdict(n int, lo, hi float64) string {
	switch {
	case n < minScored || !finite(lo) || !finite(hi):
		return ""
	case lo > 0:
		return "beat"
	case hi < 0:
		return "trailed"
	}
	return ""
}

// studyRows lists the overall aggregate at every horizon, then the
// per-action, per-source and per-author aggregates at the main horizon.
func studyRows(res *backtest.Result, h int) []studyRow {
	var rows []studyRow
	row := func(g backtest.Group) studyRow {
		ci := "—"
		if finite(g.CILow) && finite(g.CIHigh) {
			ci = signedPct(g.CILow, 2) + " … " + signedPct(g.CIHigh, 2)
		}
		return studyRow{
			CI: ci, By: g.By, Key: short(g.Key), Horizon: g.Horizon, N: g.N, Censored: g.Censored,
			Mean: signedPct(g.Mean, 2), Median: signedPct(g.Median, 2), HitRate: pct(g.HitRate, 0), TStat: fixed(g.TStat, 2),
			CILow: signedPct(g.CILow, 2), CIHigh: signedPct(g.CIHigh, 2), Verdict: ciVerdict(g.N, g.CILow, g.CIHigh), Main: g.Horizon == h,
		}
	}
	var all, other []backtest.Group
	for _, g := range res.Study.Groups {
		if g.By == "all" {
			all = append(all, g)
		} else if g.Horizon == h {
			other = append(other, g)
		}
	}
	slices.SortStableFunc(all, func(a, b backtest.Group) int { return cmp.Compare(a.Horizon, b.Horizon) })
	byRank := map[string]int{"action": 0, "source": 1, "author": 2}
	slices.SortStableFunc(other, func(a, b backtest.Group) int {
		ra, okA := byRank[a.By]
		rb, okB := byRank[b.By]
		if !okA {
			ra = 3
		}
		if !okB {
			rb = 3
		}
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		if c := cmp.Compare(a.By, b.By); c != 0 {
			return c
		}
		if a.By == "action" {
			ia, ib := slices.Index(actionOrder, a.Key), slices.Index(actionOrder, b.Key)
			if ia >= 0 && ib >= 0 {
				return cmp.Compare(ia, ib)
			}
		}
		return cmp.Compare(a.Key, b.Key)
	})
	for _, g := range all {
		rows = append(rows, row(g))
	}
	for _, g := range other {
		rows = append(rows, row(g))
	}
	return rows
}

// callCount counts the tradable signals with a direction (buy, sell, avoid).
func callCount(res *backtest.Result) int {
	n := 0
	for _, s := range res.Signals {
		if s.Tradable && s.Action.Direction() != 0 {
			n++
		}
	}
	return n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fixed(float64(n), 0) + " " + many
}

// verdict is the plain-language conclusion computed from the numbers: what
// following the calls returned against the benchmark, whether the average
// call beat the market at the main horizon beyond what chance explains
// (only when the 95% interval excludes zero), and the worst drawdown.
func verdict(res *backtest.Result, h int) []string {
	bench := cleanText(truncate(benchName(res), 40), true)
	var out []string
	calls := callCount(res)
	per := ""
	if len(res.Dates) > 0 {
		per = fmt.Sprintf(" from %s to %s", dataDate(res.Dates[0]), dataDate(res.Dates[len(res.Dates)-1]))
	}
	switch {
	case len(res.Dates) == 0:
		out = append(out, "The backtest has no trading days, so there is nothing to judge.")
	case len(res.Trades) == 0:
		out = append(out, fmt.Sprintf("None of these %s could be traded%s; %s returned %s over the same period.",
			plural(calls, "call", "calls"), per, bench, signedPct(res.BenchmarkMetrics.TotalReturn, 1)))
	default:
		out = append(out, fmt.Sprintf("Following these %s returned %s vs %s's %s%s (%s).",
			plural(calls, "call", "calls"), signedPct(res.Metrics.TotalReturn, 1), bench, signedPct(res.BenchmarkMetrics.TotalReturn, 1), per,
			plural(len(res.Trades), "trade", "trades")))
	}
	g, ok := group(res, "all", "all", h)
	switch {
	case !ok || g.N == 0:
		s := fmt.Sprintf("No call could be scored over %d trading days", h)
		if ok && g.Censored > 0 {
			s += fmt.Sprintf(" (%s censored: the prices end too soon)", plural(g.Censored, "call", "calls"))
		}
		out = append(out, s+".")
	default:
		dir := "beat"
		if g.Mean < 0 {
			dir = "trailed"
		}
		what := fmt.Sprintf("The average call %s the market by %s over %d trading days (n=%d)", dir, pct(math.Abs(g.Mean), 1), h, g.N)
		if g.Mean == 0 {
			what = fmt.Sprintf("The average call matched the market over %d trading days (n=%d)", h, g.N)
		}
		ci := fmt.Sprintf("95%% CI %s…%s", signedPct(g.CILow, 1), signedPct(g.CIHigh, 1))
		switch v := ciVerdict(g.N, g.CILow, g.CIHigh); {
		case !finite(g.CILow) || !finite(g.CIHigh):
			what += ": too few calls to tell skill from luck."
		case g.N < minScored:
			what += ", too few calls to tell skill from luck (" + ci + ")."
		case v == "":
			what += ", within what chance explains (" + ci + ")."
		default:
			what += ", beyond what chance explains (" + ci + ")."
		}
		out = append(out, what)
		if g.N >= minScored && g.N < 10 && finite(g.CILow) {
			out = append(out, fmt.Sprintf("With only %s scored, treat this as an anecdote, not evidence.", plural(g.N, "call", "calls")))
		}
	}
	if len(res.Dates) > 0 && len(res.Trades) > 0 && finite(res.Metrics.MaxDrawdown) {
		out = append(out, fmt.Sprintf("The worst drawdown was %s (%s: %s).", pct(res.Metrics.MaxDrawdown, 1), bench, pct(res.BenchmarkMetrics.MaxDrawdown, 1)))
	}
	if n := len(res.Skipped); n > 0 {
		out = append(out, fmt.Sprintf("%s did not trade; the reasons are listed below.", plural(n, "signal", "signals")))
	}
	return out
}
