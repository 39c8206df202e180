//go:build !eventstudy_landed

package backtest

// eventStudy is a placeholder until backtest/eventstudy.go lands (owned by
// the metrics engineer); it returns no events.
func eventStudy(m *Market, r *Result, opt Options) ([]Event, Study) {
	return nil, Study{Horizons: opt.Horizons}
}
