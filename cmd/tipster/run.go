package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/reports"
	"github.com/tipster/tipster/signals"
)

var _ = register(newRunCmd)

// runOptions are the flags of `tipster run`.
type runOptions struct {
	only    []string
	jobs    int
	out     string
	offline bool
}

func newRunCmd(a *app) *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run every backtest in config.yaml and write the reports",
		Long: lines(
			"Run extracts the advice from the configured articles (reusing cached results),",
			"fetches missing prices, runs every backtest of the batch (and sweep variants) in",
			"parallel and writes one folder per backtest plus index.html, leaderboard.png,",
			"summary.csv and manifest.json into the output folder.",
			"",
			"One failing backtest does not stop the others: it is listed with its reason in",
			"summary.csv and index.html, and the exit code is 1.",
			"",
			exitCodesHelp,
		),
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatch(cmd.Context(), a, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.only, "only", nil, "run only this backtest (by name, repeatable or comma-separated; a backtest's name selects its sweep variants too)")
	f.IntVar(&opts.jobs, "jobs", 0, "backtests run in parallel (default: number of CPUs)")
	f.StringVar(&opts.out, "out", "", "output folder (default: output in config.yaml, or reports)")
	f.BoolVar(&opts.offline, "offline", false, "never use the network: prices come from the store and data.csv_dir only")
	return cmd
}

// batchItem is one backtest of the batch as it goes through the pipeline.
type batchItem struct {
	Variant
	dir     string // folder name under the output folder
	signals []signals.Signal
	res     *backtest.Result
	err     error
}

// runBatch is `tipster run` without cobra.
func runBatch(ctx context.Context, a *app, opts runOptions) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if opts.offline {
		cfg.Data.Offline = true
	}
	if errs := checkInputs(cfg); len(errs) > 0 {
		return errs
	}
	variants, err := cfg.Expand()
	if err != nil {
		return err
	}
	variants, err = selectVariants(variants, opts.only)
	if err != nil {
		return err
	}
	out := opts.out
	if out == "" {
		out = cfg.Path(cfg.Output)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	started := a.now()

	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	var failures []error

	// 1. Signals from articles (cached by content hash) and from CSV files.
	corpus, err := a.extractConfigured(ctx, cfg, store)
	if err != nil {
		return err
	}
	for _, e := range corpus.errs {
		a.log.Warn("article failed", "err", e)
	}
	failures = append(failures, corpus.errs...)
	a.log.Info("articles read", "articles", corpus.articles, "signals", len(corpus.signals), "failed", len(corpus.errs))

	items := make([]*batchItem, len(variants))
	csvCache := map[string][]signals.Signal{}
	for i, v := range variants {
		it := &batchItem{Variant: v, dir: safeName(v.Name)}
		items[i] = it
		pool := corpus.signals
		if v.Spec.Signals != "" {
			sigs, ok := csvCache[v.Spec.Signals]
			if !ok {
				sigs, err = readSignalsFile(cfg.Path(v.Spec.Signals))
				if err != nil {
					it.err = err
					continue
				}
				csvCache[v.Spec.Signals] = sigs
			}
			pool = sigs
		}
		it.signals = filterSignals(pool, v.Spec.Filter)
		if len(it.signals) == 0 {
			it.err = fmt.Errorf("the filter matches none of the %d signals; check backtests[%q].filter", len(pool), v.Spec.Name)
			continue
		}
		defaultStart(&it.Options, it.signals)
	}

	// 2. Prices for every ticker any backtest needs.
	need := priceNeeds(items, cfg.Data.History, a.now())
	px, missing, err := a.loadPrices(ctx, cfg, store, need)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		msg := fmt.Errorf("no prices for %s", strings.Join(missing, ", "))
		if cfg.Data.Offline {
			msg = fmt.Errorf("offline and no prices in the store or data.csv_dir for %s: run without --offline, or add TICKER.csv files", strings.Join(missing, ", "))
		}
		a.log.Warn("missing prices", "err", msg)
		failures = append(failures, msg)
	}

	// 3. Backtests and their reports, in parallel.
	if err := a.runItems(ctx, items, px, out, opts.jobs); err != nil {
		return err
	}

	// 4. Batch files.
	entries := make([]reports.BatchEntry, len(items))
	for i, it := range items {
		entries[i] = reports.BatchEntry{Name: it.Name, Dir: it.dir, Result: it.res, Err: it.err}
		if it.err != nil {
			failures = append(failures, fmt.Errorf("backtest %q: %w", it.Name, it.err))
		}
	}
	if err := reports.WriteBatch(ctx, out, entries, reports.BatchOptions{Title: batchTitle(cfg), Version: tipsterVersion(), Now: started}); err != nil {
		return fmt.Errorf("batch report: %w", err)
	}
	if err := writeManifest(ctx, out, cfg, a, items, corpus, px, started); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	ok := 0
	for _, it := range items {
		if it.err == nil {
			ok++
		}
	}
	fmt.Fprintf(a.stdout, "%d of %d backtests written to %s (index: %s)\n", ok, len(items), out, filepath.Join(out, "index.html"))
	if len(failures) > 0 {
		return fmt.Errorf("%d problem(s) in the batch:\n  %w", len(failures), joinIndented(failures))
	}
	return nil
}

func batchTitle(cfg *Config) string {
	if f := cfg.File(); f != "" {
		return "Tipster batch: " + filepath.Base(f)
	}
	return "Tipster batch"
}

// joinIndented joins errors one per line, indented under a heading.
func joinIndented(errs []error) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = strings.ReplaceAll(e.Error(), "\n", "\n    ")
	}
	return errors.New(strings.Join(msgs, "\n  "))
}

// selectVariants keeps the variants named by --only (a backtest's name also
// selects its sweep variants). An unknown name is a usage error.
func selectVariants(vs []Variant, only []string) ([]Variant, error) {
	if len(only) == 0 {
		return vs, nil
	}
	var names []string
	for _, o := range only {
		if slices.ContainsFunc(vs, func(v Variant) bool { return v.Name == o || v.Spec.Name == o }) {
			names = append(names, o) // a variant name may itself contain commas
			continue
		}
		names = append(names, strings.Split(o, ",")...)
	}
	var out []Variant
	for _, name := range names {
		found := false
		for _, v := range vs {
			if v.Name == name || v.Spec.Name == name {
				found = true
				if !slices.ContainsFunc(out, func(o Variant) bool { return o.Name == v.Name }) {
					out = append(out, v)
				}
			}
		}
		if !found {
			names := make([]string, len(vs))
			for i, v := range vs {
				names[i] = v.Spec.Name
			}
			return nil, usagef("--only %s: no backtest has that name%s", name, didYouMean(name, slices.Compact(names)...))
		}
	}
	return out, nil
}

// filterSignals returns the signals f selects, sorted by signals.Less.
// Text filters compare case-insensitively; dates are of publication in New
// York, inclusive.
func filterSignals(all []signals.Signal, f Filter) []signals.Signal {
	in := func(list []string, v string) bool {
		if len(list) == 0 {
			return true
		}
		for _, x := range list {
			if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(v)) {
				return true
			}
		}
		return false
	}
	from, _ := parseDayOrZero(f.From)
	to, _ := parseDayOrZero(f.To)
	var out []signals.Signal
	for _, s := range all {
		day := publishedDay(s)
		switch {
		case !in(f.Sources, s.Source), !in(f.Authors, s.Author), !in(f.Actions, string(s.Action)),
			!in(f.Strengths, string(s.Strength)), !in(f.Tickers, s.Ticker):
			continue
		case !from.IsZero() && day.Before(from), !to.IsZero() && day.After(to):
			continue
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return signals.Less(out[i], out[j]) })
	return out
}

// defaultStart sets a backtest without a configured start to begin on the
// publication day of its first dated signal (sigs sorted), so that the equity
// curve, its metrics and the benchmark cover the period in which the advice
// could be followed, not years of idle cash before it.
func defaultStart(opt *backtest.Options, sigs []signals.Signal) {
	if !opt.Start.IsZero() {
		return
	}
	for _, s := range sigs {
		if !s.Published.IsZero() {
			opt.Start = publishedDay(s)
			return
		}
	}
}

// publishedDay is the New York date a signal was published on.
func publishedDay(s signals.Signal) time.Time {
	if s.DateOnly {
		return data.Date(s.Published)
	}
	return data.Date(s.Published.In(data.NewYork))
}

func parseDayOrZero(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseDay(s)
}

// readSignalsFile reads a CSV of calls (published,ticker,action,...).
func readSignalsFile(path string) ([]signals.Signal, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return backtest.ReadSignalsCSV(path, f)
}

// lookbackDays of calendar time loaded before the first signal: the
// market-model beta uses trading days −252…−21 before entry (≈ 370 calendar
// days), plus a margin.
const lookbackDays = 400

// priceNeeds gathers, per ticker, the union of the ranges the backtests
// need: from lookbackDays before each backtest's start (or from
// data.history, history, when that is earlier) to its end.
func priceNeeds(items []*batchItem, history string, now time.Time) map[string]data.Range {
	from, _ := parseDay(history) // validated with the config; zero when unset
	need := map[string]data.Range{}
	widen := func(t string, r data.Range) {
		cur, ok := need[t]
		if !ok {
			need[t] = r
			return
		}
		if r.From.Before(cur.From) {
			cur.From = r.From
		}
		if r.To.After(cur.To) {
			cur.To = r.To
		}
		need[t] = cur
	}
	today := data.Date(now.In(data.NewYork))
	for _, it := range items {
		if it.err != nil || len(it.signals) == 0 {
			continue
		}
		r := data.Range{From: it.Options.Start.AddDate(0, 0, -lookbackDays), To: it.Options.End}
		if !from.IsZero() && from.Before(r.From) {
			r.From = from
		}
		if r.To.IsZero() {
			r.To = today
		}
		widen(it.Options.Benchmark, r)
		for _, s := range it.signals {
			if s.Ticker != "" && s.Tradable {
				widen(s.Ticker, r)
			}
		}
	}
	return need
}

// runItems runs the backtests and writes their reports with at most jobs in
// parallel. A failing backtest records its error and the others go on; only
// cancellation stops the batch.
func (a *app) runItems(ctx context.Context, items []*batchItem, px map[string]*data.Series, out string, jobs int) error {
	if jobs <= 0 {
		jobs = max(1, runtime.GOMAXPROCS(0))
	}
	markets := newMarketCache(px)
	progress := newProgress(a.stderr, len(items), a.log)
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for _, it := range items {
		if ctx.Err() != nil {
			break
		}
		if it.err != nil {
			progress.done(it.Name, it.err)
			continue
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			it.res, it.err = runOne(ctx, markets, it, out)
			if ctx.Err() == nil {
				progress.done(it.Name, it.err)
			}
		})
	}
	wg.Wait()
	progress.finish()
	return ctx.Err()
}

// runOne runs one backtest and writes its report folder.
func runOne(ctx context.Context, markets *marketCache, it *batchItem, out string) (res *backtest.Result, err error) {
	defer func() {
		if r := recover(); r != nil { // one backtest's bug must not take the batch down
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	m, err := markets.get(it.Options, it.signals)
	if err != nil {
		return nil, err
	}
	res, err = m.Run(ctx, it.signals, it.Options)
	if err != nil {
		return nil, err
	}
	if err := reports.Write(ctx, filepath.Join(out, it.dir), res, reports.Options{Title: it.Name, Version: tipsterVersion()}); err != nil {
		return res, fmt.Errorf("report: %w", err)
	}
	return res, nil
}

// marketCache shares prepared price data between backtests that need the
// same tickers, dates, benchmark and price mode (a sweep's variants).
type marketCache struct {
	px map[string]*data.Series
	mu sync.Mutex
	m  map[string]*marketEntry
}

type marketEntry struct {
	once sync.Once
	m    *backtest.Market
	err  error
}

func newMarketCache(px map[string]*data.Series) *marketCache {
	return &marketCache{px: px, m: map[string]*marketEntry{}}
}

func (c *marketCache) get(opt backtest.Options, sigs []signals.Signal) (*backtest.Market, error) {
	tickers := []string{opt.Benchmark}
	for _, s := range sigs {
		if s.Ticker != "" {
			tickers = append(tickers, s.Ticker)
		}
	}
	slices.Sort(tickers)
	tickers = slices.Compact(tickers)
	key := fmt.Sprintf("%s|%s|%s|%s|%s", opt.Benchmark, opt.Prices, opt.Start.Format(time.DateOnly), opt.End.Format(time.DateOnly), strings.Join(tickers, ","))
	c.mu.Lock()
	e, ok := c.m[key]
	if !ok {
		e = &marketEntry{}
		c.m[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		px := make(map[string]*data.Series, len(tickers))
		for _, t := range tickers {
			if s, ok := c.px[t]; ok {
				px[t] = s
			}
		}
		if _, ok := px[opt.Benchmark]; !ok {
			e.err = fmt.Errorf("no prices for the benchmark %s", opt.Benchmark)
			return
		}
		e.m, e.err = backtest.Prepare(px, opt)
	})
	return e.m, e.err
}

// progress reports finished backtests: a bar on a terminal, log lines otherwise.
type progress struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	log   *slog.Logger
	n, of int
}

func newProgress(w io.Writer, total int, log *slog.Logger) *progress {
	p := &progress{log: log, of: total}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && total > 1 {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("backtests"),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

func (p *progress) done(name string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if p.bar != nil {
		_ = p.bar.Add(1)
		if err != nil {
			_ = p.bar.Clear()
			p.log.Warn("backtest failed", "name", name, "err", err)
		}
		return
	}
	if err != nil {
		p.log.Warn("backtest failed", "name", name, "n", p.n, "of", p.of, "err", err)
		return
	}
	p.log.Info("backtest done", "name", name, "n", p.n, "of", p.of)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
