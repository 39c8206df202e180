package data

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// CSVDir is a [Provider] over a folder of CSV files, one per symbol, named
// TICKER.csv (config data.provider: csv, data.csv_dir). Any layout
// [ParseCSV] reads will do.
//
// The file is found by exact name first, then case-insensitively (aapl.csv
// serves AAPL). Each file is parsed once, on first use, and kept in memory;
// later changes to the file are not seen by the same CSVDir. Bad rows are
// skipped (see ParseCSV), logged once per file with slog and available from
// BadRows. CSVDir is safe for concurrent use; concurrent first requests for
// one symbol parse the file once.
type CSVDir struct {
	dir string

	mu    sync.Mutex
	files map[string]*csvDirFile // by upper-case symbol
}

type csvDirFile struct {
	once sync.Once
	path string
	bars []Bar
	bad  []*CSVError
	err  error
}

var _ Provider = (*CSVDir)(nil)

// NewCSVDir returns a provider reading dir/TICKER.csv files.
func NewCSVDir(dir string) *CSVDir {
	return &CSVDir{dir: dir, files: map[string]*csvDirFile{}}
}

// Dir returns the folder the provider reads.
func (c *CSVDir) Dir() string { return c.dir }

// Path returns the file that holds sym, or an error wrapping
// [ErrUnknownSymbol] when there is none.
func (c *CSVDir) Path(sym string) (string, error) {
	if sym == "" || sym == "." || sym == ".." || strings.ContainsAny(sym, `/\`+"\x00") {
		return "", fmt.Errorf("csv %q: not a ticker: %w", sym, ErrUnknownSymbol)
	}
	want := sym + ".csv"
	p := filepath.Join(c.dir, want)
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
		return p, nil
	}
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return "", fmt.Errorf("csv %s: %w", sym, err)
	}
	var found []string
	for _, e := range ents {
		if strings.EqualFold(e.Name(), want) && (e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0) {
			found = append(found, e.Name())
		}
	}
	if len(found) == 0 {
		return "", fmt.Errorf("csv %s: no %s in %s: %w", sym, want, c.dir, ErrUnknownSymbol)
	}
	// Prefer TICKER.csv, then ticker.csv, then the first by name.
	slices.Sort(found)
	for _, pref := range []string{strings.ToUpper(sym) + ".csv", strings.ToLower(sym) + ".csv"} {
		if slices.Contains(found, pref) {
			return filepath.Join(c.dir, pref), nil
		}
	}
	return filepath.Join(c.dir, found[0]), nil
}

// load returns the parsed file of sym, parsing it on first use.
func (c *CSVDir) load(sym string) (*csvDirFile, error) {
	key := strings.ToUpper(sym)
	c.mu.Lock()
	f, ok := c.files[key]
	c.mu.Unlock()
	if !ok {
		p, err := c.Path(sym)
		if err != nil {
			return nil, err // not cached: the file may appear later
		}
		c.mu.Lock()
		if f, ok = c.files[key]; !ok {
			f = &csvDirFile{path: p}
			c.files[key] = f
		}
		c.mu.Unlock()
	}
	f.once.Do(func() {
		fh, err := os.Open(f.path)
		if err != nil {
			f.err = fmt.Errorf("csv %s: %w", sym, err)
			return
		}
		defer fh.Close()
		f.bars, f.bad, f.err = ParseCSV(f.path, fh)
		if f.err != nil {
			f.err = fmt.Errorf("csv %s: %w", sym, f.err)
		}
		if len(f.bad) > 0 {
			slog.Warn("csv: skipped bad rows", "file", f.path, "rows", len(f.bad), "first", f.bad[0].Error())
		}
	})
	return f, f.err
}

// Bars returns the bars of sym in r, ascending by date (duplicate dates in
// the file are kept; [Validate] reports them). The slice is the caller's.
// Errors wrap [ErrUnknownSymbol] (no file), [ErrNoPrices] (nothing in r) or
// the file's parse error (e.g. [ErrCSVHeader]).
func (c *CSVDir) Bars(ctx context.Context, sym string, r Range) ([]Bar, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := c.load(sym)
	if err != nil {
		return nil, err
	}
	lo, hi := 0, len(f.bars)
	if !r.From.IsZero() {
		lo = sort.Search(len(f.bars), func(i int) bool { return !f.bars[i].Date.Before(r.From) })
	}
	if !r.To.IsZero() {
		hi = sort.Search(len(f.bars), func(i int) bool { return f.bars[i].Date.After(r.To) })
	}
	if lo >= hi {
		return nil, fmt.Errorf("csv %s %s: %w", sym, csvRangeString(r), ErrNoPrices)
	}
	return slices.Clone(f.bars[lo:hi]), nil
}

// BadRows returns the rows of sym's file that ParseCSV skipped, parsing
// the file if it has not been yet.
func (c *CSVDir) BadRows(sym string) ([]*CSVError, error) {
	f, err := c.load(sym)
	if f == nil {
		return nil, err
	}
	return slices.Clone(f.bad), err
}

// Symbols lists the tickers with a .csv file in the folder, upper-cased and
// sorted.
func (c *CSVDir) Symbols() ([]string, error) {
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return nil, fmt.Errorf("csv dir: %w", err)
	}
	var out []string
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(name), ".csv") {
			continue
		}
		s := strings.ToUpper(strings.TrimSuffix(name, filepath.Ext(name)))
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out, nil
}

// csvRangeString formats r as "FROM..TO" with "…" for an open end; the
// Yahoo provider uses it too.
func csvRangeString(r Range) string {
	f, t := "…", "…"
	if !r.From.IsZero() {
		f = r.From.Format(time.DateOnly)
	}
	if !r.To.IsZero() {
		t = r.To.Format(time.DateOnly)
	}
	return f + ".." + t
}
