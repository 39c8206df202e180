package backtest

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/tipster/tipster/signals"
)

// analyze fills the metrics of r and the event study of its signals on the
// market's prepared (scaled, trimmed) prices.
func analyze(ctx context.Context, m *Market, r *Result, opt Options) error {
	r.Metrics = ComputeMetrics(r)
	r.BenchmarkMetrics = BenchmarkMetrics(r)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("backtest %q: %w", opt.Name, err)
	}
	r.Events, r.Study = m.study(r.Signals, opt)
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

// study returns the event study of sigs (sorted) under opt, from the cache
// when the same signals and study options were scored before on m.
func (m *Market) study(sigs []signals.Signal, opt Options) ([]Event, Study) {
	key := studyKey(opt)
	c := &m.studies
	c.mu.Lock()
	for _, e := range c.entries {
		if e.key == key && slices.Equal(e.sigs, sigs) {
			c.mu.Unlock()
			return e.events, e.study
		}
	}
	c.mu.Unlock()
	events, st := EventStudy(sigs, m.px, m.cal, opt)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) == studyCacheSize {
		c.entries = slices.Delete(c.entries, 0, 1)
	}
	c.entries = append(c.entries, studyEntry{key: key, sigs: slices.Clone(sigs), events: events, study: st})
	return events, st
}
