package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/tipster/tipster/reports"
	"github.com/tipster/tipster/signals"
)

var _ = register(newBacktestCmd)

// backtestOptions are the flags of `tipster backtest`.
type backtestOptions struct {
	signals string
	out     string
	name    string
	offline bool
}

func newBacktestCmd(a *app) *cobra.Command {
	var opts backtestOptions
	cmd := &cobra.Command{
		Use:   "backtest --signals FILE.csv",
		Short: "Backtest a list of calls given as CSV (a newsletter's published track record)",
		Long: lines(
			"Backtest runs the calls in a CSV file with columns published (YYYY-MM-DD or RFC 3339),",
			"ticker, action (buy, sell, hold, avoid, watch) and optional strength, source, author.",
			"Prices come from config.yaml's data section and options from its defaults section.",
			"It writes metrics.json, equity.csv, trades.csv, events.csv, skipped.csv, signals.csv,",
			"the charts, summary.md and report.html into --out.",
		),
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.signals == "" {
				return usagef("backtest: --signals FILE.csv is required")
			}
			return runBacktest(cmd.Context(), a, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.signals, "signals", "", "CSV of calls: published,ticker,action[,strength,source,author]")
	f.StringVar(&opts.out, "out", "", "output folder (default: <output>/<name>)")
	f.StringVar(&opts.name, "name", "", "name of the backtest (default: the CSV file's name)")
	f.BoolVar(&opts.offline, "offline", false, "never use the network: prices come from the store and data.csv_dir only")
	return cmd
}

func runBacktest(ctx context.Context, a *app, opts backtestOptions) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if opts.offline {
		cfg.Data.Offline = true
	}
	sigs, err := readSignalsFile(opts.signals)
	if err != nil {
		return err
	}
	if len(sigs) == 0 {
		return fmt.Errorf("%s: no calls in the file", opts.signals)
	}
	name := opts.name
	if name == "" {
		name = trimExt(filepath.Base(opts.signals))
	}
	spec := BacktestSpec{Name: name}
	opt, err := cfg.Options(spec)
	if err != nil {
		return err
	}
	out := opts.out
	if out == "" {
		out = filepath.Join(cfg.Path(cfg.Output), safeName(name))
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	sort.SliceStable(sigs, func(i, j int) bool { return signals.Less(sigs[i], sigs[j]) })
	defaultStart(&opt, sigs)
	it := &batchItem{Variant: Variant{Spec: spec, Name: name, Options: opt}, signals: sigs}
	px, missing, err := a.loadPrices(ctx, cfg, store, priceNeeds([]*batchItem{it}, cfg.Data.History, a.now()))
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		a.log.Warn("no prices", "tickers", missing)
	}
	m, err := newMarketCache(px).get(opt, sigs)
	if err != nil {
		return err
	}
	res, err := m.Run(ctx, sigs, opt)
	if err != nil {
		return err
	}
	if err := reports.Write(ctx, out, res, reports.Options{Title: name, Version: tipsterVersion()}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s: %d calls, %d trades, %d skipped; total return %s vs %s %s; report %s\n",
		name, len(sigs), len(res.Trades), len(res.Skipped),
		pct(res.Metrics.TotalReturn), opt.Benchmark, pct(res.BenchmarkMetrics.TotalReturn), filepath.Join(out, "report.html"))
	return nil
}

func trimExt(name string) string { return name[:len(name)-len(filepath.Ext(name))] }

func pct(x float64) string { return fmt.Sprintf("%+.2f%%", 100*x) }
