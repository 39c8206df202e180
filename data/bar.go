package data

import (
	"context"
	"errors"
	"math"
	"time"
)

// ErrNoPrices is returned when a provider or the store has no bars for a
// symbol in the requested range.
var ErrNoPrices = errors.New("data: no prices in range")

// Bar is one daily bar as the source reports it, unscaled.
//
// Date is the session date at 00:00 UTC. AdjClose is the split- and
// dividend-adjusted close when the source gives one, NaN otherwise.
// Dividend is the cash dividend per share with its ex-date on this day and
// Split the split ratio (new shares per old, 10 for a 10:1 split); both are 0
// when the source reports none.
type Bar struct {
	Date                             time.Time
	Open, High, Low, Close, AdjClose float64
	Volume                           float64
	Dividend                         float64
	Split                            float64
}

// Valid reports whether the bar can be traded on: open and close finite and
// positive (PRODUCT.md, "Default accounting").
func (b Bar) Valid() bool {
	return finitePositive(b.Open) && finitePositive(b.Close)
}

func finitePositive(x float64) bool { return x > 0 && !math.IsInf(x, 1) && !math.IsNaN(x) }

// Range is an inclusive range of session dates. A zero From or To is open.
type Range struct {
	From, To time.Time
}

// Contains reports whether the date d lies in r.
func (r Range) Contains(d time.Time) bool {
	return (r.From.IsZero() || !d.Before(r.From)) && (r.To.IsZero() || !d.After(r.To))
}

// Provider fetches daily bars for one symbol. Bars are returned in ascending
// date order; a symbol with no bars in r gives an error wrapping ErrNoPrices.
type Provider interface {
	Bars(ctx context.Context, sym string, r Range) ([]Bar, error)
}

// Date returns the calendar date of t (in t's location) at 00:00 UTC, the
// form every session date takes in Tipster.
func Date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
