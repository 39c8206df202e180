package data

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// storeFake is a Provider over generated weekday bars from 2023-01-02 to
// 2024-12-31 (no holidays but 2024-01-01), recording every request.
type storeFake struct {
	mu       sync.Mutex
	requests map[string][]Range
	fail     map[string]error // ticker → error to return
	bump     float64          // added to every price: a revised vintage
	delay    time.Duration
}

func newStoreFake() *storeFake {
	return &storeFake{requests: map[string][]Range{}, fail: map[string]error{}}
}

func (f *storeFake) price(ticker string, d time.Time) float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return float64(len(ticker)) + float64(d.YearDay()) + float64(d.Year()-2000)*1000 + f.bump
}

func (f *storeFake) Bars(ctx context.Context, sym string, r Range) ([]Bar, error) {
	f.mu.Lock()
	f.requests[sym] = append(f.requests[sym], r)
	err := f.fail[sym]
	f.mu.Unlock()
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	if err != nil {
		return nil, err
	}
	var out []Bar
	for d := storeD("2023-01-02"); !d.After(storeD("2024-12-31")); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || d.Equal(storeD("2024-01-01")) || !r.Contains(d) {
			continue
		}
		p := f.price(sym, d)
		out = append(out, Bar{Date: d, Open: p, High: p, Low: p, Close: p, AdjClose: p, Volume: 100})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("fake %s: %w", sym, ErrNoPrices)
	}
	return out, nil
}

func (f *storeFake) took(sym string) []Range {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.requests[sym]
	delete(f.requests, sym)
	return r
}

func storeRanges(rs []Range) string {
	var s []string
	for _, r := range rs {
		s = append(s, storeDay(r.From)+".."+storeDay(r.To))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func storeClock(s string) func() time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

func TestFillIncremental(t *testing.T) {
	type step struct {
		now      string // RFC 3339
		from, to string // "" is open
		refresh  int
		bump     float64 // provider's vintage
		want     string  // requested ranges
		wantErr  error
		wantRows int
	}
	tests := []struct {
		name    string
		import_ []Bar // bars put before the first step
		steps   []step
	}{
		{
			name: "first fill, again the same day, next trading day",
			steps: []step{
				{now: "2024-03-15T12:00:00Z", from: "2024-03-01", want: "[2024-03-01..2024-03-15]", wantRows: 11},
				// Today (03-15) is never final; 5 bars back from 03-14 is 03-08.
				{now: "2024-03-15T23:00:00Z", from: "2024-03-01", want: "[2024-03-08..2024-03-15]", wantRows: 11},
				{now: "2024-03-18T09:00:00Z", from: "2024-03-01", want: "[2024-03-11..2024-03-18]", wantRows: 12},
				// A range inside what was asked, in the past: no request.
				{now: "2024-03-18T10:00:00Z", from: "2024-03-04", to: "2024-03-08", want: "[]", wantRows: 12},
			},
		},
		{
			name: "extend backwards and forwards",
			steps: []step{
				{now: "2024-02-10T00:00:00Z", from: "2024-02-01", to: "2024-02-09", want: "[2024-02-01..2024-02-09]", wantRows: 7},
				{now: "2024-02-10T00:00:00Z", from: "2024-01-29", to: "2024-02-09", want: "[2024-01-29..2024-01-31]", wantRows: 10},
				{now: "2024-02-20T00:00:00Z", from: "2024-01-29", to: "2024-02-16", want: "[2024-02-05..2024-02-16]", wantRows: 15},
				{now: "2024-02-20T00:00:00Z", from: "2024-01-25", to: "2024-02-19", want: "[2024-01-25..2024-01-28 2024-02-12..2024-02-19]", wantRows: 18},
			},
		},
		{
			name: "a range without trading days is asked once",
			steps: []step{
				{now: "2024-03-15T12:00:00Z", from: "2024-01-01", to: "2024-01-01", want: "[2024-01-01..2024-01-01]", wantErr: ErrNoPrices},
				{now: "2024-03-15T12:00:00Z", from: "2024-01-01", to: "2024-01-01", want: "[]", wantErr: ErrNoPrices},
				{now: "2024-03-15T12:00:00Z", from: "2024-01-01", to: "2024-01-03", want: "[2024-01-02..2024-01-03]", wantRows: 2},
				{now: "2024-03-15T12:00:00Z", from: "2024-01-01", to: "2024-01-03", want: "[]", wantRows: 2},
			},
		},
		{
			name: "a gap between two requests is bridged",
			steps: []step{
				{now: "2024-03-15T12:00:00Z", from: "2024-01-02", to: "2024-01-05", refresh: -1, want: "[2024-01-02..2024-01-05]", wantRows: 4},
				{now: "2024-03-15T12:00:00Z", from: "2024-02-01", to: "2024-02-02", refresh: -1, want: "[2024-01-06..2024-02-02]", wantRows: 24},
				{now: "2024-03-15T12:00:00Z", from: "2024-01-02", to: "2024-02-02", want: "[]", wantRows: 24},
			},
		},
		{
			name: "refresh replaces revised bars",
			steps: []step{
				{now: "2024-03-15T12:00:00Z", from: "2024-03-11", want: "[2024-03-11..2024-03-15]", wantRows: 5},
				{now: "2024-03-16T12:00:00Z", from: "2024-03-11", refresh: 2, bump: 0.5, want: "[2024-03-14..2024-03-16]", wantRows: 5},
			},
		},
		{
			name:    "an imported series counts as covered",
			import_: []Bar{storeBar("2024-02-05", 1), storeBar("2024-02-06", 1), storeBar("2024-02-07", 1)},
			steps: []step{
				{now: "2024-03-15T12:00:00Z", from: "2024-02-05", to: "2024-02-07", want: "[]", wantRows: 3},
				{now: "2024-03-15T12:00:00Z", from: "2024-02-01", to: "2024-02-09", refresh: 1, want: "[2024-02-01..2024-02-04 2024-02-07..2024-02-09]", wantRows: 7},
			},
		},
		{
			name: "open start asks from the beginning once",
			steps: []step{
				{now: "2023-01-10T12:00:00Z", want: "[…..2023-01-10]", wantRows: 7},
				{now: "2023-01-10T12:00:00Z", to: "2023-01-06", want: "[]", wantRows: 7},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			s := storeOpenT(t)
			f := newStoreFake()
			if tt.import_ != nil {
				if err := s.PutBars(ctx, "TK", "csv", tt.import_); err != nil {
					t.Fatal(err)
				}
			}
			for i, st := range tt.steps {
				f.bump = st.bump
				var r Range
				if st.from != "" {
					r.From = storeD(st.from)
				}
				if st.to != "" {
					r.To = storeD(st.to)
				}
				rep, err := s.Fill(ctx, f, "tk", r, FillOptions{Source: "fake", Now: storeClock(st.now), Refresh: st.refresh})
				got := storeRanges(f.took("TK"))
				if got != st.want {
					t.Errorf("step %d: requested %s, want %s", i, got, st.want)
				}
				if got := storeRanges(rep.Requested); got != st.want {
					t.Errorf("step %d: report says requested %s, want %s", i, got, st.want)
				}
				if st.wantErr != nil {
					if !errors.Is(err, st.wantErr) {
						t.Errorf("step %d: error %v, want %v", i, err, st.wantErr)
					}
					continue
				}
				if err != nil {
					t.Fatalf("step %d: Fill: %v", i, err)
				}
				if rep.Rows != st.wantRows {
					t.Errorf("step %d: report rows %d, want %d", i, rep.Rows, st.wantRows)
				}
				bars, err := s.Bars(ctx, "TK", Range{})
				if err != nil {
					t.Fatal(err)
				}
				if len(bars) != st.wantRows {
					t.Errorf("step %d: %d stored bars, want %d", i, len(bars), st.wantRows)
				}
				for _, b := range bars {
					if slices.ContainsFunc(tt.import_, func(x Bar) bool { return x.Date.Equal(b.Date) }) {
						continue
					}
					// Every fetched bar of the last request's dates carries the
					// provider's current vintage; older ones an earlier one.
					if want := f.price("TK", b.Date); b.Close != want && b.Close != want-st.bump {
						t.Errorf("step %d: %s close %v, want %v", i, storeDay(b.Date), b.Close, want)
					}
				}
			}
			storeCheck(t, s)
		})
	}
}

func TestFillRefreshUpdatesValues(t *testing.T) {
	ctx := t.Context()
	s := storeOpenT(t)
	f := newStoreFake()
	r := Range{From: storeD("2024-03-04")}
	if _, err := s.Fill(ctx, f, "TK", r, FillOptions{Source: "fake", Now: storeClock("2024-03-08T15:00:00Z")}); err != nil {
		t.Fatal(err)
	}
	f.bump = 0.5
	rep, err := s.Fill(ctx, f, "TK", r, FillOptions{Source: "fake", Now: storeClock("2024-03-09T15:00:00Z"), Refresh: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Fetched != 2 {
		t.Errorf("report: added %d fetched %d, want 0 and 2", rep.Added, rep.Fetched)
	}
	bars, _ := s.Bars(ctx, "TK", Range{})
	for _, b := range bars {
		revised := !b.Date.Before(storeD("2024-03-07"))
		want := f.price("TK", b.Date)
		if !revised {
			want -= 0.5
		}
		if b.Close != want {
			t.Errorf("%s close = %v, want %v (revised %v)", storeDay(b.Date), b.Close, want, revised)
		}
	}
}

func TestFillAll(t *testing.T) {
	ctx := t.Context()
	s := storeOpenT(t)
	f := newStoreFake()
	f.delay = 5 * time.Millisecond
	boom := errors.New("HTTP 500")
	f.fail["BAD"] = boom
	f.fail["GONE"] = fmt.Errorf("yahoo GONE: %w", ErrUnknownSymbol)
	tickers := []string{"AAA", "BAD", "BBB", "GONE", "CCC", "DDD"}
	var done []string
	reps, err := s.FillAll(ctx, f, tickers, Range{From: storeD("2024-03-01"), To: storeD("2024-03-08")}, FillOptions{
		Source: "fake", Concurrency: 3, Now: storeClock("2024-03-15T00:00:00Z"),
		Done: func(rep FillReport, err error) { done = append(done, rep.Ticker) },
	})
	if !errors.Is(err, boom) || !errors.Is(err, ErrUnknownSymbol) {
		t.Errorf("FillAll error = %v, want both tickers' errors joined", err)
	}
	for _, bad := range []string{"BAD", "GONE"} {
		if !strings.Contains(fmt.Sprint(err), bad) {
			t.Errorf("FillAll error does not name %s: %v", bad, err)
		}
	}
	if len(reps) != len(tickers) {
		t.Fatalf("%d reports, want %d", len(reps), len(tickers))
	}
	for i, tk := range tickers {
		if reps[i].Ticker != tk {
			t.Errorf("report %d is for %s, want %s", i, reps[i].Ticker, tk)
		}
	}
	slices.Sort(done)
	if want := slices.Sorted(slices.Values(tickers)); !slices.Equal(done, want) {
		t.Errorf("Done called for %v, want %v", done, want)
	}
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, in := range list {
		stored = append(stored, in.Ticker)
		if in.Rows != 6 || in.Source != "fake" {
			t.Errorf("%s: %d rows from %q, want 6 from fake", in.Ticker, in.Rows, in.Source)
		}
	}
	if want := "AAA BBB CCC DDD"; strings.Join(stored, " ") != want {
		t.Errorf("stored %v, want %s", stored, want)
	}
	storeCheck(t, s)
}

func TestFillErrors(t *testing.T) {
	ctx := t.Context()
	s := storeOpenT(t)
	f := newStoreFake()
	now := storeClock("2024-03-15T00:00:00Z")
	if _, err := s.Fill(ctx, f, "TK", Range{From: storeD("2024-03-10"), To: storeD("2024-03-01")}, FillOptions{Now: now}); err == nil {
		t.Error("Fill with a reversed range succeeded")
	}
	if _, err := s.Fill(ctx, f, "", Range{}, FillOptions{Now: now}); err == nil {
		t.Error("Fill with an empty ticker succeeded")
	}
	f.fail["TK"] = errors.New("boom")
	if _, err := s.Fill(ctx, f, "TK", Range{From: storeD("2024-03-01")}, FillOptions{Now: now}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("Fill = %v, want the provider's error", err)
	}
	// Nothing was recorded: the next fill asks again.
	delete(f.fail, "TK")
	f.took("TK")
	if _, err := s.Fill(ctx, f, "TK", Range{From: storeD("2024-03-01")}, FillOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	if got := storeRanges(f.took("TK")); got != "[2024-03-01..2024-03-15]" {
		t.Errorf("after a failed fill requested %s, want the whole range again", got)
	}
}
