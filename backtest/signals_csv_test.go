package backtest

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tipster/tipster/signals"
)

func TestReadSignalsCSV(t *testing.T) {
	f, err := os.Open("testdata/signals.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadSignalsCSV("signals.csv", f)
	if err != nil {
		t.Fatal(err)
	}
	base := signals.Signal{Tradable: true, PublishedFrom: "csv", Confidence: 1}
	with := func(f func(*signals.Signal)) signals.Signal { s := base; f(&s); return s }
	want := []signals.Signal{
		with(func(s *signals.Signal) {
			s.Published = time.Date(2025, 6, 9, 10, 55, 0, 0, time.UTC)
			s.Ticker, s.Entity, s.Action, s.Strength, s.Source, s.Author = "META", "META", signals.Buy, signals.Normal, "Seed Weekly", "Jane Roe"
		}),
		with(func(s *signals.Signal) {
			s.Published, s.DateOnly = time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), true
			s.Ticker, s.Entity, s.Action, s.Strength, s.Source = "META", "META", signals.Buy, signals.Weak, "Seed Weekly"
		}),
		with(func(s *signals.Signal) {
			s.Published = time.Date(2025, 6, 12, 16, 30, 0, 0, time.UTC)
			s.Ticker, s.Entity, s.Action, s.Strength, s.Source, s.Author = "AAPL", "AAPL", signals.Sell, signals.Strong, "Other Letter", "J. Smith"
		}),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadSignalsCSV() mismatch (-want +got):\n%s", diff)
	}
	if got[0].Published.Location() != time.UTC {
		t.Errorf("Published location %v, want UTC", got[0].Published.Location())
	}
}

func TestReadSignalsCSVErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unknown action", "published,ticker,action\n2025-06-09,META,buy\n2025-06-10,META,moon\n", "x.csv:3: action: unknown action \"moon\""},
		{"bad date", "published,ticker,action\n06/09/2025,META,buy\n", "x.csv:2: published: \"06/09/2025\""},
		{"no offset", "published,ticker,action\n2025-06-09T06:55:00,META,buy\n", "x.csv:2: published"},
		{"empty ticker", "published,ticker,action\n2025-06-09,,buy\n", "x.csv:2: ticker: empty"},
		{"bad strength", "published,ticker,action,strength\n2025-06-09,META,buy,huge\n", "x.csv:2: strength: unknown strength"},
		{"missing column", "published,ticker\n2025-06-09,META\n", "x.csv:1: missing column \"action\""},
		{"unknown column", "published,ticker,action,notes\n", "x.csv:1: unknown column \"notes\""},
		{"duplicate column", "published,ticker,action,ticker\n", "x.csv:1: column \"ticker\" appears twice"},
		{"empty file", "", "x.csv: empty file"},
		{"ragged row", "published,ticker,action\n2025-06-09,META\n", "x.csv: record on line 2: wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadSignalsCSV("x.csv", strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadSignalsCSV() = %v, %v; want error containing %q", got, err, tt.want)
			}
		})
	}
}

func FuzzReadSignalsCSV(f *testing.F) {
	f.Add("published,ticker,action,strength,source,author\n2025-06-09T06:55:00-04:00,META,buy,weak,S,A\n")
	f.Add("\ufeffPublished,Ticker,Action\n2025-06-09,meta,SELL\n")
	f.Add("published,ticker,action\n\"2025-06-09\",\"X\"\"Y\",hold\n# c\n")
	f.Fuzz(func(t *testing.T, in string) {
		sigs, err := ReadSignalsCSV("f.csv", strings.NewReader(in))
		if err != nil {
			return
		}
		for _, s := range sigs {
			if _, err := signals.ParseAction(string(s.Action)); err != nil {
				t.Errorf("accepted action %q", s.Action)
			}
			if s.Ticker == "" || s.Ticker != strings.ToUpper(s.Ticker) {
				t.Errorf("accepted ticker %q", s.Ticker)
			}
			if s.Published.Location() != time.UTC {
				t.Errorf("published not in UTC: %v", s.Published)
			}
		}
	})
}

// TestReadSignalsCSVExtractOutput reads what `tipster extract --format csv`
// writes: extra columns, an untradable row without a ticker, an undated row.
func TestReadSignalsCSVExtractOutput(t *testing.T) {
	in := `file,published,published_from,source,author,entity,ticker,tradable,reason,action,strength,conditions,horizon,price_target,confidence,proxy,analyst,firm,evidence
a.txt,,,seeds,,Meta Platforms,META,true,,buy,weak,,,,0.85,false,,,"Consider a small position."
a.txt,,,seeds,,Scale AI,,false,not tradable: private company,avoid,normal,until regulatory clarity emerges,long term,,0.90,false,,,"Avoid until clarity."
b.txt,2025-06-09T06:55:00-04:00,byline,seeds,Albert Fox,Meta,META,true,,buy,normal,,,,0.95,false,,,"Buy."
`
	sigs, err := ReadSignalsCSV("calls.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 3 {
		t.Fatalf("got %d signals, want 3", len(sigs))
	}
	if s := sigs[0]; !s.Published.IsZero() || s.Ticker != "META" || s.Strength != signals.Weak || s.Entity != "Meta Platforms" || s.Article != "a.txt" {
		t.Errorf("undated row = %+v, want META weak buy with no publication date", s)
	}
	if s := sigs[1]; s.Tradable || s.Ticker != "" || s.Reason != "not tradable: private company" || s.Conditions != "until regulatory clarity emerges" {
		t.Errorf("untradable row = %+v", s)
	}
	want := time.Date(2025, 6, 9, 10, 55, 0, 0, time.UTC)
	if s := sigs[2]; !s.Published.Equal(want) || s.PublishedFrom != "byline" || s.Author != "Albert Fox" || s.Evidence != "Buy." {
		t.Errorf("dated row = %+v, want published %v from the byline", s, want)
	}
	// Without the extract columns an empty published is still an error.
	if _, err := ReadSignalsCSV("calls.csv", strings.NewReader("published,ticker,action\n,META,buy\n")); err == nil {
		t.Error("empty published in a plain calls file: got nil error")
	}
}
