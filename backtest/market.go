package backtest

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tipster/tipster/data"
)

// Market is price data prepared once for many backtests: every series
// cleaned, scaled per [Options].Prices, trimmed to [Options].Start…End, the
// calendar built from their dates, and index maps from calendar days to
// bars. A Market is read-only after [Prepare] (but for small caches of
// placements and event studies guarded by mutexes, and the highs and lows
// its first hulbert run adds, see [Market.highLow]); any number of
// goroutines may call [Market.Run] on it at once.
type Market struct {
	prices     PriceMode
	start, end time.Time
	benchmark  string

	cal   *data.Calendar
	px    map[string]*data.Series // scaled, trimmed, cleaned; what the event study sees
	ticks map[string]*tick
	bench *tick

	warnings []string

	// The event study's prices and calendar: as px and cal but with the
	// history before Start (the same maps when Start is zero).
	studyPx  map[string]*data.Series
	studyCal *data.Calendar
	studies  studyCache
	placed   placeCache
	// oneShot: the market serves a single [Run] and is then dropped, so
	// the caches (which copy the signals to recognise them) are skipped.
	oneShot bool

	// raw is the input series of studyPx's tickers, from which
	// [Market.Series] builds the full prepared series (with AdjClose and
	// Volume, which no backtest reads and Prepare does not copy) and
	// [Market.highLow] the scaled highs and lows.
	raw  map[string]*data.Series
	full struct {
		mu sync.Mutex
		px map[string]*data.Series
	}
	hl sync.Once
}

// tick is one ticker's series with its calendar index maps.
type tick struct {
	name    string
	s       *data.Series
	at      []int32 // per calendar day: index of the last bar on or before it, -1 before the first
	lastDay int     // calendar index of the last bar
}

// bar returns the index of the ticker's bar on calendar day d, or -1.
func (t *tick) bar(d int) int {
	j := t.at[d]
	if j >= 0 && (d == 0 || t.at[d-1] != j) {
		return int(j)
	}
	return -1
}

// lastClose returns the close of the last bar on or before day d (NaN
// before the first bar).
func (t *tick) lastClose(d int) float64 {
	j := t.at[d]
	if j < 0 {
		return math.NaN()
	}
	return t.s.Close[j]
}

// Prepare cleans and scales the raw series in px for the backtests that opt
// (and variants of it differing only in portfolio settings) describes. Rules:
//
//   - Every series must have Dates, Open and Close of equal length, dates
//     strictly ascending; otherwise Prepare returns an error naming the
//     ticker. High, Low and AdjClose may be missing (nil) and are then NaN.
//   - A bar exists only where open and close are finite and positive
//     (PRODUCT.md); others are dropped with a warning giving the count.
//   - prices: adjusted scales every price of a bar by f = adj_close / close
//     ([data.Series.Adjusted]); a bar without a finite positive adjusted close
//     stays raw, with a warning when the series has some adjusted bars.
//     prices: raw uses the bars as they are.
//   - Bars outside opt.Start…opt.End (dates, inclusive; zero is open) are cut
//     for the portfolio. The event study sees the bars before Start too (its
//     market model estimates beta on days before each entry), never those
//     after End.
//   - The calendar is the sorted union of the remaining dates of every series
//     in px, the benchmark included; callers pass the benchmark and the
//     tickers their signals name.
//   - The benchmark opt.Benchmark must be in px with at least one bar, else
//     an error. Days of the calendar it lacks are warned about and carried at
//     its last close (see [Market.Run] for the benchmark's equity).
//
// The market keeps the input series (it shares their dates when it can,
// and reads them again for highs and lows on its first hulbert run and for
// [Market.Series]): do not modify them while the market is in use.
func Prepare(px map[string]*data.Series, opt Options) (*Market, error) {
	if opt.Prices != Adjusted && opt.Prices != Raw {
		return nil, fmt.Errorf("backtest: prices %q: want adjusted or raw", opt.Prices)
	}
	m := &Market{
		prices:    opt.Prices,
		start:     dateOf(opt.Start),
		end:       dateOf(opt.End),
		benchmark: opt.Benchmark,
		px:        make(map[string]*data.Series, len(px)),
		ticks:     make(map[string]*tick, len(px)),
		raw:       make(map[string]*data.Series, len(px)),
	}
	names := make([]string, 0, len(px))
	for k := range px {
		names = append(names, k)
	}
	sort.Strings(names)
	// Clean the series in parallel (each is independent), then merge in
	// name order so warnings and errors do not depend on scheduling.
	type cleaned struct {
		s     *data.Series
		warns []string
		err   error
	}
	out := make([]cleaned, len(names))
	// The event study keeps the history before Start (its market model
	// estimates beta on days before the entry): clean up to End, then view
	// the portfolio's part from Start.
	parallel(len(names), func(i int) {
		if raw := px[names[i]]; raw != nil {
			out[i].s, out[i].warns, out[i].err = clean(names[i], raw, opt.Prices, time.Time{}, m.end, false)
		}
	})
	all := make([][]time.Time, 0, len(names))
	var full [][]time.Time
	kept := names[:0:0]
	m.studyPx = m.px
	if !m.start.IsZero() {
		m.studyPx = make(map[string]*data.Series, len(px))
	}
	for i, name := range names {
		c := out[i]
		if c.err != nil {
			return nil, c.err
		}
		m.warnings = append(m.warnings, c.warns...)
		if c.s == nil || c.s.Len() == 0 {
			continue
		}
		s := c.s
		m.raw[name] = px[name]
		if !m.start.IsZero() {
			m.studyPx[name] = s
			full = append(full, s.Dates)
			if s = from(s, m.start); s.Len() == 0 {
				continue
			}
		}
		m.px[name] = s
		all = append(all, s.Dates)
		kept = append(kept, name)
	}
	bs, ok := m.px[opt.Benchmark]
	if !ok {
		return nil, fmt.Errorf("backtest: benchmark %q has no bars%s: %w", opt.Benchmark, rangeText(m.start, m.end), ErrNoPrices)
	}
	m.cal = data.NewCalendar(union(all))
	m.studyCal = m.cal
	if !m.start.IsZero() {
		m.studyCal = data.NewCalendar(union(full))
	}
	days := m.cal.Days()
	secs := make([]int64, len(days)) // the days as Unix seconds, for the merge walks
	for d, day := range days {
		secs[d] = day.Unix()
	}
	ticks := make([]*tick, len(kept))
	parallel(len(kept), func(i int) {
		s := m.px[kept[i]]
		t := &tick{name: kept[i], s: s, at: make([]int32, len(days))}
		// Merge walk over the bars: both date lists ascend and every bar
		// date (00:00 UTC) is a day.
		d := 0
		for j, date := range s.Dates {
			u := date.Unix()
			for secs[d] < u {
				t.at[d] = int32(j - 1)
				d++
			}
			t.at[d] = int32(j)
			d++
		}
		t.lastDay = d - 1
		for ; d < len(days); d++ {
			t.at[d] = int32(s.Len() - 1)
		}
		ticks[i] = t
	})
	for _, t := range ticks {
		m.ticks[t.name] = t
	}
	m.bench = m.ticks[opt.Benchmark]
	if missing := len(days) - bs.Len(); missing > 0 {
		var first []string
		for d := range days {
			if m.bench.bar(d) < 0 {
				first = append(first, days[d].Format(time.DateOnly))
				if len(first) == 3 {
					break
				}
			}
		}
		m.warnings = append(m.warnings, fmt.Sprintf(
			"benchmark %s has no bar on %d of %d trading days the other tickers have (first: %s); its last close is carried",
			opt.Benchmark, missing, len(days), strings.Join(first, ", ")))
	}
	return m, nil
}

func dateOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return data.Date(t)
}

// clean validates, filters, scales and trims one series. It allocates the
// scaled price columns in one block. Dates are shared with raw when no bar
// in range is dropped and the dates are already session dates, and copied
// in runs between dropped bars otherwise. With all true every column is
// there (NaN where raw has none), as [Market.Series] returns them. With all
// false only what every backtest reads is: Dates, Open and Close; High and
// Low (read under hulbert only, see [Market.highLow]) are nil, and
// AdjClose and Volume (read by no backtest) are shared with raw when the
// dates are, nil otherwise.
func clean(name string, raw *data.Series, mode PriceMode, start, end time.Time, all bool) (*data.Series, []string, error) {
	n := raw.Len()
	if len(raw.Open) != n || len(raw.Close) != n {
		return nil, nil, fmt.Errorf("backtest: prices %s: %d dates, %d opens, %d closes: want equal lengths", name, n, len(raw.Open), len(raw.Close))
	}
	for _, xs := range [][]float64{raw.High, raw.Low, raw.AdjClose, raw.Volume} {
		if xs != nil && len(xs) != n {
			return nil, nil, fmt.Errorf("backtest: prices %s: a column has %d values for %d dates", name, len(xs), n)
		}
	}
	// One pass: order, range and validity, and the scaled prices of the
	// valid bars in range, written into columns sized for every bar and
	// cut to the k kept.
	cols := 2
	if all {
		cols = 4
	}
	block := make([]float64, cols*n)
	open, cls := block[0*n:1*n:1*n], block[1*n:2*n:2*n]
	var high, low []float64
	if all {
		high, low = block[2*n:3*n:3*n], block[3*n:4*n:4*n]
	}
	lo, hi := n, 0 // bars in range: [lo, hi)
	bad, normal := 0, true
	var unadjusted, adjusted int
	k := 0 // bars kept
	// Order and range are checked on instants as (Unix seconds,
	// nanoseconds) pairs, read once per bar: (s, ns) is after (ps, pns)
	// iff s > ps or s = ps and ns > pns, as [time.Time.After].
	startSec, startNs := start.Unix(), int64(start.Nanosecond())
	endSec, endNs := end.Unix(), int64(end.Nanosecond())
	hasStart, hasEnd := !start.IsZero(), !end.IsZero()
	var prevSec, prevNs int64
	var drops []int // bars in range dropped as invalid, ascending
	for i := range n {
		d := &raw.Dates[i]
		sec, ns := d.Unix(), int64(d.Nanosecond())
		if i > 0 && (sec < prevSec || sec == prevSec && ns <= prevNs) {
			return nil, nil, fmt.Errorf("backtest: prices %s: date %s is not after %s", name,
				d.Format(time.DateOnly), raw.Dates[i-1].Format(time.DateOnly))
		}
		prevSec, prevNs = sec, ns
		if d.Location() != time.UTC || sec%86400 != 0 || ns != 0 {
			normal = false
			nd := data.Date(*d)
			sec, ns = nd.Unix(), 0
		}
		if (hasStart && (sec < startSec || sec == startSec && ns < startNs)) ||
			(hasEnd && (sec > endSec || sec == endSec && ns > endNs)) {
			continue
		}
		lo, hi = min(lo, i), i+1
		o, c := raw.Open[i], raw.Close[i]
		if !finitePos(o) || !finitePos(c) {
			bad++
			drops = append(drops, i)
			continue
		}
		// Highs and lows are read and scaled only when asked for.
		h, l := math.NaN(), math.NaN()
		if all {
			if raw.High != nil {
				h = raw.High[i]
			}
			if raw.Low != nil {
				l = raw.Low[i]
			}
		}
		if mode == Adjusted {
			a := math.NaN()
			if raw.AdjClose != nil {
				a = raw.AdjClose[i]
			}
			if finitePos(a) {
				f := a / c
				o, c = o*f, a
				h, l = h*f, l*f
				adjusted++
			} else {
				unadjusted++
			}
		}
		open[k], cls[k] = o, c
		if all {
			high[k], low[k] = h, l
		}
		k++
	}
	if lo >= hi {
		return &data.Series{Ticker: name}, nil, nil
	}
	out := &data.Series{Ticker: name, Open: open[:k:k], Close: cls[:k:k]}
	if all {
		out.High, out.Low = high[:k:k], low[:k:k]
	}
	share := bad == 0 && normal
	switch {
	case share:
		out.Dates = raw.Dates[lo:hi:hi]
		if raw.AdjClose != nil {
			out.AdjClose = raw.AdjClose[lo:hi:hi]
		}
		if raw.Volume != nil {
			out.Volume = raw.Volume[lo:hi:hi]
		}
	case normal:
		// Copy the runs between the dropped bars the pass recorded.
		dates := make([]time.Time, k)
		at, from := 0, lo
		for _, i := range drops {
			at += copy(dates[at:], raw.Dates[from:i])
			from = i + 1
		}
		copy(dates[at:], raw.Dates[from:hi])
		out.Dates = dates
	default:
		out.Dates = make([]time.Time, 0, k)
		for i := lo; i < hi; i++ {
			if finitePos(raw.Open[i]) && finitePos(raw.Close[i]) {
				out.Dates = append(out.Dates, data.Date(raw.Dates[i]))
			}
		}
	}
	if all {
		if out.AdjClose == nil {
			out.AdjClose = keepOrNaN(k, raw.AdjClose, lo, hi, raw.Open, raw.Close)
		}
		if out.Volume == nil {
			out.Volume = keepOrNaN(k, raw.Volume, lo, hi, raw.Open, raw.Close)
		}
	}
	var warns []string
	if bad > 0 {
		warns = append(warns, fmt.Sprintf("%s: %d bars without a finite positive open and close dropped", name, bad))
	}
	if adjusted > 0 && unadjusted > 0 {
		warns = append(warns, fmt.Sprintf("%s: %d bars without an adjusted close kept unscaled", name, unadjusted))
	}
	return out, warns, nil
}

// keep appends to dst the elements of xs at the bars with a finite positive
// open and close, copying each run of kept bars at once.
func keep[T any](dst, xs []T, open, cls []float64) []T {
	from := 0
	for i := range xs {
		if !finitePos(open[i]) || !finitePos(cls[i]) {
			dst = append(dst, xs[from:i]...)
			from = i + 1
		}
	}
	return append(dst, xs[from:]...)
}

// keepOrNaN returns the k values of col[lo:hi] at the bars [keep] keeps,
// or k NaN when col is nil.
func keepOrNaN(k int, col []float64, lo, hi int, open, cls []float64) []float64 {
	if col == nil {
		out := make([]float64, k)
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	return keep(make([]float64, 0, k), col[lo:hi], open[lo:hi], cls[lo:hi])
}

func finitePos(x float64) bool { return x > 0 && !math.IsInf(x, 1) }

// Calendar returns the market's trading calendar.
func (m *Market) Calendar() *data.Calendar { return m.cal }

// Series returns the prepared (scaled, trimmed) series of ticker, nil when
// it has none: every column, AdjClose and Volume as the input has them
// (NaN where it has none). The caller must not modify it, nor the input
// series while the market is in use.
func (m *Market) Series(ticker string) *data.Series {
	if m.px[ticker] == nil {
		return nil
	}
	// The engine's copy lacks columns (and gets High and Low concurrently,
	// see [Market.highLow]): clean the input again with every column, once.
	m.full.mu.Lock()
	defer m.full.mu.Unlock()
	if f, ok := m.full.px[ticker]; ok {
		return f
	}
	f, _, err := clean(ticker, m.raw[ticker], m.prices, time.Time{}, m.end, true)
	if err != nil {
		panic("backtest: prepared series " + ticker + " no longer cleans: " + err.Error())
	}
	if !m.start.IsZero() {
		f = from(f, m.start)
	}
	if m.full.px == nil {
		m.full.px = make(map[string]*data.Series)
	}
	m.full.px[ticker] = f
	return f
}

// highLow gives the prepared series their scaled High and Low columns,
// which Prepare leaves out because only hulbert execution reads them: it
// cleans the input series again with every column, once per market. Every
// run under hulbert calls it before reading a high or a low; runs under
// other modes never read them, so they may run while it writes the columns.
func (m *Market) highLow() {
	m.hl.Do(func() {
		names := make([]string, 0, len(m.studyPx))
		for name := range m.studyPx {
			names = append(names, name)
		}
		parallel(len(names), func(i int) {
			name := names[i]
			f, _, err := clean(name, m.raw[name], m.prices, time.Time{}, m.end, true)
			if err != nil {
				panic("backtest: prepared series " + name + " no longer cleans: " + err.Error())
			}
			s := m.studyPx[name]
			s.High, s.Low = f.High, f.Low
			if v := m.px[name]; v != nil && v != s {
				// The portfolio's view from Start shares the arrays.
				off := s.Len() - v.Len()
				v.High, v.Low = s.High[off:], s.Low[off:]
			}
		})
	})
}

// Warnings returns what Prepare noticed in the data.
func (m *Market) Warnings() []string { return m.warnings }

// errOptions is wrapped by option validation errors.
var errOptions = errors.New("invalid option")

// union returns the sorted union of ascending lists of session dates
// (00:00 UTC). It marks each date's day number in a table spanning the
// earliest to the latest date, then reads the table in order: cheaper than
// merging or hashing every bar. Each day keeps the first list's value.
// Spans over maxUnionSpan days (not prices) fall back to [unionMerge].
func union(lists [][]time.Time) []time.Time {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, l := range lists {
		if len(l) > 0 {
			lo, hi = min(lo, l[0].Unix()/86400), max(hi, l[len(l)-1].Unix()/86400)
		}
	}
	if lo > hi {
		return nil
	}
	if hi-lo >= maxUnionSpan {
		return unionMerge(lists)
	}
	seen := make([]bool, hi-lo+1)
	at := make([]time.Time, hi-lo+1)
	n := 0
	for _, l := range lists {
		for _, d := range l {
			if k := d.Unix()/86400 - lo; !seen[k] {
				seen[k], at[k] = true, d
				n++
			}
		}
	}
	out := make([]time.Time, 0, n)
	for k, ok := range seen {
		if ok {
			out = append(out, at[k])
		}
	}
	return out
}

// maxUnionSpan bounds the day table of [union] (about 270 years).
const maxUnionSpan = 100_000

// unionMerge returns the sorted union of ascending date lists by repeated
// merging.
func unionMerge(lists [][]time.Time) []time.Time {
	var out, buf []time.Time
	for _, l := range lists {
		buf = buf[:0]
		i, j := 0, 0
		for i < len(out) && j < len(l) {
			switch c := out[i].Compare(l[j]); {
			case c < 0:
				buf = append(buf, out[i])
				i++
			case c > 0:
				buf = append(buf, l[j])
				j++
			default:
				buf = append(buf, out[i])
				i, j = i+1, j+1
			}
		}
		buf = append(buf, out[i:]...)
		buf = append(buf, l[j:]...)
		out, buf = buf, out
	}
	return slices.Clone(out)
}

// rangeText describes the Start…End window for messages ("" when open).
func rangeText(from, to time.Time) string {
	if from.IsZero() && to.IsZero() {
		return ""
	}
	f, t := "…", "…"
	if !from.IsZero() {
		f = from.Format(time.DateOnly)
	}
	if !to.IsZero() {
		t = to.Format(time.DateOnly)
	}
	return " in " + f + ".." + t
}

// parallel calls f(0…n-1) on up to GOMAXPROCS goroutines (the work is CPU
// and memory bound) and waits for them.
func parallel(n int, f func(i int)) {
	w := min(runtime.GOMAXPROCS(0), n)
	if w <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// from returns a view of s from the first bar on or after date d, sharing
// its arrays.
func from(s *data.Series, d time.Time) *data.Series {
	i, _ := s.Index(d)
	cut := func(xs []float64) []float64 {
		if xs == nil {
			return nil
		}
		return xs[i:]
	}
	return &data.Series{Ticker: s.Ticker, Dates: s.Dates[i:], Open: cut(s.Open), High: cut(s.High), Low: cut(s.Low),
		Close: cut(s.Close), AdjClose: cut(s.AdjClose), Volume: cut(s.Volume)}
}
