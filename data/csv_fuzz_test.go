package data

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParseCSV checks that ParseCSV never panics, that what it returns is
// well formed, and that WriteCSV → ParseCSV gives the same bars back.
func FuzzParseCSV(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/csv/*.csv")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.4,100\n",
		"date,close\n2020-01-03,1\n2020-01-02,NaN\n",
		"Price,Adj Close,Close\nTicker,V,V\nDate,,\n2008-03-19,1,2\n",
		"Date;Close\n20200102;1,5\n",
		"timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n2020-01-02,1,1,1,1,1,1,0.5,4\n",
		",Date,Close\n0,\"2020-01-02\",\"1\"\"\"\n1,2020-01-03,\"2\n3\"\n",
		"\ufeffDate,Close\r\n01/02/2020,$1,000\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		bars, bad, err := ParseCSV("f.csv", bytes.NewReader(in))
		for _, b := range bad {
			if b.File != "f.csv" || b.Line < 1 || b.Err == nil {
				t.Fatalf("bad row %+v lacks file, line or error", b)
			}
		}
		if err != nil {
			if bars != nil {
				t.Fatalf("ParseCSV() returned %d bars with error %v", len(bars), err)
			}
			return
		}
		if len(bars) == 0 {
			t.Fatal("ParseCSV() returned no bars and no error")
		}
		for i, b := range bars {
			if b.Date.Location() != time.UTC || b.Date.Hour() != 0 || b.Date.Minute() != 0 {
				t.Fatalf("bar %d date %v is not 00:00 UTC", i, b.Date)
			}
			if i > 0 && b.Date.Before(bars[i-1].Date) {
				t.Fatalf("bar %d date %v before %v", i, b.Date, bars[i-1].Date)
			}
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, bars); err != nil {
			t.Fatal(err)
		}
		again, bad2, err := ParseCSV("again.csv", &buf)
		if err != nil || len(bad2) > 0 {
			t.Fatalf("ParseCSV(WriteCSV()) error = %v, bad %v\n%s", err, bad2, buf.String())
		}
		if len(again) != len(bars) {
			t.Fatalf("round trip gave %d bars, want %d", len(again), len(bars))
		}
		for i := range bars {
			if !provBarsEqual(again[i], bars[i]) {
				t.Fatalf("round trip bar %d = %+v, want %+v", i, again[i], bars[i])
			}
		}
	})
}

func TestCSVErrorString(t *testing.T) {
	e := &CSVError{File: "a.csv", Line: 7, Column: "Close", Err: os.ErrInvalid}
	if got, want := e.Error(), "a.csv:7: column Close: invalid argument"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !strings.Contains((&CSVError{File: "a.csv", Err: os.ErrInvalid}).Error(), "a.csv: invalid") {
		t.Error("CSVError without line")
	}
}
