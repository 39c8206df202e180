package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tipster/tipster/data"
)

var _ = register(newPricesCmd)

func newPricesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "prices",
		Short: "Fetch, import, list and show the daily prices in the local store",
		Long: `Manage the local price store (SQLite, at --store or data.store).

Prices are kept per ticker and date, unscaled, as the source gives them, with
the source and the time they were fetched. Fetches are incremental: only the
dates the store lacks are asked for, plus the last few bars again.`,
		Args: argsUsage(cobra.NoArgs),
	}
	cmd.AddCommand(newPricesFetchCmd(a), newPricesImportCmd(a), newPricesListCmd(a), newPricesShowCmd(a))
	return cmd
}

// dateFlags are --from and --to.
type dateFlags struct{ from, to string }

func (f *dateFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.from, "from", "", "first date, YYYY-MM-DD (default: the start of the data)")
	cmd.Flags().StringVar(&f.to, "to", "", "last date, YYYY-MM-DD (default: today)")
}

func (f dateFlags) rangeOf() (data.Range, error) {
	var r data.Range
	var err error
	if f.from != "" {
		if r.From, err = parseDay(f.from); err != nil {
			return r, usagef("--from: %v", err)
		}
	}
	if f.to != "" {
		if r.To, err = parseDay(f.to); err != nil {
			return r, usagef("--to: %v", err)
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return r, usagef("--to %s is before --from %s", f.to, f.from)
	}
	return r, nil
}

// pricesTickerRE is what a ticker may look like here: tickerRE, plus a
// leading ^ for indices (^GSPC, ^DJI).
var pricesTickerRE = regexp.MustCompile(`^\^?[A-Za-z0-9][A-Za-z0-9.\-=^]{0,14}$`)

// pricesTickers upper-cases, checks and de-duplicates tickers given on the
// command line, keeping their order.
func pricesTickers(args []string) ([]string, error) {
	var out []string
	for _, t := range args {
		t = strings.ToUpper(strings.TrimSpace(t))
		if !pricesTickerRE.MatchString(t) {
			return nil, usagef("%q is not a ticker", t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// --- fetch ---

func newPricesFetchCmd(a *app) *cobra.Command {
	var dates dateFlags
	cmd := &cobra.Command{
		Use:   "fetch TICKER...",
		Short: "Fetch daily prices from the configured provider into the store",
		Long: `Fetch daily prices for each ticker from data.provider (yahoo, or the csv folder)
into the store. Only the dates the store lacks are requested, plus the last few
bars again (they may have been taken during the session or revised since).

A progress bar is shown on a terminal; otherwise one line per ticker is logged.
A summary per ticker is printed at the end. A ticker that fails does not stop
the others; the exit code is then 1.`,
		Example: "  tipster prices fetch META SPY --from 2020-01-01",
		Args:    argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := dates.rangeOf()
			if err != nil {
				return err
			}
			tickers, err := pricesTickers(args)
			if err != nil {
				return err
			}
			return a.pricesFetch(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), tickers, r)
		},
	}
	dates.add(cmd)
	return cmd
}

func (a *app) pricesFetch(ctx context.Context, stdout, stderr io.Writer, tickers []string, r data.Range) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	p, source, err := a.provider()
	if err != nil {
		return err
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	var bar *progressbar.ProgressBar
	if len(tickers) > 1 && isTerminal(stderr) {
		bar = progressbar.NewOptions(len(tickers),
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("fetching"),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
	}
	errs := map[string]error{} // written by Done, which FillAll calls one at a time
	opt := data.FillOptions{
		Source:      source,
		Concurrency: cfg.Data.Yahoo.Concurrency,
		Now:         a.now,
		Done: func(rep data.FillReport, err error) {
			if err != nil {
				errs[rep.Ticker] = err
			}
			if bar != nil {
				bar.Describe(rep.Ticker)
				bar.Add(1)
				return
			}
			if err != nil {
				a.log.Warn("fetch failed", "ticker", rep.Ticker, "err", err)
				return
			}
			a.log.Info("fetched", "ticker", rep.Ticker, "new_rows", rep.Added, "rows", rep.Rows, "requests", len(rep.Requested))
		},
	}
	reps, err := store.FillAll(ctx, p, tickers, r, opt)
	if bar != nil {
		bar.Finish()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TICKER\tFROM\tTO\tROWS\tNEW\tFETCHED\tSTATUS")
	failed := 0
	for _, rep := range reps {
		status := "ok"
		switch e := errs[rep.Ticker]; {
		case e != nil:
			failed++
			status = "FAILED: " + e.Error()
		case rep.UpToDate():
			status = "up to date"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\n", rep.Ticker, showDay(rep.First), showDay(rep.Last), rep.Rows, rep.Added, rep.Fetched, status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("prices fetch: %d of %d tickers failed: %w", failed, len(tickers), err)
	}
	return nil
}

func showDay(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}

// --- import ---

func newPricesImportCmd(a *app) *cobra.Command {
	var ticker string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import daily prices from CSV files into the store",
		Long: `Import CSV files into the store: Yahoo's download format (Date,Open,High,Low,
Close,Adj Close,Volume), Stooq's (Date,Open,High,Low,Close,Volume) or a minimal
date,close, told apart by the header.

The ticker is --ticker, or else the file name up to its first dot, upper-cased:
META.csv and META.tail.csv give META, nvda.csv gives NVDA. A one-letter part
after the first dot is a share class and is kept: BRK.B.csv gives BRK.B.

Each file is stored in one transaction: all its rows or none. Bad rows are
skipped and reported with file and line; the series is checked (duplicate
dates, missing or non-positive prices, jumps that look like an unapplied
split) and every problem is printed as a warning. Nothing is "fixed".
A file that cannot be imported does not stop the others; the exit code is then 1.`,
		Example: "  tipster prices import META.csv\n  tipster prices import history.csv tail.csv --ticker NVDA",
		Args:    argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ticker != "" {
				t, err := pricesTickers([]string{ticker})
				if err != nil {
					return usagef("--ticker: %v", err)
				}
				ticker = t[0]
			}
			var tickers []string
			for _, f := range args {
				t := ticker
				if t == "" {
					var ok bool
					if t, ok = tickerFromFile(f); !ok {
						return usagef("cannot tell the ticker from the file name %q: use --ticker", f)
					}
				}
				tickers = append(tickers, t)
			}
			return a.pricesImport(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args, tickers)
		},
	}
	cmd.Flags().StringVar(&ticker, "ticker", "", "ticker of the prices in every FILE (default: from each file name)")
	return cmd
}

// tickerFromFile returns the ticker a file name stands for: the base name
// up to its first dot, upper-cased, keeping a one-letter share class
// (BRK.B.csv → BRK.B; META.tail.csv → META).
func tickerFromFile(path string) (string, bool) {
	parts := strings.Split(filepath.Base(path), ".")
	t := parts[0]
	if len(parts) > 2 && len(parts[1]) == 1 {
		t += "." + parts[1]
	}
	t = strings.ToUpper(t)
	return t, pricesTickerRE.MatchString(t)
}

func (a *app) pricesImport(ctx context.Context, stdout, stderr io.Writer, files, tickers []string) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	var errs []error
	for i, file := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := a.importFile(ctx, store, stdout, stderr, file, tickers[i]); err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("prices import: %d of %d files failed: %w", len(errs), len(files), errors.Join(errs...))
	}
	return nil
}

func (a *app) importFile(ctx context.Context, store *data.Store, stdout, stderr io.Writer, file, ticker string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	bars, bad, err := data.ParseCSV(file, f)
	f.Close()
	for _, b := range bad {
		fmt.Fprintf(stderr, "warning: %v (row skipped)\n", b)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	issues := data.Validate(ticker, bars)
	for _, is := range issues {
		fmt.Fprintf(stderr, "warning: %s: %s\n", file, is)
	}
	a.log.Debug("importing", "file", file, "ticker", ticker, "rows", len(bars))
	if err := store.PutBars(ctx, ticker, "csv:"+filepath.Base(file), bars); err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	fmt.Fprintf(stdout, "%s: %s %d rows %s..%s", file, ticker, len(bars), showDay(bars[0].Date), showDay(bars[len(bars)-1].Date))
	if len(bad) > 0 {
		fmt.Fprintf(stdout, ", %d bad rows skipped", len(bad))
	}
	if len(issues) > 0 {
		fmt.Fprintf(stdout, ", %d warnings", len(issues))
	}
	fmt.Fprintln(stdout)
	return nil
}

// --- list ---

func newPricesListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the tickers in the store with their dates, rows and source",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer store.Close()
			infos, err := store.List(cmd.Context())
			if err != nil {
				return err
			}
			return writeSeriesList(cmd.OutOrStdout(), infos)
		},
	}
}

func writeSeriesList(w io.Writer, infos []data.SeriesInfo) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TICKER\tFROM\tTO\tROWS\tSOURCE\tFETCHED")
	for _, in := range infos {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", in.Ticker, showDay(in.First), showDay(in.Last), in.Rows, in.Source, in.FetchedAt.UTC().Format("2006-01-02 15:04Z"))
	}
	return tw.Flush()
}

// --- show ---

func newPricesShowCmd(a *app) *cobra.Command {
	var (
		dates   dateFlags
		asJSON  bool
		asCSV   bool
		tickers []string
	)
	cmd := &cobra.Command{
		Use:   "show TICKER",
		Short: "Print a ticker's stored prices as a table, JSON or CSV",
		Long: `Print a ticker's stored daily prices, unscaled as stored.

--json prints an array of objects with the keys date (YYYY-MM-DD), open, high,
low, close, adj_close and volume; a missing value is null. --csv prints Yahoo's
layout plus the Dividends and Stock Splits columns.`,
		Args: argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && asCSV {
				return usagef("--json and --csv exclude each other")
			}
			r, err := dates.rangeOf()
			if err != nil {
				return err
			}
			if tickers, err = pricesTickers(args); err != nil {
				return err
			}
			store, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer store.Close()
			bars, err := store.Bars(cmd.Context(), tickers[0], r)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case asJSON:
				return writeBarsJSON(out, bars)
			case asCSV:
				return data.WriteCSV(out, bars)
			}
			return writeBarsTable(out, bars)
		},
	}
	dates.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print CSV")
	return cmd
}

// jsonBar is a bar in `prices show --json`; nil is a missing value.
type jsonBar struct {
	Date     string   `json:"date"`
	Open     *float64 `json:"open"`
	High     *float64 `json:"high"`
	Low      *float64 `json:"low"`
	Close    *float64 `json:"close"`
	AdjClose *float64 `json:"adj_close"`
	Volume   *float64 `json:"volume"`
}

func writeBarsJSON(w io.Writer, bars []data.Bar) error {
	num := func(x float64) *float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return &x
	}
	out := make([]jsonBar, len(bars))
	for i, b := range bars {
		out[i] = jsonBar{Date: b.Date.Format(time.DateOnly), Open: num(b.Open), High: num(b.High), Low: num(b.Low),
			Close: num(b.Close), AdjClose: num(b.AdjClose), Volume: num(b.Volume)}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeBarsTable(w io.Writer, bars []data.Bar) error {
	events := slices.ContainsFunc(bars, func(b data.Bar) bool { return b.Dividend != 0 || b.Split != 0 })
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := "DATE\tOPEN\tHIGH\tLOW\tCLOSE\tADJ CLOSE\tVOLUME\t"
	if events {
		head += "DIVIDEND\tSPLIT\t"
	}
	fmt.Fprintln(tw, head)
	num := func(x float64, prec int) string {
		if math.IsNaN(x) {
			return "-"
		}
		return strconv.FormatFloat(x, 'f', prec, 64)
	}
	for _, b := range bars {
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t", b.Date.Format(time.DateOnly), num(b.Open, 4), num(b.High, 4),
			num(b.Low, 4), num(b.Close, 4), num(b.AdjClose, 4), num(b.Volume, 0))
		if events {
			line += num(b.Dividend, -1) + "\t" + num(b.Split, -1) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	return tw.Flush()
}
