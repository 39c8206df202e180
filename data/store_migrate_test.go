package data

import (
	"compress/gzip"
	"database/sql"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// storeV1Fixture is a store of schema 1 (one prices row per bar), written
// by the store as of commit 5816085 and gzipped: AAA imported from
// csv:AAA.csv (40 weekdays from 2025-01-02 with a dividend, a split and NaN
// values) then its last 15 bars fetched from yahoo a day later; BBB two
// 1962 bars with NaNs; CCC a fill that found nothing (no rows, a requested
// range); DDD five fetched bars with a requested range; one symbol.
const storeV1Fixture = "testdata/store/v1.db.gz"

// storeV1Row is a row of the prices table of schema 1.
type storeV1Row struct {
	bar             Bar
	source, fetched string
}

// storeUnzipT writes the gunzipped file src to a temp dir and returns its path.
func storeUnzipT(t *testing.T, src string) string {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "store.db")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// storeV1Read reads the prices table and series summaries of a schema-1
// store directly, bypassing Store.
func storeV1Read(t *testing.T, path string) (map[string][]storeV1Row, map[string]SeriesInfo) {
	t.Helper()
	ctx := t.Context()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT ticker, date, open, high, low, close, adj_close, volume, dividend, split, source, fetched_at FROM prices ORDER BY ticker, date`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string][]storeV1Row{}
	for rows.Next() {
		var tk, d string
		var v [8]sql.NullFloat64
		var r storeV1Row
		if err := rows.Scan(&tk, &d, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &r.source, &r.fetched); err != nil {
			t.Fatal(err)
		}
		f := func(x sql.NullFloat64) float64 {
			if !x.Valid {
				return math.NaN()
			}
			return x.Float64
		}
		r.bar = Bar{Date: storeD(d), Open: f(v[0]), High: f(v[1]), Low: f(v[2]), Close: f(v[3]), AdjClose: f(v[4]), Volume: f(v[5]), Dividend: f(v[6]), Split: f(v[7])}
		got[tk] = append(got[tk], r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	infos, err := storeList(ctx, db, true)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]SeriesInfo{}
	for _, in := range infos {
		sums[in.Ticker] = in
	}
	return got, sums
}

// TestMigrateV1 opens a store of schema 1 and checks that migration 2
// keeps every bar with its source and fetch time, the series summaries and
// requested ranges, and drops the prices table.
func TestMigrateV1(t *testing.T) {
	ctx := t.Context()
	path := storeUnzipT(t, storeV1Fixture)
	want, sums := storeV1Read(t, path)
	if len(want["AAA"]) != 40 || len(want["BBB"]) != 2 || len(want["DDD"]) != 5 || len(sums) != 4 {
		t.Fatalf("fixture: %d/%d/%d rows of AAA/BBB/DDD, %d series; want 40/2/5 and 4", len(want["AAA"]), len(want["BBB"]), len(want["DDD"]), len(sums))
	}
	s := storeOpenAt(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(storeMigrations) {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(storeMigrations))
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'prices'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("prices table still there (%d, %v)", n, err)
	}
	storeCheck(t, s)

	t.Run("summaries", func(t *testing.T) {
		infos, err := s.list(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(infos) != len(sums) {
			t.Fatalf("%d series, want %d", len(infos), len(sums))
		}
		for _, got := range infos {
			if w := sums[got.Ticker]; got != w {
				t.Errorf("series %s = %+v, want %+v", got.Ticker, got, w)
			}
		}
		in, ok, err := s.info(ctx, "CCC")
		if err != nil || !ok || !in.requested || in.Rows != 0 {
			t.Errorf("CCC = %+v, %v, %v; want a requested range and no rows", in, ok, err)
		}
	})
	for tk, rows := range want {
		t.Run(tk, func(t *testing.T) {
			bars, err := s.Bars(ctx, tk, Range{})
			if err != nil {
				t.Fatal(err)
			}
			var wb []Bar
			for _, r := range rows {
				wb = append(wb, r.bar)
			}
			storeEqualBars(t, "Bars", bars, wb)
			// Every bar keeps its source and fetch time.
			spans, err := s.Sources(ctx, tk)
			if err != nil {
				t.Fatal(err)
			}
			i := 0
			for _, sp := range spans {
				for range sp.Rows {
					r := rows[i]
					if sp.Source != r.source || storeInstant(sp.FetchedAt) != r.fetched {
						t.Errorf("%s: from %s at %s, want %s at %s", storeDay(r.bar.Date), sp.Source, storeInstant(sp.FetchedAt), r.source, r.fetched)
					}
					i++
				}
			}
			if i != len(rows) {
				t.Errorf("Sources cover %d bars, want %d", i, len(rows))
			}
		})
	}
	t.Run("AAA spans", func(t *testing.T) {
		spans, err := s.Sources(ctx, "AAA")
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)
		wantSpans := []SourceSpan{
			{First: storeD("2025-01-02"), Last: storeD("2025-02-05"), Rows: 25, Source: "csv:AAA.csv", FetchedAt: at},
			{First: storeD("2025-02-06"), Last: storeD("2025-02-26"), Rows: 15, Source: "yahoo", FetchedAt: at.Add(26 * time.Hour)},
		}
		if len(spans) != len(wantSpans) || spans[0] != wantSpans[0] || spans[1] != wantSpans[1] {
			t.Errorf("Sources(AAA) = %+v, want %+v", spans, wantSpans)
		}
	})
	t.Run("writes after the migration", func(t *testing.T) {
		if err := s.PutBars(ctx, "BBB", "yahoo", []Bar{storeBar("1962-01-03", 7)}); err != nil {
			t.Fatal(err)
		}
		bars, err := s.Bars(ctx, "BBB", Range{})
		if err != nil || len(bars) != 2 || bars[1].Open != 7 || !math.IsNaN(bars[0].Open) {
			t.Errorf("BBB after a write = %+v, %v", bars, err)
		}
		storeCheck(t, s)
		s.Close()
		s2 := storeOpenAt(t, path) // reopening does not migrate again
		if v, err := s2.SchemaVersion(ctx); err != nil || v != len(storeMigrations) {
			t.Errorf("SchemaVersion after reopening = %d, %v", v, err)
		}
		storeCheck(t, s2)
	})
}

// TestMigrateV1Orphans checks that prices rows of schema 1 without a
// series row (which Check reported) get one when migrated.
func TestMigrateV1Orphans(t *testing.T) {
	ctx := t.Context()
	path := storeUnzipT(t, storeV1Fixture)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO prices (ticker, date, open, high, low, close, adj_close, volume, dividend, split, source, fetched_at) VALUES
	('ZZZ', '2024-01-03', 2, 3, 1, 2.5, 2.4, 100, 0, 0, 'yahoo', '2024-01-04T00:00:00Z'),
	('ZZZ', '2024-01-02', 1, 2, 0.5, 1.5, NULL, 90, 0, 0, 'csv:Z.csv', '2024-01-03T00:00:00Z')`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s := storeOpenAt(t, path)
	storeCheck(t, s)
	in, ok, err := s.info(ctx, "ZZZ")
	want := SeriesInfo{Ticker: "ZZZ", Source: "csv:Z.csv,yahoo", First: storeD("2024-01-02"), Last: storeD("2024-01-03"), Rows: 2,
		FetchedAt: time.Date(2024, 1, 4, 0, 0, 0, 0, time.UTC)}
	if err != nil || !ok || in.SeriesInfo != want {
		t.Errorf("ZZZ = %+v, %v, %v; want %+v", in.SeriesInfo, ok, err, want)
	}
	bars, err := s.Bars(ctx, "ZZZ", Range{})
	if err != nil || len(bars) != 2 || bars[0].Close != 1.5 || !math.IsNaN(bars[0].AdjClose) || bars[1].Close != 2.5 {
		t.Errorf("Bars(ZZZ) = %+v, %v", bars, err)
	}
}
