package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Store is Tipster's local SQLite database: daily prices per ticker and
// date, a summary per series, symbols, the article extraction cache and
// runs. It is safe for concurrent use by goroutines and by several
// processes on the same file.
//
// Every write is one transaction: a fetch or an import lands whole or not
// at all, and a process killed mid-write leaves the store with the data it
// had before. The database runs in WAL mode, so readers never wait for a
// writer; writers take the write lock when their transaction begins (BEGIN
// IMMEDIATE), wait up to a busy timeout for another process to finish, and
// retry the transaction the rare times SQLite still answers SQLITE_BUSY.
//
// Layout (storeMigrations in store.go): series holds one row per ticker,
// the record of its prices: its source(s), first and last date, row count,
// last write time, the range asked of providers (for incremental
// [Store.Fill]) and, in one blob, all its bars column by column (NaN for a
// missing value) with, for every bar, the source and fetch time of the
// write that stored it (see storeSnapshot.encode). A write reads the
// ticker's record, merges the new bars in and writes it back, so an import
// costs one blob write rather than one row per bar, and [Store.LoadAll]
// reads millions of bars in well under a second. [Store.Check] verifies
// that every record decodes and agrees with its summary.
//
// The database driver is not imported here: a program using Store must
// import one registered as "sqlite" (modernc.org/sqlite), as cmd/tipster
// does.
type Store struct {
	db   *sql.DB
	path string
	log  *slog.Logger
	now  func() time.Time
}

// busyTimeout is how long a connection waits for another writer before
// SQLite answers SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// Open opens the store at path, creating the file and its parent directory
// when missing, and brings its schema up to date. The caller must Close it.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", storeDSN(abs))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, path: abs, log: slog.New(slog.DiscardHandler), now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// storeDSN is the modernc.org/sqlite data source name for the file at abs.
// The pragmas are in the DSN so that every connection of the pool has them:
// busy_timeout first (so the others wait rather than fail), WAL so readers
// and the writer do not block each other, synchronous=NORMAL (in WAL mode a
// crash may lose the last commits but never corrupts the file), foreign
// keys on; 16 KiB pages (for a new file) and memory-mapped reads, for the
// large bars records; an 8 MiB page cache per connection (a bars record is
// written once, so a larger cache only costs fresh memory: 64 MiB made
// imports 30-50 % slower in CPU).
// _txlock=immediate makes every transaction BEGIN IMMEDIATE: it
// takes the write lock up front, so two writers never deadlock upgrading a
// read lock (which busy_timeout cannot resolve).
func storeDSN(abs string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), OmitHost: true}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "page_size(16384)")      // for a new file; before WAL mode fixes it
	q.Add("_pragma", "mmap_size(1073741824)") // reads of the bars records skip a copy per page
	q.Add("_pragma", "cache_size(-8192)")     // 8 MiB per connection
	q.Set("_journal_mode", "WAL")             // applied after the _pragma list
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	return u.String() + "?" + q.Encode()
}

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// SetLogger sets the logger for debug messages (write progress). The
// default discards them.
func (s *Store) SetLogger(l *slog.Logger) {
	if l == nil {
		l = slog.New(slog.DiscardHandler)
	}
	s.log = l
}

// storeMigration is one schema change: SQL, then Go code (when fn is not
// nil), in the transaction that records it.
type storeMigration struct {
	sql string
	fn  func(ctx context.Context, tx *sql.Tx) error
}

// storeMigrations are the schema changes in order: migration i+1 is
// storeMigrations[i]. Each runs in one transaction together with the
// schema_version row that records it. Never edit a released migration;
// append a new one.
var storeMigrations = []storeMigration{
	// 1: prices, series, symbols, the extraction cache and runs.
	{sql: `
CREATE TABLE prices (
	ticker     TEXT NOT NULL,
	date       TEXT NOT NULL,  -- session date, YYYY-MM-DD
	open       REAL,           -- NULL is a missing value (NaN)
	high       REAL,
	low        REAL,
	close      REAL,
	adj_close  REAL,
	volume     REAL,
	dividend   REAL,           -- cash per share with ex-date on this day, 0 when none
	split      REAL,           -- new shares per old share, 0 when none
	source     TEXT NOT NULL,  -- yahoo, csv, ...
	fetched_at TEXT NOT NULL,  -- RFC 3339 UTC
	PRIMARY KEY (ticker, date)
) WITHOUT ROWID;

CREATE TABLE series (
	ticker         TEXT PRIMARY KEY,
	source         TEXT NOT NULL,  -- comma-separated sources of its rows
	first_date     TEXT,
	last_date      TEXT,
	rows           INTEGER NOT NULL DEFAULT 0,
	fetched_at     TEXT NOT NULL,  -- last write, RFC 3339 UTC
	requested_from TEXT,           -- dates asked of providers so far (a hull), NULL when never
	requested_to   TEXT,
	bars           BLOB            -- columnar copy of the ticker's rows (see encodeSnapshot)
);

CREATE TABLE symbols (
	ticker     TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	exchange   TEXT NOT NULL DEFAULT '',
	cik        TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);
CREATE INDEX symbols_name ON symbols (name);

CREATE TABLE extractions (
	hash         TEXT PRIMARY KEY,  -- content hash of the article
	file         TEXT NOT NULL,
	extracted_at TEXT NOT NULL,
	json         BLOB NOT NULL
);

CREATE TABLE runs (
	id          INTEGER PRIMARY KEY,
	started_at  TEXT NOT NULL,
	config_hash TEXT NOT NULL,
	manifest    TEXT  -- JSON
);
`},
	// 2: the bars blob in series becomes the record of prices (with each
	// bar's source and fetch time); the prices table, one row per bar, goes.
	{fn: storeMigrateRows},
}

// SchemaVersion returns the number of migrations applied to the store.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store %s: schema version: %w", s.path, err)
	}
	return v, nil
}

// migrate creates the version table and applies the pending migrations,
// each in its own write transaction that first re-reads the version, so
// processes opening a new store at the same time apply each migration once.
// An up-to-date store is only read: opening it never waits for a writer.
func (s *Store) migrate(ctx context.Context) error {
	var tables, cur int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'`).Scan(&tables)
	if err == nil && tables == 1 {
		err = s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&cur)
	}
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if cur > len(storeMigrations) {
		return fmt.Errorf("schema version %d is newer than this tipster knows (%d): upgrade tipster", cur, len(storeMigrations))
	}
	if cur == len(storeMigrations) {
		return nil
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
	version    INTEGER PRIMARY KEY,
	applied_at TEXT NOT NULL
)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	for i, m := range storeMigrations {
		n := i + 1
		err := s.write(ctx, func(tx *sql.Tx) error {
			var cur int
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&cur); err != nil {
				return err
			}
			if cur > len(storeMigrations) {
				return fmt.Errorf("schema version %d is newer than this tipster knows (%d): upgrade tipster", cur, len(storeMigrations))
			}
			if cur >= n {
				return nil
			}
			if cur != n-1 {
				return fmt.Errorf("schema version %d, want %d before migration %d", cur, n-1, n)
			}
			if m.sql != "" {
				if _, err := tx.ExecContext(ctx, m.sql); err != nil {
					return err
				}
			}
			if m.fn != nil {
				if err := m.fn(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, applied_at) VALUES (?, ?)`, n, storeInstant(s.now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %d: %w", n, err)
		}
	}
	return nil
}

// write runs fn in a write transaction (BEGIN IMMEDIATE, see storeDSN) and
// commits it, retrying the whole transaction with a jittered backoff when
// SQLite reports the database busy or locked despite the busy timeout (WAL
// recovery, a checkpoint, a connection opening the file at the same time).
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	const attempts = 8
	delay := 20 * time.Millisecond
	var err error
	for i := range attempts {
		err = s.writeOnce(ctx, fn)
		if err == nil || !storeIsBusy(err) || ctx.Err() != nil || i == attempts-1 {
			break
		}
		s.log.Debug("store: busy, retrying the transaction", "path", s.path, "attempt", i+1, "err", err)
		d := delay/2 + rand.N(delay/2+1)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
		delay = min(2*delay, 2*time.Second)
	}
	return err
}

func (s *Store) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// isBusy reports whether err is SQLite's SQLITE_BUSY or SQLITE_LOCKED
// (primary result codes 5 and 6, extended codes included). The driver's
// error type is matched by its Code method so this package need not
// import the driver.
func storeIsBusy(err error) bool {
	var ce interface{ Code() int }
	if errors.As(err, &ce) {
		switch ce.Code() & 0xff {
		case 5, 6:
			return true
		}
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY") ||
		strings.Contains(msg, "database table is locked")
}

// Check verifies the store: SQLite's integrity_check, and for every series
// that its bars record decodes, has its dates strictly ascending, agrees
// with the summary (row count, first and last date) and names only the
// series' sources, each for at least one bar. It reads one consistent
// snapshot (a read transaction, which does not block writers) and returns
// nil when all is well.
func (s *Store) Check(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("check store %s: %w", s.path, err)
	}
	defer tx.Rollback()
	var msgs []string
	if err := storeStrings(ctx, tx, `PRAGMA integrity_check`, &msgs); err != nil {
		return fmt.Errorf("check store %s: %w", s.path, err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("check store %s: integrity_check: %s", s.path, strings.Join(msgs, "; "))
	}
	infos, err := storeList(ctx, tx, true)
	if err != nil {
		return fmt.Errorf("check store %s: %w", s.path, err)
	}
	var errs []error
	for _, in := range infos {
		snap, err := storeReadSnapshot(ctx, tx, in.Ticker)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := storeCheckSnapshot(in, snap); err != nil {
			errs = append(errs, fmt.Errorf("series %s: %w", in.Ticker, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("check store %s: %w", s.path, err)
	}
	return nil
}

// storeStrings appends the first column of q's rows to dst.
func storeStrings(ctx context.Context, db storeQuerier, q string, dst *[]string) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		*dst = append(*dst, v)
	}
	return rows.Err()
}

func storeCheckSnapshot(in SeriesInfo, snap *storeSnapshot) error {
	if err := snap.check(strings.Split(in.Source, ",")); err != nil {
		return err
	}
	n := snap.len()
	if in.Rows != n {
		return fmt.Errorf("series says %d rows, its bars record holds %d", in.Rows, n)
	}
	if n > 0 && (!in.First.Equal(snap.date(0)) || !in.Last.Equal(snap.date(n-1))) {
		return fmt.Errorf("series says %s..%s, its bars record %s..%s", storeDay(in.First), storeDay(in.Last), storeDay(snap.date(0)), storeDay(snap.date(n-1)))
	}
	if n == 0 && (!in.First.IsZero() || !in.Last.IsZero()) {
		return fmt.Errorf("series says %s..%s, but no bar is stored", storeDay(in.First), storeDay(in.Last))
	}
	return nil
}

// sameBar reports whether a and b are equal field for field, NaN equal to NaN.
func storeSameBar(a, b Bar) bool {
	eq := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return a.Date.Equal(b.Date) && eq(a.Open, b.Open) && eq(a.High, b.High) && eq(a.Low, b.Low) &&
		eq(a.Close, b.Close) && eq(a.AdjClose, b.AdjClose) && eq(a.Volume, b.Volume) &&
		eq(a.Dividend, b.Dividend) && eq(a.Split, b.Split)
}

// normTicker is the form tickers are stored in: trimmed, upper case.
func storeNormTicker(t string) (string, error) {
	t = strings.ToUpper(strings.TrimSpace(t))
	if t == "" {
		return "", errors.New("empty ticker")
	}
	return t, nil
}

// day formats a session date as YYYY-MM-DD, "…" for the zero time.
func storeDay(t time.Time) string {
	if t.IsZero() {
		return "…"
	}
	return t.Format(time.DateOnly)
}

func storeInstant(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func storeParseInstant(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func storeParseDate(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(time.DateOnly, s.String)
	return t
}

// mergeSources adds src to the comma-separated, sorted set old.
func storeMergeSources(old, src string) string {
	var set []string
	if old != "" {
		set = strings.Split(old, ",")
	}
	if src != "" && !slices.Contains(set, src) {
		set = append(set, src)
		slices.Sort(set)
	}
	return strings.Join(set, ",")
}
