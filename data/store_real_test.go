package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// storeSharedDir returns ../shared/<rel> found by walking up from the
// package directory (shared/ sits next to the repository), skipping the
// test when it is absent.
func storeSharedDir(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", rel)
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("shared/%s not found above the package: skipping", rel)
		}
		dir = parent
	}
}

// TestStoreRealPrices imports every CSV of the full real price set through
// ParseCSV and reads it back with Bars and LoadAll: same row count, same
// value in every field, every bar from source csv.
func TestStoreRealPrices(t *testing.T) {
	dir := storeSharedDir(t, "data/prices/kinryukii-us-tech-quant-prices_full")
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CSV files in %s (%v)", dir, err)
	}
	ctx := t.Context()
	s := storeOpenT(t)
	want := map[string][]Bar{}
	total := 0
	for _, f := range files {
		ticker := strings.TrimSuffix(filepath.Base(f), ".csv")
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		bars, bad, err := ParseCSV(f, fh)
		fh.Close()
		if err != nil {
			t.Fatalf("ParseCSV(%s): %v", f, err)
		}
		if len(bad) > 0 {
			t.Errorf("%s: %d bad rows, first %v", f, len(bad), bad[0])
		}
		if err := s.PutBars(ctx, ticker, "csv", bars); err != nil {
			t.Fatalf("PutBars(%s): %v", ticker, err)
		}
		want[ticker] = bars
		total += len(bars)
	}
	t.Logf("imported %d files, %d rows", len(files), total)
	all, err := s.LoadAll(ctx, nil, Range{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(want) {
		t.Errorf("LoadAll: %d series, want %d", len(all), len(want))
	}
	infos, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != len(want) {
		t.Errorf("List: %d series, want %d", len(infos), len(want))
	}
	for _, in := range infos {
		w := want[in.Ticker]
		if in.Rows != len(w) || !in.First.Equal(w[0].Date) || !in.Last.Equal(w[len(w)-1].Date) || in.Source != "csv" {
			t.Errorf("List %s: %d rows %s..%s from %s, want %d rows %s..%s from csv",
				in.Ticker, in.Rows, storeDay(in.First), storeDay(in.Last), in.Source, len(w), storeDay(w[0].Date), storeDay(w[len(w)-1].Date))
		}
	}
	for ticker, w := range want {
		t.Run(ticker, func(t *testing.T) {
			got, err := s.Bars(ctx, ticker, Range{})
			if err != nil {
				t.Fatal(err)
			}
			storeEqualBars(t, "Bars", got, w)
			spans, err := s.Sources(ctx, ticker)
			if err != nil {
				t.Fatal(err)
			}
			if len(spans) != 1 || spans[0].Rows != len(w) || spans[0].Source != "csv" || !spans[0].First.Equal(w[0].Date) || !spans[0].Last.Equal(w[len(w)-1].Date) {
				t.Errorf("Sources = %+v, want one span of %d rows from csv", spans, len(w))
			}
			ser := all[ticker]
			ref := NewSeries(ticker, w)
			if ser == nil || ser.Len() != ref.Len() {
				t.Fatalf("LoadAll %s: %v bars, want %d", ticker, ser, ref.Len())
			}
			for i := range ref.Dates {
				if !ser.Dates[i].Equal(ref.Dates[i]) || ser.Open[i] != ref.Open[i] || ser.High[i] != ref.High[i] ||
					ser.Low[i] != ref.Low[i] || ser.Close[i] != ref.Close[i] || ser.AdjClose[i] != ref.AdjClose[i] ||
					!storeSameBar(Bar{Volume: ser.Volume[i]}, Bar{Volume: ref.Volume[i]}) {
					t.Fatalf("LoadAll %s bar %d (%s) differs from the file", ticker, i, storeDay(ref.Dates[i]))
				}
			}
		})
	}
	storeCheck(t, s)
}
