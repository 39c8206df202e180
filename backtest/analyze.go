package backtest

import (
	"context"
	"fmt"
)

// analyze fills the metrics of r and the event study of its signals on the
// market's prepared (scaled, trimmed) prices.
func analyze(ctx context.Context, m *Market, r *Result, opt Options) error {
	r.Metrics = ComputeMetrics(r)
	r.BenchmarkMetrics = BenchmarkMetrics(r)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("backtest %q: %w", opt.Name, err)
	}
	r.Events, r.Study = EventStudy(r.Signals, m.px, m.cal, opt)
	r.Warnings = append(r.Warnings, r.Study.Warnings...)
	return nil
}
