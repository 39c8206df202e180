package backtest

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// timingDays are the sessions of the timing tests: weekdays around both 2025
// DST changes (Sunday 2025-03-09, Sunday 2025-11-02) and Independence Day,
// with 2025-07-04 (a Friday holiday) and 2025-03-12 (a day missing from the
// data) left out.
var timingDays = []string{
	"2025-03-06", "2025-03-07", "2025-03-10", "2025-03-11", "2025-03-13", "2025-03-14",
	"2025-07-02", "2025-07-03", "2025-07-07", "2025-07-08",
	"2025-10-30", "2025-10-31", "2025-11-03", "2025-11-04",
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// timingSeries has, on session i, open 10i+1, (high+low)/2 = 10i+3 and close
// 10i+5, so a price names its day and its kind.
func timingSeries(ticker string, dates []string) *data.Series {
	s := &data.Series{Ticker: ticker}
	for _, ds := range dates {
		i := indexOf(timingDays, ds)
		s.Dates = append(s.Dates, day(ds))
		s.Open = append(s.Open, float64(10*i+1))
		s.High = append(s.High, float64(10*i+4))
		s.Low = append(s.Low, float64(10*i+2))
		s.Close = append(s.Close, float64(10*i+5))
		s.AdjClose = append(s.AdjClose, float64(10*i+5))
		s.Volume = append(s.Volume, 1000)
	}
	return s
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	panic("no " + x)
}

func timingCalendar() *data.Calendar {
	var ds []time.Time
	for _, s := range timingDays {
		ds = append(ds, day(s))
	}
	return data.NewCalendar(ds)
}

func instant(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// fillWant is an expected fill: session date and price kind ("open", "mid",
// "close").
type fillWant struct {
	date string
	kind string
}

func wantPrice(w fillWant, delay int) (string, float64) {
	i := indexOf(timingDays, w.date) + delay
	if i >= len(timingDays) {
		return "", math.NaN()
	}
	off := map[string]float64{"open": 1, "mid": 3, "close": 5}[w.kind]
	return timingDays[i], float64(10*i) + off
}

func TestEntryTiming(t *testing.T) {
	cal := timingCalendar()
	s := timingSeries("XYZ", timingDays)
	tests := []struct {
		name     string
		pub      string // RFC 3339, or YYYY-MM-DD for date-only
		open     fillWant
		close    fillWant
		hulbert  fillWant
		wantNote string
	}{
		// 2025-03-11 is in EDT (UTC-4): the open is 13:30Z.
		{name: "before the open", pub: "2025-03-11T09:00:00-04:00",
			open: fillWant{"2025-03-11", "open"}, close: fillWant{"2025-03-11", "close"}, hulbert: fillWant{"2025-03-11", "mid"}},
		{name: "one second before the open", pub: "2025-03-11T09:29:59-04:00",
			open: fillWant{"2025-03-11", "open"}, close: fillWant{"2025-03-11", "close"}, hulbert: fillWant{"2025-03-11", "mid"}},
		{name: "09:30:00 exactly is in session", pub: "2025-03-11T09:30:00-04:00",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-11", "close"}},
		{name: "during the session", pub: "2025-03-11T12:00:00-04:00",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-11", "close"}},
		{name: "15:59:59 still in session", pub: "2025-03-11T15:59:59-04:00",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-11", "close"}},
		{name: "16:00:00 is after the close", pub: "2025-03-11T16:00:00-04:00",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-13", "mid"}},
		{name: "after the close, next day missing from the data", pub: "2025-03-11T18:30:00-04:00",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-13", "mid"}},
		{name: "before the open on a day missing from the data", pub: "2025-03-12T08:00:00-04:00",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-13", "mid"}},
		{name: "weekend", pub: "2025-03-08T11:00:00-05:00",
			open: fillWant{"2025-03-10", "open"}, close: fillWant{"2025-03-10", "close"}, hulbert: fillWant{"2025-03-10", "mid"}},
		{name: "holiday 2025-07-04 during session hours", pub: "2025-07-04T11:00:00-04:00",
			open: fillWant{"2025-07-07", "open"}, close: fillWant{"2025-07-07", "close"}, hulbert: fillWant{"2025-07-07", "mid"}},
		{name: "day before the holiday after the close", pub: "2025-07-03T17:00:00-04:00",
			open: fillWant{"2025-07-07", "open"}, close: fillWant{"2025-07-07", "close"}, hulbert: fillWant{"2025-07-07", "mid"}},
		{name: "date-only is after that day's close", pub: "2025-03-11",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-13", "mid"}},
		{name: "date-only on a Friday", pub: "2025-03-07",
			open: fillWant{"2025-03-10", "open"}, close: fillWant{"2025-03-10", "close"}, hulbert: fillWant{"2025-03-10", "mid"}},
		{name: "date-only on a holiday", pub: "2025-07-04",
			open: fillWant{"2025-07-07", "open"}, close: fillWant{"2025-07-07", "close"}, hulbert: fillWant{"2025-07-07", "mid"}},
		// The same UTC clock time on both sides of the DST change.
		{name: "UTC 13:45 on Friday 2025-03-07 is 08:45 EST", pub: "2025-03-07T13:45:00Z",
			open: fillWant{"2025-03-07", "open"}, close: fillWant{"2025-03-07", "close"}, hulbert: fillWant{"2025-03-07", "mid"}},
		{name: "UTC 13:45 on Monday 2025-03-10 is 09:45 EDT", pub: "2025-03-10T13:45:00Z",
			open: fillWant{"2025-03-11", "open"}, close: fillWant{"2025-03-11", "close"}, hulbert: fillWant{"2025-03-10", "close"}},
		{name: "DST start day 2025-03-09 (Sunday), late evening EDT", pub: "2025-03-09T23:00:00-04:00",
			open: fillWant{"2025-03-10", "open"}, close: fillWant{"2025-03-10", "close"}, hulbert: fillWant{"2025-03-10", "mid"}},
		{name: "DST start day 2025-03-09 03:30 EDT in UTC", pub: "2025-03-09T07:30:00Z",
			open: fillWant{"2025-03-10", "open"}, close: fillWant{"2025-03-10", "close"}, hulbert: fillWant{"2025-03-10", "mid"}},
		{name: "UTC 14:15 on Friday 2025-10-31 is 10:15 EDT", pub: "2025-10-31T14:15:00Z",
			open: fillWant{"2025-11-03", "open"}, close: fillWant{"2025-11-03", "close"}, hulbert: fillWant{"2025-10-31", "close"}},
		{name: "UTC 14:15 on Monday 2025-11-03 is 09:15 EST", pub: "2025-11-03T14:15:00Z",
			open: fillWant{"2025-11-03", "open"}, close: fillWant{"2025-11-03", "close"}, hulbert: fillWant{"2025-11-03", "mid"}},
		{name: "DST end day 2025-11-02 01:30 (ambiguous hour) in UTC", pub: "2025-11-02T05:30:00Z",
			open: fillWant{"2025-11-03", "open"}, close: fillWant{"2025-11-03", "close"}, hulbert: fillWant{"2025-11-03", "mid"}},
		{name: "UTC midnight is the evening before in New York", pub: "2025-03-11T00:30:00Z",
			open: fillWant{"2025-03-11", "open"}, close: fillWant{"2025-03-11", "close"}, hulbert: fillWant{"2025-03-11", "mid"}},
		{name: "+09:00 Tokyo evening is New York before the open", pub: "2025-03-11T22:00:00+09:00",
			open: fillWant{"2025-03-11", "open"}, close: fillWant{"2025-03-11", "close"}, hulbert: fillWant{"2025-03-11", "mid"}},
		{name: "+09:00 Tokyo 23:45 is New York 10:45", pub: "2025-03-11T23:45:00+09:00",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-11", "close"}},
		{name: "-07:00 06:29:59 is New York 09:29:59", pub: "2025-03-11T06:29:59-07:00",
			open: fillWant{"2025-03-11", "open"}, close: fillWant{"2025-03-11", "close"}, hulbert: fillWant{"2025-03-11", "mid"}},
		{name: "-07:00 06:30:00 is New York 09:30:00", pub: "2025-03-11T06:30:00-07:00",
			open: fillWant{"2025-03-13", "open"}, close: fillWant{"2025-03-13", "close"}, hulbert: fillWant{"2025-03-11", "close"}},
		{name: "-07:00 evening crosses midnight UTC", pub: "2025-03-10T20:00:00-07:00",
			open: fillWant{"2025-03-11", "open"}, close: fillWant{"2025-03-11", "close"}, hulbert: fillWant{"2025-03-11", "mid"}},
	}
	modes := []struct {
		exec Execution
		want func(i int) fillWant
	}{
		{NextOpen, func(i int) fillWant { return tests[i].open }},
		{NextClose, func(i int) fillWant { return tests[i].close }},
		{Hulbert, func(i int) fillWant { return tests[i].hulbert }},
	}
	for i, tt := range tests {
		sig := signals.Signal{Ticker: "XYZ", Action: signals.Buy, Tradable: true}
		if len(tt.pub) == len(time.DateOnly) {
			sig.Published, sig.DateOnly = day(tt.pub), true
		} else {
			sig.Published = instant(tt.pub)
		}
		for _, m := range modes {
			for _, delay := range []int{0, 1, 3} {
				opt := DefaultOptions()
				opt.Execution, opt.DelayDays = m.exec, delay
				t.Run(tt.name+"/"+string(m.exec)+"/delay="+string(rune('0'+delay)), func(t *testing.T) {
					got, err := Entry(sig, cal, s, opt)
					wantDate, wantPx := wantPrice(m.want(i), delay)
					if wantDate == "" {
						if !errors.Is(err, ErrAfterData) {
							t.Fatalf("Entry() = %+v, %v; want ErrAfterData", got, err)
						}
						return
					}
					if err != nil {
						t.Fatalf("Entry() error %v, want %s at %g", err, wantDate, wantPx)
					}
					if got.Date.Format(time.DateOnly) != wantDate || got.Price != wantPx {
						t.Errorf("Entry() = %s at %g, want %s at %g", got.Date.Format(time.DateOnly), got.Price, wantDate, wantPx)
					}
					if got.Index != indexOf(timingDays, wantDate) || got.Day != got.Index {
						t.Errorf("Entry() index %d day %d, want %d", got.Index, got.Day, indexOf(timingDays, wantDate))
					}
					if wantAtClose := m.want(i).kind == "close"; got.AtClose != wantAtClose {
						t.Errorf("Entry() AtClose = %v, want %v", got.AtClose, wantAtClose)
					}
				})
			}
		}
	}
}

// TestEntryDelayCrossesGaps checks by hand that delay_days counts sessions
// of the calendar, skipping weekends, the holiday and the missing day.
func TestEntryDelayCrossesGaps(t *testing.T) {
	cal := timingCalendar()
	s := timingSeries("XYZ", timingDays)
	tests := []struct {
		pub   string
		delay int
		want  string
	}{
		{"2025-03-10T08:00:00-04:00", 2, "2025-03-13"}, // 10 → 11 → (12 missing) 13
		{"2025-07-02T08:00:00-04:00", 2, "2025-07-07"}, // 2 → 3 → (4 holiday, weekend) 7
		{"2025-03-14T08:00:00-04:00", 1, "2025-07-02"}, // the data jumps from March to July
	}
	for _, tt := range tests {
		t.Run(tt.pub, func(t *testing.T) {
			opt := DefaultOptions()
			opt.DelayDays = tt.delay
			got, err := Entry(signals.Signal{Published: instant(tt.pub), Ticker: "XYZ"}, cal, s, opt)
			if err != nil {
				t.Fatal(err)
			}
			if g := got.Date.Format(time.DateOnly); g != tt.want {
				t.Errorf("Entry() on %s, want %s", g, tt.want)
			}
		})
	}
}

func TestEntryErrors(t *testing.T) {
	cal := timingCalendar()
	full := timingSeries("XYZ", timingDays)
	gappy := timingSeries("GAP", []string{"2025-03-07", "2025-03-10", "2025-03-13", "2025-03-14"})
	late := timingSeries("IPO", []string{"2025-07-07", "2025-07-08"})
	noHL := timingSeries("NHL", timingDays)
	noHL.High[indexOf(timingDays, "2025-03-11")] = math.NaN()
	tests := []struct {
		name string
		pub  string
		s    *data.Series
		exec Execution
		want error // nil: no error, enters on wantDay
		day  string
	}{
		{name: "no prices", pub: "2025-03-11T08:00:00-04:00", s: nil, want: ErrNoPrices},
		{name: "empty series", pub: "2025-03-11T08:00:00-04:00", s: &data.Series{Ticker: "E"}, want: ErrNoPrices},
		{name: "after the last bar", pub: "2025-11-04T16:00:00-05:00", s: full, want: ErrAfterData},
		{name: "date-only on the last day", pub: "2025-11-04", s: full, want: ErrAfterData},
		{name: "after the ticker's last bar", pub: "2025-03-14T10:00:00-04:00", s: gappy, want: ErrAfterData},
		{name: "gap in the ticker", pub: "2025-03-10T17:00:00-04:00", s: gappy, want: ErrNoBar},
		{name: "before the ticker lists", pub: "2025-03-10T08:00:00-04:00", s: late, want: ErrNoBar},
		{name: "hulbert without high", pub: "2025-03-11T08:00:00-04:00", s: noHL, exec: Hulbert, want: ErrNoBar},
		{name: "next_open ignores missing high", pub: "2025-03-11T08:00:00-04:00", s: noHL, day: "2025-03-11"},
		// The first bar is Thursday 2025-03-06.
		{name: "weeks before the first bar", pub: "2025-02-20T08:00:00-05:00", s: full, want: ErrBeforeData},
		{name: "Wednesday in session before a Thursday first bar", pub: "2025-03-05T10:00:00-05:00", s: full, day: "2025-03-06"},
		{name: "Wednesday before the open, a session may be missing", pub: "2025-03-05T09:00:00-05:00", s: full, want: ErrBeforeData},
		{name: "hulbert in session Wednesday would fill at its close", pub: "2025-03-05T10:00:00-05:00", s: full, exec: Hulbert, want: ErrBeforeData},
		{name: "date-only the day before the first bar", pub: "2025-03-05", s: full, day: "2025-03-06"},
		{name: "date-only two days before the first bar", pub: "2025-03-04", s: full, want: ErrBeforeData},
		{name: "before the open on the first day", pub: "2025-03-06T09:29:00-05:00", s: full, day: "2025-03-06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := signals.Signal{Ticker: "XYZ", Action: signals.Buy}
			if len(tt.pub) == len(time.DateOnly) {
				sig.Published, sig.DateOnly = day(tt.pub), true
			} else {
				sig.Published = instant(tt.pub)
			}
			opt := DefaultOptions()
			if tt.exec != "" {
				opt.Execution = tt.exec
			}
			got, err := Entry(sig, cal, tt.s, opt)
			if tt.want == nil {
				if err != nil || got.Date.Format(time.DateOnly) != tt.day {
					t.Fatalf("Entry() = %v, %v; want %s", got.Date, err, tt.day)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Entry() error = %v, want %v", err, tt.want)
			}
			if _, ok := errors.AsType[*EntryError](err); !ok {
				t.Errorf("Entry() error %T, want *EntryError", err)
			}
			t.Logf("reason: %v", err)
		})
	}
}
