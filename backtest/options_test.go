package backtest

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// handMarket is the hand scenario's market (see TestHandScenario): AAA
// rises (open 50+i, close 50.5+i), BBB falls (open 200−2i, close 199−2i),
// CCC has no bar on day 22, SPY rises by 1 a day; DDD (open = close = 10)
// stops trading after day 5.
func handMarket() map[string]*data.Series {
	return map[string]*data.Series{
		"AAA": handSeries("AAA", func(i float64) float64 { return 50 + i }, func(i float64) float64 { return 50.5 + i }),
		"BBB": handSeries("BBB", func(i float64) float64 { return 200 - 2*i }, func(i float64) float64 { return 199 - 2*i }),
		"CCC": handSeries("CCC", func(i float64) float64 { return 20 + 0.5*i }, func(i float64) float64 { return 20.25 + 0.5*i }, 22),
		"DDD": handSeries("DDD", func(float64) float64 { return 10 }, func(float64) float64 { return 10 }, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29),
		"SPY": handSeries("SPY", func(i float64) float64 { return 500 + i }, func(i float64) float64 { return 500.5 + i }),
	}
}

// sg is a signal: pub is "2006-01-02 15:04" New York time, or a date.
func sg(pub, ticker string, a signals.Action, source string) signals.Signal {
	s := signals.Signal{Ticker: ticker, Action: a, Source: source, Tradable: true, Strength: signals.Normal}
	if len(pub) == len(time.DateOnly) {
		s.Published, s.DateOnly = day(pub), true
	} else {
		s.Published = et(pub)
	}
	return s
}

func withStrength(s signals.Signal, st signals.Strength) signals.Signal { s.Strength = st; return s }

// tradeView is the part of a trade the option tests check.
type tradeView struct {
	Ticker string
	Side   Side
	Entry  string
	Price  float64
	Shares float64
	Exit   string
	ExitPx float64
	Reason string
	PnL    float64
}

func viewTrades(r *Result) []tradeView {
	var out []tradeView
	for _, t := range r.Trades {
		ex := ""
		if !t.ExitDate.IsZero() {
			ex = t.ExitDate.Format(time.DateOnly)
		}
		out = append(out, tradeView{t.Ticker, t.Side, t.EntryDate.Format(time.DateOnly), round6(t.EntryPrice), round6(t.Shares), ex, round6(t.ExitPrice), t.ExitReason, round6(t.PnL)})
	}
	return out
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func TestOptions(t *testing.T) {
	base := func(f func(*Options)) Options {
		o := DefaultOptions()
		o.MaxPositions, o.HoldingDays = 4, 10
		if f != nil {
			f(&o)
		}
		return o
	}
	tests := []struct {
		name     string
		opt      Options
		sigs     []signals.Signal
		want     []tradeView
		skips    []string // reasons, in order, up to the first colon
		equity   map[int]float64
		wantNote string
	}{
		{
			// A = 25000; 125 shares sold short at 200: cash 125000.
			// Day 0 close: 125000 − 125·199 = 100125. Covered at day 10's
			// open 180: pays 22500, PnL 2500, cash 102500.
			name:   "allow_short opens a short on a sell",
			opt:    base(func(o *Options) { o.AllowShort = true }),
			sigs:   []signals.Signal{sg("2025-06-02 08:00", "BBB", signals.Sell, "A")},
			want:   []tradeView{{"BBB", Short, "2025-06-02", 200, 125, "2025-06-16", 180, ExitHoldingPeriod, 2500}},
			equity: map[int]float64{0: 100125, 9: 125000 - 125*181, 10: 102500, 29: 102500},
		},
		{
			// Without allow_short the same sell has nothing to close.
			name:  "a sell without a position or shorting",
			opt:   base(nil),
			sigs:  []signals.Signal{sg("2025-06-02 08:00", "BBB", signals.Sell, "A")},
			skips: []string{"nothing to close"},
		},
		{
			// Long AAA from A at 50 (500 shares); A's sell on day 2 sells
			// at 52 (PnL 1000) and, shorting allowed, opens a short with
			// E = 75000 + 500·52 = 101000: A = 25250, 485.576923 shares
			// at 52, covered on day 12 at 62.
			name: "allow_short reverses a long on a sell from its source",
			opt:  base(func(o *Options) { o.AllowShort = true }),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "AAA", signals.Buy, "A"),
				sg("2025-06-04 08:00", "AAA", signals.Sell, "A"),
			},
			want: []tradeView{
				{"AAA", Long, "2025-06-02", 50, 500, "2025-06-04", 52, ExitSell, 1000},
				{"AAA", Short, "2025-06-04", 52, round6(25250.0 / 52), "2025-06-18", 62, ExitHoldingPeriod, round6(25250 - 25250.0/52*62)},
			},
		},
		{
			// BBB bought at 200 with a 5% stop: close 199−2i ≤ 190 first on
			// day 5 (189); exits at day 6's open, 188. AAA bought at 50
			// with a 10% take profit: close 50.5+i ≥ 55 first on day 5
			// (55.5); exits at day 6's open, 56.
			name: "stop loss and take profit on closes, exit at the next open",
			opt:  base(func(o *Options) { o.StopLoss, o.TakeProfit = 0.05, 0.10 }),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "AAA", signals.Buy, "A"),
				sg("2025-06-02 08:00", "BBB", signals.Buy, "A"),
			},
			want: []tradeView{
				{"AAA", Long, "2025-06-02", 50, 500, "2025-06-10", 56, ExitTakeProfit, 3000},
				{"BBB", Long, "2025-06-02", 200, 125, "2025-06-10", 188, ExitStopLoss, -1500},
			},
		},
		{
			// next_close: BBB enters at day 0's close 199; the stop
			// (close ≤ 189.05) fires on day 5 (189) and fills at day 6's
			// close, 187. 25000/199 shares.
			name: "stop loss under next_close fills at the next close",
			opt:  base(func(o *Options) { o.StopLoss, o.Execution = 0.05, NextClose }),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "BBB", signals.Buy, "A")},
			want: []tradeView{{"BBB", Long, "2025-06-02", 199, round6(25000.0 / 199), "2025-06-10", 187, ExitStopLoss, round6(25000.0/199*187 - 25000)}},
		},
		{
			// Short BBB at 200 (125 shares) with a 5% take profit: falls to
			// close 189 ≤ 190 on day 5, covered at day 6's open 188: PnL
			// 125·(200−188) = 1500. Short AAA at 50 (500 shares) with a
			// 10% stop: close 55.5 ≥ 55 on day 5, covered at 56: −3000.
			name: "stops on shorts",
			opt:  base(func(o *Options) { o.AllowShort, o.StopLoss, o.TakeProfit = true, 0.10, 0.05 }),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "AAA", signals.Sell, "A"),
				sg("2025-06-02 08:00", "BBB", signals.Avoid, "A"),
			},
			want: []tradeView{
				{"AAA", Short, "2025-06-02", 50, 500, "2025-06-10", 56, ExitStopLoss, -3000},
				{"BBB", Short, "2025-06-02", 200, 125, "2025-06-10", 188, ExitTakeProfit, 1500},
			},
		},
		{
			// Short BBB at 200 (125 shares, cash 125000); A's buy on day 2
			// covers at 196 (pays 24500, PnL 500) and opens a long with
			// E = 100500: A = 25125, 25125/196 shares, sold on day 12 at 176.
			name: "a buy covers a short and reverses",
			opt:  base(func(o *Options) { o.AllowShort = true }),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "BBB", signals.Sell, "A"),
				sg("2025-06-04 08:00", "BBB", signals.Buy, "A"),
			},
			want: []tradeView{
				{"BBB", Short, "2025-06-02", 200, 125, "2025-06-04", 196, ExitBuy, 500},
				{"BBB", Long, "2025-06-04", 196, round6(25125.0 / 196), "2025-06-18", 176, ExitHoldingPeriod, round6(25125.0/196*176 - 25125)},
			},
		},
		{
			// Hulbert: BBB bought at day 0's (201+198)/2 = 199.5; 5% stop
			// (close ≤ 189.525) fires on day 5 (189) and fills at day 6's
			// (189+186)/2 = 187.5.
			name: "hulbert stop fills at the next midpoint",
			opt:  base(func(o *Options) { o.Execution, o.StopLoss = Hulbert, 0.05 }),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "BBB", signals.Buy, "A")},
			want: []tradeView{{"BBB", Long, "2025-06-02", 199.5, round6(25000 / 199.5), "2025-06-10", 187.5, ExitStopLoss, round6(25000/199.5*187.5 - 25000)}},
		},
		{
			// next_close: AAA at day 0's close 50.5, held 10 sessions to
			// day 10's close 60.5.
			name: "next_close holds close to close",
			opt:  base(func(o *Options) { o.Execution = NextClose }),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "AAA", signals.Buy, "A")},
			want: []tradeView{{"AAA", Long, "2025-06-02", 50.5, round6(25000 / 50.5), "2025-06-16", 60.5, ExitHoldingPeriod, round6(25000/50.5*60.5 - 25000)}},
		},
		{
			// hold_closes: A's hold before day 3's open sells at 53.
			// B's hold does nothing.
			name: "hold_closes closes on a hold from the same source",
			opt:  base(func(o *Options) { o.HoldCloses = true }),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "AAA", signals.Buy, "A"),
				sg("2025-06-04 08:00", "AAA", signals.Hold, "B"),
				sg("2025-06-05 08:00", "AAA", signals.Hold, "A"),
			},
			want:  []tradeView{{"AAA", Long, "2025-06-02", 50, 500, "2025-06-05", 53, ExitHold, 1500}},
			skips: []string{"hold opens no position"},
		},
		{
			// same_source_exits false: any source's sell closes: B's buy
			// (day 1) is skipped as already held, B's sell (day 2) sells at
			// 52; A's sell on day 4 has nothing left to close.
			name: "several sources, exits from any source",
			opt:  base(func(o *Options) { o.SameSourceExits = false }),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "AAA", signals.Buy, "A"),
				sg("2025-06-03 08:00", "AAA", signals.Buy, "B"),
				sg("2025-06-04 08:00", "AAA", signals.Sell, "B"),
				sg("2025-06-06 08:00", "AAA", signals.Sell, "A"),
			},
			want:  []tradeView{{"AAA", Long, "2025-06-02", 50, 500, "2025-06-04", 52, ExitSell, 1000}},
			skips: []string{"already held", "nothing to close"},
		},
		{
			// the default, same_source_exits: a position belongs to its
			// source; B's sell (day 2) is skipped; A's sell on day 4 sells
			// at 54.
			name: "several sources, same-source exits",
			opt:  base(nil),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "AAA", signals.Buy, "A"),
				sg("2025-06-03 08:00", "AAA", signals.Buy, "B"),
				sg("2025-06-04 08:00", "AAA", signals.Sell, "B"),
				sg("2025-06-06 08:00", "AAA", signals.Sell, "A"),
			},
			want:  []tradeView{{"AAA", Long, "2025-06-02", 50, 500, "2025-06-06", 54, ExitSell, 2000}},
			skips: []string{"already held", "held by another source"},
		},
		{
			// E = 100000 for both: strong gets 25000·1.5 = 37500 (750
			// AAA), weak 25000·0.5 = 12500 (62.5 BBB).
			name: "strength sizing",
			opt:  base(func(o *Options) { o.Sizing = SizeStrength }),
			sigs: []signals.Signal{
				withStrength(sg("2025-06-02 08:00", "AAA", signals.Buy, "A"), signals.Strong),
				withStrength(sg("2025-06-02 08:00", "BBB", signals.Buy, "A"), signals.Weak),
			},
			want: []tradeView{
				{"AAA", Long, "2025-06-02", 50, 750, "2025-06-16", 60, ExitHoldingPeriod, 7500},
				{"BBB", Long, "2025-06-02", 200, 62.5, "2025-06-16", 180, ExitHoldingPeriod, -1250},
			},
		},
		{
			// A strength that weighs 0 gets no position.
			name: "strength weighing zero",
			opt: base(func(o *Options) {
				o.Sizing, o.StrengthWeights = SizeStrength, map[signals.Strength]float64{signals.Weak: 0}
			}),
			sigs:  []signals.Signal{withStrength(sg("2025-06-02 08:00", "AAA", signals.Buy, "A"), signals.Weak)},
			skips: []string{"zero weight"},
		},
		{
			// 2.52% a year = 0.0001 a trading day, compounding daily on
			// cash: 100000·1.0001 after day 0, ·1.0001^30 after day 29.
			name:   "cash rate",
			opt:    base(func(o *Options) { o.CashRate = 0.0252 }),
			equity: map[int]float64{0: 100010, 29: 100000 * math.Pow(1.0001, 30)},
		},
		{
			// 25000/(50·1.001) = 499.5 → 499 shares costing 499·50.05 =
			// 24974.95; cash 75025.05; day 0 close 75025.05 + 499·50.5.
			name:   "whole shares",
			opt:    base(func(o *Options) { o.WholeShares, o.CommissionBps = true, 10 }),
			sigs:   []signals.Signal{sg("2025-06-02 08:00", "AAA", signals.Buy, "A")},
			want:   []tradeView{{"AAA", Long, "2025-06-02", 50, 499, "2025-06-16", 60, ExitHoldingPeriod, round6(499*60*0.999 - 24974.95)}},
			equity: map[int]float64{0: 75025.05 + 499*50.5},
		},
		{
			// Slippage 10 bp: buy fill 50·1.001 = 50.05, sell fill
			// 60·0.999 = 59.94; 25000/50.05 shares.
			name: "slippage",
			opt:  base(func(o *Options) { o.SlippageBps = 10 }),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "AAA", signals.Buy, "A")},
			want: []tradeView{{"AAA", Long, "2025-06-02", 50.05, round6(25000 / 50.05), "2025-06-16", 59.94, ExitHoldingPeriod, round6(25000/50.05*59.94 - 25000)}},
		},
		{
			// Hulbert: in session on day 1 → day 1's close 51.5; holding
			// exit 10 sessions later at a close too (day 11, 61.5).
			name: "hulbert in session fills at that close",
			opt:  base(func(o *Options) { o.Execution = Hulbert }),
			sigs: []signals.Signal{sg("2025-06-03 12:00", "AAA", signals.Buy, "A")},
			want: []tradeView{{"AAA", Long, "2025-06-03", 51.5, round6(25000 / 51.5), "2025-06-17", 61.5, ExitHoldingPeriod, round6(25000/51.5*61.5 - 25000)}},
		},
		{
			// Hulbert: before the open on day 0 → (high+low)/2 of day 0:
			// high = 51.5, low = 49 → 50.25; exits at day 10's midpoint
			// (61.5+59)/2 = 60.25.
			name: "hulbert before the open fills at the day's midpoint",
			opt:  base(func(o *Options) { o.Execution = Hulbert }),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "AAA", signals.Buy, "A")},
			want: []tradeView{{"AAA", Long, "2025-06-02", 50.25, round6(25000 / 50.25), "2025-06-16", 60.25, ExitHoldingPeriod, round6(25000/50.25*60.25 - 25000)}},
		},
		{
			name: "delay_days shifts the entry",
			opt:  base(func(o *Options) { o.DelayDays = 2 }),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "AAA", signals.Buy, "A")},
			want: []tradeView{{"AAA", Long, "2025-06-04", 52, round6(25000.0 / 52), "2025-06-18", 62, ExitHoldingPeriod, round6(25000.0/52*62 - 25000)}},
		},
		{
			name: "max positions",
			opt:  base(func(o *Options) { o.MaxPositions = 1 }),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "AAA", signals.Buy, "A"),
				sg("2025-06-02 08:01", "BBB", signals.Buy, "A"),
			},
			want:  []tradeView{{"AAA", Long, "2025-06-02", 50, 2000, "2025-06-16", 60, ExitHoldingPeriod, 20000}},
			skips: []string{"max positions"},
		},
		{
			// A date-only buy of AAA dated day 0 counts as published after
			// day 0's close, so BBB's buy at 11:00 that day comes first;
			// both act at day 1's open and max_positions 1 leaves no room
			// for AAA. BBB: 100000/198 shares, out at day 11's open, 178.
			name: "a date-only signal orders after the day's session",
			opt:  base(func(o *Options) { o.MaxPositions = 1 }),
			sigs: []signals.Signal{
				sg("2025-06-02", "AAA", signals.Buy, "A"),
				sg("2025-06-02 11:00", "BBB", signals.Buy, "A"),
			},
			want:  []tradeView{{"BBB", Long, "2025-06-03", 198, round6(100000.0 / 198), "2025-06-17", 178, ExitHoldingPeriod, round6(100000.0/198*178 - 100000)}},
			skips: []string{"max positions"},
		},
		{
			name: "conflict: a buy and a sell acting the same day",
			opt:  base(nil),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "AAA", signals.Buy, "A"),
				sg("2025-06-02 08:05", "AAA", signals.Sell, "B"),
			},
			skips: []string{"conflict", "nothing to close"},
		},
		{
			// DDD's last bar is day 5: by default the position stays open,
			// valued at that last close, 10 (PRODUCT.md: no bar, exit at
			// the next bar, which never comes).
			name: "a ticker that stops trading stays held",
			opt:  base(nil),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "DDD", signals.Buy, "A")},
			want: []tradeView{{"DDD", Long, "2025-06-02", 10, 2500, "", 10, ExitOpen, 0}},
		},
		{
			// close_delisted: the position closes at DDD's last close, 10.
			name: "a ticker that stops trading, close_delisted",
			opt:  base(func(o *Options) { o.CloseDelisted = true }),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "DDD", signals.Buy, "A")},
			want: []tradeView{{"DDD", Long, "2025-06-02", 10, 2500, "2025-06-09", 10, ExitDelisted, 0}},
		},
		{
			// holding_days 0: no time exit; open at the end at AAA's last
			// close 79.5.
			name: "holding_days 0 keeps until a signal or the end",
			opt:  base(func(o *Options) { o.HoldingDays = 0 }),
			sigs: []signals.Signal{sg("2025-06-02 08:00", "AAA", signals.Buy, "A")},
			want: []tradeView{{"AAA", Long, "2025-06-02", 50, 500, "", 79.5, ExitOpen, 14750}},
		},
		{
			// A sell for CCC acting on day 22, when CCC has no bar, fills
			// at its next bar, day 23's open 31.5.
			name: "an exit on a day without a bar waits for the next bar",
			opt:  base(func(o *Options) { o.HoldingDays = 0 }),
			sigs: []signals.Signal{
				sg("2025-06-02 08:00", "CCC", signals.Buy, "A"),
				sg("2025-07-03 08:00", "CCC", signals.Sell, "A"),
			},
			want: []tradeView{{"CCC", Long, "2025-06-02", 20, 1250, "2025-07-07", 31.5, ExitSell, 14375}},
		},
		{
			name: "no date, watch, unknown action, not tradable, no prices, before and after the data",
			opt:  base(nil),
			sigs: []signals.Signal{
				sg("2025-06-03 08:00", "AAA", signals.Watch, "A"),
				sg("2025-06-03 08:01", "AAA", signals.Action("moon"), "A"),
				{Published: et("2025-06-03 08:02"), Entity: "Scale AI", Action: signals.Buy, Reason: "not tradable: private company"},
				sg("2025-06-03 08:03", "ZZZ", signals.Buy, "A"),
				sg("2025-05-20 08:00", "AAA", signals.Buy, "A"),
				sg("2025-07-15 16:00", "AAA", signals.Buy, "A"),
				{Ticker: "AAA", Action: signals.Buy, Tradable: true},
			},
			skips: []string{"no publication date", "published before the first bar", "watch changes nothing", "unknown action \"moon\"", "not tradable", "no prices for ticker ZZZ", "acts after the last bar"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Run(t.Context(), tt.sigs, handMarket(), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := viewTrades(r)
			if len(got) != len(tt.want) {
				t.Fatalf("trades = %+v\nwant %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("trade %d = %+v\nwant      %+v", i, got[i], tt.want[i])
				}
			}
			var skips []string
			for _, s := range r.Skipped {
				skips = append(skips, firstPhrase(s.Reason))
			}
			if strings.Join(skips, "|") != strings.Join(tt.skips, "|") {
				t.Errorf("skips = %q, want %q", skips, tt.skips)
			}
			for d, w := range tt.equity {
				if g := r.Equity[d]; math.Abs(g-w) > 1e-9*math.Abs(w) {
					t.Errorf("Equity[%d] = %.6f, want %.6f", d, g, w)
				}
			}
			// Accounting identity: final equity = capital + Σ PnL (+ interest).
			if tt.opt.CashRate == 0 {
				sum := tt.opt.Capital
				for _, tr := range r.Trades {
					sum += tr.PnL
				}
				if g := r.Equity[len(r.Equity)-1]; math.Abs(g-sum) > 1e-6 {
					t.Errorf("final equity %.6f, capital + Σ PnL %.6f", g, sum)
				}
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	// Run uses the benchmark and the tickers the signals name: a watch on
	// AAA brings AAA's days into the calendar.
	watchAAA := []signals.Signal{sg("2025-06-02 08:00", "AAA", signals.Watch, "A")}
	t.Run("benchmark missing days is carried with a warning", func(t *testing.T) {
		px := handMarket()
		px["SPY"] = handSeries("SPY", func(i float64) float64 { return 500 + i }, func(i float64) float64 { return 500.5 + i }, 3, 4)
		r, err := Run(t.Context(), watchAAA, px, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "benchmark SPY has no bar on 2 of 30 trading days") || !strings.Contains(r.Warnings[0], "2025-06-05, 2025-06-06") {
			t.Errorf("Warnings = %q", r.Warnings)
		}
		if r.Benchmark[3] != r.Benchmark[2] || r.Benchmark[4] != r.Benchmark[2] || r.Benchmark[5] == r.Benchmark[2] {
			t.Errorf("Benchmark[2:6] = %v, want days 3 and 4 carried from day 2", r.Benchmark[2:6])
		}
	})
	t.Run("benchmark starting late is held as cash", func(t *testing.T) {
		px := handMarket()
		px["SPY"] = handSeries("SPY", func(i float64) float64 { return 500 + i }, func(i float64) float64 { return 500.5 + i }, 0, 1)
		r, err := Run(t.Context(), watchAAA, px, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		// Bought at day 2's open 502: 100000/502·502.5 at day 2's close.
		if r.Benchmark[0] != 100000 || r.Benchmark[1] != 100000 || math.Abs(r.Benchmark[2]-100000/502.0*502.5) > 1e-9 {
			t.Errorf("Benchmark[:3] = %v", r.Benchmark[:3])
		}
		if len(r.Warnings) != 2 || !strings.Contains(r.Warnings[1], "held as cash until then") {
			t.Errorf("Warnings = %q", r.Warnings)
		}
	})
	t.Run("series no signal names stay out of the calendar", func(t *testing.T) {
		px := handMarket()
		px["ODD"] = data.NewSeries("ODD", []data.Bar{{Date: day("2025-06-07"), Open: 1, High: 1, Low: 1, Close: 1, AdjClose: 1}}) // a Saturday
		r, err := Run(t.Context(), watchAAA, px, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Dates) != 30 {
			t.Errorf("calendar has %d days, want 30 (ODD's Saturday left out)", len(r.Dates))
		}
	})
	t.Run("NaN prices drop the bar", func(t *testing.T) {
		px := handMarket()
		px["AAA"].Open[2] = math.NaN()
		px["AAA"].Close[5] = math.Inf(1)
		sigs := []signals.Signal{
			sg("2025-06-04 08:00", "AAA", signals.Buy, "A"), // acts day 2: no bar
			sg("2025-06-05 08:00", "AAA", signals.Buy, "A"), // acts day 3 at 53
		}
		opt := DefaultOptions()
		opt.MaxPositions, opt.HoldingDays = 4, 0
		r, err := Run(t.Context(), sigs, px, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Warnings) != 1 || r.Warnings[0] != "AAA: 2 bars without a finite positive open and close dropped" {
			t.Errorf("Warnings = %q", r.Warnings)
		}
		if len(r.Skipped) != 1 || !errors.Is(entryErr(r.Skipped[0].Reason), ErrNoBar) {
			t.Errorf("Skipped = %+v, want the first buy with no bar on entry day", r.Skipped)
		}
		// Day 5 has no AAA bar: valued at day 4's close 54.5.
		shares := 25000.0 / 53
		if want := 75000 + shares*54.5; math.Abs(r.Equity[5]-want) > 1e-6 {
			t.Errorf("Equity[5] = %.6f, want %.6f (last close carried)", r.Equity[5], want)
		}
	})
	t.Run("no benchmark prices", func(t *testing.T) {
		px := handMarket()
		delete(px, "SPY")
		_, err := Run(t.Context(), nil, px, DefaultOptions())
		if !errors.Is(err, ErrNoPrices) || !strings.Contains(err.Error(), `benchmark "SPY"`) {
			t.Errorf("Run() error = %v, want the missing benchmark", err)
		}
	})
	t.Run("invalid options name their key", func(t *testing.T) {
		for key, f := range map[string]func(*Options){
			"max_positions":  func(o *Options) { o.MaxPositions = 0 },
			"holding_days":   func(o *Options) { o.HoldingDays = -1 },
			"capital":        func(o *Options) { o.Capital = math.NaN() },
			"execution":      func(o *Options) { o.Execution = "tomorrow" },
			"stop_loss":      func(o *Options) { o.StopLoss = 1.5 },
			"commission_bps": func(o *Options) { o.CommissionBps = -1 },
			"sizing":         func(o *Options) { o.Sizing = "kelly" },
			"prices":         func(o *Options) { o.Prices = "split" },
		} {
			opt := DefaultOptions()
			f(&opt)
			if _, err := Run(t.Context(), nil, handMarket(), opt); err == nil || !strings.Contains(err.Error(), key) {
				t.Errorf("%s: Run() error = %v, want one naming it", key, err)
			}
		}
	})
	t.Run("series with unequal columns", func(t *testing.T) {
		px := handMarket()
		px["AAA"].Close = px["AAA"].Close[:3]
		if _, err := Run(t.Context(), watchAAA, px, DefaultOptions()); err == nil || !strings.Contains(err.Error(), "AAA") {
			t.Errorf("Run() error = %v, want one naming AAA", err)
		}
	})
	t.Run("raw prices are not scaled", func(t *testing.T) {
		px := handMarket()
		for i := range px["AAA"].AdjClose {
			px["AAA"].AdjClose[i] = px["AAA"].Close[i] / 2
		}
		sigs := []signals.Signal{sg("2025-06-02 08:00", "AAA", signals.Buy, "A")}
		for _, tc := range []struct {
			mode PriceMode
			want float64
		}{{Adjusted, 25}, {Raw, 50}} {
			opt := DefaultOptions()
			opt.Prices = tc.mode
			r, err := Run(t.Context(), sigs, px, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Trades[0].EntryPrice; got != tc.want {
				t.Errorf("prices %s: entry %g, want %g", tc.mode, got, tc.want)
			}
		}
	})
}

// entryErr maps a skip reason back to its sentinel by its leading phrase.
func entryErr(reason string) error {
	for _, e := range []error{ErrNoPrices, ErrBeforeData, ErrAfterData, ErrNoBar} {
		if strings.HasPrefix(reason, strings.TrimPrefix(e.Error(), "backtest: ")) {
			return e
		}
	}
	return nil
}

// TestPrepareSparseColumns checks series without high, low, adjusted close
// or volume: kept, the missing columns NaN, prices unscaled.
func TestPrepareSparseColumns(t *testing.T) {
	px := handMarket()
	aaa := px["AAA"]
	aaa.High, aaa.Low, aaa.AdjClose, aaa.Volume = nil, nil, nil, nil
	m, err := Prepare(px, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	s := m.Series("AAA")
	if s.Len() != 30 || s.Open[3] != 53 || s.Close[3] != 53.5 {
		t.Fatalf("AAA = %d bars, open %g close %g; want 30, 53, 53.5", s.Len(), s.Open[3], s.Close[3])
	}
	for _, col := range [][]float64{s.High, s.Low, s.AdjClose, s.Volume} {
		if len(col) != 30 || !math.IsNaN(col[3]) {
			t.Errorf("missing column = %d values, [3] = %g; want 30 NaN", len(col), col[3])
		}
	}
	opt := DefaultOptions()
	opt.Execution = Hulbert
	r, err := m.Run(t.Context(), []signals.Signal{sg("2025-06-03 08:00", "AAA", signals.Buy, "A")}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Skipped) != 1 || !errors.Is(entryErr(r.Skipped[0].Reason), ErrNoBar) {
		t.Errorf("hulbert without high/low: Skipped = %+v, want no bar on entry day", r.Skipped)
	}
}
