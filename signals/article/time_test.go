package article

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		name     string
		in       string
		want     time.Time
		dateOnly bool
		ok       bool
	}{
		// Expected instants: ET in June is EDT (UTC-4), in January EST (UTC-5), tz database.
		{"weekday long byline ET summer", "Monday, Jun 9, 2025 6:55 am ET", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"ET winter is EST", "Thursday, Jan 9, 2025 6:55 am ET", utc(2025, 1, 9, 11, 55, 0), false, true},
		{"month day year", "June 9, 2025", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"abbreviated month with period", "Jun. 9, 2025", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"no space after period", "Dec.15 2025", utc(2025, 12, 15, 0, 0, 0), true, true},
		{"day month year", "9 June 2025", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"ordinal day of month", "9th of June, 2025", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"month ordinal", "June 9th, 2025", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"US numeric m/d/y", "06/09/2025", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"US numeric two-digit year", "6/9/25", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"numeric day first when unambiguous", "25/06/2025", utc(2025, 6, 25, 0, 0, 0), true, true},
		{"ISO date", "2025-06-09", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"ISO slash", "2025/06/09", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"RFC 3339 Z", "2025-06-09T10:55:00Z", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"RFC 3339 offset and fraction", "2025-06-09T06:55:00.250-04:00", time.Date(2025, 6, 9, 10, 55, 0, 250e6, time.UTC), false, true},
		{"space separated with offset", "2025-06-09 10:55:00 -0400", utc(2025, 6, 9, 14, 55, 0), false, true},
		{"ISO without zone is UTC", "2025-06-09 10:55", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"RFC 1123Z", "Mon, 09 Jun 2025 06:55:00 -0400", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"RFC 1123 GMT", "Mon, 09 Jun 2025 10:55:00 GMT", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"RFC 822 two-digit year", "09 Jun 25 06:55 EDT", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"mail with zone comment", "Mon, 9 Jun 2025 06:55:00 -0400 (EDT)", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"published prefix time first", "Published 3:12 PM EDT June 9, 2025", utc(2025, 6, 9, 19, 12, 0), false, true},
		{"updated prefix", "Updated: June 9, 2025 at 4:05 p.m. ET", utc(2025, 6, 9, 20, 5, 0), false, true},
		{"posted on", "Posted on Jun 9, 2025", utc(2025, 6, 9, 0, 0, 0), true, true},
		{"CT daylight", "June 9, 2025 9:00 AM CT", utc(2025, 6, 9, 14, 0, 0), false, true},
		{"PT standard", "Dec 1, 2025 9:00 AM PT", utc(2025, 12, 1, 17, 0, 0), false, true},
		{"PST fixed", "June 9, 2025 9:00 AM PST", utc(2025, 6, 9, 17, 0, 0), false, true},
		{"BST", "9 June 2025 09:00 BST", utc(2025, 6, 9, 8, 0, 0), false, true},
		{"CET", "9 June 2025 09:00 CET", utc(2025, 6, 9, 8, 0, 0), false, true},
		{"UTC word", "2025-06-09 10:55 UTC", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"GMT plus offset", "9 June 2025 11:55 GMT+1", utc(2025, 6, 9, 10, 55, 0), false, true},
		{"12 am is midnight", "June 9, 2025 12:00 am ET", utc(2025, 6, 9, 4, 0, 0), false, true},
		{"12 pm is noon", "June 9, 2025 12:30 pm ET", utc(2025, 6, 9, 16, 30, 0), false, true},
		{"hour only with pm", "June 9, 2025 6 pm ET", utc(2025, 6, 9, 22, 0, 0), false, true},
		// DST edges, America/New_York: 2025-03-09 02:00 EST -> 03:00 EDT; 2025-11-02 02:00 EDT -> 01:00 EST.
		{"just before spring forward", "Mar 9, 2025 1:59 am ET", utc(2025, 3, 9, 6, 59, 0), false, true},
		{"just after spring forward", "Mar 9, 2025 3:00 am ET", utc(2025, 3, 9, 7, 0, 0), false, true},
		{"after fall back", "Nov 2, 2025 2:00 am ET", utc(2025, 11, 2, 7, 0, 0), false, true},
		{"day before fall back", "Nov 1, 2025 11:00 pm ET", utc(2025, 11, 2, 3, 0, 0), false, true},
		{"parenthesised zone and time", "Hong Kong, 2 June 2026 (HKT, 07:00 +08:00)", time.Time{}, false, false},
		{"parenthesised time", "2 June 2026 (07:00 HKT)", utc(2026, 6, 1, 23, 0, 0), false, true},
		{"leap day", "Feb 29, 2024", utc(2024, 2, 29, 0, 0, 0), true, true},

		{"empty", "", time.Time{}, false, false},
		{"time only", "Published 3:12 PM EDT", time.Time{}, false, false},
		{"yearless", "June 9", time.Time{}, false, false},
		{"month and year only", "June 2025", time.Time{}, false, false},
		{"not a leap year", "Feb 29, 2025", time.Time{}, false, false},
		{"day 31 in June", "June 31, 2025", time.Time{}, false, false},
		{"month 13", "2025-13-01", time.Time{}, false, false},
		{"hour 25", "2025-06-09 25:00", time.Time{}, false, false},
		{"13 pm", "June 9, 2025 13:00 pm", time.Time{}, false, false},
		{"minute 60", "June 9, 2025 10:60", time.Time{}, false, false},
		{"words around", "Meta agreed on June 9, 2025 to buy", time.Time{}, false, false},
		{"version number", "1.2.3", time.Time{}, false, false},
		{"fraction", "3/4", time.Time{}, false, false},
		{"year out of range", "June 9, 3025", time.Time{}, false, false},
		{"two dates", "June 9, 2025 June 10, 2025", time.Time{}, false, false},
		{"garbage", "\xff\xfe\x00", time.Time{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dateOnly, ok := ParseTime(tt.in)
			if ok != tt.ok || !got.Equal(tt.want) || dateOnly != tt.dateOnly {
				t.Errorf("ParseTime(%q) = %v, %v, %v; want %v, %v, %v", tt.in, got, dateOnly, ok, tt.want, tt.dateOnly, tt.ok)
			}
			if ok && got.Location() != time.UTC {
				t.Errorf("ParseTime(%q) location = %v, want UTC", tt.in, got.Location())
			}
		})
	}
}

// TestParseTimeDSTGap pins what happens to clock times that do not exist
// (spring forward) or exist twice (fall back) in New York: Go's time.Date
// picks one of the two offsets; either is within an hour of the truth.
func TestParseTimeDSTGap(t *testing.T) {
	for _, in := range []string{"Mar 9, 2025 2:30 am ET", "Nov 2, 2025 1:30 am ET"} {
		t.Run(in, func(t *testing.T) {
			got, _, ok := ParseTime(in)
			if !ok {
				t.Fatalf("ParseTime(%q) not ok", in)
			}
			est := time.Date(got.Year(), got.Month(), got.Day(), 0, 0, 0, 0, time.UTC)
			_ = est
			h := got.Hour()*60 + got.Minute()
			if h != 5*60+30 && h != 6*60+30 && h != 6*60+30+60 && h != 7*60+30 {
				t.Errorf("ParseTime(%q) = %v, want 1:30/2:30 at UTC-4 or UTC-5", in, got)
			}
		})
	}
}

func TestFindDates(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"byline glued to read time", "Monday, Jun 9, 2025 6:55 am ET3min read", []string{"Monday, Jun 9, 2025 6:55 am ET"}},
		{"byline with author", "By Jane Doe | June 9, 2025", []string{"June 9, 2025"}},
		{"sentence", "On June 5, 2025, Meta said it would invest; on 6/10/2025 it did.", []string{"June 5, 2025", "6/10/2025"}},
		{"dateline", "NEW YORK, June 9 (Reuters) - Meta", []string{"June 9"}},
		{"no dates", "Revenue of $870 million in 2024, up 10.5%", nil},
		{"may the verb", "Investors may 10 times over", []string{"may 10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, _ := findDates(tt.in, nil)
			var got []string
			for _, m := range ms {
				got = append(got, tt.in[m.byteStart:m.byteEnd])
			}
			if len(got) != len(tt.want) {
				t.Fatalf("findDates(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("findDates(%q)[%d] = %q, want %q", tt.in, i, got[i], tt.want[i])
				}
			}
		})
	}
}
