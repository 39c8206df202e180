package backtest

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestMarketStudyMatchesEventStudy checks that the event study a Market
// computes with its own index maps and its placement's acting days equals
// the exported EventStudy on the same prices, calendar and signals, for
// every execution mode, with and without a delay and under both abnormal
// return models.
func TestMarketStudyMatchesEventStudy(t *testing.T) {
	px, days := synthMarket(11, 40, 700)
	sigs := synthSignals(12, 600, 45, days) // some tickers without prices
	for _, exec := range []Execution{NextOpen, NextClose, Hulbert} {
		for _, delay := range []int{0, 2} {
			for _, model := range []AbnormalModel{MarketAdjusted, MarketModel} {
				t.Run(fmt.Sprintf("%s/delay%d/%s", exec, delay, model), func(t *testing.T) {
					opt := DefaultOptions()
					opt.Execution, opt.DelayDays, opt.Abnormal = exec, delay, model
					m, err := Prepare(px, opt)
					if err != nil {
						t.Fatal(err)
					}
					r, err := m.Run(t.Context(), sigs, opt)
					if err != nil {
						t.Fatal(err)
					}
					events, st := EventStudy(r.Signals, m.px, m.cal, opt)
					if len(events) == 0 {
						t.Fatal("no events")
					}
					if diff := cmp.Diff(r.Events, events, cmpopts.EquateNaNs()); diff != "" {
						t.Errorf("market events differ from EventStudy (-market +EventStudy):\n%s", diff)
					}
					if diff := cmp.Diff(r.Study, st, cmpopts.EquateNaNs()); diff != "" {
						t.Errorf("market study differs from EventStudy (-market +EventStudy):\n%s", diff)
					}
				})
			}
		}
	}
}
