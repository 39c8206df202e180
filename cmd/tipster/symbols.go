package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/data/symbols"
)

var _ = register(newSymbolsCmd)

func newSymbolsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "symbols",
		Short: "Manage the symbol directory that maps company names to tickers",
		Long: lines(
			"The symbol directory maps the names articles use (\"Meta\", \"Facebook\", \"Alphabet Class C\")",
			"to tickers. It starts from a built-in set of large US-listed companies, ETFs and known",
			"private companies; lists imported here are kept in the store and added to it, and",
			"config symbols.files and symbols.aliases are added on every run. Built-in names and",
			"aliases always win over imported ones.",
		),
	}
	cmd.AddCommand(newSymbolsImportCmd(a), newSymbolsUpdateCmd(a), newSymbolsLookupCmd(a))
	return cmd
}

func newSymbolsImportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE...",
		Short: "Import SEC company_tickers JSON or name,ticker CSV files into the store",
		Args:  argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSymbolsImport(cmd.Context(), a, args, cmd.OutOrStdout())
		},
	}
}

func newSymbolsUpdateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "update",
		Short: "Download SEC's company_tickers.json (symbols.sec_url) into the store",
		Long: lines(
			"Downloads the SEC list of company tickers from symbols.sec_url with the User-Agent",
			"from symbols.user_agent. SEC refuses requests without a contact: set it to a name",
			"and an e-mail address, e.g. \"Tipster jane@example.com\".",
		),
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSymbolsUpdate(cmd.Context(), a, &http.Client{Timeout: 60 * time.Second}, cmd.OutOrStdout())
		},
	}
}

func newSymbolsLookupCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "lookup NAME...",
		Short: "Show what names or tickers resolve to",
		Args:  argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSymbolsLookup(cmd.Context(), a, args, cmd.OutOrStdout())
		},
	}
}

// readSymbolFile parses one symbol list (JSON or CSV, by content) into a
// fresh directory.
func readSymbolFile(path string) (*symbols.Directory, int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, fmt.Errorf("symbols: %w", err)
	}
	d := symbols.New()
	n, err := importSymbols(d, path, b)
	return d, n, err
}

// importSymbols adds a JSON or CSV list to d, choosing the format from the
// content.
func importSymbols(d *symbols.Directory, name string, b []byte) (int, error) {
	trim := bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(trim) > 0 && (trim[0] == '{' || trim[0] == '[') {
		n, err := d.ImportSEC(bytes.NewReader(b))
		if err != nil {
			return 0, fmt.Errorf("symbols %s: %w", name, err)
		}
		return n, nil
	}
	return d.ImportCSV(name, bytes.NewReader(b))
}

// symbolRows turns an imported directory into store rows.
func symbolRows(d *symbols.Directory, source string) []data.SymbolRow {
	var rows []data.SymbolRow
	for e := range d.Tickers() {
		rows = append(rows, data.SymbolRow{Ticker: e.Ticker, Name: e.Name, Source: source})
	}
	slices.SortFunc(rows, func(x, y data.SymbolRow) int { return strings.Compare(x.Ticker, y.Ticker) })
	return rows
}

func runSymbolsImport(ctx context.Context, a *app, files []string, w io.Writer) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	var errs []error
	for _, f := range files {
		d, n, err := readSymbolFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rows := symbolRows(d, filepath.Base(f))
		if err := store.PutSymbols(ctx, rows); err != nil {
			errs = append(errs, fmt.Errorf("symbols %s: %w", f, err))
			continue
		}
		fmt.Fprintf(w, "%s: %d entries read, %d tickers stored\n", f, n, len(rows))
	}
	return joinFailures(errs)
}

func runSymbolsUpdate(ctx context.Context, a *app, client *http.Client, w io.Writer) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	body, err := symbols.Fetch(ctx, cfg.Symbols.SECURL, cfg.Symbols.UserAgent, client)
	if err != nil {
		return fmt.Errorf("symbols update: %w", err)
	}
	d := symbols.New()
	n, err := d.ImportSEC(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("symbols update %s: %w", cfg.Symbols.SECURL, err)
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	rows := symbolRows(d, "sec")
	if err := store.PutSymbols(ctx, rows); err != nil {
		return fmt.Errorf("symbols update: %w", err)
	}
	fmt.Fprintf(w, "%s: %d entries read, %d tickers stored\n", cfg.Symbols.SECURL, n, len(rows))
	return nil
}

func runSymbolsLookup(ctx context.Context, a *app, names []string, w io.Writer) error {
	d, err := LoadDirectory(ctx, a)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "QUERY\tTICKER\tNAME\tNOTE")
	missing := 0
	for _, q := range names {
		e, ok := d.Lookup(q)
		if !ok {
			e, ok = d.Ticker(q)
		}
		if !ok {
			fmt.Fprintf(tw, "%s\t-\t-\tunknown name\n", q)
			missing++
			continue
		}
		var notes []string
		if !e.Tradable {
			notes = append(notes, e.Reason)
		}
		if e.Renamed != "" && e.Ticker != "" {
			notes = append(notes, "renamed from "+e.Renamed)
		}
		if !e.Trusted {
			notes = append(notes, "imported")
		}
		t := e.Ticker
		if t == "" {
			t = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", q, t, e.Name, strings.Join(notes, "; "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if missing > 0 {
		return fmt.Errorf("%d of %d names not found", missing, len(names))
	}
	return nil
}

// LoadDirectory builds the symbol directory a run uses: the built-in set,
// then the lists imported into the store, then config symbols.files, then
// config symbols.aliases (which win over everything).
func LoadDirectory(ctx context.Context, a *app) (*symbols.Directory, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	return loadDirectory(ctx, cfg, store)
}

// loadDirectory is LoadDirectory with an open store (nil to skip it).
func loadDirectory(ctx context.Context, cfg *Config, store *data.Store) (*symbols.Directory, error) {
	d := symbols.Builtin()
	if store != nil {
		rows, err := store.Symbols(ctx)
		if err != nil {
			return nil, fmt.Errorf("symbol directory: %w", err)
		}
		for _, r := range rows {
			d.Import(r.Name, r.Ticker)
		}
	}
	for i, f := range cfg.Symbols.Files {
		p := cfg.Path(f)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, &ConfigError{File: cfg.File(), Key: fmt.Sprintf("symbols.files[%d]", i), Err: err}
		}
		if _, err := importSymbols(d, p, b); err != nil {
			return nil, &ConfigError{File: cfg.File(), Key: fmt.Sprintf("symbols.files[%d]", i), Err: err}
		}
	}
	for name, t := range cfg.Symbols.Aliases {
		d.AddAlias(name, t)
	}
	return d, nil
}

// joinFailures joins per-item errors into one, nil when there are none.
func joinFailures(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return &itemsError{errs: errs, msg: strings.Join(msgs, "\n")}
}

// itemsError reports that some items of a batch failed; the rest ran.
type itemsError struct {
	errs []error
	msg  string
}

func (e *itemsError) Error() string   { return e.msg }
func (e *itemsError) Unwrap() []error { return e.errs }
