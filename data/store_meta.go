package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SymbolRow is one entry of the symbol directory kept in the store.
type SymbolRow struct {
	Ticker    string
	Name      string // company or fund name
	Exchange  string // may be empty
	CIK       string // SEC central index key, may be empty
	Source    string // where the row came from ("sec", "builtin", a file name)
	UpdatedAt time.Time
}

// PutSymbols inserts or replaces rows (by ticker, stored upper case) in one
// transaction. A zero UpdatedAt is set to the current time.
func (s *Store) PutSymbols(ctx context.Context, rows []SymbolRow) error {
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO symbols (ticker, name, exchange, cik, source, updated_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (ticker) DO UPDATE SET name = excluded.name, exchange = excluded.exchange,
	cik = excluded.cik, source = excluded.source, updated_at = excluded.updated_at`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i, r := range rows {
			t, err := storeNormTicker(r.Ticker)
			if err != nil {
				return fmt.Errorf("symbol %d (%q): %w", i, r.Name, err)
			}
			at := r.UpdatedAt
			if at.IsZero() {
				at = now
			}
			if _, err := st.ExecContext(ctx, t, r.Name, r.Exchange, r.CIK, r.Source, storeInstant(at)); err != nil {
				return fmt.Errorf("symbol %s: %w", t, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put %d symbols: %w", len(rows), err)
	}
	return nil
}

// Symbols returns every stored symbol, by ticker.
func (s *Store) Symbols(ctx context.Context) ([]SymbolRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT ticker, name, exchange, cik, source, updated_at FROM symbols ORDER BY ticker`)
	if err != nil {
		return nil, fmt.Errorf("symbols: %w", err)
	}
	defer rows.Close()
	var out []SymbolRow
	for rows.Next() {
		var r SymbolRow
		var at string
		if err := rows.Scan(&r.Ticker, &r.Name, &r.Exchange, &r.CIK, &r.Source, &at); err != nil {
			return nil, fmt.Errorf("symbols: %w", err)
		}
		r.UpdatedAt = storeParseInstant(at)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("symbols: %w", err)
	}
	return out, nil
}

// PutExtraction caches payload (an extraction result, typically JSON) for
// the article whose content hash is hash, read from file. An existing entry
// for hash is replaced.
func (s *Store) PutExtraction(ctx context.Context, hash, file string, payload []byte) error {
	if hash == "" {
		return fmt.Errorf("put extraction of %s: empty hash", file)
	}
	if payload == nil {
		payload = []byte{}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO extractions (hash, file, extracted_at, json) VALUES (?, ?, ?, ?)
ON CONFLICT (hash) DO UPDATE SET file = excluded.file, extracted_at = excluded.extracted_at, json = excluded.json`,
			hash, file, storeInstant(s.now()), payload)
		return err
	})
	if err != nil {
		return fmt.Errorf("put extraction of %s (%s): %w", file, hash, err)
	}
	return nil
}

// ExtractionRow is one cached extraction for [Store.PutExtractions].
type ExtractionRow struct {
	Hash, File string
	Payload    []byte
}

// PutExtractions caches many extractions in one transaction: a folder of
// thousands of articles costs one commit, not one per article.
func (s *Store) PutExtractions(ctx context.Context, rows []ExtractionRow) error {
	if len(rows) == 0 {
		return nil
	}
	for _, r := range rows {
		if r.Hash == "" {
			return fmt.Errorf("put extraction of %s: empty hash", r.File)
		}
	}
	now := storeInstant(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO extractions (hash, file, extracted_at, json) VALUES (?, ?, ?, ?)
ON CONFLICT (hash) DO UPDATE SET file = excluded.file, extracted_at = excluded.extracted_at, json = excluded.json`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range rows {
			p := r.Payload
			if p == nil {
				p = []byte{}
			}
			if _, err := st.ExecContext(ctx, r.Hash, r.File, now, p); err != nil {
				return fmt.Errorf("%s: %w", r.File, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put %d extractions: %w", len(rows), err)
	}
	return nil
}

// Extraction returns the cached payload for hash; ok is false when there
// is none.
func (s *Store) Extraction(ctx context.Context, hash string) (payload []byte, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT json FROM extractions WHERE hash = ?`, hash).Scan(&payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("extraction %s: %w", hash, err)
	}
	if payload == nil {
		payload = []byte{}
	}
	return payload, true, nil
}
