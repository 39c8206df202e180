package reports

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tipster/tipster/backtest"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BatchEntry is one backtest of a batch: its name, its report folder
// relative to the batch folder (empty: Name), and either its Result or the
// error that stopped it.
type BatchEntry struct {
	Name, Dir string
	Result    *backtest.Result
	Err       error
}

// Ranking metrics for the leaderboard.
const (
	// RankAbnormal ranks by the mean signed abnormal return at the main
	// horizon, drawn with its 95% interval (the default).
	RankAbnormal = "abnormal"
	// RankTotalReturn ranks by the portfolio's total return.
	RankTotalReturn = "total_return"
)

// BatchOptions configures [WriteBatch].
type BatchOptions struct {
	Title   string    // heads index.html; empty: "Tipster batch"
	Version string    // printed in index.html
	Now     time.Time // generation time shown; zero: time.Now()
	// MainHorizon is the event-study horizon of the leaderboard and
	// summary.csv; 0: each backtest's own [MainHorizon].
	MainHorizon int
	RankBy      string // RankAbnormal (default) or RankTotalReturn
	NoCharts    bool   // skip leaderboard.png
}

// Batch file names.
const (
	FileIndex       = "index.html"
	FileLeaderboard = "leaderboard.png"
	FileBatchCSV    = "summary.csv"
)

// batchRow is one backtest's headline numbers.
type batchRow struct {
	Name, Link, Status, Error string
	Res                       *backtest.Result
	Horizon                   int
	Group                     backtest.Group
	HasGroup                  bool
}

func batchRows(entries []BatchEntry, h int) []batchRow {
	rows := make([]batchRow, len(entries))
	for i, e := range entries {
		dir := e.Dir
		if dir == "" {
			dir = e.Name
		}
		r := batchRow{Name: e.Name, Link: path.Join(filepath.ToSlash(dir), FileHTML), Status: "ok", Res: e.Result}
		switch {
		case e.Err != nil:
			r.Status, r.Error, r.Res = "failed", e.Err.Error(), nil
		case e.Result == nil:
			r.Status, r.Error = "failed", "no result"
		default:
			r.Horizon = MainHorizon(e.Result, h)
			r.Group, r.HasGroup = group(e.Result, "all", "all", r.Horizon)
		}
		rows[i] = r
	}
	return rows
}

// BatchCSV returns summary.csv: one row per backtest, in the given order:
// name,status,error,total_return,cagr,sharpe,max_drawdown,alpha,beta,
// trades,hit_rate,benchmark_total_return,n_signals,horizon,n_scored,
// mean_abnormal,ci_low,ci_high,t_stat,report. Failed backtests have status
// "failed", the error text and empty numbers. Floats as in the data files.
func BatchCSV(entries []BatchEntry, mainHorizon int) ([]byte, error) {
	var rows [][]string
	for _, r := range batchRows(entries, mainHorizon) {
		row := []string{r.Name, r.Status, r.Error}
		if r.Res == nil {
			row = append(row, make([]string, 16)...)
			row = append(row, "")
			rows = append(rows, row)
			continue
		}
		m := r.Res.Metrics
		row = append(row, dataFloat(m.TotalReturn), dataFloat(m.CAGR), dataFloat(m.Sharpe), dataFloat(m.MaxDrawdown),
			dataFloat(m.Alpha), dataFloat(m.Beta), strconv.Itoa(m.Trades), dataFloat(m.HitRate),
			dataFloat(r.Res.BenchmarkMetrics.TotalReturn), strconv.Itoa(len(r.Res.Signals)), strconv.Itoa(r.Horizon))
		if r.HasGroup {
			row = append(row, strconv.Itoa(r.Group.N), dataFloat(r.Group.Mean), dataFloat(r.Group.CILow), dataFloat(r.Group.CIHigh), dataFloat(r.Group.TStat))
		} else {
			row = append(row, "0", "", "", "", "")
		}
		row = append(row, r.Link)
		rows = append(rows, row)
	}
	return writeCSV([]string{"name", "status", "error", "total_return", "cagr", "sharpe", "max_drawdown", "alpha", "beta",
		"trades", "hit_rate", "benchmark_total_return", "n_signals", "horizon", "n_scored", "mean_abnormal", "ci_low",
		"ci_high", "t_stat", "report"}, rows)
}

// leaderItem is one row of the leaderboard.
type leaderItem struct {
	Name          string
	Value, Lo, Hi float64 // Lo, Hi NaN when there is no interval
	N             int
}

// leaderboard ranks the successful backtests, best first, by rankBy;
// backtests without a finite value are left out, and when ranking by the
// abnormal return those without a finite interval come after the rest.
func leaderboard(rows []batchRow, rankBy string) []leaderItem {
	var items []leaderItem
	for _, r := range rows {
		if r.Res == nil {
			continue
		}
		it := leaderItem{Name: r.Name, Lo: nan, Hi: nan}
		if rankBy == RankTotalReturn {
			it.Value, it.N = r.Res.Metrics.TotalReturn, r.Res.Metrics.Trades
		} else {
			if !r.HasGroup || r.Group.N == 0 {
				continue
			}
			it.Value, it.Lo, it.Hi, it.N = r.Group.Mean, r.Group.CILow, r.Group.CIHigh, r.Group.N
		}
		if finite(it.Value) {
			items = append(items, it)
		}
	}
	// Backtests without an interval (too few calls) go last: a single
	// lucky call must not top the board.
	noCI := func(it leaderItem) int {
		if rankBy != RankTotalReturn && !(finite(it.Lo) && finite(it.Hi)) {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(items, func(a, b leaderItem) int {
		return cmp.Or(cmp.Compare(noCI(a), noCI(b)), cmp.Compare(b.Value, a.Value), cmp.Compare(a.Name, b.Name))
	})
	return items
}

// maxLeaders is the most backtests leaderboard.png shows.
const maxLeaders = 60

// LeaderboardChart renders leaderboard.png: the backtests ranked best
// first by the mean signed abnormal return at the main horizon with its
// 95% interval as a whisker (blue when the interval is above zero,
// vermilion below, grey when it spans zero), or by total return. The chart
// grows taller with the number of backtests (22 px a row); at most 60 are
// shown.
func LeaderboardChart(entries []BatchEntry, opt BatchOptions) ([]byte, error) {
	rows := batchRows(entries, opt.MainHorizon)
	items := leaderboard(rows, opt.RankBy)
	what, unit := "mean signed abnormal return per call, with 95% interval", "mean signed abnormal return"
	if opt.RankBy == RankTotalReturn {
		what, unit = "total return of the portfolio", "total return"
	} else if opt.MainHorizon > 0 {
		what = fmt.Sprintf("mean signed abnormal return per call over %d trading days, with 95%% interval", opt.MainHorizon)
	}
	title := "Leaderboard"
	if opt.Title != "" {
		title = labelText(opt.Title, 80) + ": leaderboard"
	}
	if len(items) == 0 {
		return noData(title, "No backtest has a value to rank ("+unit+").")
	}
	shown := items
	sub := fmt.Sprintf("Backtests ranked by %s", what)
	if len(items) > maxLeaders {
		shown = items[:maxLeaders]
		sub += fmt.Sprintf("; top %d of %d", maxLeaders, len(items))
	}
	c := newChart(title, sub)
	c.height = vg.Length(110+22*len(shown)) * vg.Inch / chartDPI
	c.addGrid(true)
	c.p.X.Tick.Marker = pctTicker{}
	c.p.X.Label.Text = unit
	n := len(shown)
	ticks := make([]plot.Tick, n)
	for i, it := range shown {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: labelText(truncateMiddle(cleanText(it.Name, true), 44), 44)}
	}
	c.p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	c.p.Y.Tick.Length = 0
	c.p.Add(&whiskers{items: shown, total: opt.RankBy == RankTotalReturn})
	c.legend = []legendItem{
		{"interval above 0: beat the market beyond chance", thumbGlyph{draw.GlyphStyle{Color: okBlue, Radius: 5, Shape: draw.CircleGlyph{}}}},
		{"interval below 0: trailed beyond chance", thumbGlyph{draw.GlyphStyle{Color: okVermilion, Radius: 5, Shape: draw.BoxGlyph{}}}},
		{"spans 0: within chance", thumbGlyph{draw.GlyphStyle{Color: color.NRGBA{0x66, 0x66, 0x66, 0xff}, Radius: 5, Shape: draw.RingGlyph{}}}},
		{"no interval (too few calls)", thumbGlyph{draw.GlyphStyle{Color: color.NRGBA{0x66, 0x66, 0x66, 0xff}, Radius: 5, Shape: draw.CrossGlyph{}}}},
	}
	if opt.RankBy == RankTotalReturn {
		c.legend = nil
	}
	lo, hi := 0.0, 0.0
	for _, it := range shown {
		for _, v := range []float64{it.Value, it.Lo, it.Hi} {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hi == lo {
		hi = lo + 0.01
	}
	pad := (hi - lo) * 0.06
	c.p.X.Min, c.p.X.Max = lo-pad, hi+pad+(hi-lo)*0.3 // room for the value labels at the right
	c.p.Y.Min, c.p.Y.Max = -0.7, float64(n)-0.3
	return c.render()
}

// whiskers draws each leaderboard item as a dot with its interval.
type whiskers struct {
	items []leaderItem
	total bool // ranking by total return: no intervals
}

// Plot implements plot.Plotter.
func (w *whiskers) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	n := len(w.items)
	c.StrokeLine2(lineStyle(okBlack, 1.2, nil), tx(0), c.Min.Y, tx(0), c.Max.Y)
	for i, it := range w.items {
		y := ty(float64(n - 1 - i))
		col, shape := color.NRGBA{0x66, 0x66, 0x66, 0xff}, draw.GlyphDrawer(draw.RingGlyph{})
		switch ciVerdict(it.N, it.Lo, it.Hi) {
		case "beat":
			col, shape = okBlue, draw.CircleGlyph{}
		case "trailed":
			col, shape = okVermilion, draw.BoxGlyph{}
		}
		label := fmt.Sprintf("%s (n=%d)", signedPct(it.Value, 2), it.N)
		if finite(it.Lo) && finite(it.Hi) {
			c.StrokeLine2(lineStyle(col, 2.2, nil), tx(it.Lo), y, tx(it.Hi), y)
			for _, v := range []float64{it.Lo, it.Hi} {
				c.StrokeLine2(lineStyle(col, 2.2, nil), tx(v), y-vg.Points(4), tx(v), y+vg.Points(4))
			}
		} else if w.total {
			col, shape = okBlue, draw.GlyphDrawer(draw.CircleGlyph{})
			if it.Value < 0 {
				col, shape = okVermilion, draw.BoxGlyph{}
			}
			label = fmt.Sprintf("%s (%d trades)", signedPct(it.Value, 1), it.N)
		} else {
			shape = draw.CrossGlyph{}
			label = fmt.Sprintf("%s (n=%d, no interval)", signedPct(it.Value, 2), it.N)
		}
		c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: vg.Points(4.5), Shape: shape}, vg.Point{X: tx(it.Value), Y: y})
		// Values in a column at the right edge, clear of every whisker.
		sty := textStyle(sansFont, 11.5, textGrey)
		sty.XAlign, sty.YAlign = draw.XRight, draw.YCenter
		c.FillText(sty, vg.Point{X: c.Max.X - vg.Points(4), Y: y}, label)
	}
}

// DataRange implements plot.DataRanger.
func (w *whiskers) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, 0, 0, float64(len(w.items) - 1)
}

// WriteBatch writes a batch's own files into dir (which holds the
// backtests' report folders): summary.csv, leaderboard.png and index.html,
// linking each backtest's report.html (Dir relative to dir) with its
// headline numbers and listing failed backtests with their reason. Every
// file is rendered in memory first and then written atomically (temp file
// in dir + rename); if ctx is cancelled before the writes start, nothing is
// written. manifest.json is the caller's.
func WriteBatch(ctx context.Context, dir string, entries []BatchEntry, opt BatchOptions) error {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	csvb, err := BatchCSV(entries, opt.MainHorizon)
	if err != nil {
		return fmt.Errorf("%s: %w", FileBatchCSV, err)
	}
	var png []byte
	if !opt.NoCharts {
		if png, err = LeaderboardChart(entries, opt); err != nil {
			return fmt.Errorf("%s: %w", FileLeaderboard, err)
		}
	}
	idx, err := indexHTML(entries, opt, png)
	if err != nil {
		return fmt.Errorf("%s: %w", FileIndex, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("batch %s: %w", dir, err)
	}
	files := []file{{FileBatchCSV, csvb}, {FileIndex, idx}}
	if png != nil {
		files = append(files, file{FileLeaderboard, png})
	}
	var errs []error
	for _, f := range files {
		if err := WriteFileAtomic(filepath.Join(dir, f.name), f.data); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

type indexRow struct {
	Name, Link, Status, Error                          string
	Total, Bench, CAGR, Sharpe, MaxDD, Trades, Signals string
	Horizon                                            int
	N                                                  int
	Mean, CI, Verdict                                  string
	Negative                                           bool
}

func indexHTML(entries []BatchEntry, opt BatchOptions, png []byte) ([]byte, error) {
	title := opt.Title
	if title == "" {
		title = "Tipster batch"
	}
	var ok, failed []indexRow
	for _, r := range batchRows(entries, opt.MainHorizon) {
		ir := indexRow{Name: short(r.Name), Link: r.Link, Status: r.Status, Error: cleanText(truncate(r.Error, 600), true)}
		if r.Res == nil {
			failed = append(failed, ir)
			continue
		}
		m := r.Res.Metrics
		ir.Total, ir.Bench, ir.CAGR = signedPct(m.TotalReturn, 1), signedPct(r.Res.BenchmarkMetrics.TotalReturn, 1), signedPct(m.CAGR, 1)
		ir.Sharpe, ir.MaxDD, ir.Trades = fixed(m.Sharpe, 2), pct(m.MaxDrawdown, 1), fixed(float64(m.Trades), 0)
		ir.Signals = fixed(float64(len(r.Res.Signals)), 0)
		ir.Horizon, ir.Negative = r.Horizon, m.TotalReturn < 0
		if r.HasGroup && r.Group.N > 0 {
			ir.N, ir.Mean = r.Group.N, signedPct(r.Group.Mean, 2)
			ir.CI = "—"
			if finite(r.Group.CILow) && finite(r.Group.CIHigh) {
				ir.CI = signedPct(r.Group.CILow, 1) + " … " + signedPct(r.Group.CIHigh, 1)
			}
			ir.Verdict = ciVerdict(r.Group.N, r.Group.CILow, r.Group.CIHigh)
		}
		ok = append(ok, ir)
	}
	var src template.URL
	if png != nil {
		src = template.URL("data:image/png;base64," + b64(png))
	}
	var buf bytes.Buffer
	err := indexTmpl.Execute(&buf, map[string]any{
		"Title": cleanText(truncate(title, maxCellText), true), "Version": cleanText(opt.Version, true),
		"Generated": opt.Now.UTC().Format("2006-01-02 15:04 UTC"), "OK": ok, "Failed": failed, "Leaderboard": src,
		"CSS": template.CSS(pageCSS), "Total": len(entries),
	})
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var indexTmpl = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<h1 class="t">{{.Title}}</h1>
<div class="meta">{{.Total}} backtests · {{len .OK}} ran · {{len .Failed}} failed · generated {{.Generated}}{{with .Version}} by Tipster {{.}}{{end}}</div>
{{if .Failed}}<h2>Failed ({{len .Failed}})</h2>
<div class="wrap"><table><thead><tr><th>Backtest</th><th>Reason</th></tr></thead>
<tbody>{{range .Failed}}<tr><td class="t">{{.Name}}</td><td class="t ev">{{.Error}}</td></tr>{{end}}</tbody></table></div>{{end}}
<h2>Backtests</h2>
{{if .OK}}<div class="wrap"><table>
<thead><tr><th>Backtest</th><th class="n">Total return</th><th class="n">Benchmark return</th><th class="n">CAGR</th><th class="n">Sharpe</th><th class="n">Max drawdown</th><th class="n">Trades</th><th class="n">Signals</th><th class="n">Days</th><th class="n">n scored</th><th class="n">Mean abnormal</th><th class="n">95% interval</th></tr></thead>
<tbody>{{range .OK}}<tr><td class="t"><a href="{{.Link}}">{{.Name}}</a></td><td class="n{{if .Negative}} neg{{end}}">{{.Total}}</td><td class="n">{{.Bench}}</td><td class="n">{{.CAGR}}</td><td class="n">{{.Sharpe}}</td><td class="n">{{.MaxDD}}</td><td class="n">{{.Trades}}</td><td class="n">{{.Signals}}</td><td class="n">{{.Horizon}}</td><td class="n">{{.N}}</td><td class="n">{{.Mean}}</td><td class="n{{if .Verdict}} sig{{end}}">{{.CI}}</td></tr>
{{end}}</tbody></table></div>
<p class="note">Mean abnormal: the average call's signed abnormal return over the given trading days; <span class="sig">bold</span> intervals exclude zero (beyond what chance explains).</p>{{else}}<p>No backtest ran.</p>{{end}}
{{with .Leaderboard}}<h2>Leaderboard</h2><figure><img src="{{.}}" alt="Leaderboard of the backtests"></figure>{{end}}
<footer>summary.csv holds these numbers; manifest.json the config, versions and input hashes.</footer>
</body>
</html>
`))

func b64(b []byte) string {
	var sb strings.Builder
	enc := newBase64(&sb)
	enc.Write(b)
	enc.Close()
	return sb.String()
}
