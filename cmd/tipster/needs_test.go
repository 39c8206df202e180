package main

import (
	"testing"
	"time"

	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/signals"
)

// TestPriceNeedsHistory checks the fetch range: lookbackDays before the
// start, or data.history when that is earlier, through the end.
func TestPriceNeedsHistory(t *testing.T) {
	opt := backtest.DefaultOptions()
	opt.Start = time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	opt.End = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	it := &batchItem{Variant: Variant{Name: "b", Options: opt}, signals: []signals.Signal{{Ticker: "META", Tradable: true}, {Entity: "Scale AI"}}}
	lookback := opt.Start.AddDate(0, 0, -lookbackDays)
	tests := []struct {
		history string
		from    time.Time
	}{
		{"", lookback},
		{"2020-01-02", time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"2025-05-01", lookback}, // later than the look-back: the look-back wins
	}
	for _, tt := range tests {
		need := priceNeeds([]*batchItem{it}, tt.history, time.Now())
		if len(need) != 2 {
			t.Fatalf("history %q: needs %v, want META and SPY only", tt.history, need)
		}
		for _, tk := range []string{"META", "SPY"} {
			if r := need[tk]; !r.From.Equal(tt.from) || !r.To.Equal(opt.End) {
				t.Errorf("history %q: %s needs %v…%v, want %v…%v", tt.history, tk, r.From, r.To, tt.from, opt.End)
			}
		}
	}
}
