package data

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// SeriesInfo summarises one ticker's series in the store.
type SeriesInfo struct {
	Ticker      string
	Source      string    // comma-separated sources of its rows ("csv", "yahoo", "csv,yahoo")
	First, Last time.Time // first and last session date, zero when Rows is 0
	Rows        int
	FetchedAt   time.Time // time of the last write (UTC)
	// Requested is the hull of the date ranges asked of providers by
	// [Store.Fill]; a zero From means "from the start of the data", and
	// both are zero when nothing was ever requested (imports only).
	Requested Range
}

// PutBars stores bars for ticker as coming from source ("yahoo", "csv"),
// in one transaction: either every bar lands or none does. A bar replaces
// the stored bar of the same date; when bars hold one date twice the later
// one wins. Missing values (NaN) are stored as NaN and read back as NaN.
// Each stored bar keeps source and the time of this write (see
// [Store.Sources]).
// The ticker is stored upper case.
func (s *Store) PutBars(ctx context.Context, ticker, source string, bars []Bar) error {
	_, err := s.put(ctx, ticker, source, bars, nil)
	return err
}

// putResult is what a put changed: rows of the ticker before and after.
type putResult struct{ before, after int }

// storeProgressRows is how often (in bars) a long write logs its progress.
const storeProgressRows = 100_000

// put writes bars and, when req is not nil, widens the series' requested
// range by *req, in one write transaction: it reads the ticker's record
// (its series row and the bars blob), merges bars into it and writes it
// back whole.
func (s *Store) put(ctx context.Context, ticker, source string, bars []Bar, req *Range) (putResult, error) {
	var res putResult
	t, err := storeNormTicker(ticker)
	if err != nil {
		return res, fmt.Errorf("put prices: %w", err)
	}
	if source == "" {
		return res, fmt.Errorf("put prices %s: empty source", t)
	}
	bars = storeSortBars(bars)
	fetched := storeInstant(s.now())
	err = s.write(ctx, func(tx *sql.Tx) error {
		var (
			oldSource      string
			reqFrom, reqTo sql.NullString
			blob           []byte
			found          = true
		)
		err := tx.QueryRowContext(ctx, `SELECT source, requested_from, requested_to, bars FROM series WHERE ticker = ?`, t).
			Scan(&oldSource, &reqFrom, &reqTo, &blob)
		if errors.Is(err, sql.ErrNoRows) {
			found = false
		} else if err != nil {
			return fmt.Errorf("read series: %w", err)
		}
		old, err := decodeSnapshot(blob)
		if err != nil {
			return err
		}
		res.before = old.len()
		s.log.Debug("store: writing", "ticker", t, "rows", 0, "of", len(bars), "stored", old.len())
		merged := old.merge(bars, storeOrigin{source: source, fetched: fetched}, func(done int) {
			s.log.Debug("store: writing", "ticker", t, "rows", done, "of", len(bars))
		})
		res.after = merged.len()
		src := oldSource
		if len(bars) > 0 || !found {
			src = storeMergeSources(oldSource, source)
		}
		if req != nil {
			reqFrom, reqTo = storeWiden(reqFrom, reqTo, *req)
		}
		if err := storeWriteSeries(ctx, tx, t, src, fetched, reqFrom, reqTo, merged); err != nil {
			return fmt.Errorf("write series: %w", err)
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("put prices %s (%d bars): %w", t, len(bars), err)
	}
	s.log.Debug("store: written", "ticker", t, "rows", len(bars), "total", res.after)
	return res, nil
}

// storeWriteSeries inserts or replaces ticker's series row with snap as
// its bars, its first and last date and row count taken from snap.
func storeWriteSeries(ctx context.Context, tx *sql.Tx, ticker, source, fetched string, reqFrom, reqTo sql.NullString, snap *storeSnapshot) error {
	var first, last sql.NullString
	if n := snap.len(); n > 0 {
		first = sql.NullString{String: snap.date(0).Format(time.DateOnly), Valid: true}
		last = sql.NullString{String: snap.date(n - 1).Format(time.DateOnly), Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO series
	(ticker, source, first_date, last_date, rows, fetched_at, requested_from, requested_to, bars)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (ticker) DO UPDATE SET
	source = excluded.source, first_date = excluded.first_date, last_date = excluded.last_date,
	rows = excluded.rows, fetched_at = excluded.fetched_at, requested_from = excluded.requested_from,
	requested_to = excluded.requested_to, bars = excluded.bars`,
		ticker, source, first, last, snap.len(), fetched, reqFrom, reqTo, snap.encode())
	return err
}

// storeWiden returns the requested range [from, to] widened to cover r.
// An open r.From is stored as 0001-01-01, before every date.
func storeWiden(from, to sql.NullString, r Range) (sql.NullString, sql.NullString) {
	f := r.From.Format(time.DateOnly) // the zero time formats as 0001-01-01
	t := r.To.Format(time.DateOnly)
	if !from.Valid || f < from.String {
		from = sql.NullString{String: f, Valid: true}
	}
	if !r.To.IsZero() && (!to.Valid || t > to.String) {
		to = sql.NullString{String: t, Valid: true}
	}
	return from, to
}

// storeSortBars returns bars with dates normalised (see [Date]), in
// ascending order, one per date (the last of equal dates wins). It copies
// only when it has to change something.
func storeSortBars(bars []Bar) []Bar {
	ok := true
	for i, b := range bars {
		if !b.Date.Equal(Date(b.Date)) || b.Date.Location() != time.UTC || (i > 0 && !bars[i-1].Date.Before(b.Date)) {
			ok = false
			break
		}
	}
	if ok {
		return bars
	}
	out := slices.Clone(bars)
	for i := range out {
		out[i].Date = Date(out[i].Date)
	}
	slices.SortStableFunc(out, func(a, b Bar) int { return a.Date.Compare(b.Date) })
	k := 0
	for i := range out {
		if k > 0 && out[k-1].Date.Equal(out[i].Date) {
			out[k-1] = out[i]
			continue
		}
		out[k] = out[i]
		k++
	}
	return out[:k]
}

// Bars returns the stored bars of ticker in r, ascending, with NaN for
// missing values. It returns an error wrapping [ErrNoPrices] when there are
// none.
func (s *Store) Bars(ctx context.Context, ticker string, r Range) ([]Bar, error) {
	t, err := storeNormTicker(ticker)
	if err != nil {
		return nil, fmt.Errorf("prices: %w", err)
	}
	snap, err := s.snapshot(ctx, t)
	if err != nil {
		return nil, err
	}
	lo, hi := snap.span(r)
	if lo >= hi {
		return nil, fmt.Errorf("prices %s%s: %w", t, storeRange(r), ErrNoPrices)
	}
	out := make([]Bar, hi-lo)
	for i := range out {
		out[i] = snap.bar(lo + i)
	}
	return out, nil
}

// Series returns ticker's series in r, built as [NewSeries] does: only
// valid bars (open and close finite and positive). It returns an error
// wrapping [ErrNoPrices] when no valid bar is stored in r.
func (s *Store) Series(ctx context.Context, ticker string, r Range) (*Series, error) {
	t, err := storeNormTicker(ticker)
	if err != nil {
		return nil, fmt.Errorf("prices: %w", err)
	}
	var blob []byte
	err = s.db.QueryRowContext(ctx, `SELECT bars FROM series WHERE ticker = ?`, t).Scan(&blob)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("prices %s: %w", t, err)
	}
	ser, err := storeSeries(t, blob, r)
	if err != nil {
		return nil, err
	}
	if ser.Len() == 0 {
		return nil, fmt.Errorf("prices %s%s: %w", t, storeRange(r), ErrNoPrices)
	}
	return ser, nil
}

// LoadAll returns the series (as [Store.Series] builds them) of tickers in
// r, or of every stored ticker when tickers is empty, from the bars
// records (2.5 million bars in well under a second). A ticker with no valid
// bar in r is absent from the map: callers that need every ticker compare
// the map with their list. Large loads are split over up to GOMAXPROCS
// (at most 4) connections read in parallel; each series is read whole
// from one committed state.
func (s *Store) LoadAll(ctx context.Context, tickers []string, r Range) (map[string]*Series, error) {
	want := make([]string, 0, len(tickers))
	for _, t := range tickers {
		n, err := storeNormTicker(t)
		if err != nil {
			return nil, fmt.Errorf("load prices: %w", err)
		}
		want = append(want, n)
	}
	if len(want) == 0 {
		if err := storeStrings(ctx, s.db, `SELECT ticker FROM series WHERE rows > 0 ORDER BY ticker`, &want); err != nil {
			return nil, fmt.Errorf("load prices: %w", err)
		}
	}
	parts := min(runtime.GOMAXPROCS(0), 4, max(len(want)/storeLoadChunk, 1))
	results := make([]map[string]*Series, parts)
	var g errgroup.Group
	for i := range parts {
		chunk := want[i*len(want)/parts : (i+1)*len(want)/parts]
		g.Go(func() error {
			m, err := s.load(ctx, chunk, r)
			results[i] = m
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("load prices: %w", err)
	}
	out := results[0]
	for _, m := range results[1:] {
		maps.Copy(out, m)
	}
	return out, nil
}

// storeLoadChunk is the least number of tickers worth a connection of its
// own in LoadAll.
const storeLoadChunk = 16

// load reads the series of tickers with one query.
func (s *Store) load(ctx context.Context, tickers []string, r Range) (map[string]*Series, error) {
	out := make(map[string]*Series, len(tickers))
	rows, err := s.db.QueryContext(ctx, `SELECT ticker, bars FROM series WHERE ticker IN (SELECT value FROM json_each(?))`, storeJSONStrings(tickers))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var blob sql.RawBytes // valid until the next Next: decoded at once, not copied
		if err := rows.Scan(&t, &blob); err != nil {
			return nil, err
		}
		ser, err := storeSeries(t, blob, r)
		if err != nil {
			return nil, err
		}
		if ser.Len() > 0 {
			out[t] = ser
		}
	}
	return out, rows.Err()
}

// storeRange formats r for messages: " FROM..TO" with "…" for an open
// end, "" when both are open.
func storeRange(r Range) string {
	if r.From.IsZero() && r.To.IsZero() {
		return ""
	}
	return " " + storeDay(r.From) + ".." + storeDay(r.To)
}

// storeJSONStrings encodes ss as a JSON array of strings (tickers need no
// escaping beyond quotes and backslashes, which are escaped anyway).
func storeJSONStrings(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for _, c := range s {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteRune(c)
			case c < 0x20:
				fmt.Fprintf(&b, `\u%04x`, c)
			default:
				b.WriteRune(c)
			}
		}
		b.WriteByte('"')
	}
	b.WriteByte(']')
	return b.String()
}

// List returns a summary of every series with at least one row, by ticker.
func (s *Store) List(ctx context.Context) ([]SeriesInfo, error) {
	return s.list(ctx, false)
}

func (s *Store) list(ctx context.Context, all bool) ([]SeriesInfo, error) {
	return storeList(ctx, s.db, all)
}

// storeQuerier is a *sql.DB or a *sql.Tx.
type storeQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func storeList(ctx context.Context, db storeQuerier, all bool) ([]SeriesInfo, error) {
	q := `SELECT ticker, source, first_date, last_date, rows, fetched_at, requested_from, requested_to FROM series`
	if !all {
		q += ` WHERE rows > 0`
	}
	rows, err := db.QueryContext(ctx, q+` ORDER BY ticker`)
	if err != nil {
		return nil, fmt.Errorf("list prices: %w", err)
	}
	defer rows.Close()
	var out []SeriesInfo
	for rows.Next() {
		in, err := storeScanInfo(rows)
		if err != nil {
			return nil, fmt.Errorf("list prices: %w", err)
		}
		out = append(out, in.SeriesInfo)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list prices: %w", err)
	}
	return out, nil
}

// storeInfo is a SeriesInfo plus whether a Fill ever recorded a request
// (Requested is zero both when none was and for an open request).
type storeInfo struct {
	SeriesInfo
	requested bool
}

// info returns the summary of ticker's series; ok is false when the store
// has no series row for it.
func (s *Store) info(ctx context.Context, ticker string) (in storeInfo, ok bool, err error) {
	row := s.db.QueryRowContext(ctx, `SELECT ticker, source, first_date, last_date, rows, fetched_at, requested_from, requested_to FROM series WHERE ticker = ?`, ticker)
	in, err = storeScanInfo(row)
	if errors.Is(err, sql.ErrNoRows) {
		return storeInfo{}, false, nil
	}
	if err != nil {
		return storeInfo{}, false, fmt.Errorf("series %s: %w", ticker, err)
	}
	return in, true, nil
}

func storeScanInfo(sc interface{ Scan(...any) error }) (storeInfo, error) {
	var (
		in                    storeInfo
		first, last, from, to sql.NullString
		fetched               string
	)
	if err := sc.Scan(&in.Ticker, &in.Source, &first, &last, &in.Rows, &fetched, &from, &to); err != nil {
		return in, err
	}
	in.First, in.Last = storeParseDate(first), storeParseDate(last)
	in.FetchedAt = storeParseInstant(fetched)
	in.Requested = Range{From: storeParseDate(from), To: storeParseDate(to)}
	in.requested = from.Valid
	return in, nil
}

// snapshot reads the bars record of ticker (empty when none).
func (s *Store) snapshot(ctx context.Context, ticker string) (*storeSnapshot, error) {
	return storeReadSnapshot(ctx, s.db, ticker)
}

func storeReadSnapshot(ctx context.Context, db storeQuerier, ticker string) (*storeSnapshot, error) {
	var blob []byte
	err := db.QueryRowContext(ctx, `SELECT bars FROM series WHERE ticker = ?`, ticker).Scan(&blob)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("prices %s: %w", ticker, err)
	}
	snap, err := decodeSnapshot(blob)
	if err != nil {
		return nil, fmt.Errorf("prices %s: %w", ticker, err)
	}
	return snap, nil
}

// storeSeries decodes the bars of blob within r straight into a Series,
// keeping only valid bars (see [Bar.Valid]), without building a snapshot.
func storeSeries(ticker string, blob []byte, r Range) (*Series, error) {
	n, err := storeSnapHeader(blob)
	if err != nil {
		return nil, fmt.Errorf("prices %s: %w", ticker, err)
	}
	s := &Series{Ticker: ticker}
	if n == 0 {
		return s, nil
	}
	body := blob[len(storeSnapMagic)+4:]
	daysRaw := body[:4*n]
	col := func(c, i int) float64 {
		return math.Float64frombits(binary.LittleEndian.Uint64(body[4*n+8*(c*n+i):]))
	}
	dayAt := func(i int) int32 { return int32(binary.LittleEndian.Uint32(daysRaw[4*i:])) }
	lo, hi := 0, n
	if !r.From.IsZero() {
		f := storeDayNumber(r.From)
		lo = storeSearch(n, func(i int) bool { return dayAt(i) >= f })
	}
	if !r.To.IsZero() {
		t := storeDayNumber(r.To)
		hi = storeSearch(n, func(i int) bool { return dayAt(i) > t })
	}
	if hi <= lo {
		return s, nil
	}
	valid := 0
	for i := lo; i < hi; i++ {
		if finitePositive(col(colOpen, i)) && finitePositive(col(colClose, i)) {
			valid++
		}
	}
	s.grow(valid)
	for i := lo; i < hi; i++ {
		o, c := col(colOpen, i), col(colClose, i)
		if !finitePositive(o) || !finitePositive(c) {
			continue
		}
		s.Dates = append(s.Dates, time.Unix(int64(dayAt(i))*86400, 0).UTC())
		s.Open = append(s.Open, o)
		s.High = append(s.High, col(colHigh, i))
		s.Low = append(s.Low, col(colLow, i))
		s.Close = append(s.Close, c)
		s.AdjClose = append(s.AdjClose, col(colAdj, i))
		s.Volume = append(s.Volume, col(colVolume, i))
	}
	return s, nil
}

// storeSearch is sort.Search: the least i in [0, n) with f(i), n if none.
func storeSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !f(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// SourceSpan says where a run of consecutive stored bars of a ticker came
// from: the write (an import or a fetch) that stored them.
type SourceSpan struct {
	First, Last time.Time // session dates of the first and last bar of the run
	Rows        int       // bars in the run
	Source      string    // the source given to PutBars or Fill ("yahoo", "csv:META.csv")
	FetchedAt   time.Time // time of that write (UTC)
}

// Sources returns, in date order, where each of ticker's stored bars came
// from, consecutive bars of the same write as one span. It returns an
// error wrapping [ErrNoPrices] when no bar is stored.
func (s *Store) Sources(ctx context.Context, ticker string) ([]SourceSpan, error) {
	t, err := storeNormTicker(ticker)
	if err != nil {
		return nil, fmt.Errorf("price sources: %w", err)
	}
	snap, err := s.snapshot(ctx, t)
	if err != nil {
		return nil, err
	}
	if snap.len() == 0 {
		return nil, fmt.Errorf("price sources %s: %w", t, ErrNoPrices)
	}
	var out []SourceSpan
	i := 0
	for _, r := range snap.runs() {
		o := snap.origins[r.origin]
		out = append(out, SourceSpan{First: snap.date(i), Last: snap.date(i + r.count - 1), Rows: r.count,
			Source: o.source, FetchedAt: storeParseInstant(o.fetched)})
		i += r.count
	}
	return out, nil
}
