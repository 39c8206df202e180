package backtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/tipster/tipster/signals"
)

// analyze fills the metrics of r and adds the event study's warnings; the
// event study itself (events, study) was computed alongside the portfolio
// (see [Market.Run]).
func analyze(ctx context.Context, r *Result, opt Options, events []Event, st Study) error {
	r.Metrics = ComputeMetrics(r)
	r.BenchmarkMetrics = BenchmarkMetrics(r)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("backtest %q: %w", opt.Name, err)
	}
	r.Events, r.Study = events, st
	r.Warnings = append(r.Warnings, r.Study.Warnings...)
	return nil
}

// studyCache keeps the last event studies of a market. The event study
// does not depend on the portfolio options, so variants that differ only
// in them (holding_days, max_positions, costs, sizing, …) share one.
type studyCache struct {
	mu      sync.Mutex
	entries []studyEntry // most recent last
}

type studyEntry struct {
	key    string
	sigs   []signals.Signal
	events []Event
	study  Study
}

const studyCacheSize = 8

// studyKey lists every option [EventStudy] reads (through [Entry] too).
func studyKey(opt Options) string {
	return fmt.Sprintf("%s|%d|%v|%s|%s|%d|%s|%t|%d", opt.Execution, opt.DelayDays, opt.Horizons, opt.Abnormal,
		opt.Benchmark, opt.Bootstrap, opt.Prices, opt.ScoreHolds, opt.Seed)
}

// cachedStudy returns the event study of sigs (sorted) under opt when the
// same signals and study options were scored before on m.
func (m *Market) cachedStudy(sigs []signals.Signal, opt Options) ([]Event, Study, bool) {
	if m.oneShot {
		return nil, Study{}, false
	}
	key := studyKey(opt)
	c := &m.studies
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if e.key == key && slices.Equal(e.sigs, sigs) {
			return e.events, e.study, true
		}
	}
	return nil, Study{}, false
}

// study computes the event study of sigs (sorted, pl's) under opt on the
// market's prices with their history before Start, and caches it. When
// there is no such history (Start zero) it reuses the market's index maps
// and pl's acting days.
func (m *Market) study(sigs []signals.Signal, opt Options, pl *placement) ([]Event, Study) {
	var events []Event
	var st Study
	if m.studyCal == m.cal {
		prep := &studyPrep{ticks: m.ticks, entries: pl.entries}
		events, st = eventStudy(sigs, m.studyPx, m.studyCal, opt, prep)
	} else {
		// Signals the portfolio calls "published before the first bar"
		// (before Start) are not scored either.
		scored := slices.DeleteFunc(slices.Clone(sigs), func(s signals.Signal) bool {
			_, _, err := actingDay(s, m.cal, opt.Execution, opt.DelayDays)
			return errors.Is(err, ErrBeforeData)
		})
		events, st = EventStudy(scored, m.studyPx, m.studyCal, opt)
	}
	if m.oneShot {
		return events, st
	}
	c := &m.studies
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) == studyCacheSize {
		c.entries = slices.Delete(c.entries, 0, 1)
	}
	c.entries = append(c.entries, studyEntry{key: studyKey(opt), sigs: slices.Clone(sigs), events: events, study: st})
	return events, st
}

// placeCache keeps the last placements of a market, keyed by execution and
// delay and the signals as given, so variants skip sorting and timing.
type placeCache struct {
	mu      sync.Mutex
	entries []placeEntry // most recent last
}

type placeEntry struct {
	exec  Execution
	delay int
	sigs  []signals.Signal // as given, cloned
	pl    *placement
}

// place returns the placement of sigs under opt's execution and delay, from
// the cache when the same signals were placed before on m.
func (m *Market) place(sigs []signals.Signal, opt Options) *placement {
	if m.oneShot {
		return newPlacement(m, sigs, opt.Execution, opt.DelayDays)
	}
	c := &m.placed
	c.mu.Lock()
	for _, e := range c.entries {
		if e.exec == opt.Execution && e.delay == opt.DelayDays && slices.Equal(e.sigs, sigs) {
			c.mu.Unlock()
			return e.pl
		}
	}
	c.mu.Unlock()
	pl := newPlacement(m, sigs, opt.Execution, opt.DelayDays)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) == studyCacheSize {
		c.entries = slices.Delete(c.entries, 0, 1)
	}
	c.entries = append(c.entries, placeEntry{exec: opt.Execution, delay: opt.DelayDays, sigs: slices.Clone(sigs), pl: pl})
	return pl
}
