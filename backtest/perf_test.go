package backtest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

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

// TestHighLowLazy checks the highs and lows a market adds for hulbert runs
// ([Market.highLow]) against the full prepared series, with and without a
// Start (whose portfolio view shares the study's arrays), and that runs
// under hulbert and next_open on one market at once (run it with -race)
// equal the same runs alone.
func TestHighLowLazy(t *testing.T) {
	px, days := synthMarket(13, 30, 500)
	sigs := synthSignals(14, 400, 30, days)
	for _, start := range []time.Time{{}, days[300]} {
		t.Run(fmt.Sprintf("start=%s", start.Format(time.DateOnly)), func(t *testing.T) {
			opt := DefaultOptions()
			opt.Start = start
			m, err := Prepare(px, opt)
			if err != nil {
				t.Fatal(err)
			}
			hul := opt
			hul.Execution = Hulbert
			var wg sync.WaitGroup
			got := make([]*Result, 4)
			for i := range got {
				wg.Go(func() {
					o := opt
					if i%2 == 0 {
						o = hul
					}
					r, err := m.Run(t.Context(), sigs, o)
					if err != nil {
						t.Error(err)
					}
					got[i] = r
				})
			}
			wg.Wait()
			for name, s := range m.px {
				full := m.Series(name)
				if diff := cmp.Diff(full.High, s.High, cmpopts.EquateNaNs()); diff != "" {
					t.Errorf("%s: High differs from the full series (-full +lazy):\n%s", name, diff)
				}
				if diff := cmp.Diff(full.Low, s.Low, cmpopts.EquateNaNs()); diff != "" {
					t.Errorf("%s: Low differs from the full series (-full +lazy):\n%s", name, diff)
				}
			}
			for i, r := range got {
				o := opt
				if i%2 == 0 {
					o = hul
				}
				alone, err := Run(t.Context(), sigs, px, o)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(alone.Equity, r.Equity); diff != "" {
					t.Errorf("run %d (%s): equity differs from a run alone (-alone +concurrent):\n%s", i, o.Execution, diff)
				}
				if diff := cmp.Diff(alone.Events, r.Events, cmpopts.EquateNaNs()); diff != "" {
					t.Errorf("run %d (%s): events differ from a run alone (-alone +concurrent):\n%s", i, o.Execution, diff)
				}
			}
		})
	}
}

// TestUnion checks the day-table union against the merging one on random
// date lists, empty ones included.
func TestUnion(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	base := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	for c := range 50 {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			lists := make([][]time.Time, rng.IntN(6))
			for i := range lists {
				d := base.AddDate(0, 0, rng.IntN(40))
				for range rng.IntN(30) {
					lists[i] = append(lists[i], d)
					d = d.AddDate(0, 0, 1+rng.IntN(4))
				}
			}
			got, want := union(lists), unionMerge(lists)
			if len(got) == 0 && len(want) == 0 {
				return
			}
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("union differs from unionMerge (-table +merge):\n%s", diff)
			}
		})
	}
}
