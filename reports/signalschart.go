package reports

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/tipster/tipster/backtest"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// maxTickerLabels is the most signals signals.png labels by ticker.
const maxTickerLabels = 30

// scoredSignal is one event's signed abnormal return at the main horizon.
type scoredSignal struct {
	Ticker string
	Action string
	Date   string // entry date
	Signed float64
}

// scoreSignals returns the events with a direction (buy, sell, avoid) and
// a finite, uncensored signed abnormal return at horizon h, sorted by that
// return ascending (ties: ticker, then entry date), and the number of
// events censored at h.
func scoreSignals(events []backtest.Event, h int) (out []scoredSignal, censored int) {
	for _, e := range events {
		if e.Signal.Action.Direction() == 0 {
			continue
		}
		for _, hr := range e.Horizons {
			if hr.Days != h {
				continue
			}
			if hr.Censored {
				censored++
				continue
			}
			if finite(hr.Signed) {
				out = append(out, scoredSignal{e.Signal.Ticker, string(e.Signal.Action), dataDate(e.EntryDate), hr.Signed})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b scoredSignal) int {
		return cmp.Or(cmp.Compare(a.Signed, b.Signed), cmp.Compare(a.Ticker, b.Ticker), cmp.Compare(a.Date, b.Date))
	})
	return out, censored
}

// SignalsChart renders signals.png: one bar per scored signal, its signed
// abnormal return over h trading days, sorted, coloured by action, with the
// ticker under each bar when there are at most 30, and the mean as a
// dashed line.
func SignalsChart(res *backtest.Result, title string, h int) ([]byte, error) {
	if title == "" {
		title = res.Options.Name
	}
	ttl := labelText(title, 80) + fmt.Sprintf(": each call over %d trading days", h)
	sc, censored := scoreSignals(res.Events, h)
	if len(sc) == 0 {
		why := fmt.Sprintf("No call could be scored over %d trading days", h)
		if censored > 0 {
			why += fmt.Sprintf(" (%d censored: the prices end too soon)", censored)
		}
		return noData(ttl, why+".")
	}
	sub := fmt.Sprintf("Signed abnormal return vs %s (a correct sell or avoid scores positive), sorted; n=%d", labelText(benchName(res), 20), len(sc))
	if censored > 0 {
		sub += fmt.Sprintf(", %d censored", censored)
	}
	c := newChart(ttl, sub)
	c.addGrid(false)
	c.p.Y.Tick.Marker = pctTicker{}
	c.p.Y.Label.Text = "signed abnormal return"
	bars := &barPlot{vals: make([]float64, len(sc)), cols: make([]color.Color, len(sc))}
	counts := map[string]int{}
	sum := 0.0
	for i, s := range sc {
		bars.vals[i] = s.Signed
		bars.cols[i] = styleFor(s.Action).color
		counts[s.Action]++
		sum += s.Signed
	}
	if len(sc) <= maxTickerLabels {
		// Ticker and entry date: the same ticker is often called twice.
		ticks := make([]plot.Tick, len(sc))
		sep := "\n"
		if len(sc) > 14 {
			sep = " "
		}
		for i, s := range sc {
			ticks[i] = plot.Tick{Value: float64(i), Label: labelText(s.Ticker, 8) + sep + s.Date}
		}
		c.p.X.Tick.Marker = plot.ConstantTicks(ticks)
		if len(sc) > 14 {
			c.p.X.Tick.Label.Rotation = math.Pi / 2
			c.p.X.Tick.Label.Font.Size = vg.Points(10.5)
			c.p.X.Tick.Label.XAlign = draw.XRight
			c.p.X.Tick.Label.YAlign = draw.YCenter
		}
	} else {
		c.p.X.Tick.Marker = plot.ConstantTicks(nil)
		c.p.X.Label.Text = "calls, sorted from worst to best"
	}
	c.p.Add(bars)
	mean := sum / float64(len(sc))
	c.p.Add(&hline{y: mean, sty: lineStyle(okBlack, 1.5, []vg.Length{vg.Points(6), vg.Points(4)})})
	for _, a := range append(slices.Clone(actionOrder), otherKeys(counts)...) {
		if counts[a] == 0 {
			continue
		}
		c.legend = append(c.legend, legendItem{fmt.Sprintf("%s (n=%d)", labelText(a, 20), counts[a]), thumbBox{fill: styleFor(a).color}})
	}
	c.legend = append(c.legend, legendItem{"mean " + signedPct(mean, 2), thumbLine{lineStyle(okBlack, 1.5, []vg.Length{vg.Points(6), vg.Points(4)})}})
	c.p.X.Min, c.p.X.Max = -0.7, float64(len(sc))-0.3
	c.yAroundZero()
	return c.render()
}

func otherKeys(m map[string]int) []string {
	var ks []string
	for k := range m {
		if !slices.Contains(actionOrder, k) {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}

// barPlot draws vertical bars from 0 at x = 0, 1, …, n−1.
type barPlot struct {
	vals []float64
	cols []color.Color
}

// Plot implements plot.Plotter.
func (b *barPlot) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	w := (tx(1) - tx(0)) * 0.8
	if w < vg.Points(0.6) {
		w = vg.Points(0.6)
	}
	for i, v := range b.vals {
		x := tx(float64(i))
		y0, y1 := ty(0), ty(v)
		if y1 < y0 {
			y0, y1 = y1, y0
		}
		if y1-y0 < vg.Points(0.5) {
			y1 = y0 + vg.Points(0.5)
		}
		r := vg.Rectangle{Min: vg.Point{X: x - w/2, Y: y0}, Max: vg.Point{X: x + w/2, Y: y1}}
		c.SetColor(b.cols[i])
		c.Fill(r.Path())
	}
	c.StrokeLine2(lineStyle(okBlack, 1, nil), c.Min.X, ty(0), c.Max.X, ty(0))
}

// DataRange implements plot.DataRanger.
func (b *barPlot) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = 0, 0
	for _, v := range b.vals {
		ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
	}
	return -0.5, float64(len(b.vals)) - 0.5, ymin, ymax
}

// hline is a horizontal line across the data area at y.
type hline struct {
	y   float64
	sty draw.LineStyle
}

// Plot implements plot.Plotter.
func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, ty := p.Transforms(&c)
	c.StrokeLine2(h.sty, c.Min.X, ty(h.y), c.Max.X, ty(h.y))
}
