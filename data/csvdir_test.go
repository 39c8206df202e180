package data

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func provWriteFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCSVDir(t *testing.T) {
	dir := provWriteFiles(t, map[string]string{
		"AAPL.csv":  "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.4,100\n2020-01-03,1.5,2.5,1,2,1.9,200\n2020-01-06,2,3,1.5,2.5,2.4,300\n",
		"msft.csv":  "date,close\n2020-01-03,160.5\n2020-01-02,158\n",
		"BAD.csv":   "symbol,when,price\nBAD,2020-01-02,1\n",
		"ROWS.csv":  "Date,Close\n2020-01-02,1\nnope,2\n2020-01-03,3\n",
		"notes.txt": "not a price file",
	})
	c := NewCSVDir(dir)
	tests := []struct {
		name    string
		sym     string
		r       Range
		want    []string // dates
		wantErr error
	}{
		{name: "all", sym: "AAPL", want: []string{"2020-01-02", "2020-01-03", "2020-01-06"}},
		{name: "range", sym: "AAPL", r: Range{From: provDate("2020-01-03"), To: provDate("2020-01-05")}, want: []string{"2020-01-03"}},
		{name: "open start", sym: "AAPL", r: Range{To: provDate("2020-01-03")}, want: []string{"2020-01-02", "2020-01-03"}},
		{name: "open end", sym: "AAPL", r: Range{From: provDate("2020-01-04")}, want: []string{"2020-01-06"}},
		{name: "lower-case symbol", sym: "aapl", want: []string{"2020-01-02", "2020-01-03", "2020-01-06"}},
		{name: "lower-case file sorted", sym: "MSFT", want: []string{"2020-01-02", "2020-01-03"}},
		{name: "bad row skipped", sym: "ROWS", want: []string{"2020-01-02", "2020-01-03"}},
		{name: "empty range", sym: "AAPL", r: Range{From: provDate("2021-01-01")}, wantErr: ErrNoPrices},
		{name: "no file", sym: "GOOG", wantErr: ErrUnknownSymbol},
		{name: "path traversal", sym: "../AAPL", wantErr: ErrUnknownSymbol},
		{name: "not csv", sym: "notes", wantErr: ErrUnknownSymbol},
		{name: "bad header", sym: "BAD", wantErr: ErrCSVHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Bars(t.Context(), tt.sym, tt.r)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Bars(%s) error = %v, want %v", tt.sym, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Bars(%s) error = %v", tt.sym, err)
			}
			var dates []string
			for _, b := range got {
				dates = append(dates, b.Date.Format("2006-01-02"))
			}
			if len(dates) != len(tt.want) {
				t.Fatalf("Bars(%s) dates %v, want %v", tt.sym, dates, tt.want)
			}
			for i := range dates {
				if dates[i] != tt.want[i] {
					t.Errorf("Bars(%s) dates %v, want %v", tt.sym, dates, tt.want)
					break
				}
			}
		})
	}

	bad, err := c.BadRows("ROWS")
	if err != nil || len(bad) != 1 || bad[0].Line != 3 {
		t.Errorf("BadRows(ROWS) = %v, %v; want the row on line 3", bad, err)
	}
	syms, err := c.Symbols()
	if err != nil || len(syms) != 4 || syms[0] != "AAPL" || syms[3] != "ROWS" {
		t.Errorf("Symbols() = %v, %v; want [AAPL BAD MSFT ROWS]", syms, err)
	}
}

// TestCSVDirCache checks the file is parsed once, the cache is shared safely
// between goroutines, and callers cannot change it through a result.
func TestCSVDirCache(t *testing.T) {
	dir := provWriteFiles(t, map[string]string{"SPY.csv": "Date,Close\n2020-01-02,300\n2020-01-03,301\n"})
	c := NewCSVDir(dir)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			bars, err := c.Bars(t.Context(), "spy", Range{})
			if err != nil || len(bars) != 2 {
				t.Errorf("Bars() = %d bars, %v", len(bars), err)
				return
			}
			bars[0].Close = -1
		})
	}
	wg.Wait()
	if err := os.Remove(filepath.Join(dir, "SPY.csv")); err != nil {
		t.Fatal(err)
	}
	bars, err := c.Bars(t.Context(), "SPY", Range{})
	if err != nil {
		t.Fatalf("Bars() after the file was removed: %v (want the cached bars)", err)
	}
	if bars[0].Close != 300 {
		t.Errorf("cached close = %g, want 300 (a caller changed the cache)", bars[0].Close)
	}
}

func TestCSVDirShared(t *testing.T) {
	dir := provSharedDir(t, "data/prices/kinryukii-us-tech-quant-prices_full")
	c := NewCSVDir(dir)
	bars, err := c.Bars(t.Context(), "nvda", Range{From: provDate("2024-06-08"), To: provDate("2024-06-11")})
	if err != nil {
		t.Fatal(err)
	}
	// Values from NVDA.csv lines 2024-06-10 and 2024-06-11.
	want := []Bar{
		{Date: provDate("2024-06-10"), Open: 120.37000274658203, High: 123.0999984741211, Low: 117.01000213623047, Close: 121.79000091552734, AdjClose: 121.72130584716797, Volume: 313434100},
		{Date: provDate("2024-06-11"), Open: 121.7699966430664, High: 122.87000274658203, Low: 118.73999786376953, Close: 120.91000366210938, AdjClose: 120.85174560546875, Volume: 222551200},
	}
	provCompareBars(t, bars, want)
	syms, err := c.Symbols()
	if err != nil || len(syms) != 27 {
		t.Errorf("Symbols() = %d symbols, %v; want 27", len(syms), err)
	}
}
