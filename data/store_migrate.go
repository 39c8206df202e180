package data

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"
)

// storeMigrateRows is migration 2: it rebuilds every ticker's bars record
// (series.bars) from its rows in the prices table of schema 1, each bar
// keeping its source and fetch time, corrects the series summary (rows,
// first and last date) from those rows, creates the series row of a ticker
// that had rows but none (as Check reported it), and drops prices. It runs
// inside the migration's transaction: an interrupted migration leaves
// schema 1 as it was.
func storeMigrateRows(ctx context.Context, tx *sql.Tx) error {
	type meta struct {
		source, fetched string
		reqFrom, reqTo  sql.NullString
	}
	series := map[string]meta{}
	rows, err := tx.QueryContext(ctx, `SELECT ticker, source, fetched_at, requested_from, requested_to FROM series`)
	if err != nil {
		return fmt.Errorf("read series: %w", err)
	}
	for rows.Next() {
		var t string
		var m meta
		if err := rows.Scan(&t, &m.source, &m.fetched, &m.reqFrom, &m.reqTo); err != nil {
			rows.Close()
			return fmt.Errorf("read series: %w", err)
		}
		series[t] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read series: %w", err)
	}

	done := map[string]bool{}
	flush := func(t string, snap *storeSnapshot) error {
		if t == "" {
			return nil
		}
		m, ok := series[t]
		if !ok { // rows without a series row: make one from the rows
			for _, o := range snap.origins {
				m.source = storeMergeSources(m.source, o.source)
				m.fetched = max(m.fetched, o.fetched)
			}
		}
		done[t] = true
		if err := storeWriteSeries(ctx, tx, t, m.source, m.fetched, m.reqFrom, m.reqTo, snap); err != nil {
			return fmt.Errorf("write series %s: %w", t, err)
		}
		return nil
	}

	rows, err = tx.QueryContext(ctx, `SELECT ticker, date, open, high, low, close, adj_close, volume, dividend, split, source, fetched_at
FROM prices ORDER BY ticker, date`)
	if err != nil {
		return fmt.Errorf("read prices: %w", err)
	}
	defer rows.Close()
	var (
		cur  string
		snap *storeSnapshot
		ids  map[storeOrigin]uint32
		t, d string
		v    [storeCols]sql.NullFloat64
		o    storeOrigin
	)
	f := func(x sql.NullFloat64) float64 {
		if !x.Valid {
			return math.NaN()
		}
		return x.Float64
	}
	for rows.Next() {
		if err := rows.Scan(&t, &d, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &o.source, &o.fetched); err != nil {
			return fmt.Errorf("read prices: %w", err)
		}
		if t != cur {
			if err := flush(cur, snap); err != nil {
				return err
			}
			cur, snap, ids = t, newStoreSnapshot(0), map[storeOrigin]uint32{}
		}
		date, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return fmt.Errorf("prices %s: bad date %q: %w", t, d, err)
		}
		id, ok := ids[o]
		if !ok {
			id = uint32(len(snap.origins))
			snap.origins = append(snap.origins, o)
			ids[o] = id
		}
		snap.addBar(storeDayNumber(date), Bar{Open: f(v[0]), High: f(v[1]), Low: f(v[2]), Close: f(v[3]),
			AdjClose: f(v[4]), Volume: f(v[5]), Dividend: f(v[6]), Split: f(v[7])}, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read prices: %w", err)
	}
	rows.Close()
	if err := flush(cur, snap); err != nil {
		return err
	}

	// A series row without prices rows (a fetch that found nothing) keeps
	// its metadata and holds no bars.
	var empty []string
	for t := range series {
		if !done[t] {
			empty = append(empty, t)
		}
	}
	slices.Sort(empty)
	for _, t := range empty {
		m := series[t]
		if err := storeWriteSeries(ctx, tx, t, m.source, m.fetched, m.reqFrom, m.reqTo, newStoreSnapshot(0)); err != nil {
			return fmt.Errorf("write series %s: %w", t, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE prices`); err != nil {
		return fmt.Errorf("drop prices: %w", err)
	}
	return nil
}
