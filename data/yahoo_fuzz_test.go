package data

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzYahooChart checks that the chart response parser never panics and
// returns ascending, unique session dates and no bar without any price.
func FuzzYahooChart(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/yahoo/*.json")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"chart":{"result":[{"meta":{"exchangeTimezoneName":"Asia/Shanghai","dataGranularity":"1d"},"timestamp":[1510709400,1510795800],"indicators":{"quote":[{"open":[null,1],"high":[null,1],"low":[null,1],"close":[null,1],"volume":[null,1]}]}}],"error":null}}`,
		`{"chart":{"result":[null]}}`,
		`{"chart":{"result":[{"timestamp":[1,2],"indicators":{"quote":[null]}}]}}`,
		`{"chart":{"result":[{"meta":{"gmtoffset":"x","exchangeTimezoneName":"Nowhere/City"},"timestamp":[null,5],"indicators":{"quote":[{"close":[1,2],"open":[1]}],"adjclose":[{"adjclose":[1,2,3]}]},"events":{"splits":{"5":{"date":5,"numerator":4,"denominator":0}},"dividends":{"x":{"amount":null,"date":5}}}}]}}`,
		`{"chart":{"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		bars, err := parseYahooChart("SYM", body, time.Unix(1700000000, 0))
		if err != nil {
			return
		}
		if len(bars) == 0 {
			t.Fatal("no bars and no error")
		}
		for i, b := range bars {
			if i > 0 && !bars[i-1].Date.Before(b.Date) {
				t.Fatalf("bar %d date %v not after %v", i, b.Date, bars[i-1].Date)
			}
			if math.IsNaN(b.Open) && math.IsNaN(b.High) && math.IsNaN(b.Low) && math.IsNaN(b.Close) {
				t.Fatalf("bar %d has no price at all: %+v", i, b)
			}
		}
	})
}
