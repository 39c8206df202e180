package data

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// FillOptions tunes [Store.Fill] and [Store.FillAll]. Zero fields take the
// defaults given with each field.
type FillOptions struct {
	// Source names the provider in the store ("yahoo", "csv"). Default
	// "provider".
	Source string
	// Refresh is how many of the last stored bars are fetched again when the
	// store is extended forward: the latest bars may have been taken during
	// the session or revised since. Default 5; negative means none.
	Refresh int
	// Concurrency bounds how many tickers FillAll fetches at once.
	// Default 2.
	Concurrency int
	// Now is the clock (today's date is Now in UTC). Default time.Now.
	Now func() time.Time
	// Done, when set, is called by FillAll after each ticker, one call at a
	// time, with its report and error (nil on success).
	Done func(rep FillReport, err error)
}

func (o FillOptions) withDefaults() FillOptions {
	if o.Source == "" {
		o.Source = "provider"
	}
	switch {
	case o.Refresh == 0:
		o.Refresh = 5
	case o.Refresh < 0:
		o.Refresh = 0
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 2
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// FillReport says what [Store.Fill] did for one ticker.
type FillReport struct {
	Ticker string
	// Requested are the date ranges asked of the provider, empty when the
	// store already covered the request.
	Requested []Range
	// Fetched is the number of bars the provider returned; Added the number
	// of dates new to the store (the others replaced stored bars).
	Fetched, Added int
	// Rows, First and Last describe the stored series after the fill.
	Rows        int
	First, Last time.Time
}

// UpToDate reports whether the fill needed no request at all.
func (r FillReport) UpToDate() bool { return len(r.Requested) == 0 }

// Fill brings ticker's stored bars up to r by fetching from p only what the
// store lacks, and stores what p returns in one transaction.
//
// The store remembers the hull of the dates it has asked for (or, for
// imported series, of the dates it holds), so a range without trading days
// (a holiday, a weekend, before the listing) is not asked again. What is
// fetched: the part of r before that hull; and, when r reaches past the
// hull's end, everything from the Refresh-th last stored bar on (the latest
// bars may have been taken mid-session or revised). A gap between the hull
// and r is fetched with it, so stored series have no holes. A date on or
// after today (UTC) never counts as covered: its bar may still change.
//
// An open r.To means today; an open r.From means from the provider's first
// bar. A range the provider has no bars for is not an error in itself; Fill
// returns an error wrapping [ErrNoPrices] only when, afterwards, the store
// holds no bar of ticker in r. Provider errors are returned wrapped with the
// ticker and range; nothing is stored then.
func (s *Store) Fill(ctx context.Context, p Provider, ticker string, r Range, opt FillOptions) (FillReport, error) {
	opt = opt.withDefaults()
	t, err := storeNormTicker(ticker)
	if err != nil {
		return FillReport{Ticker: ticker}, fmt.Errorf("fill: %w", err)
	}
	rep := FillReport{Ticker: t}
	today := Date(opt.Now().UTC())
	from, to := r.From, r.To
	if !from.IsZero() {
		from = Date(from)
	}
	if to.IsZero() || Date(to).After(today) {
		to = today
	}
	to = Date(to)
	if !from.IsZero() && to.Before(from) {
		return rep, fmt.Errorf("fill %s: range %s..%s is empty or reversed (today is %s)", t, storeDay(r.From), storeDay(r.To), storeDay(today))
	}
	plan, err := s.fillPlan(ctx, t, from, to, today, opt.Refresh)
	if err != nil {
		return rep, fmt.Errorf("fill %s: %w", t, err)
	}
	rep.Requested = plan
	var bars []Bar
	for _, q := range plan {
		got, err := p.Bars(ctx, t, q)
		if errors.Is(err, ErrNoPrices) {
			continue
		}
		if err != nil {
			return rep, fmt.Errorf("fill %s %s..%s: %w", t, storeDay(q.From), storeDay(q.To), err)
		}
		for _, b := range got {
			if q.Contains(Date(b.Date)) {
				bars = append(bars, b)
			}
		}
	}
	rep.Fetched = len(bars)
	if len(plan) > 0 {
		// Today's bar is never final: the recorded range ends yesterday at
		// the latest, so the next fill asks again.
		rec := Range{From: from, To: to}
		if !rec.To.Before(today) {
			rec.To = today.AddDate(0, 0, -1)
		}
		res, err := s.put(ctx, t, opt.Source, bars, &rec)
		if err != nil {
			return rep, fmt.Errorf("fill %s: %w", t, err)
		}
		rep.Added = res.after - res.before
	}
	in, _, err := s.info(ctx, t)
	if err != nil {
		return rep, fmt.Errorf("fill %s: %w", t, err)
	}
	rep.Rows, rep.First, rep.Last = in.Rows, in.First, in.Last
	if _, err := s.Bars(ctx, t, Range{From: from, To: to}); err != nil {
		return rep, fmt.Errorf("fill: %w", err)
	}
	return rep, nil
}

// fillPlan returns the ranges to fetch for ticker to cover [from, to]
// (a zero from is open).
func (s *Store) fillPlan(ctx context.Context, ticker string, from, to, today time.Time, refresh int) ([]Range, error) {
	in, ok, err := s.info(ctx, ticker)
	if err != nil {
		return nil, err
	}
	if !ok || (in.Rows == 0 && !in.requested) {
		return []Range{{From: from, To: to}}, nil
	}
	// The covered hull [cf, ct]: the dates requested so far, widened by the
	// stored bars. A zero cf means covered from the start of the data.
	var cf, ct time.Time
	hasFrom, hasTo := false, false
	if in.requested {
		cf, hasFrom = in.Requested.From, true
		ct, hasTo = in.Requested.To, !in.Requested.To.IsZero()
	}
	if in.Rows > 0 {
		if !hasFrom || (!cf.IsZero() && in.First.Before(cf)) {
			cf, hasFrom = in.First, true
		}
		if !hasTo || in.Last.After(ct) {
			ct, hasTo = in.Last, true
		}
	}
	if yesterday := today.AddDate(0, 0, -1); !hasTo || ct.After(yesterday) {
		ct = yesterday
	}
	var plan []Range
	if hasFrom && !cf.IsZero() && (from.IsZero() || from.Before(cf)) {
		plan = append(plan, Range{From: from, To: cf.AddDate(0, 0, -1)})
	}
	if to.After(ct) {
		start := ct.AddDate(0, 0, 1)
		if refresh > 0 && in.Rows > 0 {
			snap, err := s.snapshot(ctx, ticker)
			if err != nil {
				return nil, err
			}
			// The refresh-th last stored bar on or before ct.
			if _, hi := snap.span(Range{To: ct}); hi > 0 {
				if d := snap.date(max(hi-refresh, 0)); d.Before(start) {
					start = d
				}
			}
		}
		if len(plan) > 0 && !start.After(plan[0].To.AddDate(0, 0, 1)) {
			plan[0].To = to // one request covers both ends
		} else {
			plan = append(plan, Range{From: start, To: to})
		}
	}
	return plan, nil
}

// FillAll fills every ticker as [Store.Fill] does, opt.Concurrency at a
// time. A failing ticker does not stop the others: the reports are in the
// order of tickers (a failed ticker's report says what was attempted) and
// the error joins every ticker's error, nil when all succeeded.
func (s *Store) FillAll(ctx context.Context, p Provider, tickers []string, r Range, opt FillOptions) ([]FillReport, error) {
	opt = opt.withDefaults()
	reports := make([]FillReport, len(tickers))
	errs := make([]error, len(tickers))
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(opt.Concurrency)
	for i, t := range tickers {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				reports[i], errs[i] = FillReport{Ticker: t}, fmt.Errorf("fill %s: %w", t, err)
			} else {
				reports[i], errs[i] = s.Fill(ctx, p, t, r, opt)
			}
			if opt.Done != nil {
				mu.Lock()
				opt.Done(reports[i], errs[i])
				mu.Unlock()
			}
			return nil
		})
	}
	g.Wait()
	return reports, errors.Join(errs...)
}
