package reports

import (
	"fmt"
	"slices"

	"github.com/tipster/tipster/backtest"
	"gonum.org/v1/plot/plotter"
)

// carLine is one action's average cumulative abnormal return path ready to
// plot: mean[k] and its 95% band [low[k], high[k]] at trading day k, only
// days where all three are finite.
type carLine struct {
	key        string
	n          int
	mean, band plotter.XYs // band: low forwards then high backwards
	last       float64     // mean at the last finite day
	lastDay    int
}

// carLines turns the study's paths into plottable lines, in action order
// (buy, sell, avoid, hold, watch, then others by name), skipping empty ones.
func carLines(paths []backtest.CARPath) []carLine {
	ps := slices.Clone(paths)
	slices.SortStableFunc(ps, func(a, b backtest.CARPath) int {
		ia, ib := slices.Index(actionOrder, a.Key), slices.Index(actionOrder, b.Key)
		if ia < 0 {
			ia = len(actionOrder)
		}
		if ib < 0 {
			ib = len(actionOrder)
		}
		if ia != ib {
			return ia - ib
		}
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	var out []carLine
	for _, p := range ps {
		l := carLine{key: p.Key, n: p.N, lastDay: -1}
		var lows, highs plotter.XYs
		for k, m := range p.Mean {
			if !finite(m) {
				continue
			}
			l.mean = append(l.mean, plotter.XY{X: float64(k), Y: m})
			l.last, l.lastDay = m, k
			lo, hi := at(p.Low, k), at(p.High, k)
			if finite(lo) && finite(hi) {
				lows = append(lows, plotter.XY{X: float64(k), Y: lo})
				highs = append(highs, plotter.XY{X: float64(k), Y: hi})
			}
		}
		if len(l.mean) == 0 {
			continue
		}
		if len(lows) > 1 {
			l.band = append(l.band, lows...)
			for i := len(highs) - 1; i >= 0; i-- {
				l.band = append(l.band, highs[i])
			}
		}
		out = append(out, l)
	}
	return out
}

// EventStudyChart renders event_study.png: for each action, the average
// cumulative signed abnormal return (vs the benchmark) from the entry (day
// 0) to day H, with its 95% band shaded and n in the legend.
func EventStudyChart(res *backtest.Result, title string) ([]byte, error) {
	if title == "" {
		title = res.Options.Name
	}
	ttl := labelText(title, 80) + ": what happened after the calls"
	lines := carLines(res.Study.Paths)
	if len(lines) == 0 {
		return noData(ttl, "No event study: no signal could be scored (no tradable signal with prices after its entry).")
	}
	c := newChart(ttl, fmt.Sprintf("Average cumulative abnormal return vs %s by action, signed (a correct sell or avoid scores positive); shaded: 95%% interval", labelText(benchName(res), 20)))
	c.addGrid(true)
	c.p.X.Label.Text = "trading days after entry"
	c.p.Y.Label.Text = "cumulative abnormal return"
	c.p.Y.Tick.Marker = pctTicker{}
	for _, l := range lines {
		st := styleFor(l.key)
		if len(l.band) > 2 {
			pg, err := plotter.NewPolygon(l.band)
			if err != nil {
				return nil, fmt.Errorf("event study chart: %w", err)
			}
			pg.Color = withAlpha(st.color, 0x30)
			pg.LineStyle.Width = 0
			c.p.Add(pg)
		}
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}})
	if err != nil {
		return nil, fmt.Errorf("event study chart: %w", err)
	}
	zero.LineStyle = lineStyle(okBlack, 1, nil)
	for _, l := range lines {
		st := styleFor(l.key)
		ln, err := plotter.NewLine(l.mean)
		if err != nil {
			return nil, fmt.Errorf("event study chart: %w", err)
		}
		ln.LineStyle = lineStyle(st.color, 2.4, st.dash)
		c.p.Add(ln)
		c.legend = append(c.legend, legendItem{fmt.Sprintf("%s (n=%s, day %d: %s)", labelText(l.key, 20), fixed(float64(l.n), 0), l.lastDay, signedPct(l.last, 1)), thumbLine{ln.LineStyle}})
	}
	// The zero line spans the axis once the data range is known.
	zero.XYs = plotter.XYs{{X: c.p.X.Min, Y: 0}, {X: c.p.X.Max, Y: 0}}
	c.p.Add(zero)
	c.yAroundZero()
	c.p.X.Tick.Marker = dayTicker{}
	c.p.X.Min = 0
	if c.p.X.Max < 1 {
		c.p.X.Max = 1
	}
	return c.render()
}
