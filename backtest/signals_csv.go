package backtest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tipster/tipster/signals"
)

// signalColumns are the columns ReadSignalsCSV knows; the first three are
// required.
var signalColumns = []string{"published", "ticker", "action", "strength", "source", "author",
	// the rest of the columns `tipster extract --format csv` writes, so its
	// output can be backtested as it is
	"file", "published_from", "entity", "tradable", "reason", "conditions", "horizon",
	"price_target", "confidence", "proxy", "analyst", "firm", "evidence"}

// ReadSignalsCSV reads a list of calls from CSV so a published track record
// can be backtested without articles. name is the file name used in errors.
//
// The first row is a header naming the columns, in any order and any case:
// published, ticker, action (required) and strength, source, author
// (optional), plus the other columns of `tipster extract --format csv`
// (entity, tradable, reason, evidence, …); any other column is an error.
// A row with tradable false keeps its reason and needs no ticker; a row
// with an empty published has no publication date (the backtest skips it
// with that reason). Lines starting with # are
// comments; blank lines are skipped; a leading UTF-8 BOM is ignored.
//
//   - published: YYYY-MM-DD (a date-only signal: DateOnly true, Published
//     that date at 00:00 UTC, acting after that day's close) or RFC 3339
//     with a zone or offset (2025-06-09T06:55:00-04:00), stored in UTC.
//   - ticker: upper-cased, required.
//   - action: buy, sell, hold, avoid or watch, any case.
//   - strength: strong, normal or weak; empty is normal.
//
// Every signal is Tradable with PublishedFrom "csv" and Confidence 1. The
// first bad row stops the read with an error naming the file, the line and
// the column.
func ReadSignalsCSV(name string, r io.Reader) ([]signals.Signal, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file, want a header row with published,ticker,action", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := make(map[string]int)
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range signalColumns {
			known = known || c == h
		}
		if !known {
			return nil, fmt.Errorf("%s:1: unknown column %q (want %s)", name, h, strings.Join(signalColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("%s:1: column %q appears twice", name, h)
		}
		col[h] = i
	}
	_, hasExtract := col["entity"] // written by tipster extract: undated rows are kept
	for _, c := range signalColumns[:3] {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s:1: missing column %q (want published,ticker,action)", name, c)
		}
	}
	var out []signals.Signal
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) string {
			i, ok := col[c]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		bad := func(c string, err error) error {
			return fmt.Errorf("%s:%d: %s: %w", name, line, c, err)
		}
		s := signals.Signal{Tradable: true, PublishedFrom: "csv", Confidence: 1}
		if v := get("published"); v != "" || !hasExtract {
			if s.Published, s.DateOnly, err = parsePublished(v); err != nil {
				return nil, bad("published", err)
			}
		}
		if v := get("tradable"); v != "" {
			if s.Tradable, err = strconv.ParseBool(v); err != nil {
				return nil, bad("tradable", fmt.Errorf("%q is not true or false", v))
			}
		}
		s.Ticker = strings.ToUpper(get("ticker"))
		if s.Ticker == "" && s.Tradable {
			return nil, bad("ticker", errors.New("empty"))
		}
		s.Entity = s.Ticker
		if v := get("entity"); v != "" {
			s.Entity = v
		}
		s.Reason, s.Conditions, s.Horizon, s.Evidence, s.Article = get("reason"), get("conditions"), get("horizon"), get("evidence"), get("file")
		if v := get("published_from"); v != "" {
			s.PublishedFrom = v
		}
		s.Proxy = get("proxy") == "true"
		if s.Action, err = signals.ParseAction(get("action")); err != nil {
			return nil, bad("action", err)
		}
		if s.Strength, err = signals.ParseStrength(get("strength")); err != nil {
			return nil, bad("strength", err)
		}
		s.Source, s.Author = get("source"), get("author")
		out = append(out, s)
	}
}

// parsePublished parses YYYY-MM-DD (date only) or RFC 3339.
func parsePublished(v string) (time.Time, bool, error) {
	if v == "" {
		return time.Time{}, false, errors.New("empty")
	}
	if len(v) == len(time.DateOnly) {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%q: want YYYY-MM-DD or RFC 3339", v)
		}
		return d, true, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%q: want YYYY-MM-DD or RFC 3339 with an offset (2025-06-09T06:55:00-04:00)", v)
	}
	return t.UTC(), false, nil
}
