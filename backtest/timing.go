package backtest

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// Timing errors. [Entry] wraps them in an [*EntryError] whose Reason is the
// text a skipped signal is reported with; test them with errors.Is.
var (
	// ErrNoDate: the signal has no publication time (zero Published).
	ErrNoDate = errors.New("backtest: no publication date")
	// ErrNoPrices: the signal's ticker has no price series (or an empty one).
	ErrNoPrices = errors.New("backtest: no prices for ticker")
	// ErrBeforeData: the signal was published so long before the first bar
	// that it may have acted on a session the data does not have.
	ErrBeforeData = errors.New("backtest: published before the first bar")
	// ErrAfterData: the signal acts after the last bar of the calendar or of
	// its ticker.
	ErrAfterData = errors.New("backtest: acts after the last bar")
	// ErrNoBar: the calendar has the entry session but the ticker has no
	// usable bar that day (a gap, not yet listed, or no high/low under
	// [Hulbert]). PRODUCT.md: a ticker with no bar that day is skipped for
	// entry.
	ErrNoBar = errors.New("backtest: no bar on entry day")
)

// EntryError is the error [Entry] returns: Reason is a short human text that
// starts with a fixed phrase ("no prices for ticker", "no publication date",
// "published before the first bar", "acts after the last bar", "no bar on
// entry day") followed by the detail; Err is one of the sentinel errors above.
type EntryError struct {
	Reason string
	Err    error
}

func (e *EntryError) Error() string { return e.Reason }

// Unwrap returns the sentinel.
func (e *EntryError) Unwrap() error { return e.Err }

// Fill is where and at what price an order fills: the session Date, the
// position Index of that date in the series the price came from, and the
// Price (before slippage and commission).
type Fill struct {
	Date  time.Time
	Index int // index of Date in the series
	Price float64

	// Day is the index of Date in the calendar.
	Day int
	// AtClose is true when the fill happens at the close (next_close, or a
	// Hulbert in-session publication) rather than in the opening phase
	// (open, or Hulbert's (high+low)/2 which is accounted with the open).
	AtClose bool
}

// priceKind is which price of a bar a fill takes.
type priceKind uint8

const (
	kindOpen  priceKind = iota // the open
	kindMid                    // (high+low)/2, Hulbert; accounted in the opening phase
	kindClose                  // the close
)

func (k priceKind) atClose() bool { return k == kindClose }

// price returns the bar's price of kind k, NaN when not finite and positive.
func (k priceKind) price(s *data.Series, i int) float64 {
	var p float64
	switch k {
	case kindOpen:
		p = s.Open[i]
	case kindClose:
		p = s.Close[i]
	default:
		if i < len(s.High) && i < len(s.Low) {
			p = (s.High[i] + s.Low[i]) / 2
		} else {
			p = math.NaN()
		}
	}
	if !(p > 0) || math.IsInf(p, 1) {
		return math.NaN()
	}
	return p
}

// Entry returns the bar and the price at which sig enters under
// opt.Execution and opt.DelayDays, with no look-ahead. The rules
// (PRODUCT.md, "Timing"; the session is New York's, 09:30–16:00 local time,
// so DST and UTC offsets are handled through the instant):
//
//   - next_open (default): a signal published before 09:30:00 on a trading
//     day fills at that day's open; at 09:30:00 exactly, during the session,
//     after the close or on a non-trading day (weekend, holiday, a date the
//     data lacks) at the next trading day's open.
//   - next_close: the same session, at its close.
//   - hulbert: published before the open: that day's (high+low)/2; during
//     the session (09:30:00 included): that day's close; after the close or
//     on a non-trading day: the next trading day's (high+low)/2.
//   - A date-only signal (sig.DateOnly) counts as published after that
//     date's close: it acts on the first trading day strictly after the date
//     (open, close or (high+low)/2 by mode).
//   - opt.DelayDays = N shifts the entry session N trading days later on the
//     calendar and keeps the price kind (open, close, or (high+low)/2).
//
// The calendar is cal (the sorted union of the price data's dates). Errors
// (all *EntryError):
//
//   - s nil or empty: [ErrNoPrices].
//   - sig.Published zero: [ErrNoDate].
//   - The entry session is after the calendar's last day or after the
//     ticker's last bar: [ErrAfterData].
//   - Published before the first bar: the signal enters at the first bar
//     only when no weekday session could have come between its publication
//     and that bar (e.g. published on the Saturday before a Monday first
//     bar, or before the open of the first day); otherwise — it might have
//     acted on a session the data does not cover, at an unknown price — it
//     is [ErrBeforeData]. Holidays are unknown before the data, so every
//     weekday counts as a possible session (conservative).
//   - The calendar has the session but the ticker has no bar that day (a
//     gap, not yet listed) or, under hulbert, no finite high/low:
//     [ErrNoBar]. The entry is not moved to a later bar.
func Entry(sig signals.Signal, cal *data.Calendar, s *data.Series, opt Options) (Fill, error) {
	if s == nil || s.Len() == 0 {
		return Fill{}, &EntryError{Reason: fmt.Sprintf("no prices for ticker %s", sig.Ticker), Err: ErrNoPrices}
	}
	day, kind, err := actingDay(sig, cal, opt.Execution, opt.DelayDays)
	if err != nil {
		return Fill{}, err
	}
	return fillAt(cal, s, day, kind)
}

// fillAt returns the fill of kind on calendar day in s.
func fillAt(cal *data.Calendar, s *data.Series, day int, kind priceKind) (Fill, error) {
	d := cal.Days()[day]
	last := s.Dates[s.Len()-1]
	if d.After(last) {
		return Fill{}, &EntryError{
			Reason: fmt.Sprintf("acts after the last bar: %s has no bar after %s (acts %s)",
				s.Ticker, last.Format(time.DateOnly), d.Format(time.DateOnly)),
			Err: ErrAfterData,
		}
	}
	i, ok := s.Index(d)
	if !ok {
		why := "a gap in its prices"
		if i == 0 {
			why = "before its first bar " + s.Dates[0].Format(time.DateOnly)
		}
		return Fill{}, &EntryError{
			Reason: fmt.Sprintf("no bar on entry day: %s has no bar on %s (%s)", s.Ticker, d.Format(time.DateOnly), why),
			Err:    ErrNoBar,
		}
	}
	p := kind.price(s, i)
	if math.IsNaN(p) {
		return Fill{}, &EntryError{
			Reason: fmt.Sprintf("no bar on entry day: %s has no usable %s on %s", s.Ticker, kindName(kind), d.Format(time.DateOnly)),
			Err:    ErrNoBar,
		}
	}
	return Fill{Date: d, Index: i, Price: p, Day: day, AtClose: kind.atClose()}, nil
}

func kindName(k priceKind) string {
	switch k {
	case kindOpen:
		return "open"
	case kindClose:
		return "close"
	}
	return "high/low"
}

// actingDay returns the calendar index of the session in which a signal
// acts and the price kind it takes, under exec and delay (see [Entry]).
func actingDay(sig signals.Signal, cal *data.Calendar, exec Execution, delay int) (int, priceKind, error) {
	days := cal.Days()
	if len(days) == 0 {
		return 0, 0, &EntryError{Reason: "no prices for ticker " + sig.Ticker + ": the calendar is empty", Err: ErrNoPrices}
	}
	if delay < 0 {
		return 0, 0, fmt.Errorf("backtest: negative delay_days %d", delay)
	}
	if sig.Published.IsZero() {
		return 0, 0, &EntryError{Reason: "no publication date", Err: ErrNoDate}
	}
	var (
		day  int
		kind priceKind
		pub  time.Time // New York date of publication, 00:00 UTC
	)
	switch exec {
	case NextClose:
		kind = kindClose
	case Hulbert:
		kind = kindMid
	case NextOpen, "":
		kind = kindOpen
	default:
		return 0, 0, fmt.Errorf("backtest: unknown execution %q", exec)
	}
	if sig.DateOnly {
		pub = data.Date(sig.Published.UTC())
		i, ok := cal.Index(pub)
		if ok {
			i++
		}
		day = i
	} else {
		on, ph := cal.Locate(sig.Published)
		pub = on
		i, ok := cal.Index(on)
		switch {
		case ph == data.BeforeOpen:
			day = i
		case ph == data.InSession && exec == Hulbert:
			day, kind = i, kindClose
		default:
			if ok {
				i++
			}
			day = i
		}
	}
	if pub.Before(days[0]) {
		if first := firstWeekdaySession(sig, exec); first.Before(days[0]) {
			return 0, 0, &EntryError{
				Reason: fmt.Sprintf("published before the first bar: published %s, first bar %s, a session on %s may be missing",
					publishedText(sig), days[0].Format(time.DateOnly), first.Format(time.DateOnly)),
				Err: ErrBeforeData,
			}
		}
	}
	day += delay
	if day >= len(days) {
		return 0, 0, &EntryError{
			Reason: fmt.Sprintf("acts after the last bar: published %s, last bar %s", publishedText(sig), days[len(days)-1].Format(time.DateOnly)),
			Err:    ErrAfterData,
		}
	}
	return day, kind, nil
}

// firstWeekdaySession returns the first weekday (00:00 UTC) on which sig
// would act if every weekday were a session: the check for a publication
// before the data starts, where the calendar cannot say which days traded.
func firstWeekdaySession(sig signals.Signal, exec Execution) time.Time {
	var d time.Time
	if sig.DateOnly {
		d = data.Date(sig.Published.UTC()).AddDate(0, 0, 1)
	} else {
		ny := sig.Published.In(data.NewYork)
		d = data.Date(ny)
		mins := ny.Hour()*60 + ny.Minute()
		open, closing := data.OpenHour*60+data.OpenMinute, data.CloseMinutes(d)
		sameDay := mins < open || (exec == Hulbert && mins < closing)
		if !sameDay || isWeekend(d) {
			d = d.AddDate(0, 0, 1)
		}
	}
	for isWeekend(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func isWeekend(d time.Time) bool { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }

func publishedText(sig signals.Signal) string {
	if sig.DateOnly {
		return sig.Published.UTC().Format(time.DateOnly)
	}
	return sig.Published.UTC().Format(time.RFC3339)
}
