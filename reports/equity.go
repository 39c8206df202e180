package reports

import (
	"fmt"
	"math"
	"time"

	"github.com/tipster/tipster/backtest"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// tradeMarks are the entry and exit points drawn on the equity curve: x is
// the session date, y the strategy's equity at that day's close.
type tradeMarks struct {
	entries, exits plotter.XYs
}

// markTrades places each trade's entry (and exit, when closed) on the
// equity curve. Dates outside res.Dates are left out.
func markTrades(res *backtest.Result) tradeMarks {
	idx := make(map[time.Time]int, len(res.Dates))
	for i, d := range res.Dates {
		idx[d] = i
	}
	var m tradeMarks
	for _, t := range res.Trades {
		if i, ok := idx[t.EntryDate]; ok && finite(at(res.Equity, i)) {
			m.entries = append(m.entries, plotter.XY{X: unix(t.EntryDate), Y: res.Equity[i]})
		}
		if t.Open || t.ExitDate.IsZero() {
			continue
		}
		if i, ok := idx[t.ExitDate]; ok && finite(at(res.Equity, i)) {
			m.exits = append(m.exits, plotter.XY{X: unix(t.ExitDate), Y: res.Equity[i]})
		}
	}
	return m
}

// series returns the finite points (date, ys[i]), optionally positive only.
func series(dates []time.Time, ys []float64, positive bool) plotter.XYs {
	xy := make(plotter.XYs, 0, len(dates))
	for i, d := range dates {
		y := at(ys, i)
		if !finite(y) || (positive && y <= 0) {
			continue
		}
		xy = append(xy, plotter.XY{X: unix(d), Y: y})
	}
	return xy
}

func period(res *backtest.Result) string {
	n := len(res.Dates)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%s to %s (%s)", dataDate(res.Dates[0]), dataDate(res.Dates[n-1]), plural(n, "trading day", "trading days"))
}

func benchName(res *backtest.Result) string {
	if res.Options.Benchmark != "" {
		return res.Options.Benchmark
	}
	return "benchmark"
}

// EquityChart renders equity.png: strategy and benchmark equity (growth of
// the starting capital) by date, entries (▲) and exits (▼) on the
// strategy's curve, log scale when logScale is set and every value is
// positive.
func EquityChart(res *backtest.Result, title string, logScale bool) ([]byte, error) {
	if title == "" {
		title = res.Options.Name
	}
	ttl := labelText(title, 80) + ": growth of the capital"
	strat := series(res.Dates, res.Equity, false)
	if len(strat) == 0 {
		return noData(ttl, "No equity to plot: the backtest has no trading days.")
	}
	if len(strat) == 1 {
		return noData(ttl, oneDay(res))
	}
	bench := series(res.Dates, res.Benchmark, false)
	for _, xy := range [][]plotter.XY{strat, bench} {
		for _, p := range xy {
			if p.Y <= 0 {
				logScale = false
			}
		}
	}
	scale := "linear scale"
	if logScale {
		scale = "log scale"
	}
	c := newChart(ttl, fmt.Sprintf("Strategy vs %s bought and held, %s, %s", labelText(benchName(res), 20), period(res), scale))
	c.addGrid(false)
	lo, hi := res.Dates[0], res.Dates[len(res.Dates)-1]
	dateAxis(&c.p.X, lo, hi)
	c.p.Y.Label.Text = "equity"
	if logScale {
		c.p.Y.Scale = plot.LogScale{}
		c.p.Y.Tick.Marker = logMoneyTicker{}
	} else {
		c.p.Y.Tick.Marker = moneyTicker{}
	}

	if len(bench) > 0 {
		l, err := plotter.NewLine(bench)
		if err != nil {
			return nil, fmt.Errorf("equity chart: %w", err)
		}
		l.LineStyle = lineStyle(benchColor, 2.2, benchDash)
		c.p.Add(l)
		c.legend = append(c.legend, legendItem{labelText(benchName(res), 20) + " " + signedPct(res.BenchmarkMetrics.TotalReturn, 1), thumbLine{l.LineStyle}})
	}
	l, err := plotter.NewLine(strat)
	if err != nil {
		return nil, fmt.Errorf("equity chart: %w", err)
	}
	l.LineStyle = lineStyle(strategyColor, 2.2, nil)
	c.p.Add(l)
	c.legend = append([]legendItem{{"Strategy " + signedPct(res.Metrics.TotalReturn, 1), thumbLine{l.LineStyle}}}, c.legend...)

	m := markTrades(res)
	radius := vg.Points(4.5)
	if len(m.entries)+len(m.exits) > 150 {
		radius = vg.Points(3.5)
	}
	for _, mk := range []struct {
		xy    plotter.XYs
		shape draw.GlyphDrawer
		col   draw.GlyphStyle
		name  string
	}{
		{m.entries, upTriangle{}, draw.GlyphStyle{Color: okGreen, Radius: radius, Shape: upTriangle{}}, "entry"},
		{m.exits, downTriangle{}, draw.GlyphStyle{Color: okVermilion, Radius: radius, Shape: downTriangle{}}, "exit"},
	} {
		if len(mk.xy) == 0 {
			continue
		}
		s, err := plotter.NewScatter(mk.xy)
		if err != nil {
			return nil, fmt.Errorf("equity chart: %w", err)
		}
		s.GlyphStyle = mk.col
		c.p.Add(s)
		c.legend = append(c.legend, legendItem{fmt.Sprintf("%s (%s)", mk.name, fixed(float64(len(mk.xy)), 0)), thumbGlyph{draw.GlyphStyle{Color: mk.col.Color, Radius: vg.Points(4.5), Shape: mk.shape}}})
	}
	// Leave 4% head- and footroom so markers are not clipped.
	pad := (c.p.Y.Max - c.p.Y.Min) * 0.04
	if logScale {
		c.p.Y.Min /= 1.03
		c.p.Y.Max *= 1.03
	} else if pad > 0 {
		c.p.Y.Min -= pad
		c.p.Y.Max += pad
	} else {
		c.p.Y.Min, c.p.Y.Max = c.p.Y.Min*0.99, c.p.Y.Max*1.01
	}
	if !logScale && c.p.Y.Min < 0 && !math.Signbit(strat[0].Y) {
		c.p.Y.Min = math.Min(0, c.p.Y.Min)
	}
	return c.render()
}

// oneDay says why a one-day backtest has no curve to draw.
func oneDay(res *backtest.Result) string {
	d := ""
	if len(res.Dates) > 0 {
		d = " (" + dataDate(res.Dates[0]) + ")"
	}
	return fmt.Sprintf("Only one trading day%s: equity %s vs %s %s; no curve to draw.", d, money(at(res.Equity, 0)),
		labelText(benchName(res), 20), money(at(res.Benchmark, 0)))
}
