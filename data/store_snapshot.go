package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// storeSnapshot is a ticker's bars as kept in series.bars, the store's
// record of its prices: dates as days since 1970-01-01 (ascending, unique),
// one column per field with NaN for missing values, and for every bar the
// write it came from (an index into origins).
type storeSnapshot struct {
	days    []int32
	cols    [storeCols][]float64
	origins []storeOrigin // the writes that left bars, each once
	org     []uint32      // per bar: its index in origins
}

// storeOrigin is where a stored bar came from: its source ("yahoo",
// "csv:META.csv") and the time of the write (RFC 3339 UTC).
type storeOrigin struct{ source, fetched string }

// Columns of a snapshot, in order.
const (
	colOpen = iota
	colHigh
	colLow
	colClose
	colAdj
	colVolume
	colDividend
	colSplit
	storeCols
)

// storeDense is the number of columns stored densely, one value per bar
// (open to volume); dividend and split, 0 on almost every bar, are stored
// only for the bars where either is not (bit for bit) 0.
const storeDense = colVolume + 1

// storeSnapMagic starts every encoded snapshot; its last byte is the
// format version. Version 1 (schema 1) had no origins: the prices table
// held them, and migration 2 rewrote every blob.
const storeSnapMagic = "TPS\x02"

// storeSnapFixed is the size of the fixed part of an encoded snapshot of
// n bars: magic, count, day numbers and dense columns.
func storeSnapFixed(n int) int { return len(storeSnapMagic) + 4 + 4*n + 8*storeDense*n }

func (s *storeSnapshot) len() int { return len(s.days) }

func (s *storeSnapshot) date(i int) time.Time {
	return time.Unix(int64(s.days[i])*86400, 0).UTC()
}

func (s *storeSnapshot) bar(i int) Bar {
	c := &s.cols
	return Bar{Date: s.date(i), Open: c[colOpen][i], High: c[colHigh][i], Low: c[colLow][i], Close: c[colClose][i],
		AdjClose: c[colAdj][i], Volume: c[colVolume][i], Dividend: c[colDividend][i], Split: c[colSplit][i]}
}

// span returns the index range [lo, hi) of the days within r.
func (s *storeSnapshot) span(r Range) (lo, hi int) {
	return storeSpan(s.days, r)
}

func storeSpan(days []int32, r Range) (lo, hi int) {
	lo, hi = 0, len(days)
	if !r.From.IsZero() {
		f := storeDayNumber(r.From)
		lo, _ = slices.BinarySearch(days, f)
	}
	if !r.To.IsZero() {
		t := storeDayNumber(r.To)
		hi, _ = slices.BinarySearch(days, t+1)
	}
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// storeDayNumber is the number of days from 1970-01-01 to t's date.
func storeDayNumber(t time.Time) int32 {
	u := Date(t).Unix()
	return int32(u / 86400) // exact: Date is at 00:00 UTC
}

// newStoreSnapshot returns an empty snapshot with room for n bars.
func newStoreSnapshot(n int) *storeSnapshot {
	s := &storeSnapshot{days: make([]int32, 0, n), org: make([]uint32, 0, n)}
	for c := range s.cols {
		s.cols[c] = make([]float64, 0, n)
	}
	return s
}

// origin returns the index of o in s.origins, adding it when missing.
func (s *storeSnapshot) origin(o storeOrigin) uint32 {
	if i := slices.Index(s.origins, o); i >= 0 {
		return uint32(i)
	}
	s.origins = append(s.origins, o)
	return uint32(len(s.origins) - 1)
}

// addBar appends b (its date after the last) as the day number d, from
// origin id.
func (s *storeSnapshot) addBar(d int32, b Bar, id uint32) {
	s.days = append(s.days, d)
	s.org = append(s.org, id)
	c := &s.cols
	c[colOpen] = append(c[colOpen], b.Open)
	c[colHigh] = append(c[colHigh], b.High)
	c[colLow] = append(c[colLow], b.Low)
	c[colClose] = append(c[colClose], b.Close)
	c[colAdj] = append(c[colAdj], b.AdjClose)
	c[colVolume] = append(c[colVolume], b.Volume)
	c[colDividend] = append(c[colDividend], b.Dividend)
	c[colSplit] = append(c[colSplit], b.Split)
}

// storeBarField returns field c of b.
func storeBarField(b *Bar, c int) float64 {
	switch c {
	case colOpen:
		return b.Open
	case colHigh:
		return b.High
	case colLow:
		return b.Low
	case colClose:
		return b.Close
	case colAdj:
		return b.AdjClose
	case colVolume:
		return b.Volume
	case colDividend:
		return b.Dividend
	}
	return b.Split
}

// storeSegment is a run of bars of a merge: [lo, hi) of the stored bars,
// or of the new bars when fresh is set.
type storeSegment struct {
	fresh  bool
	lo, hi int
}

// merge returns the snapshot of s with bars (sorted, unique dates, see
// storeSortBars) written over it, from origin o: a bar replaces the one of
// its date. Origins no bar comes from any more are dropped. When progress
// is not nil it is called with the number of bars merged so far after
// every storeProgressRows of them.
func (s *storeSnapshot) merge(bars []Bar, o storeOrigin, progress func(done int)) *storeSnapshot {
	// Plan: runs of stored and new bars in date order.
	days := make([]int32, len(bars))
	var segs []storeSegment
	add := func(fresh bool, lo, hi int) {
		if lo == hi {
			return
		}
		if k := len(segs) - 1; k >= 0 && segs[k].fresh == fresh && segs[k].hi == lo {
			segs[k].hi = hi
			return
		}
		segs = append(segs, storeSegment{fresh, lo, hi})
	}
	i, n := 0, 0 // next stored bar, bars in the result
	for k := range bars {
		if progress != nil && k > 0 && k%storeProgressRows == 0 {
			progress(k)
		}
		d := storeDayNumber(bars[k].Date)
		days[k] = d
		j := i
		for j < s.len() && s.days[j] < d {
			j++
		}
		add(false, i, j)
		n += j - i
		i = j
		if i < s.len() && s.days[i] == d {
			i++ // replaced
		}
		add(true, k, k+1)
		n++
	}
	add(false, i, s.len())
	n += s.len() - i

	out := &storeSnapshot{days: make([]int32, 0, n), org: make([]uint32, 0, n), origins: slices.Clone(s.origins)}
	var id uint32
	if len(bars) > 0 {
		id = out.origin(o)
	}
	for _, g := range segs {
		if !g.fresh {
			out.days = append(out.days, s.days[g.lo:g.hi]...)
			out.org = append(out.org, s.org[g.lo:g.hi]...)
			continue
		}
		out.days = append(out.days, days[g.lo:g.hi]...)
		for range g.hi - g.lo {
			out.org = append(out.org, id)
		}
	}
	for c := range out.cols {
		col := make([]float64, 0, n)
		for _, g := range segs {
			if !g.fresh {
				col = append(col, s.cols[c][g.lo:g.hi]...)
				continue
			}
			for k := g.lo; k < g.hi; k++ {
				col = append(col, storeBarField(&bars[k], c))
			}
		}
		out.cols[c] = col
	}
	out.prune()
	return out
}

// prune drops the origins no bar refers to and renumbers the others.
func (s *storeSnapshot) prune() {
	used := make([]bool, len(s.origins))
	n := 0
	for _, id := range s.org {
		if !used[id] {
			used[id] = true
			n++
		}
	}
	if n == len(s.origins) {
		return
	}
	remap := make([]uint32, len(s.origins))
	kept := make([]storeOrigin, 0, n)
	for i, o := range s.origins {
		if used[i] {
			remap[i] = uint32(len(kept))
			kept = append(kept, o)
		}
	}
	for i, id := range s.org {
		s.org[i] = remap[id]
	}
	s.origins = kept
}

// storeRun is a run of consecutive bars of one origin.
type storeRun struct{ count, origin int }

// runs returns the bars' origins run-length encoded.
func (s *storeSnapshot) runs() []storeRun {
	var out []storeRun
	for i, id := range s.org {
		if i > 0 && s.org[i-1] == id {
			out[len(out)-1].count++
			continue
		}
		out = append(out, storeRun{count: 1, origin: int(id)})
	}
	return out
}

// encode returns the snapshot as a blob:
//
//	magic "TPS\x02"
//	n                 uint32, little endian: the number of bars
//	days              n × int32: days since 1970-01-01, ascending
//	columns           6 × n × float64 (IEEE 754 bits): open, high, low,
//	                  close, adj close, volume
//	events            uvarint e, then e × (uvarint gap, dividend float64,
//	                  split float64): the bars whose dividend or split is
//	                  not 0, by index (gap = index − previous index − 1,
//	                  the first counted from −1); the others have 0 and 0
//	origins           uvarint k, then k × (uvarint length + source,
//	                  uvarint length + fetch time, RFC 3339)
//	runs              uvarint r, then r × (uvarint count, uvarint origin):
//	                  the bars' origins in date order, run-length encoded
//
// The fixed part comes first so that readers of prices reach any value by
// its offset. An empty snapshot encodes as nil.
func (s *storeSnapshot) encode() []byte {
	n := s.len()
	if n == 0 {
		return nil
	}
	runs := s.runs()
	div, split := s.cols[colDividend], s.cols[colSplit]
	events := 0
	for i := range n {
		if math.Float64bits(div[i]) != 0 || math.Float64bits(split[i]) != 0 {
			events++
		}
	}
	size := storeSnapFixed(n) + 3*binary.MaxVarintLen32 + 2*binary.MaxVarintLen32*len(runs) + (binary.MaxVarintLen32+16)*events
	for _, o := range s.origins {
		size += 2*binary.MaxVarintLen32 + len(o.source) + len(o.fetched)
	}
	buf := make([]byte, storeSnapFixed(n), size)
	copy(buf, storeSnapMagic)
	p := buf[len(storeSnapMagic):]
	binary.LittleEndian.PutUint32(p, uint32(n))
	p = p[4:]
	for i, d := range s.days {
		binary.LittleEndian.PutUint32(p[4*i:], uint32(d))
	}
	p = p[4*n:]
	for c := range storeDense {
		q := p[:8*n]
		for i, x := range s.cols[c] {
			binary.LittleEndian.PutUint64(q[8*i:], math.Float64bits(x))
		}
		p = p[8*n:]
	}
	buf = binary.AppendUvarint(buf, uint64(events))
	prev := -1
	for i := range n {
		if math.Float64bits(div[i]) != 0 || math.Float64bits(split[i]) != 0 {
			buf = binary.AppendUvarint(buf, uint64(i-prev-1))
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(div[i]))
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(split[i]))
			prev = i
		}
	}
	buf = binary.AppendUvarint(buf, uint64(len(s.origins)))
	for _, o := range s.origins {
		buf = binary.AppendUvarint(buf, uint64(len(o.source)))
		buf = append(buf, o.source...)
		buf = binary.AppendUvarint(buf, uint64(len(o.fetched)))
		buf = append(buf, o.fetched...)
	}
	buf = binary.AppendUvarint(buf, uint64(len(runs)))
	for _, r := range runs {
		buf = binary.AppendUvarint(buf, uint64(r.count))
		buf = binary.AppendUvarint(buf, uint64(r.origin))
	}
	return buf
}

// storeSnapHeader checks blob's layout (header, sizes and the events and
// origins that follow the columns) and returns its number of bars.
func storeSnapHeader(blob []byte) (int, error) {
	l, err := storeSnapParse(blob, false)
	return l.n, err
}

// storeEvent is a bar's dividend and split, when either is not 0.
type storeEvent struct {
	i               int
	dividend, split float64
}

// storeLayout is what storeSnapParse finds in a blob.
type storeLayout struct {
	n       int // bars
	events  []storeEvent
	origins []storeOrigin
	runs    []storeRun
}

// storeSnapParse checks blob's layout and returns its number of bars and,
// when keep is set, its events, origins and runs.
func storeSnapParse(blob []byte, keep bool) (l storeLayout, err error) {
	if len(blob) == 0 {
		return l, nil
	}
	if len(blob) < len(storeSnapMagic)+4 || string(blob[:len(storeSnapMagic)]) != storeSnapMagic {
		return l, errors.New("bars record: unknown format")
	}
	n := int(binary.LittleEndian.Uint32(blob[len(storeSnapMagic):]))
	if n == 0 || n > (len(blob)-len(storeSnapMagic)-4)/(4+8*storeDense) {
		return l, fmt.Errorf("bars record: %d bytes cannot hold %d bars", len(blob), n)
	}
	l.n = n
	p := blob[storeSnapFixed(n):]
	uv := func(what string) (int, error) {
		v, k := binary.Uvarint(p)
		if k <= 0 || v > math.MaxInt32 {
			return 0, fmt.Errorf("bars record: bad %s", what)
		}
		p = p[k:]
		return int(v), nil
	}
	str := func(what string) (string, error) {
		l, err := uv(what)
		if err != nil {
			return "", err
		}
		if l > len(p) {
			return "", fmt.Errorf("bars record: %s runs past the end", what)
		}
		s := ""
		if keep {
			s = string(p[:l])
		}
		p = p[l:]
		return s, nil
	}
	e, err := uv("event count")
	if err != nil {
		return l, err
	}
	if e > n || e > len(p)/17 {
		return l, fmt.Errorf("bars record: %d dividends or splits for %d bars", e, n)
	}
	if keep {
		l.events = make([]storeEvent, e)
	}
	at := -1
	for j := range e {
		gap, err := uv("event index")
		if err != nil {
			return l, err
		}
		at += gap + 1
		if at >= n || len(p) < 16 {
			return l, fmt.Errorf("bars record: dividend or split %d past the end", j)
		}
		if keep {
			l.events[j] = storeEvent{i: at,
				dividend: math.Float64frombits(binary.LittleEndian.Uint64(p)),
				split:    math.Float64frombits(binary.LittleEndian.Uint64(p[8:]))}
		}
		p = p[16:]
	}
	k, err := uv("origin count")
	if err != nil {
		return l, err
	}
	if k > len(p) || k > n {
		return l, fmt.Errorf("bars record: %d origins for %d bars", k, n)
	}
	if keep {
		l.origins = make([]storeOrigin, k)
	}
	for i := range k {
		src, err := str("source")
		if err != nil {
			return l, err
		}
		fetched, err := str("fetch time")
		if err != nil {
			return l, err
		}
		if keep {
			l.origins[i] = storeOrigin{source: src, fetched: fetched}
		}
	}
	r, err := uv("run count")
	if err != nil {
		return l, err
	}
	if r > len(p) || r > n {
		return l, fmt.Errorf("bars record: %d origin runs for %d bars", r, n)
	}
	if keep {
		l.runs = make([]storeRun, r)
	}
	total := 0
	for i := range r {
		c, err := uv("run length")
		if err != nil {
			return l, err
		}
		o, err := uv("run origin")
		if err != nil {
			return l, err
		}
		if c == 0 || o >= k {
			return l, fmt.Errorf("bars record: origin run %d: %d bars from origin %d of %d", i, c, o, k)
		}
		total += c
		if keep {
			l.runs[i] = storeRun{count: c, origin: o}
		}
	}
	if total != n {
		return l, fmt.Errorf("bars record: origins for %d bars, want %d", total, n)
	}
	if len(p) != 0 {
		return l, fmt.Errorf("bars record: %d bytes after the end", len(p))
	}
	return l, nil
}

// decodeSnapshot decodes a blob written by encode (nil gives an empty
// snapshot).
func decodeSnapshot(blob []byte) (*storeSnapshot, error) {
	l, err := storeSnapParse(blob, true)
	if err != nil {
		return nil, err
	}
	n := l.n
	s := &storeSnapshot{days: make([]int32, n), org: make([]uint32, 0, n), origins: l.origins}
	if n == 0 {
		return s, nil
	}
	p := blob[len(storeSnapMagic)+4:]
	for i := range s.days {
		s.days[i] = int32(binary.LittleEndian.Uint32(p[4*i:]))
	}
	p = p[4*n:]
	for c := range storeDense {
		col := make([]float64, n)
		q := p[:8*n]
		for i := range col {
			col[i] = math.Float64frombits(binary.LittleEndian.Uint64(q[8*i:]))
		}
		s.cols[c] = col
		p = p[8*n:]
	}
	s.cols[colDividend], s.cols[colSplit] = make([]float64, n), make([]float64, n)
	for _, e := range l.events {
		s.cols[colDividend][e.i], s.cols[colSplit][e.i] = e.dividend, e.split
	}
	for _, r := range l.runs {
		for range r.count {
			s.org = append(s.org, uint32(r.origin))
		}
	}
	return s, nil
}

// check reports the first inconsistency of a decoded snapshot: dates not
// strictly ascending, an origin no bar comes from, a fetch time that is not
// RFC 3339 or a source outside sources (the series' comma-separated set).
func (s *storeSnapshot) check(sources []string) error {
	for i := 1; i < s.len(); i++ {
		if s.days[i] <= s.days[i-1] {
			return fmt.Errorf("bars record: %s after %s", storeDay(s.date(i)), storeDay(s.date(i-1)))
		}
	}
	used := make([]bool, len(s.origins))
	for _, id := range s.org {
		used[id] = true
	}
	for i, o := range s.origins {
		if !used[i] {
			return fmt.Errorf("bars record: no bar comes from %s fetched %s", o.source, o.fetched)
		}
		if _, err := time.Parse(time.RFC3339, o.fetched); err != nil {
			return fmt.Errorf("bars record: fetch time of %s: %w", o.source, err)
		}
		if !slices.Contains(sources, o.source) {
			return fmt.Errorf("bars record: bars from %s, which the series' sources %q lack", o.source, sources)
		}
	}
	return nil
}
