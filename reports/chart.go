package reports

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"time"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Every chart is 1200×600 px: 12×6 inches at 100 dpi, drawn with the
// Liberation Sans faces embedded in gonum/plot (font.DefaultCache), so the
// PNGs are the same on every machine.
const (
	chartWidth  = 12 * vg.Inch
	chartHeight = 6 * vg.Inch
	chartDPI    = 100
)

// Text sizes in points (at 100 dpi: title 24 px, ticks 17 px).
const (
	titleSize    = 17
	subtitleSize = 13
	labelSize    = 14
	tickSize     = 12.5
	legendSize   = 12.5
	noteSize     = 12
)

var (
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// The Okabe-Ito palette (Okabe & Ito 2008), distinguishable under the
// common colour-vision deficiencies; lines also differ by dash pattern and
// lightness so they survive greyscale printing.
var (
	okBlack     = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	okOrange    = color.NRGBA{0xe6, 0x9f, 0x00, 0xff}
	okGreen     = color.NRGBA{0x00, 0x9e, 0x73, 0xff}
	okBlue      = color.NRGBA{0x00, 0x72, 0xb2, 0xff}
	okVermilion = color.NRGBA{0xd5, 0x5e, 0x00, 0xff}
	okPurple    = color.NRGBA{0xcc, 0x79, 0xa7, 0xff}
	gridGrey    = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
	textGrey    = color.NRGBA{0x44, 0x44, 0x44, 0xff}
)

// Colours and dashes of the two equity lines.
var (
	strategyColor = okBlue
	benchColor    = okOrange
	benchDash     = []vg.Length{vg.Points(7), vg.Points(4)}
)

// actionStyle is how an action is drawn in every chart.
type actionStyle struct {
	color color.NRGBA
	dash  []vg.Length
}

var actionStyles = map[string]actionStyle{
	"buy":   {okBlue, nil},
	"sell":  {okVermilion, []vg.Length{vg.Points(8), vg.Points(4)}},
	"avoid": {okPurple, []vg.Length{vg.Points(2), vg.Points(3)}},
	"hold":  {okGreen, []vg.Length{vg.Points(10), vg.Points(3), vg.Points(2), vg.Points(3)}},
	"watch": {okBlack, []vg.Length{vg.Points(14), vg.Points(5)}},
}

// styleFor returns the style of an action; unknown keys get grey.
func styleFor(action string) actionStyle {
	if s, ok := actionStyles[action]; ok {
		return s
	}
	return actionStyle{color: color.NRGBA{0x77, 0x77, 0x77, 0xff}, dash: []vg.Length{vg.Points(4), vg.Points(4)}}
}

// actionOrder is the order actions appear in legends and tables.
var actionOrder = []string{"buy", "sell", "avoid", "hold", "watch"}

func textStyle(f font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(f, size),
		Handler: plot.DefaultTextHandler,
	}
}

// legendItem is one entry of the legend row drawn above a chart.
type legendItem struct {
	label string
	thumb plot.Thumbnailer
}

// chart is a plot plus the title, subtitle and legend drawn above it (so
// the legend never covers the data).
type chart struct {
	title, subtitle string
	legend          []legendItem
	p               *plot.Plot
	height          vg.Length // 0: chartHeight
}

// newChart returns a chart with our fonts, sizes and grid set on every
// text element.
func newChart(title, subtitle string) *chart {
	p := plot.New()
	p.X.Label.TextStyle = textStyle(sansFont, labelSize, okBlack)
	p.Y.Label.TextStyle = textStyle(sansFont, labelSize, okBlack)
	p.X.Tick.Label = textStyle(sansFont, tickSize, textGrey)
	p.Y.Tick.Label = textStyle(sansFont, tickSize, textGrey)
	p.X.Tick.Label.XAlign = draw.XCenter
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	p.X.Tick.Label.YAlign = draw.YTop
	p.X.Padding, p.Y.Padding = vg.Points(4), vg.Points(4)
	p.X.Label.Padding, p.Y.Label.Padding = vg.Points(6), vg.Points(6)
	p.Legend.TextStyle = textStyle(sansFont, legendSize, okBlack)
	return &chart{title: labelText(title, 110), subtitle: labelText(subtitle, 150), p: p}
}

// addGrid adds light horizontal (and, with vertical, vertical) grid lines.
// yAroundZero widens the y range to include 0 (returns are read against
// it), gives a flat range a small height, and pads it by 5 % each side.
func (c *chart) yAroundZero() {
	y := &c.p.Y
	y.Min, y.Max = min(y.Min, 0), max(y.Max, 0)
	if y.Min == y.Max {
		y.Min, y.Max = -0.01, 0.01
	}
	pad := (y.Max - y.Min) * 0.05
	y.Min -= pad
	y.Max += pad
}

func (c *chart) addGrid(vertical bool) {
	g := plotter.NewGrid()
	g.Horizontal.Color = gridGrey
	g.Horizontal.Width = vg.Points(0.8)
	if vertical {
		g.Vertical.Color = gridGrey
		g.Vertical.Width = vg.Points(0.8)
	} else {
		g.Vertical.Color = nil
	}
	c.p.Add(g)
}

// render draws the chart on a 1200×600 canvas and encodes it as PNG.
func (c *chart) render() ([]byte, error) {
	h := c.height
	if h < chartHeight {
		h = chartHeight
	}
	cv := vgimg.NewWith(vgimg.UseWH(chartWidth, h), vgimg.UseDPI(chartDPI))
	dc := draw.New(cv)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	area := draw.Crop(dc, vg.Points(10), -vg.Points(18), vg.Points(10), -vg.Points(10))
	top := area.Max.Y
	if c.title != "" {
		sty := textStyle(boldFont, titleSize, okBlack)
		sty.YAlign = draw.YTop
		area.FillText(sty, vg.Point{X: area.Min.X, Y: top}, c.title)
		top -= sty.Height(c.title) + vg.Points(2)
	}
	if c.subtitle != "" {
		sty := textStyle(sansFont, subtitleSize, textGrey)
		sty.YAlign = draw.YTop
		area.FillText(sty, vg.Point{X: area.Min.X, Y: top}, c.subtitle)
		top -= sty.Height(c.subtitle) + vg.Points(4)
	}
	if len(c.legend) > 0 {
		top = drawLegendRow(area, top, c.legend)
	}
	area.Max.Y = top - vg.Points(6)
	c.p.Draw(area)
	return encodePNG(cv)
}

// drawLegendRow lays legend items left to right from y downwards, wrapping
// to a new row when the width runs out; it returns the y below the legend.
func drawLegendRow(c draw.Canvas, y vg.Length, items []legendItem) vg.Length {
	sty := textStyle(sansFont, legendSize, okBlack)
	sty.YAlign = draw.YCenter
	const thumbW, gap = vg.Length(28), vg.Length(6)
	rowH := sty.Height("Mg") + vg.Points(4)
	x := c.Min.X
	yc := y - rowH/2
	for _, it := range items {
		label := labelText(it.label, 80)
		w := thumbW + gap + sty.Width(label) + vg.Points(22)
		if x > c.Min.X && x+w > c.Max.X {
			x = c.Min.X
			yc -= rowH
		}
		if it.thumb != nil {
			tc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: yc - rowH/2 + vg.Points(3)},
				Max: vg.Point{X: x + thumbW, Y: yc + rowH/2 - vg.Points(3)},
			}}
			it.thumb.Thumbnail(&tc)
		}
		c.FillText(sty, vg.Point{X: x + thumbW + gap, Y: yc}, label)
		x += w
	}
	return yc - rowH/2
}

func encodePNG(cv *vgimg.Canvas) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, cv.Image()); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// noData renders a chart that says plainly why there is nothing to plot.
func noData(title, why string) ([]byte, error) {
	c := newChart(title, "")
	c.p.HideAxes()
	c.p.Add(noteAt{text: labelText(why, 120), x: 0.5, y: 0.5, size: 16})
	c.p.X.Min, c.p.X.Max, c.p.Y.Min, c.p.Y.Max = 0, 1, 0, 1
	return c.render()
}

// noteAt writes a line of text at a data position.
type noteAt struct {
	text  string
	x, y  float64
	size  vg.Length
	left  bool
	right bool
	bg    bool
	color color.Color
}

// Plot implements plot.Plotter.
func (n noteAt) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	col := n.color
	if col == nil {
		col = okBlack
	}
	sty := textStyle(sansFont, n.size, col)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	if n.left {
		sty.XAlign = draw.XLeft
	}
	if n.right {
		sty.XAlign = draw.XRight
	}
	pt := vg.Point{X: tx(n.x), Y: ty(n.y)}
	if n.bg {
		r := sty.Rectangle(n.text).Add(pt)
		pad := vg.Points(3)
		r.Min.X -= pad
		r.Min.Y -= pad
		r.Max.X += pad
		r.Max.Y += pad
		c.SetColor(color.NRGBA{0xff, 0xff, 0xff, 0xe0})
		c.Fill(r.Path())
	}
	c.FillText(sty, pt, n.text)
}

// labelText prepares untrusted text for a PNG label: control characters
// and bidi overrides cleaned (see [cleanText]), one line, runes the
// embedded font has no glyph for (emoji, scripts Liberation lacks) replaced
// by "?", and cut to n runes with "…".
func labelText(s string, n int) string {
	s = truncate(cleanText(s, true), n)
	if !needsGlyphCheck(s) {
		return s
	}
	face := font.DefaultCache.Lookup(sansFont, 12).Face
	var buf sfnt.Buffer
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		if gi, err := face.GlyphIndex(&buf, r); err != nil || gi == 0 {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func needsGlyphCheck(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// unix converts a session date to the x coordinate of time axes.
func unix(t time.Time) float64 { return float64(t.Unix()) }

// dateTicker puts ticks on calendar boundaries (years, months or days)
// chosen so that at most about ten labels fit the span; see [dateAxis].
type dateTicker struct {
	unit string // "year", "month", "day"
	step int
}

// Ticks implements plot.Ticker.
func (d dateTicker) Ticks(min, max float64) []plot.Tick {
	lo, hi := time.Unix(int64(min), 0).UTC(), time.Unix(int64(math.Ceil(max)), 0).UTC()
	var t time.Time
	switch d.unit {
	case "year":
		y := lo.Year()
		y -= y % d.step
		t = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case "month":
		m := int(lo.Month()) - 1
		m -= m % d.step
		t = time.Date(lo.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	default:
		t = time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, time.UTC)
	}
	var ticks []plot.Tick
	for ; !t.After(hi); t = d.next(t) {
		if t.Before(lo) {
			continue
		}
		ticks = append(ticks, plot.Tick{Value: unix(t), Label: "x"})
	}
	return ticks
}

func (d dateTicker) next(t time.Time) time.Time {
	switch d.unit {
	case "year":
		return t.AddDate(d.step, 0, 0)
	case "month":
		return t.AddDate(0, d.step, 0)
	}
	return t.AddDate(0, 0, d.step)
}

// dateAxis sets a time axis between two dates: yearly labels ("2019") for
// spans over three years, monthly ("Mar 2019") down to two months, daily
// ("Mar 4") below, each with a step that keeps the label count ≤ 10 so
// labels never overlap at 1200 px. Ticks come from plot.TimeTicks.
func dateAxis(a *plot.Axis, lo, hi time.Time) {
	days := hi.Sub(lo).Hours() / 24
	var tk dateTicker
	var format string
	switch {
	case days > 3*366:
		tk, format = dateTicker{"year", niceStep(days/365.25, 10, []int{1, 2, 5, 10, 20, 50})}, "2006"
	case days > 62:
		tk, format = dateTicker{"month", niceStep(days/30.4, 8, []int{1, 2, 3, 6, 12})}, "Jan 2006"
	default:
		tk, format = dateTicker{"day", niceStep(days, 10, []int{1, 2, 7, 14})}, "Jan 2"
	}
	a.Tick.Marker = plot.TimeTicks{Ticker: tk, Format: format}
	a.Min, a.Max = unix(lo), unix(hi)
	if a.Max <= a.Min {
		a.Min -= 86400
		a.Max += 86400
	}
}

// niceStep returns the smallest step from steps that keeps span/step ≤ max.
func niceStep(span float64, max int, steps []int) int {
	for _, s := range steps {
		if span/float64(s) <= float64(max) {
			return s
		}
	}
	return steps[len(steps)-1]
}

// niceTicks returns major ticks at multiples of a 1, 2, 2.5 or 5 × 10^k
// step chosen so that about five to eight fall in [min, max], and the step.
func niceTicks(min, max float64) ([]plot.Tick, float64) {
	if !(max > min) || !finite(min) || !finite(max) {
		return nil, 0
	}
	raw := (max - min) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ticks []plot.Tick
	for k := math.Ceil(min / step); k*step <= max+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: "x"})
	}
	return ticks, step
}

// pctTicker labels nice linear ticks as percentages ("−20%", "5%").
type pctTicker struct{}

// Ticks implements plot.Ticker.
func (pctTicker) Ticks(min, max float64) []plot.Tick {
	ticks, step := niceTicks(min, max)
	dec := 0
	for dec < 4 && math.Abs(step*100*math.Pow(10, float64(dec))-math.Round(step*100*math.Pow(10, float64(dec)))) > 1e-6 {
		dec++
	}
	for i := range ticks {
		ticks[i].Label = pct(ticks[i].Value, dec)
		if ticks[i].Value == 0 {
			ticks[i].Label = "0%"
		}
	}
	return ticks
}

// dayTicker labels nice integer ticks (trading days).
type dayTicker struct{}

// Ticks implements plot.Ticker.
func (dayTicker) Ticks(min, max float64) []plot.Tick {
	ticks, step := niceTicks(min, max)
	if step < 1 || step != math.Trunc(step) {
		ticks = ticks[:0]
		st := math.Max(1, math.Ceil(step))
		for v := math.Ceil(min/st) * st; v <= max; v += st {
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	for i := range ticks {
		ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', 0, 64)
	}
	return ticks
}

// moneyTicker labels nice linear ticks as dollars with thousands separators.
type moneyTicker struct{}

// Ticks implements plot.Ticker.
func (moneyTicker) Ticks(min, max float64) []plot.Tick {
	ticks, step := niceTicks(min, max)
	for i := range ticks {
		if step >= 1 {
			ticks[i].Label = money(ticks[i].Value)
		} else {
			ticks[i].Label = "$" + fixed(ticks[i].Value, 2)
		}
	}
	return ticks
}

// logMoneyTicker puts ticks at 1, 2 and 5 × 10^k (adding 3, 4, 6, 8 when
// the range spans less than a factor of 3) labelled in dollars.
type logMoneyTicker struct{}

// Ticks implements plot.Ticker.
func (logMoneyTicker) Ticks(min, max float64) []plot.Tick {
	if min <= 0 || max <= min {
		return moneyTicker{}.Ticks(min, max)
	}
	mults := []float64{1, 2, 5}
	if max/min < 3 {
		mults = []float64{1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 4, 5, 6, 7, 8, 9}
	} else if max/min < 12 {
		mults = []float64{1, 1.5, 2, 3, 5, 7}
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range mults {
			v := m * math.Pow(10, e)
			if v >= min && v <= max {
				ticks = append(ticks, plot.Tick{Value: v, Label: money(v)})
			}
		}
	}
	if len(ticks) < 2 {
		return moneyTicker{}.Ticks(min, max)
	}
	return ticks
}

// lineStyle returns a line style of width w points.
func lineStyle(c color.Color, w float64, dash []vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(w), Dashes: dash}
}

// thumbLine is a legend thumbnail: a line segment.
type thumbLine struct{ sty draw.LineStyle }

// Thumbnail implements plot.Thumbnailer.
func (t thumbLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.sty, c.Min.X, y, c.Max.X, y)
}

// thumbBox is a legend thumbnail: a filled box, optionally with a line.
type thumbBox struct {
	fill color.Color
	line *draw.LineStyle
}

// Thumbnail implements plot.Thumbnailer.
func (t thumbBox) Thumbnail(c *draw.Canvas) {
	c.SetColor(t.fill)
	c.Fill(c.Rectangle.Path())
	if t.line != nil {
		y := c.Center().Y
		c.StrokeLine2(*t.line, c.Min.X, y, c.Max.X, y)
	}
}

// thumbGlyph is a legend thumbnail: one marker.
type thumbGlyph struct{ sty draw.GlyphStyle }

// Thumbnail implements plot.Thumbnailer.
func (t thumbGlyph) Thumbnail(c *draw.Canvas) { c.DrawGlyph(t.sty, c.Center()) }

// downTriangle is a filled triangle pointing down (exits).
type downTriangle struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (downTriangle) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 1.2
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r*0.866, Y: pt.Y + r*0.5})
	p.Line(vg.Point{X: pt.X + r*0.866, Y: pt.Y + r*0.5})
	p.Close()
	c.SetColor(sty.Color)
	c.Fill(p)
}

// upTriangle is a filled triangle pointing up (entries).
type upTriangle struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (upTriangle) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 1.2
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X - r*0.866, Y: pt.Y - r*0.5})
	p.Line(vg.Point{X: pt.X + r*0.866, Y: pt.Y - r*0.5})
	p.Close()
	c.SetColor(sty.Color)
	c.Fill(p)
}

// withAlpha returns c with alpha a (0..255), non-premultiplied.
func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

var nan = math.NaN()
