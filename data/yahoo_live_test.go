//go:build live

package data

import (
	"errors"
	"math"
	"testing"
	"time"
)

// TestYahooLive asks the real Yahoo for AAPL around its 2020 4:1 split.
// Run with: go test -tags live -run TestYahooLive ./data
func TestYahooLive(t *testing.T) {
	y := NewYahoo(YahooOptions{Timeout: 15 * time.Second, MaxRetries: 2})
	bars, err := y.Bars(t.Context(), "AAPL", Range{From: provDate("2020-08-27"), To: provDate("2020-09-02")})
	if err != nil {
		t.Fatalf("Bars() error = %v", err)
	}
	provCheckBars(t, bars)
	if len(bars) != 5 {
		t.Errorf("got %d bars, want 5 (2020-08-27 .. 2020-09-02)", len(bars))
	}
	for _, b := range bars {
		if b.Date.Equal(provDate("2020-08-31")) {
			if b.Split != 4 || math.Abs(b.Close-129.04) > 0.01 {
				t.Errorf("2020-08-31 = %+v, want split 4 and close 129.04", b)
			}
			return
		}
	}
	t.Error("no bar on 2020-08-31")
}

func TestYahooLiveUnknown(t *testing.T) {
	y := NewYahoo(YahooOptions{Timeout: 15 * time.Second, MaxRetries: 1})
	_, err := y.Bars(t.Context(), "NO-SUCH-TICKER-XYZQ", Range{From: provDate("2024-01-01"), To: provDate("2024-01-31")})
	if !errors.Is(err, ErrUnknownSymbol) {
		t.Fatalf("Bars() error = %v, want ErrUnknownSymbol", err)
	}
}
