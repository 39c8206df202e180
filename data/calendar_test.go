package data

import (
	"testing"
	"time"
)

func TestCloseMinutes(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const early, full = 13 * 60, 16 * 60
	tests := []struct {
		day  string
		want int
		why  string
	}{
		{"2023-07-03", early, "Monday before Independence Day"},
		{"2024-07-03", early, "Wednesday"},
		{"2025-07-03", early, "Thursday"},
		{"2026-07-03", full, "Friday: the observed holiday, not a half day"},
		{"2025-07-02", full, "an ordinary day"},
		{"2021-11-26", early, "day after Thanksgiving (Nov 25)"},
		{"2023-11-24", early, "day after Thanksgiving (Nov 23)"},
		{"2024-11-29", early, "day after Thanksgiving (Nov 28)"},
		{"2025-11-28", early, "day after Thanksgiving (Nov 27)"},
		{"2026-11-27", early, "day after Thanksgiving (Nov 26)"},
		{"2025-11-21", full, "a Friday a week before"},
		{"2024-12-24", early, "Tuesday"},
		{"2025-12-24", early, "Wednesday"},
		{"2026-12-24", early, "Thursday"},
		{"2021-12-24", full, "Friday: the observed Christmas holiday"},
		{"2025-12-26", full, "the day after Christmas trades a full day"},
	}
	for _, tt := range tests {
		if got := CloseMinutes(d(tt.day)); got != tt.want {
			t.Errorf("CloseMinutes(%s) = %d, want %d (%s)", tt.day, got, tt.want, tt.why)
		}
	}
}

func TestLocateHalfDay(t *testing.T) {
	days := []time.Time{
		time.Date(2025, 11, 26, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 11, 28, 0, 0, 0, 0, time.UTC), // half day
		time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC),
	}
	cal := NewCalendar(days)
	at := func(day, h, m int) time.Time { return time.Date(2025, 11, day, h, m, 0, 0, NewYork) }
	tests := []struct {
		t    time.Time
		want Phase
	}{
		{at(28, 9, 29), BeforeOpen},
		{at(28, 12, 59), InSession},
		{at(28, 13, 0), AfterClose}, // the half day has closed
		{at(28, 15, 0), AfterClose},
		{at(26, 15, 0), InSession}, // an ordinary day is still open
		{at(26, 16, 0), AfterClose},
		{at(27, 10, 0), Closed}, // Thanksgiving: not in the data
	}
	for _, tt := range tests {
		if _, got := cal.Locate(tt.t); got != tt.want {
			t.Errorf("Locate(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}
