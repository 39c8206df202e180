package backtest

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// Event study parameters.
const (
	// EstimationStart and EstimationEnd bound the market model's estimation
	// window: the daily returns of the calendar days EstimationStart …
	// EstimationEnd relative to the entry day (both inclusive).
	EstimationStart, EstimationEnd = -252, -21
	// MinEstimationDays is the fewest daily returns the market model is
	// fitted on; with fewer, the event falls back to market-adjusted.
	MinEstimationDays = 60
	// confidence is the level of the aggregates' intervals and path bands.
	confidence = 0.95
)

// DefaultHorizons are the event study's horizons in trading days when
// Options.Horizons is empty.
var DefaultHorizons = []int{1, 5, 21, 63, 126}

// Group partitions, in the order [Study].Groups lists them.
var groupBys = [...]string{"all", "action", "source", "author"}

// NoKey is the group key of signals with an empty source or author.
const NoKey = "(none)"

// EventStudy scores every signal the way studies of analyst
// recommendations do, independently of the portfolio. px holds the prices
// as the backtest uses them (scaled per opt.Prices) and must contain
// opt.Benchmark; cal is the calendar built from them (nil: no events).
//
// Events. A signal becomes an event when it is Tradable, its ticker has a
// series in px and [Entry] finds its entry bar (opt.Execution,
// opt.DelayDays); other signals are not events (the portfolio reports them
// as skipped). Events keep the order of sigs. For each horizon h in
// opt.Horizons ([DefaultHorizons] when empty; sorted, duplicates and
// values < 1 dropped, the latter with a warning), counted in trading days
// along the calendar:
//
//   - Return = C(d+h) / P - 1, where P is the entry price from [Entry]
//     (open, close or (high+low)/2 per opt.Execution, before slippage),
//     d the entry day and C(t) the stock's last close on or before
//     calendar day t (a stock with a gap uses its last close).
//   - BenchmarkReturn = B(d+h) / Q - 1, the benchmark over the same
//     window priced the same way: Q is the benchmark's price of the same
//     kind on the entry day (its open under next_open, close under
//     next_close or a Hulbert in-session fill, (high+low)/2 under other
//     Hulbert fills); when the benchmark has no bar that day, its last
//     close before it.
//   - Abnormal, under opt.Abnormal: market-adjusted (the default, and
//     for an unknown value, with a warning) Return - BenchmarkReturn;
//     market model Return - (α·h + β·BenchmarkReturn), with α (daily)
//     and β from the OLS of the stock's on the benchmark's daily
//     close-to-close returns over calendar days [EstimationStart,
//     EstimationEnd] relative to d, on days where both have a bar that
//     day and the day before. With fewer than [MinEstimationDays] such
//     days the event falls back to market-adjusted (Event.Model says
//     which was used, and a warning counts them).
//   - Signed = Abnormal × Direction (buy +1, sell and avoid -1): a right
//     call scores positive. Hold and watch (direction 0) have Signed NaN
//     and are not scored, unless opt.ScoreHolds, when Signed = Abnormal
//     (scored as if long).
//   - Censored when d+h is past the calendar's last day, the stock's last
//     bar or the benchmark's last bar; the returns are then NaN. A censored
//     horizon is counted in its group's Censored, never dropped silently.
//
// Aggregates. Study.Groups has, for every horizon, one [Group] for all
// scored events ("all"/"all") and one per action, source and author
// (empty source or author: [NoKey]), ordered by partition (all, action,
// source, author), then key, then horizon. Over the scored events not
// censored at the horizon: N, Mean, Median, HitRate (share of Signed > 0),
// TStat (mean / (sd/√n), sample sd; NaN for n < 2) and the 95% percentile
// bootstrap interval of the mean ([BootstrapMeanCI]: for n < 10, Monte
// Carlo with opt.Bootstrap resamples from a PCG generator seeded with
// opt.Seed and a hash of the group's partition, key and horizon, so a
// group's interval does not depend on the other groups, horizons with the
// same events sharing the resampled indices; from n = 10, the saddlepoint
// approximation of the same bootstrap distribution; opt.Bootstrap < 1
// turns the intervals off).
//
// Paths. Study.Paths has, per scored action (sorted), the average
// cumulative signed abnormal return on each trading day 0…H (H the
// largest horizon; day 0 is the entry day's close over the entry price),
// averaged over the events with data on that day (Count), with the band
// mean ± 1.96·sd/√Count (NaN where Count < 2). N is the number of events
// in the path.
func EventStudy(sigs []signals.Signal, px map[string]*data.Series, cal *data.Calendar, opt Options) ([]Event, Study) {
	return eventStudy(sigs, px, cal, opt, nil)
}

// studyPrep is what a [Market] already knows that [EventStudy] would
// otherwise recompute: the calendar index maps of its series and where each
// signal acts.
type studyPrep struct {
	ticks map[string]*tick // the market's series (those of px) with their maps on cal
	// entries, parallel to the signals: actingDay's answer for every
	// Tradable signal whose ticker is in ticks (ok false otherwise).
	entries []entryAt
}

// eventStudy is [EventStudy], reusing prep when it is not nil: then px and
// cal must be the market's prepared series and calendar that prep was
// built on, and prep.entries parallel to sigs.
func eventStudy(sigs []signals.Signal, px map[string]*data.Series, cal *data.Calendar, opt Options, prep *studyPrep) ([]Event, Study) {
	if cal == nil {
		cal = data.NewCalendar()
	}
	es := newStudyRun(px, cal, opt, prep)
	events := es.events(sigs)
	return events, es.aggregate(events)
}

// barMap maps calendar days to a series' bars.
type barMap struct {
	s       *data.Series
	at      []int32 // per calendar day, the last bar on or before it (-1: none); nil when the series has every day
	lastDay int     // calendar day of the last bar
}

// bar returns the index of the last bar on or before calendar day t (-1
// when none).
func (b *barMap) bar(t int) int {
	if b.at == nil {
		return t
	}
	return int(b.at[t])
}

// closeAt returns the last close on or before calendar day t, NaN before
// the first bar.
func (b *barMap) closeAt(t int) float64 {
	j := b.bar(t)
	if j < 0 {
		return math.NaN()
	}
	return b.s.Close[j]
}

// has reports whether the series has a bar on calendar day t.
func (b *barMap) has(t int) bool {
	if b.at == nil {
		return true
	}
	j := b.at[t]
	return j >= 0 && (t == 0 || b.at[t-1] != j)
}

func newBarMap(s *data.Series, cal *data.Calendar) *barMap {
	days := cal.Days()
	n := s.Len()
	if n == 0 {
		return nil
	}
	if n == len(days) && s.Dates[0].Equal(days[0]) && s.Dates[n-1].Equal(days[n-1]) {
		// The calendar is the union of the dates, so an equal count and
		// equal ends mean the same days.
		return &barMap{s: s, lastDay: n - 1}
	}
	at := make([]int32, len(days))
	j := -1
	lastDay := -1
	for t, d := range days {
		for j+1 < n && !s.Dates[j+1].After(d) {
			j++
		}
		at[t] = int32(j)
		if j == n-1 && lastDay < 0 && s.Dates[j].Equal(d) {
			lastDay = t
		}
	}
	if lastDay < 0 {
		// The last bar is not a calendar day (a calendar built from other
		// series): its last on-or-before day.
		lastDay = len(days) - 1
		for lastDay > 0 && int(at[lastDay-1]) == n-1 {
			lastDay--
		}
	}
	return &barMap{s: s, at: at, lastDay: lastDay}
}

type studyRun struct {
	prep     *studyPrep // nil: compute entries with [Entry]
	px       map[string]*data.Series
	cal      *data.Calendar
	opt      Options
	horizons []int
	maxH     int
	maps     map[*data.Series]*barMap
	bench    *barMap

	// per event, parallel to the events slice
	signed   []float64 // event i, horizon h at i·len(horizons)+h; censoredMark when censored
	paths    map[signals.Action]*pathSums
	scored   []bool
	warn     []string
	fallback int
}

func newStudyRun(px map[string]*data.Series, cal *data.Calendar, opt Options, prep *studyPrep) *studyRun {
	hs := slices.Clone(opt.Horizons)
	if len(hs) == 0 {
		hs = slices.Clone(DefaultHorizons)
	}
	n := len(hs)
	hs = slices.DeleteFunc(hs, func(h int) bool { return h < 1 })
	es := &studyRun{prep: prep, px: px, cal: cal, opt: opt, maps: make(map[*data.Series]*barMap)}
	if prep != nil {
		// The market's maps are newBarMap's: every bar date is a calendar
		// day, so a series with as many bars as days has them all.
		for _, t := range prep.ticks {
			m := &barMap{s: t.s, at: t.at, lastDay: t.lastDay}
			if t.s.Len() == cal.Len() {
				m.at = nil
			}
			es.maps[t.s] = m
		}
	}
	if len(hs) < n {
		es.warn = append(es.warn, fmt.Sprintf("event study: horizons %v: ignoring values below 1 trading day", opt.Horizons))
	}
	slices.Sort(hs)
	es.horizons = slices.Compact(hs)
	hs = es.horizons
	if len(hs) > 0 {
		es.maxH = hs[len(hs)-1]
	}
	switch opt.Abnormal {
	case "", MarketAdjusted, MarketModel:
	default:
		es.warn = append(es.warn, fmt.Sprintf("event study: unknown abnormal model %q: using market-adjusted returns", opt.Abnormal))
	}
	if b := px[opt.Benchmark]; b != nil && b.Len() > 0 {
		es.bench = es.barMap(b)
	} else {
		es.warn = append(es.warn, fmt.Sprintf("event study: no prices for benchmark %q: abnormal returns are NaN", opt.Benchmark))
	}
	return es
}

func (es *studyRun) barMap(s *data.Series) *barMap {
	if m, ok := es.maps[s]; ok {
		return m
	}
	m := newBarMap(s, es.cal)
	es.maps[s] = m
	return m
}

// benchEntry returns the benchmark's price on calendar day d of the same
// kind as fill (see EventStudy), NaN when there is none.
func (es *studyRun) benchEntry(f Fill) float64 {
	b := es.bench
	d := f.Day
	if b.has(d) {
		j := b.bar(d)
		var p float64
		switch {
		case f.AtClose:
			p = b.s.Close[j]
		case es.opt.Execution == Hulbert:
			p = math.NaN()
			if j < len(b.s.High) && j < len(b.s.Low) {
				p = (b.s.High[j] + b.s.Low[j]) / 2
			}
		default:
			p = b.s.Open[j]
		}
		if p > 0 && !math.IsInf(p, 1) {
			return p
		}
	}
	if d == 0 {
		return math.NaN()
	}
	if j := b.bar(d - 1); j >= 0 {
		return b.s.Close[j]
	}
	return math.NaN()
}

// marketModel returns the daily alpha and beta of s on the benchmark over
// the estimation window before entry day d, and false when fewer than
// MinEstimationDays days are usable.
func (es *studyRun) marketModel(s *barMap, d int) (alpha, beta float64, ok bool) {
	b := es.bench
	from, to := max(d+EstimationStart, 1), d+EstimationEnd
	var n, sx, sy, sxx, sxy float64
	// Two passes would be more accurate; returns are O(1e-2), so the
	// one-pass sums on 60-232 days lose nothing that matters. Centre on
	// the first usable pair anyway to keep the cancellation small.
	var cx, cy float64
	first := true
	for t := from; t <= to; t++ {
		if !s.has(t) || !s.has(t-1) || !b.has(t) || !b.has(t-1) {
			continue
		}
		y := s.s.Close[s.bar(t)]/s.s.Close[s.bar(t-1)] - 1
		x := b.s.Close[b.bar(t)]/b.s.Close[b.bar(t-1)] - 1
		if math.IsNaN(x) || math.IsNaN(y) {
			continue
		}
		if first {
			cx, cy, first = x, y, false
		}
		x, y = x-cx, y-cy
		n++
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	if n < MinEstimationDays {
		return 0, 0, false
	}
	vx := sxx - sx*sx/n
	if !(vx > 0) {
		return 0, 0, false
	}
	beta = (sxy - sx*sy/n) / vx
	alpha = (sy/n + cy) - beta*(sx/n+cx)
	return alpha, beta, true
}

func (es *studyRun) events(sigs []signals.Signal) []Event {
	events := make([]Event, 0, len(sigs))
	nh := len(es.horizons)
	cum := make([]float64, es.maxH+1)
	// One backing array each for the events' horizons and signed values.
	hrs := make([]HorizonReturn, 0, len(sigs)*nh)
	es.signed = make([]float64, 0, len(sigs)*nh)
	es.paths = make(map[signals.Action]*pathSums)
	for i, sig := range sigs {
		if !sig.Tradable {
			continue
		}
		s := es.px[sig.Ticker]
		if s == nil || s.Len() == 0 {
			continue
		}
		f, ok := es.entry(i, sig, s)
		if !ok {
			continue
		}
		sm := es.barMap(s)
		// Build the event in place: an Event is a few hundred bytes.
		events = append(events, Event{})
		ev := &events[len(events)-1]
		ev.Signal, ev.EntryDate, ev.EntryPrice = sig, f.Date, f.Price
		ev.Model, ev.Alpha, ev.Beta, ev.BenchmarkPrice = MarketAdjusted, 0, 1, math.NaN()
		dir := float64(sig.Action.Direction())
		scored := dir != 0 || es.opt.ScoreHolds
		if dir == 0 {
			dir = 1
		}
		q := math.NaN()
		lastDay := min(sm.lastDay, es.cal.Len()-1)
		if es.bench != nil {
			q = es.benchEntry(f)
			ev.BenchmarkPrice = q
			lastDay = min(lastDay, es.bench.lastDay)
			if es.opt.Abnormal == MarketModel {
				if a, b, ok := es.marketModel(sm, f.Day); ok {
					ev.Model, ev.Alpha, ev.Beta = MarketModel, a, b
				} else {
					es.fallback++
				}
			}
		}
		// Cumulative abnormal returns for every day 0…maxH with data (the
		// path); the horizons read off it.
		last := min(es.maxH, lastDay-f.Day) // may be < 0
		inv := 1 / f.Price
		switch {
		case es.bench == nil:
			for k := 0; k <= last; k++ {
				cum[k] = math.NaN()
			}
		case sm.at == nil && es.bench.at == nil:
			// Both series have every calendar day: index directly.
			sc := s.Close[f.Day : f.Day+last+1]
			bc := es.bench.s.Close[f.Day : f.Day+last+1]
			invQ, a, b := 1/q, ev.Alpha, ev.Beta
			for k := range sc {
				cum[k] = (sc[k]*inv - 1) - (a*float64(k) + b*(bc[k]*invQ-1))
			}
		default:
			for k := 0; k <= last; k++ {
				t := f.Day + k
				r := s.Close[sm.bar(t)]*inv - 1
				rm := es.bench.closeAt(t)/q - 1
				cum[k] = r - (ev.Alpha*float64(k) + ev.Beta*rm)
			}
		}
		n0 := len(hrs)
		for _, h := range es.horizons {
			hr := HorizonReturn{Days: h}
			if h > last {
				hr.Censored = true
				nan := math.NaN()
				hr.Return, hr.BenchmarkReturn, hr.Abnormal, hr.Signed = nan, nan, nan, nan
			} else {
				t := f.Day + h
				hr.Return = s.Close[sm.bar(t)]/f.Price - 1
				hr.BenchmarkReturn = math.NaN()
				if es.bench != nil {
					hr.BenchmarkReturn = es.bench.closeAt(t)/q - 1
				}
				hr.Abnormal = cum[h]
				hr.Signed = math.NaN()
				if scored {
					hr.Signed = dir * hr.Abnormal
				}
			}
			hrs = append(hrs, hr)
			v := hr.Signed
			if hr.Censored {
				v = censoredMark
			}
			es.signed = append(es.signed, v)
		}
		ev.Horizons = hrs[n0:len(hrs):len(hrs)]
		if scored {
			p := es.paths[sig.Action]
			if p == nil {
				p = &pathSums{sum: make([]float64, es.maxH+1), sumSq: make([]float64, es.maxH+1), count: make([]int, es.maxH+1)}
				es.paths[sig.Action] = p
			}
			p.n++
			for k := 0; k <= last; k++ {
				if v := dir * cum[k]; !math.IsNaN(v) {
					p.sum[k] += v
					p.sumSq[k] += v * v
					p.count[k]++
				}
			}
		}
		es.scored = append(es.scored, scored)
	}
	return events
}

// entry returns the fill of sigs[i] (whose series is s) as [Entry] does,
// and false where Entry gives an error. With a market's prep it reads the
// signal's acting day from the placement and its bar from the market's
// index map instead of locating the publication and searching the dates.
func (es *studyRun) entry(i int, sig signals.Signal, s *data.Series) (Fill, bool) {
	if es.prep == nil {
		f, err := Entry(sig, es.cal, s, es.opt)
		return f, err == nil
	}
	a := es.prep.entries[i]
	if !a.ok {
		return Fill{}, false
	}
	d := int(a.day)
	// tick.bar is -1 after the ticker's last bar and on days it lacks, as
	// fillAt's errors are.
	j := es.prep.ticks[sig.Ticker].bar(d)
	if j < 0 {
		return Fill{}, false
	}
	p := a.kind.price(s, j)
	if math.IsNaN(p) {
		return Fill{}, false
	}
	return Fill{Date: es.cal.Days()[d], Index: j, Price: p, Day: d, AtClose: a.kind.atClose()}, true
}

// censoredMark marks a censored horizon in studyRun.signed (a signed
// return cannot be -Inf).
var censoredMark = math.Inf(-1)

// pathSums accumulates one action's cumulative signed abnormal returns by
// day.
type pathSums struct {
	n          int
	sum, sumSq []float64
	count      []int
}

// groupKey returns the key of an event's signal in a partition.
func groupKey(by string, sig signals.Signal) string {
	var k string
	switch by {
	case "all":
		return "all"
	case "action":
		k = string(sig.Action)
	case "source":
		k = sig.Source
	case "author":
		k = sig.Author
	}
	if k == "" {
		return NoKey
	}
	return k
}

// seedStream returns the PCG stream of a group's Monte Carlo bootstrap: an
// FNV-1a hash of its partition, key and (first) horizon.
func seedStream(by, key string, h int) uint64 {
	f := fnv.New64a()
	fmt.Fprintf(f, "%s\x00%s\x00%d", by, key, h)
	return f.Sum64()
}

func (es *studyRun) aggregate(events []Event) Study {
	st := Study{Horizons: slices.Clone(es.horizons)}
	if es.fallback > 0 {
		es.warn = append(es.warn, fmt.Sprintf("event study: %d events had fewer than %d days to estimate the market model and use market-adjusted returns", es.fallback, MinEstimationDays))
	}
	st.Warnings = es.warn
	// The partitions are independent (each group's bootstrap has its own
	// seeded stream), so they are aggregated in parallel and concatenated
	// in groupBys order: the result does not depend on scheduling.
	parts := make([][]Group, len(groupBys))
	parallel(len(groupBys), func(p int) { parts[p] = es.partition(groupBys[p], events) })
	for _, gs := range parts {
		st.Groups = append(st.Groups, gs...)
	}
	st.Paths = es.carPaths()
	return st
}

// partition returns the groups of one partition (see [EventStudy]) in key,
// then horizon order.
func (es *studyRun) partition(by string, events []Event) []Group {
	nh := len(es.horizons)
	var (
		vals    = make([][]float64, nh) // per horizon, the group's scored values
		mem     = make([][]int, nh)     // per horizon, the events they come from
		scratch []float64
		mc      mcScratch
		groups  []Group
	)
	members := make(map[string][]int)
	for i := range events {
		if es.scored[i] {
			k := groupKey(by, events[i].Signal)
			members[k] = append(members[k], i)
		}
	}
	keys := make([]string, 0, len(members))
	most := 0 // the largest group, to size the buffers once
	for k, idx := range members {
		keys = append(keys, k)
		most = max(most, len(idx))
	}
	slices.Sort(keys)
	for hi := range nh {
		vals[hi], mem[hi] = make([]float64, 0, most), make([]int, 0, most)
	}
	for _, k := range keys {
		idx := members[k]
		first := len(groups)
		for hi, h := range es.horizons {
			g := Group{By: by, Key: k, Horizon: h}
			vals[hi], mem[hi] = vals[hi][:0], mem[hi][:0]
			for _, i := range idx {
				v := es.signed[i*nh+hi]
				if v == censoredMark {
					g.Censored++
					continue
				}
				if !math.IsNaN(v) {
					vals[hi] = append(vals[hi], v)
					mem[hi] = append(mem[hi], i)
				}
			}
			x := vals[hi]
			g.N = len(x)
			g.Mean, g.Median, g.HitRate, g.TStat = math.NaN(), math.NaN(), math.NaN(), math.NaN()
			g.CILow, g.CIHigh = math.NaN(), math.NaN()
			if g.N > 0 {
				g.Mean, _ = sampleMeanSD(x)
				g.HitRate = HitRate(x)
				g.TStat = TStat(x)
				scratch = append(scratch[:0], x...)
				g.Median = Median(scratch)
				if g.N > bootstrapSmallN && es.opt.Bootstrap > 0 {
					g.CILow, g.CIHigh = saddlepointMeanCI(x, confidence)
				}
			}
			groups = append(groups, g)
		}
		// Small samples: Monte Carlo, one run of resamples for each
		// stretch of horizons with the same events (censoring only
		// ever removes events at longer horizons), seeded by the
		// group and the stretch's first horizon.
		for hi := 0; hi < nh && es.opt.Bootstrap > 0; {
			n := len(vals[hi])
			if n < 2 || n > bootstrapSmallN {
				hi++
				continue
			}
			end := hi + 1
			for end < nh && slices.Equal(mem[end], mem[hi]) {
				end++
			}
			src := rand.NewPCG(es.opt.Seed, seedStream(by, k, es.horizons[hi]))
			lo, up := mc.run(vals[hi:end], confidence, es.opt.Bootstrap, src)
			for j := hi; j < end; j++ {
				g := &groups[first+j]
				g.CILow, g.CIHigh = lo[j-hi], up[j-hi]
			}
			hi = end
		}
	}
	return groups
}

// carPaths averages the scored events' cumulative signed abnormal returns
// by day, per action (sorted).
func (es *studyRun) carPaths() []CARPath {
	actions := make([]signals.Action, 0, len(es.paths))
	for a := range es.paths {
		actions = append(actions, a)
	}
	slices.Sort(actions)
	z := normQuantile(0.5 + confidence/2)
	var out []CARPath
	for _, a := range actions {
		ps := es.paths[a]
		days := es.maxH + 1
		p := CARPath{Key: string(a), N: ps.n, Count: ps.count,
			Mean: make([]float64, days), Low: make([]float64, days), High: make([]float64, days)}
		for k := range days {
			n := float64(ps.count[k])
			p.Mean[k], p.Low[k], p.High[k] = math.NaN(), math.NaN(), math.NaN()
			if n == 0 {
				continue
			}
			m := ps.sum[k] / n
			p.Mean[k] = m
			if n < 2 {
				continue
			}
			// Signed abnormal returns are O(0.1) around a mean near 0, so
			// the one-pass variance loses nothing that matters.
			v := math.Max((ps.sumSq[k]-n*m*m)/(n-1), 0)
			se := math.Sqrt(v / n)
			p.Low[k], p.High[k] = m-z*se, m+z*se
		}
		out = append(out, p)
	}
	return out
}
