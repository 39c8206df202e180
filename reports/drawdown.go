package reports

import (
	"fmt"
	"image/color"
	"time"

	"github.com/tipster/tipster/backtest"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// worstDrawdown locates the deepest drawdown of an underwater series dd
// (dd[i] = equity/running max − 1 ≤ 0): Trough is the index of min(dd),
// Peak the last index before it where dd = 0 (the running maximum), and
// Recovery the first index after it where dd = 0 again, −1 when the series
// ends under water. Depth is dd[Trough]; ok is false when dd has no
// finite negative value.
type drawdownSpan struct {
	Peak, Trough, Recovery int
	Depth                  float64
}

func worstDrawdown(dd []float64) (drawdownSpan, bool) {
	s := drawdownSpan{Trough: -1, Recovery: -1}
	for i, v := range dd {
		if finite(v) && v < 0 && (s.Trough < 0 || v < s.Depth) {
			s.Trough, s.Depth = i, v
		}
	}
	if s.Trough < 0 {
		return s, false
	}
	for i := s.Trough; i >= 0; i-- {
		if dd[i] >= 0 {
			s.Peak = i
			break
		}
	}
	for i := s.Trough + 1; i < len(dd); i++ {
		if dd[i] >= 0 {
			s.Recovery = i
			break
		}
	}
	return s, true
}

// underwater returns the drawdown series of res: res.Drawdown when it is
// filled, else computed from res.Equity as equity/running max − 1.
func underwater(given, equity []float64) []float64 {
	if len(given) == len(equity) && len(given) > 0 {
		return given
	}
	dd := make([]float64, len(equity))
	peak := 0.0
	for i, e := range equity {
		if !finite(e) {
			dd[i] = nan
			continue
		}
		if e > peak {
			peak = e
		}
		if peak > 0 {
			dd[i] = e/peak - 1
		}
	}
	return dd
}

// drawdownLabel says how deep the worst drawdown went and when.
func drawdownLabel(dates []time.Time, s drawdownSpan) string {
	rec := "not recovered by " + dataDate(dates[len(dates)-1])
	if s.Recovery >= 0 {
		rec = "recovered " + dataDate(dates[s.Recovery])
	}
	return fmt.Sprintf("Worst drawdown %s: peak %s, trough %s, %s", pct(s.Depth, 1), dataDate(dates[s.Peak]), dataDate(dates[s.Trough]), rec)
}

// DrawdownChart renders drawdown.png: the underwater curves (percent below
// the running maximum) of the strategy (filled) and the benchmark
// (dashed), the strategy's worst drawdown shaded from peak to recovery and
// labelled with its depth and dates.
func DrawdownChart(res *backtest.Result, title string) ([]byte, error) {
	if title == "" {
		title = res.Options.Name
	}
	ttl := labelText(title, 80) + ": drawdown"
	dd := underwater(res.Drawdown, res.Equity)
	strat := series(res.Dates, dd, false)
	if len(strat) == 0 {
		return noData(ttl, "No drawdown to plot: the backtest has no trading days.")
	}
	if len(strat) == 1 {
		return noData(ttl, oneDay(res))
	}
	bdd := underwater(res.BenchmarkDrawdown, res.Benchmark)
	bench := series(res.Dates, bdd, false)

	c := newChart(ttl, fmt.Sprintf("Percent below the previous high, strategy vs %s, %s", labelText(benchName(res), 20), period(res)))
	c.addGrid(false)
	lo, hi := res.Dates[0], res.Dates[len(res.Dates)-1]
	dateAxis(&c.p.X, lo, hi)
	c.p.Y.Tick.Marker = pctTicker{}
	c.p.Y.Label.Text = "drawdown"

	span, ok := worstDrawdown(dd)
	var x0, x1 float64
	if ok {
		end := len(res.Dates) - 1
		if span.Recovery >= 0 {
			end = span.Recovery
		}
		x0, x1 = unix(res.Dates[span.Peak]), unix(res.Dates[end])
		c.p.Add(&band{x0: x0, x1: x1, fill: color.NRGBA{0x99, 0x99, 0x99, 0x38}})
	}

	poly := make(plotter.XYs, 0, len(strat)+2)
	poly = append(poly, plotter.XY{X: strat[0].X, Y: 0})
	poly = append(poly, strat...)
	poly = append(poly, plotter.XY{X: strat[len(strat)-1].X, Y: 0})
	pg, err := plotter.NewPolygon(poly)
	if err != nil {
		return nil, fmt.Errorf("drawdown chart: %w", err)
	}
	pg.Color = withAlpha(strategyColor, 0x55)
	pg.LineStyle.Width = 0
	c.p.Add(pg)
	l, err := plotter.NewLine(strat)
	if err != nil {
		return nil, fmt.Errorf("drawdown chart: %w", err)
	}
	l.LineStyle = lineStyle(strategyColor, 1.6, nil)
	c.legend = append(c.legend, legendItem{"Strategy (max " + pct(minFinite(dd), 1) + ")", thumbBox{fill: withAlpha(strategyColor, 0x55), line: &l.LineStyle}})
	if len(bench) > 0 {
		bl, err := plotter.NewLine(bench)
		if err != nil {
			return nil, fmt.Errorf("drawdown chart: %w", err)
		}
		bl.LineStyle = lineStyle(benchColor, 2, benchDash)
		c.p.Add(bl)
		c.legend = append(c.legend, legendItem{labelText(benchName(res), 20) + " (max " + pct(minFinite(bdd), 1) + ")", thumbLine{bl.LineStyle}})
	}
	c.p.Add(l)

	if c.p.Y.Max < 0 {
		c.p.Y.Max = 0
	}
	rng := c.p.Y.Max - c.p.Y.Min
	if rng == 0 {
		rng = 0.01
		c.p.Y.Min = -0.01
	}
	c.p.Y.Max += rng * 0.12 // room for the label above the zero line
	c.p.Y.Min -= rng * 0.03
	if ok {
		c.legend = append(c.legend, legendItem{"worst drawdown, peak to recovery", thumbBox{fill: color.NRGBA{0x99, 0x99, 0x99, 0x60}}})
		// The label goes at the top of the band, on the side with room.
		n := noteAt{text: drawdownLabel(res.Dates, span), size: noteSize, bg: true, color: okBlack}
		n.y = c.p.Y.Max - (c.p.Y.Max-c.p.Y.Min)*0.05
		if (x0-c.p.X.Min)/(c.p.X.Max-c.p.X.Min) < 0.5 {
			n.x, n.left = x0, true
		} else {
			n.x, n.right = x1, true
		}
		c.p.Add(n)
	}
	return c.render()
}

func minFinite(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		if finite(x) && x < m {
			m = x
		}
	}
	return m
}

// band shades the full height of the data area between x0 and x1.
type band struct {
	x0, x1 float64
	fill   color.Color
}

// Plot implements plot.Plotter.
func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	r := c.Rectangle
	r.Min.X, r.Max.X = tx(b.x0), tx(b.x1)
	if r.Max.X-r.Min.X < vg.Points(1) {
		r.Max.X = r.Min.X + vg.Points(1)
	}
	c.SetColor(b.fill)
	c.Fill(r.Path())
}
