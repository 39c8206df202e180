package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrCSVHeader is returned (wrapped in a *[CSVError]) when a CSV file's
// header names no date column or no close column.
var ErrCSVHeader = errors.New("data: unrecognised CSV header")

// CSVError is a problem at one place of a CSV file: a bad row, a bad cell or
// the header. Line is the 1-based line in the file; Column is the header name
// of the bad cell, empty when the whole row or the header is meant.
type CSVError struct {
	File   string
	Line   int
	Column string
	Err    error
}

// Error returns "file:line: column C: err".
func (e *CSVError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Column != "" {
		b.WriteString(": column ")
		b.WriteString(e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *CSVError) Unwrap() error { return e.Err }

// csvField is what a header column means.
type csvField int

const (
	csvIgnore csvField = iota
	csvDate
	csvOpen
	csvHigh
	csvLow
	csvClose
	csvAdjClose
	csvVolume
	csvDividend
	csvSplit
	csvFields
)

// csvAliases maps a normalised header name (lower case, '_' '-' '.' '*' as
// spaces, spaces collapsed) to its field. Polish names are Stooq's.
var csvAliases = map[string]csvField{
	"date": csvDate, "datetime": csvDate, "timestamp": csvDate, "data": csvDate,
	"open": csvOpen, "otwarcie": csvOpen,
	"high": csvHigh, "najwyzszy": csvHigh,
	"low": csvLow, "najnizszy": csvLow,
	"close": csvClose, "zamkniecie": csvClose, "close/last": csvClose,
	"adj close": csvAdjClose, "adjclose": csvAdjClose, "adjusted close": csvAdjClose, "adj": csvAdjClose,
	"volume": csvVolume, "vol": csvVolume, "wolumen": csvVolume,
	"dividends": csvDividend, "dividend": csvDividend, "dividend amount": csvDividend,
	"stock splits": csvSplit, "stock split": csvSplit, "splits": csvSplit, "split": csvSplit, "split coefficient": csvSplit,
}

func csvNormName(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.', '*':
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// csvLayout is the column index of each field, -1 when absent.
type csvLayout struct {
	col   [csvFields]int
	names []string // header names as written, for error messages
	need  int      // records must have more than this many fields
}

// csvMapHeader maps a header row to fields. The date column is the one named
// date/datetime/timestamp; failing that an unnamed first column (a pandas
// index, as in backtesting.py's GOOG.csv) or yfinance's MultiIndex "Price"
// column. A leading unnamed index column before a named date column is
// ignored, as are unknown columns.
func csvMapHeader(h []string) (csvLayout, bool) {
	var l csvLayout
	for i := range l.col {
		l.col[i] = -1
	}
	l.names = slices.Clone(h)
	for i, name := range h {
		n := csvNormName(name)
		f, ok := csvAliases[n]
		if !ok || l.col[f] >= 0 {
			continue
		}
		l.col[f] = i
	}
	if l.col[csvDate] < 0 && len(h) > 1 {
		if n := csvNormName(h[0]); n == "" || n == "price" || n == "unnamed: 0" {
			l.col[csvDate] = 0
		}
	}
	if l.col[csvDate] < 0 || (l.col[csvClose] < 0 && l.col[csvAdjClose] < 0) {
		return l, false
	}
	for _, c := range l.col {
		l.need = max(l.need, c)
	}
	return l, true
}

// ParseCSV reads daily bars from a CSV file; name is used in errors only.
//
// The layout is detected from the header, in any case and column order:
// Yahoo's download (Date,Open,High,Low,Close,Adj Close,Volume), Stooq's
// (Date,Open,High,Low,Close,Volume, also with Polish names), a minimal
// date,close, yfinance's (Datetime, Dividends, Stock Splits, its 3-line
// MultiIndex header and the ",XLE,XLE,…" ticker row), Alpha Vantage's
// (timestamp, adjusted_close, dividend_amount, split_coefficient), Nasdaq's
// (Close/Last, "$" prices). Unknown columns and a leading index column are
// ignored; the delimiter may be ',', ';' or tab; CRLF and a UTF-8 BOM are
// fine.
//
// Dates are read as written (YYYY-MM-DD with an optional time and offset
// that are ignored, YYYYMMDD, YYYY/MM/DD, or US-style MM/DD/YYYY) and become
// 00:00 UTC of that date. Prices are kept as given, unscaled. An empty,
// "null", "NaN", "NA", "N/A", "None" or "-" cell is NaN, never 0; a missing
// Adj Close or Volume column gives NaN; missing dividend and split columns
// give 0, and a split coefficient of 1 means no split (0). A file with a
// close but no open, high or low column (date,close) takes the close as the
// bar's open, high and low, so the bar is tradable (see [Bar.Valid]); a file
// with only an adjusted close uses it as the close too.
//
// Bad rows do not abort the file: a row whose date or a number cannot be
// parsed, or that is too short or empty, is skipped and returned in bad as a
// *[CSVError] with the file name, line and column. err is non-nil (and bars
// nil) only when the file cannot be used at all: unreadable, an unrecognised
// header (a *CSVError wrapping [ErrCSVHeader]), or not one good row (wrapping
// [ErrNoPrices] when there were no rows, else the first bad row's error).
//
// Bars are returned in ascending date order (a descending file is sorted);
// duplicate dates are kept for [Validate] to report.
func ParseCSV(name string, r io.Reader) (bars []Bar, bad []*CSVError, err error) {
	cr := newCSVReader(r)
	rec, err := cr.next()
	if err == io.EOF {
		return nil, nil, &CSVError{File: name, Line: 1, Err: fmt.Errorf("empty file: %w", ErrCSVHeader)}
	}
	if err != nil {
		return nil, nil, &CSVError{File: name, Line: cr.start, Err: err}
	}
	h := make([]string, len(rec))
	for i, f := range rec {
		h[i] = string(f)
	}
	l, ok := csvMapHeader(h)
	if !ok {
		return nil, nil, &CSVError{File: name, Line: cr.start, Err: fmt.Errorf("%w %q: want a date column and a close column", ErrCSVHeader, strings.Join(h, string(cr.comma)))}
	}
	fill := l.col[csvOpen] < 0 && l.col[csvHigh] < 0 && l.col[csvLow] < 0
	inHeader := true // still in header continuation rows
	sorted := true
	for {
		rec, err := cr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, &CSVError{File: name, Line: cr.start, Err: pe.Err})
				continue
			}
			return nil, bad, fmt.Errorf("%s: %w", name, err)
		}
		if inHeader && csvHeaderRow(rec, l.col[csvDate]) {
			continue
		}
		inHeader = false
		b, e := l.parseRow(rec, fill)
		if e != nil {
			e.File, e.Line = name, cr.start
			bad = append(bad, e)
			continue
		}
		if bars == nil {
			bars = make([]Bar, 0, csvRowsHint(r, cr.br.Buffered(), cr.lineLen))
		}
		if n := len(bars); n > 0 && b.Date.Before(bars[n-1].Date) {
			sorted = false
		}
		bars = append(bars, b)
	}
	if len(bars) == 0 {
		if len(bad) > 0 {
			return nil, bad, fmt.Errorf("%s: no valid row of %d: %w", name, len(bad), bad[0])
		}
		return nil, nil, fmt.Errorf("%s: no rows: %w", name, ErrNoPrices)
	}
	if !sorted {
		slices.SortStableFunc(bars, func(a, b Bar) int { return a.Date.Compare(b.Date) })
	}
	return bars, bad, nil
}

// csvRowsHint guesses the number of rows from the input's size and the
// length of one line, so the bars slice is allocated once: r's Len (bytes,
// strings and bufio readers; plus what is already buffered) or Stat size
// (files). It returns 0 (grow as
// needed) when the size is unknown.
func csvRowsHint(r io.Reader, buffered, lineLen int) int {
	var size int64
	switch v := r.(type) {
	case interface{ Len() int }:
		size = int64(v.Len() + buffered)
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if size <= 0 || lineLen <= 0 {
		return 0
	}
	return int(min(size/int64(lineLen)+size/int64(lineLen)/8+16, 1<<24))
}

// csvReader splits a CSV stream into records without allocating per row:
// a line without a double quote is split on the delimiter in place; a line
// with quotes (possibly continued over several lines until the quotes
// balance) goes through encoding/csv. Empty lines are skipped, CR LF and a
// leading UTF-8 BOM are removed.
type csvReader struct {
	br      *bufio.Reader
	comma   byte
	line    int // lines read so far
	start   int // first line of the record last returned
	lineLen int // length of the last line read, with its line ending
	buf     []byte
	rec     []byte
	fields  [][]byte
}

func newCSVReader(r io.Reader) *csvReader {
	br := bufio.NewReaderSize(r, 64<<10)
	return &csvReader{br: br, comma: csvSniffComma(br)}
}

// readLine returns the next line without its line ending; the slice is
// valid until the next call.
func (c *csvReader) readLine() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.buf = append(c.buf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = c.br.ReadSlice('\n')
			c.buf = append(c.buf, line...)
		}
		line = c.buf
	}
	if len(line) == 0 {
		if err == nil {
			err = io.EOF
		}
		return nil, err
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	c.line++
	c.lineLen = len(line)
	line = bytes.TrimSuffix(line, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if c.line == 1 {
		line = bytes.TrimPrefix(line, []byte("\ufeff"))
	}
	return line, nil
}

// next returns the fields of the next record; they are valid until the
// next call. A malformed quoted record gives a *csv.ParseError.
func (c *csvReader) next() ([][]byte, error) {
	for {
		line, err := c.readLine()
		if err != nil {
			return nil, err
		}
		c.start = c.line
		if len(line) == 0 {
			continue
		}
		c.fields = c.fields[:0]
		if bytes.IndexByte(line, '"') < 0 {
			for {
				i := bytes.IndexByte(line, c.comma)
				if i < 0 {
					break
				}
				c.fields = append(c.fields, line[:i])
				line = line[i+1:]
			}
			c.fields = append(c.fields, line)
			return c.fields, nil
		}
		c.rec = append(c.rec[:0], line...)
		for bytes.Count(c.rec, []byte{'"'})%2 == 1 {
			more, err := c.readLine()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			c.rec = append(c.rec, '\n')
			c.rec = append(c.rec, more...)
		}
		cr := csv.NewReader(bytes.NewReader(c.rec))
		cr.Comma = rune(c.comma)
		cr.LazyQuotes = true
		cr.FieldsPerRecord = -1
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				pe = &csv.ParseError{StartLine: 1, Line: 1, Err: err}
			}
			return nil, pe
		}
		for _, f := range rec {
			c.fields = append(c.fields, []byte(f))
		}
		return c.fields, nil
	}
}

// csvSniffComma picks the delimiter from the first line: ',' unless the line
// has more ';' or tabs than commas.
func csvSniffComma(br *bufio.Reader) byte {
	p, _ := br.Peek(4096)
	if i := bytes.IndexByte(p, '\n'); i >= 0 {
		p = p[:i]
	}
	c, s, t := bytes.Count(p, []byte{','}), bytes.Count(p, []byte{';'}), bytes.Count(p, []byte{'\t'})
	switch {
	case s > c && s >= t:
		return ';'
	case t > c && t > s:
		return '\t'
	}
	return ','
}

// csvHeaderRow reports whether a row right after the header is a header
// continuation: yfinance's "Ticker,V,V,…" and "Date,,,…" lines or the
// ",XLE,XLE,…" ticker row — a first cell that is a header word, or empty
// with some other cell filled; no parsable date; no number in any cell.
func csvHeaderRow(rec [][]byte, dateCol int) bool {
	switch csvNormName(string(rec[0])) {
	case "ticker", "date", "datetime", "price":
	case "":
		if len(bytes.TrimSpace(bytes.Join(rec, nil))) == 0 {
			return false
		}
	default:
		return false
	}
	if dateCol < len(rec) {
		if _, ok := csvParseDate(string(rec[dateCol])); ok {
			return false
		}
	}
	for _, c := range rec[1:] {
		if _, err := strconv.ParseFloat(string(bytes.TrimSpace(c)), 64); err == nil {
			return false
		}
	}
	return true
}

// parseRow turns one record into a bar, or a CSVError without file and line.
func (l *csvLayout) parseRow(rec [][]byte, fill bool) (Bar, *CSVError) {
	if len(rec) <= l.need {
		if len(bytes.TrimSpace(bytes.Join(rec, nil))) == 0 {
			return Bar{}, &CSVError{Err: errors.New("empty row")}
		}
		return Bar{}, &CSVError{Err: fmt.Errorf("%d fields, want at least %d", len(rec), l.need+1)}
	}
	ds := rec[l.col[csvDate]]
	d, ok := csvParseDate(string(ds))
	if !ok {
		if len(bytes.TrimSpace(bytes.Join(rec, nil))) == 0 {
			return Bar{}, &CSVError{Err: errors.New("empty row")}
		}
		return Bar{}, &CSVError{Column: l.names[l.col[csvDate]], Err: fmt.Errorf("bad date %q", ds)}
	}
	b := Bar{Date: d}
	var v [csvFields]float64
	for f := csvOpen; f < csvFields; f++ {
		c := l.col[f]
		if c < 0 {
			v[f] = math.NaN()
			continue
		}
		x, err := csvParseNumber(rec[c])
		if err != nil {
			return Bar{}, &CSVError{Column: l.names[c], Err: err}
		}
		v[f] = x
	}
	b.Open, b.High, b.Low, b.Close, b.AdjClose, b.Volume = v[csvOpen], v[csvHigh], v[csvLow], v[csvClose], v[csvAdjClose], v[csvVolume]
	if l.col[csvClose] < 0 {
		b.Close = b.AdjClose
	}
	if fill {
		b.Open, b.High, b.Low = b.Close, b.Close, b.Close
	}
	if x := v[csvDividend]; !math.IsNaN(x) {
		b.Dividend = x
	}
	if x := v[csvSplit]; !math.IsNaN(x) && x != 1 {
		b.Split = x
	}
	return b, nil
}

// csvParseNumber parses a cell: NaN for the missing-value spellings, else a
// float, allowing a leading '$' and thousands separators.
func csvParseNumber(b []byte) (float64, error) {
	x, err := strconv.ParseFloat(string(b), 64)
	if err == nil {
		return x, nil
	}
	s := string(b)
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "", "null", "nan", "na", "n/a", "none", "-", "#n/a":
		return math.NaN(), nil
	}
	t = strings.TrimPrefix(t, "$")
	if strings.Contains(t, ",") {
		t = strings.ReplaceAll(t, ",", "")
	}
	if x, err2 := strconv.ParseFloat(t, 64); err2 == nil {
		return x, nil
	}
	return 0, fmt.Errorf("bad number %q", s)
}

// csvParseDate reads the date at the start of s: YYYY-MM-DD or YYYY/MM/DD
// (anything after a following space or 'T' is ignored), YYYYMMDD, or
// MM/DD/YYYY. It returns 00:00 UTC of that date.
func csvParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	var y, m, d int
	switch {
	case len(s) >= 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]:
		if len(s) > 10 && s[10] != ' ' && s[10] != 'T' {
			return time.Time{}, false
		}
		var ok1, ok2, ok3 bool
		y, ok1 = csvDigits(s[0:4])
		m, ok2 = csvDigits(s[5:7])
		d, ok3 = csvDigits(s[8:10])
		if !ok1 || !ok2 || !ok3 {
			return time.Time{}, false
		}
	case len(s) >= 8 && len(s) <= 10 && strings.Count(s, "/") == 2:
		a, rest, _ := strings.Cut(s, "/")
		b, c, _ := strings.Cut(rest, "/")
		var ok1, ok2, ok3 bool
		m, ok1 = csvDigits(a)
		d, ok2 = csvDigits(b)
		y, ok3 = csvDigits(c)
		if !ok1 || !ok2 || !ok3 || len(a) > 2 || len(b) > 2 || len(c) != 4 {
			return time.Time{}, false
		}
	case len(s) == 8:
		var ok bool
		if y, ok = csvDigits(s[0:4]); !ok {
			return time.Time{}, false
		}
		if m, ok = csvDigits(s[4:6]); !ok {
			return time.Time{}, false
		}
		if d, ok = csvDigits(s[6:8]); !ok {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	if m < 1 || m > 12 || d < 1 || d > csvDaysIn(y, m) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

func csvDigits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func csvDaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// WriteCSV writes bars in Yahoo's download layout plus the event columns:
// Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits. Numbers
// are written exactly (shortest representation that reads back to the same
// float64), NaN as an empty cell, so [ParseCSV] reads the file back to the
// same bars.
func WriteCSV(w io.Writer, bars []Bar) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits\n")
	var buf []byte
	for _, b := range bars {
		buf = b.Date.AppendFormat(buf[:0], time.DateOnly)
		for _, x := range [...]float64{b.Open, b.High, b.Low, b.Close, b.AdjClose, b.Volume, b.Dividend, b.Split} {
			buf = append(buf, ',')
			if !math.IsNaN(x) {
				buf = strconv.AppendFloat(buf, x, 'f', -1, 64)
			}
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
