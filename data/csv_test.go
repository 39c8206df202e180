package data

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// provBarsEqual compares bars field by field, NaN equal to NaN.
func provBarsEqual(a, b Bar) bool {
	return a.Date.Equal(b.Date) && provSame(a.Open, b.Open) && provSame(a.High, b.High) && provSame(a.Low, b.Low) &&
		provSame(a.Close, b.Close) && provSame(a.AdjClose, b.AdjClose) && provSame(a.Volume, b.Volume) &&
		provSame(a.Dividend, b.Dividend) && provSame(a.Split, b.Split)
}

func provCompareBars(t *testing.T, got, want []Bar) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d bars, want %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
	}
	for i := range want {
		if !provBarsEqual(got[i], want[i]) {
			t.Errorf("bar %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseCSVFormats(t *testing.T) {
	nan := math.NaN()
	d1, d2 := provDate("2020-01-02"), provDate("2020-01-03")
	tests := []struct {
		name string
		in   string
		want []Bar
	}{
		{
			name: "yahoo download",
			in:   "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.4,100\n2020-01-03,1.5,2.5,1,2,1.9,200\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: 1.4, Volume: 100}, {Date: d2, Open: 1.5, High: 2.5, Low: 1, Close: 2, AdjClose: 1.9, Volume: 200}},
		},
		{
			name: "stooq",
			in:   "Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: nan, Volume: 100}},
		},
		{
			name: "stooq polish semicolon",
			in:   "Data;Otwarcie;Najwyzszy;Najnizszy;Zamkniecie;Wolumen\n2020-01-02;1;2;0.5;1.5;100\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: nan, Volume: 100}},
		},
		{
			name: "minimal date,close fills open high low",
			in:   "date,close\n2020-01-02,1.5\n2020-01-03,null\n",
			want: []Bar{{Date: d1, Open: 1.5, High: 1.5, Low: 1.5, Close: 1.5, AdjClose: nan, Volume: nan}, {Date: d2, Open: nan, High: nan, Low: nan, Close: nan, AdjClose: nan, Volume: nan}},
		},
		{
			name: "upper case minimal",
			in:   "DATE,CLOSE\n2020-01-02,1.5\n",
			want: []Bar{{Date: d1, Open: 1.5, High: 1.5, Low: 1.5, Close: 1.5, AdjClose: nan, Volume: nan}},
		},
		{
			name: "adj close only",
			in:   "Date,Adj Close\n2020-01-02,1.5\n",
			want: []Bar{{Date: d1, Open: 1.5, High: 1.5, Low: 1.5, Close: 1.5, AdjClose: 1.5, Volume: nan}},
		},
		{
			name: "sangmolee lower case with source column",
			in:   "date,open,high,low,close,adj_close,volume,source\n2020-01-02,1,2,0.5,1.5,1.4,0,yahoo\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: 1.4, Volume: 0}},
		},
		{
			name: "alpha vantage with events",
			in:   "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n2020-01-03,4,4,4,4,1,10,0.0,4.0\n2020-01-02,1,2,0.5,1.5,0.3,100,0.82,1.0\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: 0.3, Volume: 100, Dividend: 0.82}, {Date: d2, Open: 4, High: 4, Low: 4, Close: 4, AdjClose: 1, Volume: 10, Split: 4}},
		},
		{
			name: "yfinance actions with tz datetimes",
			in:   "Datetime,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits\n2020-01-02 00:00:00-05:00,1,2,0.5,1.5,1.4,100,0.0,10.0\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: 1.4, Volume: 100, Split: 10}},
		},
		{
			name: "pandas index column",
			in:   ",Date,Close\n0,2020-01-02,1.5\n1,2020-01-03,2\n",
			want: []Bar{{Date: d1, Open: 1.5, High: 1.5, Low: 1.5, Close: 1.5, AdjClose: nan, Volume: nan}, {Date: d2, Open: 2, High: 2, Low: 2, Close: 2, AdjClose: nan, Volume: nan}},
		},
		{
			name: "unnamed date column (backtesting.py)",
			in:   ",Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: nan, Volume: 100}},
		},
		{
			name: "ticker row after header (alitalbi XLE)",
			in:   "Date,Close,High,Low,Open,Volume\r\n,XLE,XLE,XLE,XLE,XLE\r\n2020-01-02,1.5,2,0.5,1,100\r\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: nan, Volume: 100}},
		},
		{
			name: "nasdaq dollars and US dates",
			in:   "Date,Close/Last,Volume,Open,High,Low\n01/03/2020,$2,\"1,200\",$1.5,$2.5,$1\n01/02/2020,$1.5,100,$1,$2,$0.5\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: nan, Volume: 100}, {Date: d2, Open: 1.5, High: 2.5, Low: 1, Close: 2, AdjClose: nan, Volume: 1200}},
		},
		{
			name: "compact dates and tabs",
			in:   "Date\tClose\tOpen\tHigh\tLow\n20200102\t1.5\t1\t2\t0.5\n",
			want: []Bar{{Date: d1, Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: nan, Volume: nan}},
		},
		{
			name: "big unscaled values stay as given",
			in:   "date,open,high,low,close,adj_close,volume\n2020-01-02,596736016384.0,596736016384.0,580032004096.0,580032004096.0,459864670208.0,0\n",
			want: []Bar{{Date: d1, Open: 596736016384, High: 596736016384, Low: 580032004096, Close: 580032004096, AdjClose: 459864670208, Volume: 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := ParseCSV("in.csv", strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("ParseCSV() error = %v", err)
			}
			if len(bad) > 0 {
				t.Errorf("ParseCSV() bad rows %v, want none", bad)
			}
			provCompareBars(t, got, tt.want)
		})
	}
}

func TestParseCSVFiles(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		file     string
		want     []Bar
		wantBad  []string // "line column: text"
		wantErr  error
		wantText string
	}{
		{
			file: "bom-crlf-descending.csv",
			want: []Bar{
				{Date: provDate("2020-01-02"), Open: 10.5, High: 11, Low: 10, Close: 10.75, AdjClose: 10, Volume: 1000},
				{Date: provDate("2020-01-03"), Open: 11.25, High: 11.5, Low: 11, Close: 11.5, AdjClose: 11, Volume: 2000},
				{Date: provDate("2020-01-06"), Open: 12, High: 12.5, Low: 11.75, Close: 12.25, AdjClose: 12, Volume: 3000},
			},
		},
		{
			file: "bad-rows.csv",
			want: []Bar{
				{Date: provDate("2020-01-02"), Open: 10.5, High: 11, Low: 10, Close: 10.75, AdjClose: 10, Volume: 1000},
				{Date: provDate("2020-01-07"), Open: nan, High: nan, Low: nan, Close: 13.25, AdjClose: 13.25, Volume: nan},
				{Date: provDate("2020-01-08"), Open: 13, High: 13.5, Low: 12.5, Close: 13.4, AdjClose: 13.4, Volume: 500},
			},
			wantBad: []string{
				`testdata/csv/bad-rows.csv:3: column date: bad date "2020-13-01"`,
				`testdata/csv/bad-rows.csv:4: column close: bad number "abc"`,
				`testdata/csv/bad-rows.csv:5: empty row`,
				`testdata/csv/bad-rows.csv:6: 6 fields, want at least 7`,
			},
		},
		{
			file: "multiheader.csv",
			want: []Bar{
				{Date: provDate("2008-03-19"), Open: 14.875, High: 17.25, Low: 13.75, Close: 14.125, AdjClose: 12.416171073913574, Volume: 708486000},
				{Date: provDate("2008-03-20"), Open: 14.600000381469727, High: 16.25, Low: 14.375, Close: 16.087499618530273, AdjClose: 14.141249656677246, Volume: 198985200},
			},
		},
		{
			file:     "unknown-header.csv",
			wantErr:  ErrCSVHeader,
			wantText: `testdata/csv/unknown-header.csv:1: data: unrecognised CSV header "symbol,when,price": want a date column and a close column`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata/csv", tt.file)
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, bad, err := ParseCSV(path, f)
			if tt.wantErr != nil {
				var ce *CSVError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &ce) {
					t.Fatalf("ParseCSV() error = %v, want a *CSVError wrapping %v", err, tt.wantErr)
				}
				if err.Error() != tt.wantText {
					t.Errorf("ParseCSV() error = %q, want %q", err, tt.wantText)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseCSV() error = %v", err)
			}
			provCompareBars(t, got, tt.want)
			var gotBad []string
			for _, b := range bad {
				gotBad = append(gotBad, b.Error())
			}
			if fmt.Sprint(gotBad) != fmt.Sprint(tt.wantBad) {
				t.Errorf("bad rows:\n got %q\nwant %q", gotBad, tt.wantBad)
			}
		})
	}
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr error
		want    string
	}{
		{"empty file", "", ErrCSVHeader, "x.csv:1: empty file: data: unrecognised CSV header"},
		{"header only", "Date,Close\n", ErrNoPrices, "x.csv: no rows: data: no prices in range"},
		{"no close column", "Date,Open,Volume\n2020-01-02,1,2\n", ErrCSVHeader, ""},
		{"no date column", "Open,Close\n1,2\n", ErrCSVHeader, ""},
		{"headerless data", "2020-01-02,1,2,3,4\n", ErrCSVHeader, ""},
		{"every row bad", "Date,Close\nyesterday,1\ntoday,2\n", nil, `x.csv: no valid row of 2: x.csv:2: column Date: bad date "yesterday"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, _, err := ParseCSV("x.csv", strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("ParseCSV() = %d bars, want an error", len(bars))
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("ParseCSV() error = %v, want %v", err, tt.wantErr)
			}
			if tt.want != "" && err.Error() != tt.want {
				t.Errorf("ParseCSV() error = %q, want %q", err, tt.want)
			}
		})
	}
}

func TestParseCSVDates(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" means rejected
	}{
		{"2020-01-02", "2020-01-02"},
		{" 2020-01-02 ", "2020-01-02"},
		{"2020-01-02 00:00:00-05:00", "2020-01-02"},
		{"2020-01-02T15:30:00Z", "2020-01-02"},
		{"2020/01/02", "2020-01-02"},
		{"20200102", "2020-01-02"},
		{"1/2/2020", "2020-01-02"},
		{"2020-02-29", "2020-02-29"},
		{"2019-02-29", ""},
		{"1900-02-29", ""},
		{"2020-04-31", ""},
		{"2020-00-10", ""},
		{"2020-01-02x", ""},
		{"2020-1-2", ""},
		{"XLE", ""},
		{"", ""},
		{"13/01/2020", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, ok := csvParseDate(tt.in)
			got := ""
			if ok {
				got = d.Format("2006-01-02")
			}
			if got != tt.want {
				t.Errorf("csvParseDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	nan := math.NaN()
	in := []Bar{
		{Date: provDate("2020-01-02"), Open: 0.1, High: 1e-7, Low: 3, Close: 596736016384, AdjClose: nan, Volume: 123456789012, Dividend: 0.205, Split: 4},
		{Date: provDate("2020-01-03"), Open: nan, High: math.Inf(1), Low: 1.0 / 3, Close: 2, AdjClose: 1.9999999999999998, Volume: nan, Split: 0.05},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, in); err != nil {
		t.Fatal(err)
	}
	got, bad, err := ParseCSV("round.csv", &buf)
	if err != nil || len(bad) > 0 {
		t.Fatalf("ParseCSV(WriteCSV()) error = %v, bad %v", err, bad)
	}
	provCompareBars(t, got, in)
}

// TestParseCSVShared parses every CSV in shared/data/prices: none may fail or
// have a bad row, and the kinryukii files have the row counts PROVENANCE.md
// gives (1760; ARM from 2023-09-14, PLTR from 2020-09-30).
func TestParseCSVShared(t *testing.T) {
	root := provSharedDir(t, "data/prices")
	files, err := filepath.Glob(filepath.Join(root, "*", "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 200 {
		t.Fatalf("found %d CSV files under %s, want 200+", len(files), root)
	}
	wantRows := map[string]int{"ARM.csv": 670, "PLTR.csv": 1413}
	kin := 0
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			bars, bad, err := ParseCSV(rel, f)
			if err != nil {
				t.Fatalf("ParseCSV() error = %v", err)
			}
			if len(bad) > 0 {
				t.Errorf("ParseCSV() %d bad rows, first %v", len(bad), bad[0])
			}
			if filepath.Base(filepath.Dir(path)) != "kinryukii-us-tech-quant-prices_full" {
				return
			}
			kin++
			want, ok := wantRows[filepath.Base(path)]
			if !ok {
				want = 1760
			}
			if len(bars) != want {
				t.Errorf("got %d rows, want %d", len(bars), want)
			}
			if last := bars[len(bars)-1].Date.Format("2006-01-02"); last != "2026-05-15" {
				t.Errorf("last date %s, want 2026-05-15", last)
			}
		})
	}
	if kin != 27 {
		t.Errorf("parsed %d kinryukii files, want 27", kin)
	}
}

// TestParseCSVMultiheaderMatchesNormalized checks yfinance's 3-line header
// file against the repository's own flattened copy of the same download.
func TestParseCSVMultiheaderMatchesNormalized(t *testing.T) {
	root := provSharedDir(t, "data/prices/kinryukii-yfinance-multiheader-raw")
	for _, sym := range []string{"V", "XLF"} {
		t.Run(sym, func(t *testing.T) {
			parse := func(name string) []Bar {
				f, err := os.Open(filepath.Join(root, name))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				bars, bad, err := ParseCSV(name, f)
				if err != nil || len(bad) > 0 {
					t.Fatalf("ParseCSV(%s) error = %v, bad %v", name, err, bad)
				}
				return bars
			}
			raw, norm := parse(sym+".raw.csv"), parse(sym+".normalized.csv")
			provCompareBars(t, raw, norm)
		})
	}
}

// BenchmarkParseCSV parses a synthetic 5,000-row Yahoo download.
func BenchmarkParseCSV(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("Date,Open,High,Low,Close,Adj Close,Volume\n")
	d := provDate("2000-01-03")
	p := 100.0
	for i := range 5000 {
		p *= 1 + 0.01*math.Sin(float64(i))
		fmt.Fprintf(&buf, "%s,%.6f,%.6f,%.6f,%.6f,%.10f,%d\n", d.Format("2006-01-02"), p, p*1.01, p*0.99, p*1.001, p*0.97, 1000000+i*37)
		d = d.AddDate(0, 0, 1)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		bars, _, err := ParseCSV("bench.csv", bytes.NewReader(data))
		if err != nil || len(bars) != 5000 {
			b.Fatalf("ParseCSV() = %d bars, %v", len(bars), err)
		}
		rows += len(bars)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// TestParseCSVSharedValues checks concrete rows of real files, one per
// layout quirk (expected numbers copied from the file's line).
func TestParseCSVSharedValues(t *testing.T) {
	root := provSharedDir(t, "data/prices")
	nan := math.NaN()
	tests := []struct {
		name string
		file string
		want Bar
	}{
		{"alpha vantage raw with 4:1 split", "pooksoft-alphavantage-sp500-2021/DA-AAPL-T-2021-04-21.csv",
			Bar{Date: provDate("2020-08-31"), Open: 127.58, High: 131, Low: 126, Close: 129.04, AdjClose: 128.624702503, Volume: 223505733, Split: 4}},
		{"alpha vantage dividend", "pooksoft-alphavantage-sp500-2021/DA-AAPL-T-2021-04-21.csv",
			Bar{Date: provDate("2020-11-06"), Open: 118.32, High: 119.2, Low: 116.13, Close: 118.69, AdjClose: 118.512352791, Volume: 114457922, Dividend: 0.205}},
		{"yfinance actions 10:1 split", "magiccpp-price_data-excerpt/NVDA.events_and_split_window.csv",
			Bar{Date: provDate("2024-06-10"), Open: 120.37000274658205, High: 123.0999984741211, Low: 117.01000213623048, Close: 121.79000091552734, AdjClose: 121.74999237060548, Volume: 314162700, Split: 10}},
		{"yfinance actions dividend", "magiccpp-price_data-excerpt/NVDA.events_and_split_window.csv",
			Bar{Date: provDate("2024-06-11"), Open: 121.7699966430664, High: 122.87000274658205, Low: 118.73999786376952, Close: 120.91000366210938, AdjClose: 120.88021087646484, Volume: 222551200, Dividend: 0.01}},
		{"CRLF yahoo download", "kunalharia-sp500-yahoo-2023/NVDA.csv",
			Bar{Date: provDate("1999-12-31"), Open: 0.9641929864883423, High: 0.9791669845581055, Low: 0.9609379768371582, Close: 0.9778649806976318, AdjClose: 0.8974378108978271, Volume: 12734400}},
		{"ticker row skipped, Close-first order", "alitalbi-storage_data_fy/XLE.csv",
			Bar{Date: provDate("1998-12-22"), Open: 11.76971839561488, High: 11.809161151632356, Low: 11.706609985986919, Close: 11.746052742004395, AdjClose: nan, Volume: 15200}},
		{"unnamed date column", "classic-test-data/backtesting.py_GOOG.csv",
			Bar{Date: provDate("2004-08-19"), Open: 100, High: 104.06, Low: 95.96, Close: 100.34, AdjClose: nan, Volume: 22351900}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars := provLoadCSV(t, filepath.Join(root, tt.file))
			for _, b := range bars {
				if b.Date.Equal(tt.want.Date) {
					if !provBarsEqual(b, tt.want) {
						t.Errorf("bar = %+v, want %+v", b, tt.want)
					}
					return
				}
			}
			t.Errorf("no bar on %s", tt.want.Date.Format("2006-01-02"))
		})
	}
}
