package data

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func provBar(date string, o, h, l, c float64) Bar {
	return Bar{Date: provDate(date), Open: o, High: h, Low: l, Close: c, AdjClose: math.NaN(), Volume: 100}
}

func TestValidate(t *testing.T) {
	nan := math.NaN()
	type want struct {
		date  string
		kind  IssueKind
		ratio float64
		text  string // substring of Detail
	}
	tests := []struct {
		name string
		bars []Bar
		want []want
	}{
		{
			name: "clean week",
			bars: []Bar{provBar("2024-01-02", 10, 11, 9, 10.5), provBar("2024-01-03", 10.5, 11, 10, 10.8), provBar("2024-01-08", 10.8, 11, 10, 10.9)},
		},
		{
			name: "duplicate and order",
			bars: []Bar{provBar("2024-01-03", 10, 11, 9, 10), provBar("2024-01-03", 10, 11, 9, 10), provBar("2024-01-02", 10, 11, 9, 10)},
			want: []want{{"2024-01-03", IssueDuplicate, 0, "bars 0 and 1"}, {"2024-01-02", IssueOrder, 0, "after 2024-01-03"}},
		},
		{
			name: "missing and non-positive",
			bars: []Bar{provBar("2024-01-02", nan, 11, 9, 10), provBar("2024-01-03", 0, 11, 9, -1), provBar("2024-01-04", 10, math.Inf(1), 9, 10)},
			want: []want{{"2024-01-02", IssueMissing, 0, "no open"}, {"2024-01-03", IssueNonPositive, 0, "open 0, close -1"}, {"2024-01-04", IssueMissing, 0, "no high"}},
		},
		{
			name: "ohlc violations",
			bars: []Bar{provBar("2024-01-02", 10, 9, 11, 10), provBar("2024-01-03", 10, 11, 9, 11.5), provBar("2024-01-04", 8, 11, 9, 10), provBar("2024-01-05", 10, 11, 9, 11.000001)},
			want: []want{{"2024-01-02", IssueOHLC, 0, "high 9 < low 11"}, {"2024-01-03", IssueOHLC, 0, "close 11.5 outside"}, {"2024-01-04", IssueOHLC, 0, "open 8 outside"}},
		},
		{
			name: "weekend and gap",
			bars: []Bar{provBar("2024-01-02", 10, 11, 9, 10), provBar("2024-01-06", 10, 11, 9, 10), provBar("2024-01-15", 10, 11, 9, 10)},
			want: []want{{"2024-01-06", IssueWeekend, 0, "Saturday"}, {"2024-01-15", IssueGap, 0, "9 calendar days after 2024-01-06"}},
		},
		{
			name: "splits and jumps",
			bars: []Bar{
				provBar("2024-06-03", 1000, 1010, 990, 1000),
				provBar("2024-06-04", 100, 102, 99, 101),      // ×0.101 → 10:1
				provBar("2024-06-05", 100, 102, 99, 100),      // calm
				provBar("2024-06-06", 100, 200, 99, 170),      // ×1.7, no split near → jump
				provBar("2024-06-07", 170, 3500, 170, 3400),   // ×20 → 1:20 reverse
				provBar("2024-06-10", 3400, 3400, 1600, 1650), // ×0.485 → 2:1
				provBar("2024-06-11", 1650, 1700, 1000, 1010), // ×0.61: below threshold
			},
			want: []want{
				{"2024-06-04", IssueSplit, 10, "unapplied 10:1 split"},
				{"2024-06-06", IssueJump, 0, "×1.7"},
				{"2024-06-07", IssueSplit, 0.05, "1:20 reverse split"},
				{"2024-06-10", IssueSplit, 2, "2:1 split"},
			},
		},
		{
			name: "jump measured across a missing close",
			bars: []Bar{provBar("2024-06-03", 100, 101, 99, 100), provBar("2024-06-04", nan, nan, nan, nan), provBar("2024-06-05", 25, 26, 24, 25)},
			want: []want{{"2024-06-04", IssueMissing, 0, "no open, high, low, close"}, {"2024-06-05", IssueSplit, 4, "close 100 on 2024-06-03 → 25"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := append([]Bar(nil), tt.bars...)
			got := Validate("TEST", tt.bars)
			if len(got) != len(tt.want) {
				t.Fatalf("Validate() = %d issues %v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Date.Format(time.DateOnly) != w.date || g.Kind != w.kind || math.Abs(g.Ratio-w.ratio) > 1e-12 || !strings.Contains(g.Detail, w.text) || g.Ticker != "TEST" {
					t.Errorf("issue %d = %v (ratio %g), want %s %s ratio %g containing %q", i, g, g.Ratio, w.date, w.kind, w.ratio, w.text)
				}
			}
			for i := range before {
				if !provBarsEqual(before[i], tt.bars[i]) {
					t.Errorf("Validate changed bar %d", i)
				}
			}
		})
	}
}

func provLoadCSV(t *testing.T, path string) []Bar {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bars, bad, err := ParseCSV(filepath.Base(path), f)
	if err != nil || len(bad) > 0 {
		t.Fatalf("ParseCSV(%s) error = %v, bad %v", path, err, bad)
	}
	return bars
}

// TestValidateShared runs Validate on real files with known problems
// (PROVENANCE.md sections 1.1, 1.4, 1.5, 1.7).
func TestValidateShared(t *testing.T) {
	root := provSharedDir(t, "data/prices")

	t.Run("kinryukii is clean", func(t *testing.T) {
		files, _ := filepath.Glob(filepath.Join(root, "kinryukii-us-tech-quant-prices_full", "*.csv"))
		if len(files) != 27 {
			t.Fatalf("found %d kinryukii files, want 27", len(files))
		}
		for _, f := range files {
			if got := Validate(filepath.Base(f), provLoadCSV(t, f)); len(got) > 0 {
				t.Errorf("Validate(%s) = %v, want no issues", filepath.Base(f), got)
			}
		}
	})

	type want struct {
		date  string
		kind  IssueKind
		ratio float64
	}
	tests := []struct {
		name string
		bars func(t *testing.T) []Bar
		want []want // every issue, in order
	}{
		{
			// always03 NVDA (pre-2024 10:1 scale, to 2023-12-29) followed by
			// kinryukii NVDA (split-adjusted) from 2024-01-02.
			name: "NVDA splice always03 + kinryukii",
			bars: func(t *testing.T) []Bar {
				old := provLoadCSV(t, filepath.Join(root, "always03-mag7-2013-2023", "NVDA.csv"))
				cur := provLoadCSV(t, filepath.Join(root, "kinryukii-us-tech-quant-prices_full", "NVDA.csv"))
				end := old[len(old)-1].Date
				for _, b := range cur {
					if b.Date.After(end) {
						old = append(old, b)
					}
				}
				return old
			},
			want: []want{{"2024-01-02", IssueSplit, 10}},
		},
		{
			name: "sangmolee SOXS unadjusted reverse splits",
			bars: func(t *testing.T) []Bar {
				return provLoadCSV(t, filepath.Join(root, "sangmolee-soxl-data", "SOXS.csv"))
			},
			want: []want{{"2025-04-09", IssueSplit, 2}, {"2026-05-26", IssueSplit, 20}},
		},
		{
			name: "alitalbi XLK 2:1 seam",
			bars: func(t *testing.T) []Bar {
				return provLoadCSV(t, filepath.Join(root, "alitalbi-storage_data_fy", "XLK.csv"))
			},
			want: []want{{"2001-09-17", IssueGap, 0}, {"2025-11-17", IssueSplit, 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Validate("T", tt.bars(t))
			if len(got) != len(tt.want) {
				t.Fatalf("Validate() = %v, want %v", got, tt.want)
			}
			for i, w := range tt.want {
				if g := got[i]; g.Date.Format(time.DateOnly) != w.date || g.Kind != w.kind || g.Ratio != w.ratio {
					t.Errorf("issue %d = %v ratio %g, want %s %s ratio %g", i, g, g.Ratio, w.date, w.kind, w.ratio)
				}
			}
		})
	}
}
