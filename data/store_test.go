package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the store's driver, registered as "sqlite"
)

// storeOpenT opens a store in a fresh temp dir, closed at the end of the test.
func storeOpenT(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "sub", "store.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func storeD(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// storeBar makes a bar whose prices derive from p.
func storeBar(date string, p float64) Bar {
	return Bar{Date: storeD(date), Open: p, High: p + 1, Low: p - 1, Close: p + 0.5, AdjClose: p + 0.25, Volume: 1000 * p}
}

// storeEqualBars compares bars field by field, NaN equal to NaN.
func storeEqualBars(t *testing.T, what string, got, want []Bar) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d bars, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !storeSameBar(got[i], want[i]) {
			t.Fatalf("%s: bar %d = %+v, want %+v", what, i, got[i], want[i])
		}
	}
}

// storeCheck runs Check and fails the test on any problem.
func storeCheck(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Check(t.Context()); err != nil {
		t.Fatalf("Check: %v", err)
	}
}

func TestOpenMigrations(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	t.Run("empty file", func(t *testing.T) {
		path := filepath.Join(dir, "empty.db")
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("Open(empty file): %v", err)
		}
		defer s.Close()
		v, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v != len(storeMigrations) {
			t.Errorf("SchemaVersion = %d, want %d", v, len(storeMigrations))
		}
		for table, want := range map[string]int{"series": 1, "symbols": 1, "extractions": 1, "runs": 1, "schema_version": 1, "prices": 0} {
			var n int
			if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil || n != want {
				t.Errorf("table %s: count %d, err %v; want %d", table, n, err, want)
			}
		}
		var mode string
		if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q (%v), want wal", mode, err)
		}
		for pragma, want := range map[string]int{"busy_timeout": 10000, "foreign_keys": 1, "synchronous": 1} {
			var got int
			if err := s.db.QueryRowContext(ctx, `PRAGMA `+pragma).Scan(&got); err != nil || got != want {
				t.Errorf("PRAGMA %s = %d (%v), want %d", pragma, got, err, want)
			}
		}
	})
	t.Run("reopen is idempotent", func(t *testing.T) {
		path := filepath.Join(dir, "new", "deeper", "s.db")
		for i := range 3 {
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("Open #%d: %v", i, err)
			}
			if i == 0 {
				if err := s.PutBars(ctx, "meta", "csv", []Bar{storeBar("2024-01-02", 10)}); err != nil {
					t.Fatal(err)
				}
			}
			var n int
			if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_version`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != len(storeMigrations) {
				t.Errorf("open #%d: %d schema_version rows, want %d", i, n, len(storeMigrations))
			}
			bars, err := s.Bars(ctx, "META", Range{})
			if err != nil || len(bars) != 1 {
				t.Errorf("open #%d: Bars = %d bars, %v; want 1", i, len(bars), err)
			}
			s.Close()
		}
	})
	t.Run("newer schema is refused", func(t *testing.T) {
		path := filepath.Join(dir, "future.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_version VALUES (99, 'x')`); err != nil {
			t.Fatal(err)
		}
		s.Close()
		_, err = Open(ctx, path)
		if err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("Open(schema 99) error = %v, want one saying the schema is newer", err)
		}
	})
	t.Run("path with spaces and a question mark", func(t *testing.T) {
		s, err := Open(ctx, filepath.Join(dir, "a dir?x=1", "s #1.db"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer s.Close()
		if _, err := os.Stat(filepath.Join(dir, "a dir?x=1", "s #1.db")); err != nil {
			t.Errorf("the file is not where asked: %v", err)
		}
	})
	t.Run("empty path", func(t *testing.T) {
		if _, err := Open(ctx, ""); err == nil {
			t.Error("Open(\"\") succeeded")
		}
	})
}

func TestPutBarsRoundTrip(t *testing.T) {
	ctx := t.Context()
	nan := math.NaN()
	tests := []struct {
		name  string
		puts  [][]Bar
		want  []Bar
		wantS string
	}{
		{
			name: "NaN stored and read back as NaN",
			puts: [][]Bar{{
				{Date: storeD("2024-01-02"), Open: nan, High: 2, Low: nan, Close: 1.5, AdjClose: nan, Volume: nan, Dividend: nan, Split: nan},
				{Date: storeD("2024-01-03"), Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: 1.25, Volume: 0, Dividend: 0.1, Split: 10},
			}},
			want: []Bar{
				{Date: storeD("2024-01-02"), Open: nan, High: 2, Low: nan, Close: 1.5, AdjClose: nan, Volume: nan, Dividend: nan, Split: nan},
				{Date: storeD("2024-01-03"), Open: 1, High: 2, Low: 0.5, Close: 1.5, AdjClose: 1.25, Volume: 0, Dividend: 0.1, Split: 10},
			},
		},
		{
			name: "second write replaces dates and adds new ones",
			puts: [][]Bar{
				{storeBar("2024-01-02", 10), storeBar("2024-01-03", 11), storeBar("2024-01-05", 13)},
				{storeBar("2024-01-03", 21), storeBar("2024-01-04", 22), storeBar("2024-01-08", 24)},
			},
			want: []Bar{storeBar("2024-01-02", 10), storeBar("2024-01-03", 21), storeBar("2024-01-04", 22), storeBar("2024-01-05", 13), storeBar("2024-01-08", 24)},
		},
		{
			name: "unsorted input with a duplicate date: the later wins",
			puts: [][]Bar{{storeBar("2024-01-04", 4), storeBar("2024-01-02", 2), storeBar("2024-01-04", 40)}},
			want: []Bar{storeBar("2024-01-02", 2), storeBar("2024-01-04", 40)},
		},
		{
			name: "non-UTC and non-midnight dates are normalised to the date",
			puts: [][]Bar{{{Date: time.Date(2024, 1, 2, 15, 30, 0, 0, NewYork), Open: 1, Close: 1, High: 1, Low: 1, AdjClose: 1, Volume: 1}}},
			want: []Bar{{Date: storeD("2024-01-02"), Open: 1, Close: 1, High: 1, Low: 1, AdjClose: 1, Volume: 1}},
		},
		{
			name: "extreme values and pre-1970 dates",
			puts: [][]Bar{{
				{Date: storeD("1900-01-02"), Open: math.SmallestNonzeroFloat64, High: math.MaxFloat64, Low: -1, Close: math.Inf(1), AdjClose: math.Inf(-1), Volume: 1e18},
				{Date: storeD("1969-12-31"), Open: 0.1, High: 0.2, Low: 0.3, Close: 0.30000000000000004, AdjClose: 1e-300, Volume: 3},
			}},
			want: []Bar{
				{Date: storeD("1900-01-02"), Open: math.SmallestNonzeroFloat64, High: math.MaxFloat64, Low: -1, Close: math.Inf(1), AdjClose: math.Inf(-1), Volume: 1e18},
				{Date: storeD("1969-12-31"), Open: 0.1, High: 0.2, Low: 0.3, Close: 0.30000000000000004, AdjClose: 1e-300, Volume: 3},
			},
		},
		{
			name: "a write of no bars keeps the series",
			puts: [][]Bar{{storeBar("2024-01-02", 10)}, nil},
			want: []Bar{storeBar("2024-01-02", 10)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storeOpenT(t)
			for _, p := range tt.puts {
				if err := s.PutBars(ctx, "abc", "csv", p); err != nil {
					t.Fatalf("PutBars: %v", err)
				}
			}
			got, err := s.Bars(ctx, "ABC", Range{})
			if err != nil {
				t.Fatalf("Bars: %v", err)
			}
			storeEqualBars(t, "Bars", got, tt.want)
			spans, err := s.Sources(ctx, "ABC")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, sp := range spans {
				n += sp.Rows
				if sp.Source != "csv" {
					t.Errorf("Sources: span %+v, want source csv", sp)
				}
			}
			if n != len(tt.want) {
				t.Errorf("Sources: spans of %d bars in all, want %d", n, len(tt.want))
			}
			storeCheck(t, s)
		})
	}
}

func TestPutBarsErrors(t *testing.T) {
	ctx := t.Context()
	s := storeOpenT(t)
	if err := s.PutBars(ctx, " ", "csv", []Bar{storeBar("2024-01-02", 1)}); err == nil {
		t.Error("PutBars with an empty ticker succeeded")
	}
	if err := s.PutBars(ctx, "X", "", []Bar{storeBar("2024-01-02", 1)}); err == nil {
		t.Error("PutBars with an empty source succeeded")
	}
	ctx2, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.PutBars(ctx2, "X", "csv", []Bar{storeBar("2024-01-02", 1)}); !errors.Is(err, context.Canceled) {
		t.Errorf("PutBars(cancelled) = %v, want context.Canceled", err)
	}
	if _, err := s.Bars(ctx, "X", Range{}); !errors.Is(err, ErrNoPrices) {
		t.Errorf("after a cancelled write Bars = %v, want ErrNoPrices", err)
	}
}

func TestReads(t *testing.T) {
	ctx := t.Context()
	s := storeOpenT(t)
	now := time.Date(2024, 2, 1, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	bad := storeBar("2024-01-04", 12)
	bad.Open = math.NaN() // not tradable: left out of Series
	if err := s.PutBars(ctx, "AAA", "csv", []Bar{storeBar("2024-01-02", 10), storeBar("2024-01-03", 11), bad, storeBar("2024-01-05", 13)}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutBars(ctx, "AAA", "yahoo", []Bar{storeBar("2024-01-08", 14)}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutBars(ctx, "BBB", "yahoo", []Bar{storeBar("2023-06-01", 5)}); err != nil {
		t.Fatal(err)
	}

	t.Run("Bars in a range", func(t *testing.T) {
		tests := []struct {
			r    Range
			want []string
		}{
			{Range{}, []string{"2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"}},
			{Range{From: storeD("2024-01-03"), To: storeD("2024-01-05")}, []string{"2024-01-03", "2024-01-04", "2024-01-05"}},
			{Range{From: storeD("2024-01-06")}, []string{"2024-01-08"}},
			{Range{To: storeD("2024-01-02")}, []string{"2024-01-02"}},
			{Range{From: storeD("2024-01-06"), To: storeD("2024-01-07")}, nil},
		}
		for _, tt := range tests {
			got, err := s.Bars(ctx, "aaa", tt.r)
			if len(tt.want) == 0 {
				if !errors.Is(err, ErrNoPrices) {
					t.Errorf("Bars(%v) error = %v, want ErrNoPrices", tt.r, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("Bars(%v): %v", tt.r, err)
			}
			var dates []string
			for _, b := range got {
				dates = append(dates, b.Date.Format(time.DateOnly))
			}
			if strings.Join(dates, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Bars(%s..%s) dates = %v, want %v", storeDay(tt.r.From), storeDay(tt.r.To), dates, tt.want)
			}
		}
	})
	t.Run("Series keeps valid bars like NewSeries", func(t *testing.T) {
		got, err := s.Series(ctx, "AAA", Range{})
		if err != nil {
			t.Fatal(err)
		}
		bars, _ := s.Bars(ctx, "AAA", Range{})
		want := NewSeries("AAA", bars)
		if got.Len() != 4 || got.Len() != want.Len() {
			t.Fatalf("Series has %d bars, NewSeries %d, want 4", got.Len(), want.Len())
		}
		for i := range got.Dates {
			if !got.Dates[i].Equal(want.Dates[i]) || got.Close[i] != want.Close[i] || got.Open[i] != want.Open[i] ||
				got.High[i] != want.High[i] || got.Low[i] != want.Low[i] || got.AdjClose[i] != want.AdjClose[i] || got.Volume[i] != want.Volume[i] {
				t.Errorf("Series bar %d differs from NewSeries", i)
			}
		}
		if _, err := s.Series(ctx, "NOPE", Range{}); !errors.Is(err, ErrNoPrices) {
			t.Errorf("Series(NOPE) = %v, want ErrNoPrices", err)
		}
	})
	t.Run("LoadAll", func(t *testing.T) {
		all, err := s.LoadAll(ctx, nil, Range{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all["AAA"].Len() != 4 || all["BBB"].Len() != 1 {
			t.Errorf("LoadAll(all) = %d series, want AAA (4 bars) and BBB (1)", len(all))
		}
		// ZZZ is unknown, BBB has no bar in the range: both are absent.
		some, err := s.LoadAll(ctx, []string{"aaa", "ZZZ", "BBB"}, Range{From: storeD("2024-01-01")})
		if err != nil {
			t.Fatalf("LoadAll: %v", err)
		}
		if len(some) != 1 || some["AAA"] == nil || some["AAA"].Ticker != "AAA" || some["AAA"].Len() != 4 {
			t.Errorf("LoadAll map = %v, want only AAA with 4 bars", some)
		}
		in := Range{From: storeD("2024-01-03"), To: storeD("2024-01-05")}
		part, err := s.LoadAll(ctx, []string{"AAA"}, in)
		if err != nil || part["AAA"].Len() != 2 || !part["AAA"].Dates[0].Equal(storeD("2024-01-03")) {
			t.Errorf("LoadAll(AAA, %s..%s) = %v, %v; want the 2 valid bars from 2024-01-03", storeDay(in.From), storeDay(in.To), part, err)
		}
	})
	t.Run("List", func(t *testing.T) {
		got, err := s.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []SeriesInfo{
			{Ticker: "AAA", Source: "csv,yahoo", First: storeD("2024-01-02"), Last: storeD("2024-01-08"), Rows: 5, FetchedAt: now},
			{Ticker: "BBB", Source: "yahoo", First: storeD("2023-06-01"), Last: storeD("2023-06-01"), Rows: 1, FetchedAt: now},
		}
		if len(got) != len(want) {
			t.Fatalf("List = %+v, want %+v", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("List[%d] = %+v, want %+v", i, got[i], want[i])
			}
		}
	})
	storeCheck(t, s)
}

func TestCheckFindsMismatch(t *testing.T) {
	ctx := t.Context()
	good := func(t *testing.T) *Store {
		s := storeOpenT(t)
		if err := s.PutBars(ctx, "AAA", "csv", []Bar{storeBar("2024-01-02", 10), storeBar("2024-01-03", 11)}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutBars(ctx, "AAA", "yahoo", []Bar{storeBar("2024-01-04", 12)}); err != nil {
			t.Fatal(err)
		}
		storeCheck(t, s)
		return s
	}
	// record rewrites AAA's bars record after edit changes it.
	record := func(edit func(*storeSnapshot)) func(*testing.T, *Store) {
		return func(t *testing.T, s *Store) {
			snap, err := s.snapshot(ctx, "AAA")
			if err != nil {
				t.Fatal(err)
			}
			edit(snap)
			if _, err := s.db.ExecContext(ctx, `UPDATE series SET bars = ? WHERE ticker = 'AAA'`, snap.encode()); err != nil {
				t.Fatal(err)
			}
		}
	}
	exec := func(q string) func(*testing.T, *Store) {
		return func(t *testing.T, s *Store) {
			if _, err := s.db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name    string
		corrupt func(*testing.T, *Store)
		want    string
	}{
		{"row count", exec(`UPDATE series SET rows = 4`), "series says 4 rows, its bars record holds 3"},
		{"last date", exec(`UPDATE series SET last_date = '2024-01-05'`), "2024-01-02..2024-01-05"},
		{"dates out of order", record(func(s *storeSnapshot) { s.days[1], s.days[2] = s.days[2], s.days[1] }), "2024-01-03 after 2024-01-04"},
		{"a source the series lacks", record(func(s *storeSnapshot) { s.origins[1].source = "stooq" }), "bars from stooq"},
		{"an origin no bar has", record(func(s *storeSnapshot) { s.org[2] = 0 }), "no bar comes from yahoo"},
		{"a bad fetch time", record(func(s *storeSnapshot) { s.origins[0].fetched = "yesterday" }), "fetch time of csv"},
		{"a truncated record", exec(`UPDATE series SET bars = substr(bars, 1, length(bars) - 1)`), "bars record"},
		{"an unknown format", exec(`UPDATE series SET bars = X'00112233445566778899'`), "unknown format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good(t)
			tt.corrupt(t, s)
			err := s.Check(ctx)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestSymbolsAndExtractions(t *testing.T) {
	ctx := t.Context()
	s := storeOpenT(t)
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	in := []SymbolRow{
		{Ticker: "meta", Name: "Meta Platforms, Inc.", Exchange: "Nasdaq", CIK: "0001326801", Source: "sec", UpdatedAt: at},
		{Ticker: "BRK-B", Name: "Berkshire Hathaway", Source: "builtin", UpdatedAt: at},
	}
	if err := s.PutSymbols(ctx, in); err != nil {
		t.Fatal(err)
	}
	in[1].Name = "Berkshire Hathaway Inc."
	if err := s.PutSymbols(ctx, in[1:]); err != nil {
		t.Fatal(err)
	}
	got, err := s.Symbols(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []SymbolRow{
		{Ticker: "BRK-B", Name: "Berkshire Hathaway Inc.", Source: "builtin", UpdatedAt: at},
		{Ticker: "META", Name: "Meta Platforms, Inc.", Exchange: "Nasdaq", CIK: "0001326801", Source: "sec", UpdatedAt: at},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Symbols = %+v, want %+v", got, want)
	}

	if _, ok, err := s.Extraction(ctx, "h1"); ok || err != nil {
		t.Errorf("Extraction(missing) = ok %v, err %v; want false, nil", ok, err)
	}
	payload := []byte(`{"signals":[{"ticker":"META","action":"buy"}]}`)
	if err := s.PutExtraction(ctx, "h1", "a.txt", payload); err != nil {
		t.Fatal(err)
	}
	if err := s.PutExtraction(ctx, "h2", "b.txt", nil); err != nil {
		t.Fatal(err)
	}
	for hash, want := range map[string]string{"h1": string(payload), "h2": ""} {
		got, ok, err := s.Extraction(ctx, hash)
		if err != nil || !ok || string(got) != want {
			t.Errorf("Extraction(%s) = %q, %v, %v; want %q, true, nil", hash, got, ok, err, want)
		}
	}
	if err := s.PutExtraction(ctx, "", "c.txt", payload); err == nil {
		t.Error("PutExtraction with an empty hash succeeded")
	}
}

func TestIsBusy(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "s.db")
	s := storeOpenAt(t, path)
	// A second handle with a short timeout, to see a real SQLITE_BUSY.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(50)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, err = db.BeginTx(ctx, nil)
	if err == nil || !storeIsBusy(err) {
		t.Errorf("a second writer got %v, want an error storeIsBusy recognises", err)
	}
	if storeIsBusy(errors.New("no such table: x")) {
		t.Error("storeIsBusy(no such table) = true")
	}
}

func storeOpenAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestReadsDuringWrite checks that readers (another handle, as another
// process would be) are not blocked by a writer holding its transaction:
// Open, Check and Bars return at once with the last committed data.
func TestReadsDuringWrite(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "s.db")
	w := storeOpenAt(t, path)
	if err := w.PutBars(ctx, "AAA", "csv", []Bar{storeBar("2024-01-02", 1)}); err != nil {
		t.Fatal(err)
	}
	tx, err := w.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM series`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		// Opening an up-to-date store only reads, so it does not wait either.
		r, err := Open(ctx, path)
		if err != nil {
			done <- err
			return
		}
		defer r.Close()
		if err := r.Check(ctx); err != nil {
			done <- err
			return
		}
		bars, err := r.Bars(ctx, "AAA", Range{})
		if err == nil && len(bars) != 1 {
			err = errors.New("the reader sees the uncommitted delete")
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("read during a write: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a reader waited for the writer")
	}
}

// TestLoadAllMany loads enough tickers for LoadAll to split the work over
// several connections, and compares with Series one by one.
func TestLoadAllMany(t *testing.T) {
	ctx := t.Context()
	s := storeOpenT(t)
	var tickers []string
	for i := range 3*storeLoadChunk + 5 {
		tk := fmt.Sprintf("T%02d", i)
		tickers = append(tickers, tk)
		bars := []Bar{storeBar("2024-01-02", float64(i+1)), storeBar("2024-01-03", float64(i+2))}
		if err := s.PutBars(ctx, tk, "csv", bars); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name    string
		tickers []string
		r       Range
		want    int // bars per series
	}{
		{"all stored", nil, Range{}, 2},
		{"a list with an unknown ticker", append(slices.Clone(tickers), "NOPE"), Range{}, 2},
		{"a range", tickers, Range{From: storeD("2024-01-03")}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			all, err := s.LoadAll(ctx, tt.tickers, tt.r)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != len(tickers) {
				t.Fatalf("LoadAll: %d series, want %d", len(all), len(tickers))
			}
			for _, tk := range tickers {
				one, err := s.Series(ctx, tk, tt.r)
				if err != nil {
					t.Fatal(err)
				}
				got := all[tk]
				if got == nil || got.Len() != tt.want || one.Len() != tt.want || got.Close[0] != one.Close[0] || !got.Dates[0].Equal(one.Dates[0]) {
					t.Errorf("LoadAll[%s] = %+v, want %+v", tk, got, one)
				}
			}
		})
	}
}

// TestSources checks where each stored bar is recorded to come from as
// writes from several sources replace and extend one another.
func TestSources(t *testing.T) {
	ctx := t.Context()
	at := func(h int) time.Time { return time.Date(2024, 2, 1, h, 0, 0, 0, time.UTC) }
	type put struct {
		source string
		hour   int
		dates  []string
	}
	tests := []struct {
		name string
		puts []put
		want []SourceSpan
	}{
		{
			name: "one import",
			puts: []put{{"csv:A.csv", 1, []string{"2024-01-02", "2024-01-03"}}},
			want: []SourceSpan{{First: storeD("2024-01-02"), Last: storeD("2024-01-03"), Rows: 2, Source: "csv:A.csv", FetchedAt: at(1)}},
		},
		{
			name: "a fetch replaces the last bar and extends",
			puts: []put{
				{"csv:A.csv", 1, []string{"2024-01-02", "2024-01-03", "2024-01-04"}},
				{"yahoo", 2, []string{"2024-01-04", "2024-01-05"}},
			},
			want: []SourceSpan{
				{First: storeD("2024-01-02"), Last: storeD("2024-01-03"), Rows: 2, Source: "csv:A.csv", FetchedAt: at(1)},
				{First: storeD("2024-01-04"), Last: storeD("2024-01-05"), Rows: 2, Source: "yahoo", FetchedAt: at(2)},
			},
		},
		{
			name: "a write in the middle splits a span; one wholly replaced is gone",
			puts: []put{
				{"yahoo", 1, []string{"2024-01-08"}},
				{"csv:A.csv", 2, []string{"2024-01-02", "2024-01-03", "2024-01-04"}},
				{"yahoo", 3, []string{"2024-01-03", "2024-01-08"}},
			},
			want: []SourceSpan{
				{First: storeD("2024-01-02"), Last: storeD("2024-01-02"), Rows: 1, Source: "csv:A.csv", FetchedAt: at(2)},
				{First: storeD("2024-01-03"), Last: storeD("2024-01-03"), Rows: 1, Source: "yahoo", FetchedAt: at(3)},
				{First: storeD("2024-01-04"), Last: storeD("2024-01-04"), Rows: 1, Source: "csv:A.csv", FetchedAt: at(2)},
				{First: storeD("2024-01-08"), Last: storeD("2024-01-08"), Rows: 1, Source: "yahoo", FetchedAt: at(3)},
			},
		},
		{
			name: "the same source at another time is another span",
			puts: []put{
				{"yahoo", 1, []string{"2024-01-02"}},
				{"yahoo", 2, []string{"2024-01-03"}},
			},
			want: []SourceSpan{
				{First: storeD("2024-01-02"), Last: storeD("2024-01-02"), Rows: 1, Source: "yahoo", FetchedAt: at(1)},
				{First: storeD("2024-01-03"), Last: storeD("2024-01-03"), Rows: 1, Source: "yahoo", FetchedAt: at(2)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storeOpenT(t)
			for _, p := range tt.puts {
				s.now = func() time.Time { return at(p.hour) }
				var bars []Bar
				for _, d := range p.dates {
					bars = append(bars, storeBar(d, float64(p.hour)))
				}
				if err := s.PutBars(ctx, "aaa", p.source, bars); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.Sources(ctx, "AAA")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sources =\n%+v\nwant\n%+v", got, tt.want)
			}
			storeCheck(t, s)
		})
	}
	t.Run("no bars", func(t *testing.T) {
		s := storeOpenT(t)
		if _, err := s.Sources(ctx, "NONE"); !errors.Is(err, ErrNoPrices) {
			t.Errorf("Sources(NONE) = %v, want ErrNoPrices", err)
		}
	})
}

// TestConcurrentWritesOneTicker has several handles (as processes would)
// write disjoint dates of one ticker at once: each write reads, merges and
// rewrites the ticker's record in its own write transaction, so no write
// may be lost.
func TestConcurrentWritesOneTicker(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "s.db")
	const writers, rounds = 4, 10
	stores := make([]*Store, writers)
	for i := range stores {
		stores[i] = storeOpenAt(t, path)
	}
	errs := make(chan error, writers)
	for w, s := range stores {
		go func() {
			for r := range rounds {
				d := storeD("2024-01-01").AddDate(0, 0, w*rounds+r)
				if err := s.PutBars(ctx, "AAA", fmt.Sprintf("w%d", w), []Bar{{Date: d, Open: 1, Close: float64(w)}}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	bars, err := stores[0].Bars(ctx, "AAA", Range{})
	if err != nil {
		t.Fatal(err)
	}
	if len(bars) != writers*rounds {
		t.Errorf("%d bars stored, want %d", len(bars), writers*rounds)
	}
	spans, err := stores[0].Sources(ctx, "AAA")
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range spans {
		for i := 0; i < sp.Rows; i++ {
			b := bars[slices.IndexFunc(bars, func(b Bar) bool { return b.Date.Equal(sp.First) })+i]
			if want := fmt.Sprintf("w%d", int(b.Close)); sp.Source != want {
				t.Errorf("%s: source %s, want %s", storeDay(b.Date), sp.Source, want)
			}
		}
	}
	storeCheck(t, stores[0])
}

func TestPutExtractionsBatch(t *testing.T) {
	ctx := t.Context()
	s := storeOpenT(t)
	rows := make([]ExtractionRow, 1200)
	for i := range rows {
		rows[i] = ExtractionRow{Hash: fmt.Sprintf("h%04d", i), File: fmt.Sprintf("f%d.txt", i), Payload: []byte(fmt.Sprintf(`{"n":%d}`, i))}
	}
	rows[7].Payload = nil
	if err := s.PutExtractions(ctx, rows); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 7, 1199} {
		got, ok, err := s.Extraction(ctx, rows[i].Hash)
		if err != nil || !ok {
			t.Fatalf("Extraction(%s) = ok %v, err %v", rows[i].Hash, ok, err)
		}
		if want := string(rows[i].Payload); string(got) != want {
			t.Errorf("Extraction(%s) = %q, want %q", rows[i].Hash, got, want)
		}
	}
	// A row without a hash rejects the whole batch: nothing is written.
	bad := []ExtractionRow{{Hash: "new", File: "x"}, {Hash: "", File: "y"}}
	if err := s.PutExtractions(ctx, bad); err == nil {
		t.Fatal("PutExtractions with an empty hash: nil error")
	}
	if _, ok, _ := s.Extraction(ctx, "new"); ok {
		t.Error("a rejected batch wrote a row")
	}
}
