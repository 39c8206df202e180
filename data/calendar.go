package data

import (
	"sort"
	"time"
)

// NewYork is the exchange's time zone, loaded once. Binaries embed the zone
// database (cmd/tipster imports time/tzdata), so this never fails there.
var NewYork = mustLoad("America/New_York")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("data: load time zone " + name + ": " + err.Error())
	}
	return loc
}

// Session hours of the regular New York session, in New York local time.
const (
	OpenHour, OpenMinute   = 9, 30
	CloseHour, CloseMinute = 16, 0
	// EarlyCloseHour is the close of NYSE's scheduled half days.
	EarlyCloseHour = 13
)

// CloseMinutes returns the minute of the day (New York time) at which the
// regular session of the date d closes: 16:00, or 13:00 on NYSE's
// scheduled early closes (rule 7.2): July 3 when it falls on Monday to
// Thursday (on a Friday it is the observed Independence Day holiday), the
// day after Thanksgiving (the fourth Thursday of November), and December
// 24 on Monday to Thursday (on a Friday it is the observed Christmas
// holiday). Whether d trades at all is the price data's business; this
// only says when a day that trades closes.
func CloseMinutes(d time.Time) int {
	m, day, wd := d.Month(), d.Day(), d.Weekday()
	weekdayBeforeFriday := wd >= time.Monday && wd <= time.Thursday
	switch {
	case m == time.July && day == 3 && weekdayBeforeFriday,
		m == time.December && day == 24 && weekdayBeforeFriday,
		m == time.November && wd == time.Friday && day >= 23 && day <= 29: // fourth Thursday is the 22nd-28th
		return EarlyCloseHour * 60
	}
	return CloseHour*60 + CloseMinute
}

// Phase says where an instant falls relative to the New York session.
type Phase int

const (
	// BeforeOpen: on a trading day, strictly before 09:30 New York time.
	BeforeOpen Phase = iota
	// InSession: on a trading day, from 09:30:00 up to but excluding 16:00
	// (13:00 on half days, see [CloseMinutes]).
	InSession
	// AfterClose: on a trading day, at or after the close.
	AfterClose
	// Closed: on a day that is not a trading day (weekend, holiday, or a day
	// the data does not have).
	Closed
)

func (p Phase) String() string {
	switch p {
	case BeforeOpen:
		return "before open"
	case InSession:
		return "during session"
	case AfterClose:
		return "after close"
	default:
		return "market closed"
	}
}

// Calendar is the list of trading days, taken from the price data itself
// (the sorted union of the dates of the series it is built from), plus the
// New York session hours.
type Calendar struct {
	days []time.Time // ascending, unique, 00:00 UTC
}

// NewCalendar returns the calendar of the sorted union of the given dates.
// Dates are normalised with [Date].
func NewCalendar(dates ...[]time.Time) *Calendar {
	seen := make(map[time.Time]struct{})
	var days []time.Time
	for _, ds := range dates {
		for _, d := range ds {
			d = Date(d)
			if _, ok := seen[d]; ok {
				continue
			}
			seen[d] = struct{}{}
			days = append(days, d)
		}
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	return &Calendar{days: days}
}

// Days returns the trading days in ascending order. The caller must not
// modify the slice.
func (c *Calendar) Days() []time.Time { return c.days }

// Len returns the number of trading days.
func (c *Calendar) Len() int { return len(c.days) }

// Index returns the position of the first trading day on or after d and
// whether d itself is a trading day. The position is Len() when d is after
// the last day.
func (c *Calendar) Index(d time.Time) (int, bool) {
	d = Date(d)
	i := sort.Search(len(c.days), func(i int) bool { return !c.days[i].Before(d) })
	return i, i < len(c.days) && c.days[i].Equal(d)
}

// IsTradingDay reports whether d is a trading day.
func (c *Calendar) IsTradingDay(d time.Time) bool {
	_, ok := c.Index(d)
	return ok
}

// Next returns the first trading day strictly after the date d, and false
// when there is none in the data.
func (c *Calendar) Next(d time.Time) (time.Time, bool) {
	i, ok := c.Index(d)
	if ok {
		i++
	}
	if i >= len(c.days) {
		return time.Time{}, false
	}
	return c.days[i], true
}

// Locate returns the New York date of the instant t and its phase relative
// to that day's session (closing at [CloseMinutes]: 13:00 on half days). A
// date that is not a trading day gives Closed.
func (c *Calendar) Locate(t time.Time) (day time.Time, p Phase) {
	ny := t.In(NewYork)
	day = Date(ny)
	if !c.IsTradingDay(day) {
		return day, Closed
	}
	mins := ny.Hour()*60 + ny.Minute()
	switch {
	case mins < OpenHour*60+OpenMinute:
		return day, BeforeOpen
	case mins < CloseMinutes(day):
		return day, InSession
	default:
		return day, AfterClose
	}
}

// FirstSessionAfter returns the first trading day whose open is strictly
// after the instant t (in New York): t's own day when t is before that day's
// open, otherwise the next trading day. This is the earliest session a
// signal published at t can trade in without look-ahead.
func (c *Calendar) FirstSessionAfter(t time.Time) (time.Time, bool) {
	day, p := c.Locate(t)
	if p == BeforeOpen {
		return day, true
	}
	return c.Next(day)
}
