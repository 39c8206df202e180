package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/tipster/tipster/data"
)

// loadPrices makes sure the store holds prices for every ticker in need
// (fetching what is missing unless offline) and loads them. Tickers that end
// with no bars are returned in missing, sorted; the batch goes on without
// them. A failed fetch is logged and leaves the ticker to what the store has.
func (a *app) loadPrices(ctx context.Context, cfg *Config, store *data.Store, need map[string]data.Range) (map[string]*data.Series, []string, error) {
	tickers := make([]string, 0, len(need))
	for t := range need {
		tickers = append(tickers, t)
	}
	slices.Sort(tickers)
	if p, ok := a.batchProvider(cfg); ok {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(max(1, cfg.Data.Yahoo.Concurrency))
		var mu sync.Mutex
		var fetchErrs []error
		for _, t := range tickers {
			g.Go(func() error {
				_, err := store.Fill(gctx, p, t, need[t], data.FillOptions{Source: p.source(t), Now: a.now})
				if err != nil && gctx.Err() == nil {
					mu.Lock()
					fetchErrs = append(fetchErrs, err)
					mu.Unlock()
					a.log.Warn("prices not fetched", "ticker", t, "err", err)
				}
				return nil // one bad ticker does not stop the others
			})
		}
		_ = g.Wait()
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
	}
	var union data.Range
	for _, r := range need {
		if union.From.IsZero() || r.From.Before(union.From) {
			union.From = r.From
		}
		if r.To.After(union.To) {
			union.To = r.To
		}
	}
	px, err := store.LoadAll(ctx, tickers, union)
	if err != nil {
		return nil, nil, fmt.Errorf("load prices: %w", err)
	}
	var missing []string
	for _, t := range tickers {
		if s, ok := px[t]; !ok || s.Len() == 0 {
			delete(px, t)
			missing = append(missing, t)
		}
	}
	return px, missing, nil
}

// batchProvider is where missing prices come from: the CSV folder first (a
// ticker with a file there is read only from it, so two sources are never
// spliced into one series), then Yahoo unless offline or the provider is
// csv. It returns false when nothing can be fetched.
func (a *app) batchProvider(cfg *Config) (sourceChain, bool) {
	var chain sourceChain
	if cfg.Data.CSVDir != "" {
		chain.csv = data.NewCSVDir(cfg.Path(cfg.Data.CSVDir))
	}
	if !cfg.Data.Offline && cfg.Data.Provider == "yahoo" {
		chain.net = a.yahoo(cfg)
	}
	return chain, chain.csv != nil || chain.net != nil
}

// sourceChain asks the CSV folder, then the network.
type sourceChain struct {
	csv *data.CSVDir
	net data.Provider
}

func (c sourceChain) Bars(ctx context.Context, sym string, r data.Range) ([]data.Bar, error) {
	if c.inCSV(sym) {
		return c.csv.Bars(ctx, sym, r)
	}
	if c.net == nil {
		return nil, fmt.Errorf("%s: not in the CSV folder and offline: %w", sym, data.ErrNoPrices)
	}
	return c.net.Bars(ctx, sym, r)
}

var _ data.Provider = sourceChain{}

// inCSV reports whether the CSV folder has a file for sym.
func (c sourceChain) inCSV(sym string) bool {
	if c.csv == nil {
		return false
	}
	_, err := c.csv.Path(sym)
	return err == nil
}

// source names where sym's bars come from, as recorded in the store.
func (c sourceChain) source(sym string) string {
	if c.inCSV(sym) {
		return "csv:" + filepath.Base(c.csv.Dir())
	}
	return "yahoo"
}

// yahoo returns the Yahoo provider configured by data.yahoo.
func (a *app) yahoo(cfg *Config) data.Provider {
	y := cfg.Data.Yahoo
	return data.NewYahoo(data.YahooOptions{
		BaseURL:     y.BaseURL,
		UserAgent:   y.UserAgent,
		Timeout:     y.Timeout,
		MaxRetries:  y.Retries,
		MinInterval: y.MinInterval,
	})
}
