package reports

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/tipster/tipster/backtest"
	"golang.org/x/sync/errgroup"
)

// Options configures the files [Write] produces. The zero value writes
// everything with the defaults below.
type Options struct {
	// Title heads the report and every chart; empty: the backtest's name.
	Title string
	// Version is the Tipster version printed in summary.md and report.html.
	Version string
	// Now is the time the report says it was generated (inject a fixed
	// clock for golden files); zero: time.Now().
	Now time.Time
	// LogScale draws equity.png on a log scale (ignored when an equity
	// value is not positive).
	LogScale bool
	// MainHorizon is the event-study horizon, in trading days, of the
	// verdict and signals.png; 0: see [MainHorizon].
	MainHorizon int
	// NoCharts skips the five PNG charts (the slow part); summary.md and
	// report.html are still written, without images.
	NoCharts bool
}

// File names Write produces.
const (
	FileMetrics  = "metrics.json"
	FileEquity   = "equity.csv"
	FileTrades   = "trades.csv"
	FileEvents   = "events.csv"
	FileSkipped  = "skipped.csv"
	FileSignals  = "signals.csv"
	FileSummary  = "summary.md"
	FileHTML     = "report.html"
	ChartEquity  = "equity.png"
	ChartDD      = "drawdown.png"
	ChartEvents  = "event_study.png"
	ChartSignals = "signals.png"
	ChartMonthly = "monthly_returns.png"
)

// file is one output file's name and bytes.
type file struct {
	name string
	data []byte
}

// Write writes the complete report of one backtest into dir: the data
// files (metrics.json, equity.csv, trades.csv, events.csv, skipped.csv,
// signals.csv), the charts (equity.png, drawdown.png, event_study.png,
// signals.png, monthly_returns.png; rendered in parallel), summary.md and
// report.html.
//
// The report appears whole or not at all: every file is first written into
// a fresh temporary folder next to dir (".<name>.tmp-*", same file system),
// and that folder is renamed to dir only once every file is written and
// closed without error. Temporary folders left by a killed run are removed
// on the next Write to the same dir. An existing dir is replaced: it is renamed aside,
// the new one renamed in, the old one removed. If ctx is cancelled or any
// step fails, the temporary folder is removed and dir is left as it was.
// Data files are byte-identical for identical inputs; see [MetricsJSON].
func Write(ctx context.Context, dir string, res *backtest.Result, opt Options) error {
	files, err := renderFiles(ctx, res, opt)
	if err != nil {
		return err
	}
	return publishDir(ctx, dir, files)
}

// WriteData writes only the data files (metrics.json, equity.csv,
// trades.csv, events.csv, skipped.csv, signals.csv) into dir, with the
// same whole-or-nothing guarantee as [Write].
func WriteData(ctx context.Context, dir string, res *backtest.Result, opt Options) error {
	if res == nil {
		return errors.New("reports: nil result")
	}
	files, err := dataFiles(res, opt)
	if err != nil {
		return err
	}
	return publishDir(ctx, dir, files)
}

func dataFiles(res *backtest.Result, opt Options) ([]file, error) {
	var files []file
	for _, f := range []struct {
		name string
		fn   func() ([]byte, error)
	}{
		{FileMetrics, func() ([]byte, error) { return MetricsJSON(res, opt.MainHorizon) }},
		{FileEquity, func() ([]byte, error) { return EquityCSV(res) }},
		{FileTrades, func() ([]byte, error) { return TradesCSV(res) }},
		{FileEvents, func() ([]byte, error) { return EventsCSV(res) }},
		{FileSkipped, func() ([]byte, error) { return SkippedCSV(res) }},
		{FileSignals, func() ([]byte, error) { return SignalsCSV(res) }},
	} {
		b, err := f.fn()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		files = append(files, file{f.name, b})
	}
	return files, nil
}

// Charts renders the five charts of one backtest in parallel (at most
// GOMAXPROCS at a time) and returns them by file name.
func Charts(ctx context.Context, res *backtest.Result, opt Options) (map[string][]byte, error) {
	h := MainHorizon(res, opt.MainHorizon)
	jobs := []struct {
		name string
		fn   func() ([]byte, error)
	}{
		{ChartEquity, func() ([]byte, error) { return EquityChart(res, opt.Title, opt.LogScale) }},
		{ChartDD, func() ([]byte, error) { return DrawdownChart(res, opt.Title) }},
		{ChartEvents, func() ([]byte, error) { return EventStudyChart(res, opt.Title) }},
		{ChartSignals, func() ([]byte, error) { return SignalsChart(res, opt.Title, h) }},
		{ChartMonthly, func() ([]byte, error) { return MonthlyReturnsChart(res, opt.Title) }},
	}
	out := make([][]byte, len(jobs))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			b, err := j.fn()
			if err != nil {
				return fmt.Errorf("%s: %w", j.name, err)
			}
			out[i] = b
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	m := make(map[string][]byte, len(jobs))
	for i, j := range jobs {
		m[j.name] = out[i]
	}
	return m, nil
}

// renderFiles returns every file of the report in memory, in the order Write
// writes them, without touching the disk.
func renderFiles(ctx context.Context, res *backtest.Result, opt Options) ([]file, error) {
	if res == nil {
		return nil, errors.New("reports: nil result")
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	files, err := dataFiles(res, opt)
	if err != nil {
		return nil, err
	}
	var charts map[string][]byte
	if !opt.NoCharts {
		if charts, err = Charts(ctx, res, opt); err != nil {
			return nil, err
		}
		for _, n := range chartNames {
			files = append(files, file{n, charts[n]})
		}
	}
	doc := newDocument(res, opt, charts != nil)
	md, err := doc.markdown()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", FileSummary, err)
	}
	html, err := doc.html(charts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", FileHTML, err)
	}
	files = append(files, file{FileSummary, md}, file{FileHTML, html})
	return files, ctx.Err()
}

var chartNames = []string{ChartEquity, ChartDD, ChartEvents, ChartSignals, ChartMonthly}

// publishDir writes files into a temporary sibling of dir and renames it
// to dir (see [Write]).
func publishDir(ctx context.Context, dir string, files []file) (err error) {
	if dir == "" {
		return errors.New("reports: empty output folder")
	}
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("report folder %s: %w", dir, err)
	}
	// Leftovers of a run that was killed before it could clean up (SIGKILL,
	// power loss) carry our naming pattern; they are never a live report.
	if stale, _ := filepath.Glob(filepath.Join(parent, "."+globEscape(base)+".tmp-*")); len(stale) > 0 {
		for _, s := range stale {
			os.RemoveAll(s)
		}
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("report folder %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("report folder %s: %w", dir, err)
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("report %s: %w", dir, err)
		}
		if err := writeNew(filepath.Join(tmp, f.name), f.data); err != nil {
			return fmt.Errorf("report %s: %w", dir, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("report %s: %w", dir, err)
	}
	return swapDir(tmp, dir)
}

// globEscape escapes the glob metacharacters of a file name.
func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}

// swapDir renames tmp to dir, replacing an existing dir.
func swapDir(tmp, dir string) error {
	err := os.Rename(tmp, dir)
	if err == nil {
		return nil
	}
	if _, serr := os.Stat(dir); serr != nil {
		return fmt.Errorf("report %s: %w", dir, err)
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("report %s: move old report aside: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("report %s: %w (and restoring the old one: %v)", dir, err, rerr)
		}
		return fmt.Errorf("report %s: %w", dir, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("report %s: remove old report: %w", dir, err)
	}
	return nil
}

// writeNew creates name (which must not exist), writes data, syncs and
// closes it, reporting the first error including Close's.
func writeNew(name string, data []byte) (err error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// WriteFileAtomic writes data to name through a temporary file in the same
// folder that is synced, closed and renamed over name, so readers see the
// old file or the new one, never part of one. The lead's manifest.json can
// use it too.
func WriteFileAtomic(name string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
