package reports

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"time"

	"github.com/tipster/tipster/backtest"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// monthTable holds calendar-month returns: Ret[i][m] is year Years[i],
// month m+1 (m = 0…11), and Ret[i][12] the calendar year; NaN where the
// backtest has no day in that month.
type monthTable struct {
	Years []int
	Ret   [][13]float64
}

// monthlyReturns computes calendar-month and calendar-year returns of an
// equity curve: r = E(last close of the period) / E(last close of the
// previous period) − 1, the first period measured from start (the starting
// capital; the first close when start ≤ 0).
func monthlyReturns(dates []time.Time, equity []float64, start float64) monthTable {
	var t monthTable
	if len(dates) == 0 {
		return t
	}
	if !(start > 0) || !finite(start) {
		start = at(equity, 0)
	}
	y0, y1 := dates[0].Year(), dates[len(dates)-1].Year()
	for y := y0; y <= y1; y++ {
		t.Years = append(t.Years, y)
		var row [13]float64
		for i := range row {
			row[i] = nan
		}
		t.Ret = append(t.Ret, row)
	}
	prevMonth, prevYear := start, start
	for i, d := range dates {
		e := at(equity, i)
		if !finite(e) {
			continue
		}
		lastOfMonth := i == len(dates)-1 || dates[i+1].Month() != d.Month() || dates[i+1].Year() != d.Year()
		if !lastOfMonth {
			continue
		}
		yi := d.Year() - y0
		t.Ret[yi][int(d.Month())-1] = e/prevMonth - 1
		prevMonth = e
		if i == len(dates)-1 || dates[i+1].Year() != d.Year() {
			t.Ret[yi][12] = e/prevYear - 1
			prevYear = e
		}
	}
	return t
}

// MonthlyReturnsChart renders monthly_returns.png: the strategy's return
// in each calendar month (rows are years, the last column the whole year),
// coloured on a diverging blue (gain) / vermilion (loss) scale, the value
// written in each cell in black or white, whichever reads better.
func MonthlyReturnsChart(res *backtest.Result, title string) ([]byte, error) {
	if title == "" {
		title = res.Options.Name
	}
	ttl := labelText(title, 80) + ": monthly returns"
	t := monthlyReturns(res.Dates, res.Equity, res.Options.Capital)
	if len(t.Years) == 0 {
		return noData(ttl, "No monthly returns: the backtest has no trading days.")
	}
	c := newChart(ttl, "Strategy return per calendar month and year, percent; blue gains, vermilion losses")
	scaleM, scaleY := 0.0, 0.0
	for _, row := range t.Ret {
		for m, v := range row {
			if !finite(v) {
				continue
			}
			if m == 12 {
				scaleY = math.Max(scaleY, math.Abs(v))
			} else {
				scaleM = math.Max(scaleM, math.Abs(v))
			}
		}
	}
	c.p.Add(&heat{t: t, scaleM: scaleM, scaleY: scaleY})
	names := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Year"}
	xt := make([]plot.Tick, len(names))
	for i, n := range names {
		xt[i] = plot.Tick{Value: heatX(i), Label: n}
	}
	yt := make([]plot.Tick, len(t.Years))
	for i, y := range t.Years {
		yt[i] = plot.Tick{Value: float64(len(t.Years) - 1 - i), Label: strconv.Itoa(y)}
	}
	c.p.X.Tick.Marker = plot.ConstantTicks(xt)
	c.p.Y.Tick.Marker = plot.ConstantTicks(yt)
	c.p.X.Tick.Length, c.p.Y.Tick.Length = 0, 0
	c.p.X.LineStyle.Width, c.p.Y.LineStyle.Width = 0, 0
	c.p.X.Min, c.p.X.Max = -0.5, heatX(12)+0.5
	// Fewer than four years: keep cells from growing absurdly tall by
	// padding the range evenly above and below.
	extra := math.Max(0, 4-float64(len(t.Years))) / 2
	c.p.Y.Min, c.p.Y.Max = -0.5-extra, float64(len(t.Years))-0.5+extra
	return c.render()
}

// heatX is the x centre of column m; the year column sits apart.
func heatX(m int) float64 {
	if m == 12 {
		return 12.25
	}
	return float64(m)
}

// heat draws the month cells.
type heat struct {
	t              monthTable
	scaleM, scaleY float64
}

// divergingColor maps v in [−scale, scale] from vermilion through white to
// blue (Okabe-Ito ends); |v| ≥ scale is the full colour.
func divergingColor(v, scale float64) color.NRGBA {
	if !finite(v) {
		return color.NRGBA{0xf2, 0xf2, 0xf2, 0xff}
	}
	f := 0.0
	if scale > 0 {
		f = math.Min(1, math.Abs(v)/scale)
	}
	f = math.Sqrt(f) // small values still tinted
	end := okBlue
	if v < 0 {
		end = okVermilion
	}
	mix := func(a uint8) uint8 { return uint8(math.Round(255 + (float64(a)-255)*f)) }
	return color.NRGBA{mix(end.R), mix(end.G), mix(end.B), 0xff}
}

// textOn returns black or white, whichever contrasts more with bg
// (relative luminance threshold 0.45, sRGB approximated by gamma 2.2).
func textOn(bg color.NRGBA) color.NRGBA {
	lin := func(c uint8) float64 { return math.Pow(float64(c)/255, 2.2) }
	l := 0.2126*lin(bg.R) + 0.7152*lin(bg.G) + 0.0722*lin(bg.B)
	if l < 0.3 {
		return color.NRGBA{0xff, 0xff, 0xff, 0xff}
	}
	return okBlack
}

// cellLabel writes a monthly return in percent with one decimal and a sign.
func cellLabel(v float64) string {
	if !finite(v) {
		return ""
	}
	return signedPct(v, 1)
}

// Plot implements plot.Plotter.
func (h *heat) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	n := len(h.t.Years)
	cellH := ty(1) - ty(0)
	size := vg.Length(math.Min(13, float64(cellH)*0.45))
	if size < 6 {
		size = 6
	}
	for i, row := range h.t.Ret {
		y := float64(n - 1 - i)
		for m, v := range row {
			scale := h.scaleM
			if m == 12 {
				scale = h.scaleY
			}
			bg := divergingColor(v, scale)
			x := heatX(m)
			r := vg.Rectangle{Min: vg.Point{X: tx(x - 0.48), Y: ty(y - 0.46)}, Max: vg.Point{X: tx(x + 0.48), Y: ty(y + 0.46)}}
			c.SetColor(bg)
			c.Fill(r.Path())
			if lbl := cellLabel(v); lbl != "" {
				f := sansFont
				if m == 12 {
					f = boldFont
				}
				sty := textStyle(f, size, textOn(bg))
				sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
				c.FillText(sty, vg.Point{X: tx(x), Y: ty(y)}, lbl)
			}
		}
	}
}

var _ = fmt.Sprint
