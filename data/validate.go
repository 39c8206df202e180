package data

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// IssueKind names a kind of data problem [Validate] reports.
type IssueKind string

// The kinds of issue Validate reports.
const (
	IssueDuplicate   IssueKind = "duplicate"    // the date appears more than once
	IssueOrder       IssueKind = "order"        // the date is before the previous bar's
	IssueMissing     IssueKind = "missing"      // open, high, low or close is NaN or infinite
	IssueNonPositive IssueKind = "non-positive" // open, high, low or close is ≤ 0
	IssueOHLC        IssueKind = "ohlc"         // high < low, or open or close outside [low, high]
	IssueWeekend     IssueKind = "weekend"      // the date is a Saturday or Sunday
	IssueGap         IssueKind = "gap"          // more than 5 calendar days since the previous bar
	IssueSplit       IssueKind = "split"        // a close-to-close move that looks like an unapplied split
	IssueJump        IssueKind = "jump"         // a close-to-close move beyond +60 % / −45 % not near a split ratio
)

// Validation thresholds.
const (
	// ValidateMaxGapDays is the largest calendar-day distance between two
	// consecutive bars that is not reported (a long weekend plus a holiday
	// is 4).
	ValidateMaxGapDays = 5
	// ValidateJumpUp and ValidateJumpDown bound the close-to-close ratio
	// c[i]/c[i-1] outside which a move is reported: above 1.6 (+60 %) or
	// below 0.55 (−45 %).
	ValidateJumpUp, ValidateJumpDown = 1.6, 0.55
	// ValidateSplitTolerance is how far, in |ln|, a move's ratio may be from
	// a split ratio k (or 1/k) and still be reported as a split: 0.15 ≈ 16 %.
	ValidateSplitTolerance = 0.15
	// validateOHLCTolerance is the relative slack for OHLC consistency, so
	// float32 noise in adjusted data is not reported.
	validateOHLCTolerance = 1e-6
)

// validateSplitRatios are the split ratios (new shares per old) a jump is
// matched against, forward and, as 1/k, reverse.
var validateSplitRatios = []float64{2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40, 50, 100}

// Issue is one problem Validate found in a series.
type Issue struct {
	Ticker string
	Date   time.Time // the bar's date (for order and gap issues, the later bar)
	Kind   IssueKind
	Detail string
	// Ratio is, for IssueSplit, the split the move looks like as new shares
	// per old (as [Bar.Split]): 10 when the close fell to about 1/10, 0.05
	// when it rose about 20× (a 1:20 reverse split). 0 for other kinds.
	Ratio float64
}

// String returns "TICKER YYYY-MM-DD kind: detail".
func (i Issue) String() string {
	return fmt.Sprintf("%s %s %s: %s", i.Ticker, i.Date.Format(time.DateOnly), i.Kind, i.Detail)
}

// Validate checks a series and returns its issues in bar order; it never
// changes bars. Bars are expected in ascending date order, as providers and
// ParseCSV return them. It reports duplicate dates, dates out of order,
// weekend dates, missing (NaN/±Inf) and non-positive prices, OHLC
// inconsistencies (high < low, open or close outside [low, high], with a
// relative slack of 1e-6), gaps of more than ValidateMaxGapDays calendar
// days, and close-to-close moves r = close[i]/close[i-1] beyond
// ValidateJumpUp/ValidateJumpDown. Such a move is an IssueSplit when r or 1/r
// is within ValidateSplitTolerance (in ln) of a common split ratio — the
// close-to-close signature of a split the data did not apply — and an
// IssueJump otherwise. A real crash of about −50 % also looks like a 2:1
// split; the report says "looks like" for that reason.
func Validate(ticker string, bars []Bar) []Issue {
	var out []Issue
	add := func(d time.Time, k IssueKind, ratio float64, format string, args ...any) {
		out = append(out, Issue{Ticker: ticker, Date: d, Kind: k, Detail: fmt.Sprintf(format, args...), Ratio: ratio})
	}
	prevClose, prevCloseDate := math.NaN(), time.Time{}
	for i, b := range bars {
		if i > 0 {
			p := bars[i-1].Date
			switch {
			case b.Date.Equal(p):
				add(b.Date, IssueDuplicate, 0, "date repeated (bars %d and %d)", i-1, i)
			case b.Date.Before(p):
				add(b.Date, IssueOrder, 0, "after %s (bar %d)", p.Format(time.DateOnly), i-1)
			default:
				if days := int(b.Date.Sub(p).Hours()/24 + 0.5); days > ValidateMaxGapDays {
					add(b.Date, IssueGap, 0, "%d calendar days after %s", days, p.Format(time.DateOnly))
				}
			}
		}
		if wd := b.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			add(b.Date, IssueWeekend, 0, "a %s", wd)
		}
		var missing, nonPos []string
		for _, f := range [...]struct {
			name string
			v    float64
		}{{"open", b.Open}, {"high", b.High}, {"low", b.Low}, {"close", b.Close}} {
			switch {
			case math.IsNaN(f.v) || math.IsInf(f.v, 0):
				missing = append(missing, f.name)
			case f.v <= 0:
				nonPos = append(nonPos, fmt.Sprintf("%s %g", f.name, f.v))
			}
		}
		if len(missing) > 0 {
			add(b.Date, IssueMissing, 0, "no %s", strings.Join(missing, ", "))
		}
		if len(nonPos) > 0 {
			add(b.Date, IssueNonPositive, 0, "%s", strings.Join(nonPos, ", "))
		}
		if len(missing) == 0 && len(nonPos) == 0 {
			hi, lo := b.High*(1+validateOHLCTolerance), b.Low*(1-validateOHLCTolerance)
			switch {
			case b.High < b.Low:
				add(b.Date, IssueOHLC, 0, "high %g < low %g", b.High, b.Low)
			case b.Close > hi || b.Close < lo:
				add(b.Date, IssueOHLC, 0, "close %g outside low %g .. high %g", b.Close, b.Low, b.High)
			case b.Open > hi || b.Open < lo:
				add(b.Date, IssueOHLC, 0, "open %g outside low %g .. high %g", b.Open, b.Low, b.High)
			}
		}
		if !finitePositive(b.Close) {
			continue
		}
		if !math.IsNaN(prevClose) && b.Date.After(prevCloseDate) {
			r := b.Close / prevClose
			if r > ValidateJumpUp || r < ValidateJumpDown {
				move := fmt.Sprintf("close %g on %s → %g (×%.4g)", prevClose, prevCloseDate.Format(time.DateOnly), b.Close, r)
				if k, ok := validateSplitLike(r); ok {
					split := validateSplitName(k)
					note := ""
					if b.Split != 0 {
						note = fmt.Sprintf("; the source reports a split of %g on this date, so the prices are unadjusted", b.Split)
					}
					add(b.Date, IssueSplit, k, "%s looks like an unapplied %s%s", move, split, note)
				} else {
					add(b.Date, IssueJump, 0, "%s", move)
				}
			}
		}
		prevClose, prevCloseDate = b.Close, b.Date
	}
	return out
}

// validateSplitLike returns the split ratio (new shares per old) whose
// close-to-close signature 1/k is nearest r, if within
// ValidateSplitTolerance.
func validateSplitLike(r float64) (float64, bool) {
	best, bestD := 0.0, math.Inf(1)
	for _, k := range validateSplitRatios {
		for _, q := range [...]float64{k, 1 / k} { // q: shares per old; price moves by 1/q
			if d := math.Abs(math.Log(r * q)); d < bestD {
				best, bestD = q, d
			}
		}
	}
	return best, bestD <= ValidateSplitTolerance
}

func validateSplitName(k float64) string {
	if k >= 1 {
		return fmt.Sprintf("%g:1 split", k)
	}
	return fmt.Sprintf("1:%g reverse split", math.Round(1/k))
}
