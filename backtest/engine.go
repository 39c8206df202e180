package backtest

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// Exit reasons of a [Trade].
const (
	ExitHoldingPeriod = "holding period"
	ExitSell          = "sell signal"
	ExitAvoid         = "avoid signal"
	ExitBuy           = "buy signal"  // a buy covering a short
	ExitHold          = "hold signal" // hold_closes
	ExitStopLoss      = "stop loss"
	ExitTakeProfit    = "take profit"
	ExitDelisted      = "delisted"
	ExitOpen          = "open" // still held at the end, valued at the last close
)

// Run backtests sigs on the raw price series px under opt. Only the
// benchmark opt.Benchmark and the tickers the signals name are used (so the
// calendar is the union of their dates, PRODUCT.md); px may hold more. It is
// [Prepare] followed by [Market.Run]; use those two directly to run many
// variants on the same prices.
func Run(ctx context.Context, sigs []signals.Signal, px map[string]*data.Series, opt Options) (*Result, error) {
	used := make(map[string]*data.Series, len(px))
	if s, ok := px[opt.Benchmark]; ok {
		used[opt.Benchmark] = s
	}
	for i := range sigs {
		if s, ok := px[sigs[i].Ticker]; ok && sigs[i].Ticker != "" {
			used[sigs[i].Ticker] = s
		}
	}
	m, err := Prepare(used, opt)
	if err != nil {
		return nil, err
	}
	m.oneShot = true
	return m.Run(ctx, sigs, opt)
}

// Run backtests sigs on the prepared market under opt, then computes the
// metrics and the event study. opt must have the Prices, Start, End and
// Benchmark the market was prepared with; everything else may vary. Run
// does not modify m or sigs. The event study does not depend on the
// portfolio options, so results of variants that differ only in those
// share the same Events and Study (computed once, cached in m): treat them
// as read-only.
//
// The portfolio follows PRODUCT.md's default accounting. Each trading day d
// has two phases, the open and the close; fills at the open or at Hulbert's
// (high+low)/2 belong to the open phase, fills at the close to the close
// phase (see [Entry] for which fill a signal gets). Each phase runs, in
// this order:
//
//  1. Exits. A position exits, selling (or covering) all its shares, when:
//     its holding period ends (entry day + holding_days trading days of the
//     calendar, at the same kind of price it entered at, so it is held
//     exactly holding_days sessions; holding_days 0 = no time exit); a
//     sell or avoid for its ticker acts (a buy for a short; a hold from its
//     own source when hold_closes is on; see below for sources); a
//     stop loss or take profit observed at an earlier close acts; or it was
//     due to exit on an earlier day when its ticker had no bar — a ticker
//     with no bar that day exits at its next bar. When several apply the
//     first decided gives the reason: an earlier pending exit, then a
//     signal acting now, then the holding period.
//  2. Sizing equity E = cash after exits + long shares × price − short
//     shares × price, at today's open in the open phase and the close in
//     the close phase (last close where a ticker has no bar).
//  3. Entries: buys (and, with allow_short, sells and avoids that open a
//     short) acting in this phase, in (published, ticker) order, at most one
//     position per ticker. Skipped with a reason, checked in this order:
//     "conflict" when an opposite signal (sell/avoid against buy) for the
//     same ticker acts the same day; "already held" when the ticker is held
//     (from any source; the holding period is not renewed); "no bar on
//     entry day"; "max positions" when max_positions are held; "zero
//     weight" (a strength weighing 0); "no cash left"; "amount buys less
//     than one share" (whole shares). The amount
//     is A = min(E / max_positions × w, cash left), w = 1 for sizing equal
//     and StrengthWeights[strength] for sizing strength (a strength missing
//     from the map weighs 1; empty strength is normal). The fill price is
//     p·(1+slippage) for a buy and p·(1−slippage) for a short sale, and
//     shares = A / (fill · (1 + commission)) — fractional, or rounded down
//     with whole_shares; cash −= shares·fill·(1+commission) (= A when
//     fractional). A short credits shares·fill·(1−commission) to cash and
//     is a liability marked at the close; covering pays
//     shares·fill·(1+commission) with fill = p·(1+slippage).
//
// The (published, ticker) order is that of [signals.Signal.OrderTime]: a
// date-only signal counts as published at 16:00 New York time on its date,
// after the signals published during that day's session, as it is treated
// as published after the close.
//
// Exits sell at fill = p·(1−slippage) and credit shares·fill·(1−commission);
// a Hulbert (high+low)/2 exit on a bar without a finite high or low fills at
// the open.
// Commission and slippage are basis points of the fill (1 bp = 0.0001).
// A trade's PnL is what its exit credited minus what its entry cost (for a
// short: entry proceeds minus cover cost) and its Return is PnL / (shares ·
// entry fill · (1+commission)), the amount A allotted to it.
//
// At each close, in order: (a) with close_delisted, a ticker whose last bar
// is today while the calendar goes on closes at today's close, reason
// "delisted" (by default it stays held, valued at that last close); (b) cash,
// short proceeds included, earns cash_rate/252 (simple per trading day,
// compounding daily) when positive; (c) equity = cash + Σ long shares ×
// close − Σ short shares × close, using the last close where a ticker has
// no bar; exposure = Σ |shares × close| / equity; drawdown = equity /
// running max − 1, the running max starting at the capital (empyrical's
// convention: a fall from the capital to the first close is a drawdown);
// (d) stop loss and take profit are checked on the close
// against the entry fill: a long stops when close ≤ entry·(1−stop_loss) and
// takes profit when close ≥ entry·(1+take_profit), a short the other way
// round. The exit is treated like a signal published after that close: it
// fills at the next session's open (next_open), close (next_close) or
// (high+low)/2 (hulbert), or at the ticker's next bar.
//
// Positions still open after the last day are valued at their last close and
// not sold: their trade has Open true, ExitReason "open", ExitPrice the last
// close and no exit commission in PnL.
//
// Signals from several sources feed one portfolio, one position per ticker.
// By default (same_source_exits, Options.SameSourceExits) a sell or avoid
// closes a held long only when it comes from the source that opened it, as
// does a buy acting on a held short (PRODUCT.md, "Following the advice": "a
// position closes after holding_days trading days unless a later signal
// from the same source closes it first"); one from another source is
// skipped as "held by another source". With same_source_exits: false such
// a signal closes the position whichever source it comes from. A hold closes a position (with
// hold_closes) only when it comes from the position's source — the TipRanks
// convention — and is otherwise "hold opens no position". A later buy from
// any source on a held ticker is skipped as "already held"; the holding
// period is not renewed. With allow_short a sell/avoid that closes a long
// also opens a short in the same phase (a reversal), and a buy that covers a
// short opens a long.
//
// Every signal ends somewhere: as the Signal of a trade, as the reason a
// trade closed, or in Skipped with a reason (a reversal whose close happened
// but whose new position could not open is both). Skip reasons start with
// a fixed phrase, then ": " and the detail: the signal's own Reason when not
// tradable (or "not tradable"), "no publication date", "watch changes
// nothing", "unknown action", "no prices for ticker", "published before the
// first bar", "acts after the last bar", "hold opens no position", "nothing
// to close", "held by another source", "conflict", "already held", "no bar
// on entry day", "max positions", "zero weight", "no cash left", "amount
// buys less than one share". Skipped is in (published, ticker) order.
//
// The benchmark is the same capital bought at the benchmark's first open in
// the calendar and held, without costs (PRODUCT.md: "the same capital
// bought at the first day's open and held"; an index is quoted without
// costs): shares = capital / open, equity = shares × close (its last close
// on days it lacks; capital before its first bar, with a warning).
func (m *Market) Run(ctx context.Context, sigs []signals.Signal, opt Options) (*Result, error) {
	if err := m.check(opt); err != nil {
		return nil, err
	}
	if opt.Execution == Hulbert {
		m.highLow()
	}
	r := &Result{Options: opt}
	r.Warnings = append(r.Warnings, m.warnings...)
	pl := m.place(sigs, opt)
	r.Signals = pl.sorted
	if !m.oneShot {
		// The placement is cached for other runs: the result gets its own
		// copy of the signals.
		r.Signals = slices.Clone(pl.sorted)
	}
	// The event study reads only the signals and the prepared prices: on a
	// cache miss it runs on another core alongside the portfolio.
	events, st, cached := m.cachedStudy(r.Signals, opt)
	var wg sync.WaitGroup
	if !cached {
		wg.Go(func() { events, st = m.study(r.Signals, opt, pl) })
	}
	e := newEngine(m, r, opt, pl)
	err := e.run(ctx)
	if err == nil {
		m.benchmarkCurve(r, opt)
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if err := analyze(ctx, r, opt, events, st); err != nil {
		return nil, err
	}
	return r, nil
}

// check validates opt against the market and PRODUCT.md's ranges; errors
// name the config key.
func (m *Market) check(opt Options) error {
	bad := func(key string, v any, want string) error {
		return fmt.Errorf("backtest: %s %v: want %s: %w", key, v, want, errOptions)
	}
	switch {
	case opt.Prices != m.prices:
		return fmt.Errorf("backtest: prices %q, but the market was prepared with %q: %w", opt.Prices, m.prices, errOptions)
	case !dateOf(opt.Start).Equal(m.start) || !dateOf(opt.End).Equal(m.end):
		return fmt.Errorf("backtest: start/end differ from the prepared market's: %w", errOptions)
	case opt.Benchmark != m.benchmark:
		return fmt.Errorf("backtest: benchmark %q, but the market was prepared with %q: %w", opt.Benchmark, m.benchmark, errOptions)
	case !(opt.Capital > 0) || math.IsInf(opt.Capital, 1):
		return bad("capital", opt.Capital, "a positive number")
	case opt.Execution != NextOpen && opt.Execution != NextClose && opt.Execution != Hulbert:
		return bad("execution", opt.Execution, "next_open, next_close or hulbert")
	case opt.DelayDays < 0:
		return bad("delay_days", opt.DelayDays, "0 or more")
	case opt.HoldingDays < 0:
		return bad("holding_days", opt.HoldingDays, "0 (no time exit) or more")
	case opt.Sizing != SizeEqual && opt.Sizing != SizeStrength:
		return bad("sizing", opt.Sizing, "equal or strength")
	case opt.MaxPositions < 1:
		return bad("max_positions", opt.MaxPositions, "1 or more")
	case !(opt.CommissionBps >= 0) || opt.CommissionBps >= 10000:
		return bad("commission_bps", opt.CommissionBps, "0 up to 10000")
	case !(opt.SlippageBps >= 0) || opt.SlippageBps >= 10000:
		return bad("slippage_bps", opt.SlippageBps, "0 up to 10000")
	case !(opt.CashRate > -1) || math.IsInf(opt.CashRate, 1):
		return bad("cash_rate", opt.CashRate, "an annual fraction above -1")
	case !(opt.StopLoss >= 0) || opt.StopLoss >= 1:
		return bad("stop_loss", opt.StopLoss, "a fraction in [0, 1), 0 = off")
	case !(opt.TakeProfit >= 0) || math.IsInf(opt.TakeProfit, 1):
		return bad("take_profit", opt.TakeProfit, "a fraction ≥ 0, 0 = off")
	}
	for st, w := range opt.StrengthWeights {
		if !(w >= 0) || math.IsInf(w, 1) {
			return bad("strength weight "+string(st), w, "a finite number ≥ 0")
		}
	}
	return nil
}

// order is a signal placed on the calendar.
type order struct {
	si   int // index in Result.Signals
	t    *tick
	day  int
	kind priceKind

	closed bool   // it closed (or reversed) a position this phase
	other  string // source of a position of the ticker it could not close
}

// position is an open position.
type position struct {
	t        *tick
	side     Side
	shares   float64
	fill     float64 // entry fill, slippage included
	cost     float64 // shares × fill × (1+commission): the amount A
	proceeds float64 // short: shares × fill × (1−commission)
	source   string
	due      int // calendar day of the holding-period exit, -1 none
	kind     priceKind
	trade    int // index in Result.Trades

	pend *exitReq // an exit decided but not yet filled
}

type exitReq struct {
	reason string
	kind   priceKind
	day    int // earliest calendar day
}

type engine struct {
	m   *Market
	r   *Result
	opt Options

	comm, slip float64
	days       int
	sigs       []signals.Signal

	cash   float64
	held   map[*tick]*position
	open   []*position // in opening order
	orders []order     // this run's copy of the placement's orders
	// acts[tick,day] bit 1: a buy acts, bit 2: a sell/avoid acts (shared).
	acts map[tickDay]uint8

	skips []skipAt
}

type tickDay struct {
	t   *tick
	day int
}

type skipAt struct {
	si     int
	reason string
}

func newEngine(m *Market, r *Result, opt Options, pl *placement) *engine {
	return &engine{
		m: m, r: r, opt: opt,
		comm: opt.CommissionBps / 1e4, slip: opt.SlippageBps / 1e4,
		days: m.cal.Len(), sigs: r.Signals,
		cash:   opt.Capital,
		held:   make(map[*tick]*position, opt.MaxPositions),
		orders: slices.Clone(pl.orders),
		acts:   pl.acts,
		skips:  slices.Clone(pl.skips),
	}
}

func (e *engine) skip(si int, reason string) { e.skips = append(e.skips, skipAt{si, reason}) }

// placement is signals sorted and put on the calendar: what a run needs
// that depends only on the signals, the execution and the delay, so that
// variants can share it (see [Market.place]). Read-only once built.
type placement struct {
	sorted []signals.Signal // [signals.Less] order
	orders []order          // by day, then phase, then sorted order
	skips  []skipAt         // signals that never reach the calendar
	acts   map[tickDay]uint8

	// entries, parallel to sorted: where each tradable signal whose ticker
	// has prices acts ([actingDay], whatever its action), so that the
	// event study need not locate its publication in New York again.
	entries []entryAt
}

// entryAt is a signal's acting session and price kind; ok is false when
// [actingDay] gave an error or the signal is not scored by the event study
// (not tradable, no prices).
type entryAt struct {
	day  int32
	kind priceKind
	ok   bool
}

// newPlacement sorts sigs and puts every signal on m's calendar or skips it.
func newPlacement(m *Market, sigs []signals.Signal, exec Execution, delay int) *placement {
	pl := &placement{sorted: sortSignals(sigs), acts: make(map[tickDay]uint8)}
	// Where each signal acts, for the event study's view too (see
	// [EventStudy]): every tradable signal with prices, watch and unknown
	// actions included. Locating publications in New York is the costly
	// part and each is independent: in parallel, by blocks of signals.
	pl.entries = make([]entryAt, len(pl.sorted))
	actErrs := make([]error, len(pl.sorted))
	const block = 512
	parallel((len(pl.sorted)+block-1)/block, func(b int) {
		for i := b * block; i < min((b+1)*block, len(pl.sorted)); i++ {
			s := &pl.sorted[i]
			if s.Tradable && m.ticks[s.Ticker] != nil {
				d, k, err := actingDay(*s, m.cal, exec, delay)
				pl.entries[i] = entryAt{day: int32(d), kind: k, ok: err == nil}
				actErrs[i] = err
			}
		}
	})
	skip := func(i int, reason string) { pl.skips = append(pl.skips, skipAt{i, reason}) }
	for i := range pl.sorted {
		s := &pl.sorted[i]
		actErr := actErrs[i]
		switch {
		case !s.Tradable:
			reason := s.Reason
			if reason == "" {
				reason = "not tradable"
			}
			skip(i, reason)
			continue
		case s.Ticker == "":
			skip(i, "not tradable: no ticker")
			continue
		case s.Action == signals.Watch:
			skip(i, "watch changes nothing")
			continue
		case s.Action != signals.Buy && s.Action != signals.Sell && s.Action != signals.Avoid && s.Action != signals.Hold:
			skip(i, fmt.Sprintf("unknown action %q", s.Action))
			continue
		}
		t := m.ticks[s.Ticker]
		if t == nil {
			skip(i, "no prices for ticker "+s.Ticker)
			continue
		}
		// t != nil and s.Tradable here, so entries[i] holds actingDay's answer.
		if actErr != nil {
			skip(i, actErr.Error())
			continue
		}
		d, k := int(pl.entries[i].day), pl.entries[i].kind
		pl.orders = append(pl.orders, order{si: i, t: t, day: d, kind: k})
		switch s.Action {
		case signals.Buy:
			pl.acts[tickDay{t, d}] |= 1
		case signals.Sell, signals.Avoid:
			pl.acts[tickDay{t, d}] |= 2
		}
	}
	// Signals are in (published, ticker) order already; the stable sort
	// keeps it within a phase.
	slices.SortStableFunc(pl.orders, func(a, b order) int {
		if a.day != b.day {
			return a.day - b.day
		}
		return int(b2i(a.kind.atClose())) - int(b2i(b.kind.atClose()))
	})
	return pl
}

func b2i(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func (e *engine) run(ctx context.Context) error {
	n := e.days
	r := e.r
	r.Trades = make([]Trade, 0, len(e.orders)/2)
	r.Dates = slices.Clone(e.m.cal.Days())
	r.Equity = make([]float64, n)
	r.Drawdown = make([]float64, n)
	r.Exposure = make([]float64, n)
	peak := e.opt.Capital // the running max starts at the capital (empyrical)
	next := 0
	rate := e.opt.CashRate / 252
	for d := range n {
		if d&255 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("backtest %q: %w", e.opt.Name, err)
			}
		}
		end := next
		for end < len(e.orders) && e.orders[end].day == d {
			end++
		}
		mid := next
		for mid < end && !e.orders[mid].kind.atClose() {
			mid++
		}
		e.phase(d, false, e.orders[next:mid])
		e.phase(d, true, e.orders[mid:end])
		next = end

		// (a) delisted, when asked.
		if e.opt.CloseDelisted && d < n-1 {
			kept := e.open[:0]
			for _, p := range e.open {
				if p.t.lastDay == d {
					e.fillExit(p, d, kindClose, ExitDelisted)
					continue
				}
				kept = append(kept, p)
			}
			e.open = kept
		}
		// (b) cash interest.
		if rate != 0 && e.cash > 0 {
			e.cash += e.cash * rate
		}
		// (c) marks.
		eq, gross := e.cash, 0.0
		for _, p := range e.open {
			v := p.shares * p.t.lastClose(d)
			gross += v
			if p.side == Short {
				v = -v
			}
			eq += v
		}
		r.Equity[d] = eq
		peak = max(peak, eq)
		r.Drawdown[d] = eq/peak - 1
		r.Exposure[d] = gross / eq
		// (d) stops.
		if e.opt.StopLoss > 0 || e.opt.TakeProfit > 0 {
			e.stops(d)
		}
	}
	e.finish()
	return nil
}

// stops checks stop loss and take profit on day d's close.
func (e *engine) stops(d int) {
	kind := kindOpen
	switch e.opt.Execution {
	case NextClose:
		kind = kindClose
	case Hulbert:
		kind = kindMid
	}
	for _, p := range e.open {
		j := p.t.bar(d)
		if j < 0 || p.pend != nil {
			continue
		}
		c := p.t.s.Close[j]
		up, down := c/p.fill-1, 1-c/p.fill
		if p.side == Short {
			up, down = down, up
		}
		reason := ""
		switch {
		case e.opt.StopLoss > 0 && down >= e.opt.StopLoss:
			reason = ExitStopLoss
		case e.opt.TakeProfit > 0 && up >= e.opt.TakeProfit:
			reason = ExitTakeProfit
		}
		if reason != "" {
			p.pend = &exitReq{reason: reason, kind: kind, day: d + 1}
		}
	}
}

// phase runs the exits, the sizing and the entries of one phase of day d.
func (e *engine) phase(d int, atClose bool, orders []order) {
	// 1. Exits: signals first mark their positions…
	for i := range orders {
		o := &orders[i]
		s := &e.sigs[o.si]
		p := e.held[o.t]
		if p == nil {
			continue
		}
		reason := ""
		switch {
		case (s.Action == signals.Sell || s.Action == signals.Avoid) && p.side == Long:
			reason = ExitSell
			if s.Action == signals.Avoid {
				reason = ExitAvoid
			}
		case s.Action == signals.Buy && p.side == Short:
			reason = ExitBuy
		case s.Action == signals.Hold && e.opt.HoldCloses:
			reason = ExitHold
		default:
			continue
		}
		if s.Source != p.source && (e.opt.SameSourceExits || reason == ExitHold) {
			o.other = p.source
			continue
		}
		o.closed = true
		if p.pend == nil {
			p.pend = &exitReq{reason: reason, kind: o.kind, day: d}
		}
	}
	// …then every position due in this phase exits if its ticker has a bar.
	if len(e.open) > 0 {
		kept := e.open[:0] // in place: fillExit does not touch e.open
		for _, p := range e.open {
			if p.pend == nil && p.due >= 0 && d >= p.due && p.kind.atClose() == atClose {
				p.pend = &exitReq{reason: ExitHoldingPeriod, kind: p.kind, day: p.due}
			}
			if q := p.pend; q != nil && d >= q.day && q.kind.atClose() == atClose && p.t.bar(d) >= 0 {
				e.fillExit(p, d, q.kind, q.reason)
				continue
			}
			kept = append(kept, p)
		}
		e.open = kept
	}
	if len(orders) == 0 {
		return
	}
	// 2. Sizing equity.
	E := e.cash
	for _, p := range e.open {
		var v float64
		if j := p.t.bar(d); j >= 0 {
			if atClose {
				v = p.t.s.Close[j]
			} else {
				v = p.t.s.Open[j]
			}
		} else {
			v = p.t.lastClose(d)
		}
		v *= p.shares
		if p.side == Short {
			v = -v
		}
		E += v
	}
	// 3. Entries.
	for i := range orders {
		e.enter(d, &orders[i], E)
	}
}

// enter opens a position for o or records why not.
func (e *engine) enter(d int, o *order, E float64) {
	s := &e.sigs[o.si]
	side := Long
	switch s.Action {
	case signals.Hold:
		if !o.closed {
			e.skip(o.si, "hold opens no position")
		}
		return
	case signals.Sell, signals.Avoid:
		if !e.opt.AllowShort {
			switch {
			case o.closed:
			case o.other != "" || (e.held[o.t] != nil && e.held[o.t].source != s.Source):
				e.skip(o.si, e.otherSource(o, s))
			default:
				e.skip(o.si, fmt.Sprintf("nothing to close: no position in %s", s.Ticker))
			}
			return
		}
		side = Short
	}
	if o.other != "" {
		e.skip(o.si, e.otherSource(o, s))
		return
	}
	if side == Long && e.acts[tickDay{o.t, d}]&2 != 0 {
		e.skip(o.si, fmt.Sprintf("conflict: a sell or avoid for %s acts the same day", s.Ticker))
		return
	}
	if side == Short && e.acts[tickDay{o.t, d}]&1 != 0 {
		e.skip(o.si, fmt.Sprintf("conflict: a buy for %s acts the same day", s.Ticker))
		return
	}
	if p := e.held[o.t]; p != nil {
		e.skip(o.si, fmt.Sprintf("already held: %s %s since %s (source %q)", p.side, s.Ticker,
			e.r.Trades[p.trade].EntryDate.Format(time.DateOnly), p.source))
		return
	}
	j := o.t.bar(d)
	price := math.NaN()
	if j >= 0 {
		price = o.kind.price(o.t.s, j)
	}
	if math.IsNaN(price) {
		_, err := fillAt(e.m.cal, o.t.s, d, o.kind) // the reason
		e.skip(o.si, err.Error())
		return
	}
	if len(e.held) >= e.opt.MaxPositions {
		e.skip(o.si, fmt.Sprintf("max positions: %d held", len(e.held)))
		return
	}
	w := 1.0
	if e.opt.Sizing == SizeStrength {
		st := s.Strength
		if st == "" {
			st = signals.Normal
		}
		if x, ok := e.opt.StrengthWeights[st]; ok {
			w = x
		}
	}
	A := min(E/float64(e.opt.MaxPositions)*w, e.cash)
	if !(A > 0) {
		if w == 0 {
			e.skip(o.si, fmt.Sprintf("zero weight: strength %q weighs 0 under sizing strength", s.Strength))
		} else {
			e.skip(o.si, fmt.Sprintf("no cash left: amount %.2f (sizing equity %.2f, cash %.2f)", A, E, e.cash))
		}
		return
	}
	fill := price * (1 + e.slip)
	if side == Short {
		fill = price * (1 - e.slip)
	}
	shares := A / (fill * (1 + e.comm))
	cost := A
	if e.opt.WholeShares {
		shares = math.Floor(shares)
		if shares < 1 {
			e.skip(o.si, fmt.Sprintf("amount buys less than one share: %.2f at %.4f", A, fill))
			return
		}
		cost = shares * fill * (1 + e.comm)
	}
	p := &position{
		t: o.t, side: side, shares: shares, fill: fill, cost: cost,
		source: s.Source, due: -1, kind: o.kind, trade: len(e.r.Trades),
	}
	if side == Long {
		e.cash -= cost
	} else {
		p.proceeds = shares * fill * (1 - e.comm)
		e.cash += p.proceeds
	}
	if e.opt.HoldingDays > 0 {
		p.due = d + e.opt.HoldingDays
	}
	e.held[o.t] = p
	e.open = append(e.open, p)
	e.r.Trades = append(e.r.Trades, Trade{
		Ticker: s.Ticker, Side: side, Signal: *s,
		EntryDate: e.m.cal.Days()[d], EntryPrice: fill, Shares: shares, Open: true,
	})
}

func (e *engine) otherSource(o *order, s *signals.Signal) string {
	src := o.other
	if src == "" {
		src = e.held[o.t].source
	}
	return fmt.Sprintf("held by another source: the position in %s was opened by source %q; only a later signal from that source closes it", s.Ticker, src)
}

// fillExit books p's exit on day d; the caller removes it from e.open.
func (e *engine) fillExit(p *position, d int, kind priceKind, reason string) {
	j := p.t.bar(d)
	px := kind.price(p.t.s, j)
	if math.IsNaN(px) { // Hulbert exit on a bar without high/low
		px = p.t.s.Open[j]
	}
	tr := &e.r.Trades[p.trade]
	var pnl float64
	if p.side == Long {
		fill := px * (1 - e.slip)
		got := p.shares * fill * (1 - e.comm)
		e.cash += got
		pnl = got - p.cost
		tr.ExitPrice = fill
	} else {
		fill := px * (1 + e.slip)
		paid := p.shares * fill * (1 + e.comm)
		e.cash -= paid
		pnl = p.proceeds - paid
		tr.ExitPrice = fill
	}
	tr.ExitDate = e.m.cal.Days()[d]
	tr.ExitReason = reason
	tr.Open = false
	tr.PnL = pnl
	tr.Return = pnl / p.cost
	delete(e.held, p.t)
}

// finish values open positions and orders the skips.
func (e *engine) finish() {
	last := e.days - 1
	for _, p := range e.open {
		tr := &e.r.Trades[p.trade]
		c := p.t.lastClose(last)
		tr.ExitPrice = c
		tr.ExitReason = ExitOpen
		if p.side == Long {
			tr.PnL = p.shares*c - p.cost
		} else {
			tr.PnL = p.proceeds - p.shares*c
		}
		tr.Return = tr.PnL / p.cost
	}
	slices.SortStableFunc(e.skips, func(a, b skipAt) int { return a.si - b.si })
	e.r.Skipped = make([]Skip, len(e.skips))
	for i, s := range e.skips {
		e.r.Skipped[i] = Skip{Signal: e.sigs[s.si], Reason: s.reason}
	}
}

// benchmarkCurve fills r.Benchmark and r.BenchmarkDrawdown.
func (m *Market) benchmarkCurve(r *Result, opt Options) {
	n := m.cal.Len()
	r.Benchmark = make([]float64, n)
	r.BenchmarkDrawdown = make([]float64, n)
	b := m.bench
	first, _ := m.cal.Index(b.s.Dates[0])
	if first > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("benchmark %s starts on %s, after the first trading day %s: held as cash until then",
			b.name, b.s.Dates[0].Format(time.DateOnly), m.cal.Days()[0].Format(time.DateOnly)))
	}
	shares := opt.Capital / b.s.Open[0]
	peak := opt.Capital
	for d := range n {
		v := opt.Capital
		if d >= first {
			v = shares * b.lastClose(d)
		}
		r.Benchmark[d] = v
		peak = max(peak, v)
		r.BenchmarkDrawdown[d] = v/peak - 1
	}
}

// sortSignals returns a copy of sigs in [signals.Less] order, stable. It
// sorts indices, not the large structs.
func sortSignals(sigs []signals.Signal) []signals.Signal {
	idx := make([]int32, len(sigs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int {
		return signals.Compare(&sigs[a], &sigs[b])
	})
	out := make([]signals.Signal, len(sigs))
	for i, j := range idx {
		out[i] = sigs[j]
	}
	return out
}
