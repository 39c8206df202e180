package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/data/symbols"
	"github.com/tipster/tipster/signals"
	"github.com/tipster/tipster/signals/article"
)

var _ = register(newExtractCmd)

// extractOptions are the flags of tipster extract.
type extractOptions struct {
	format  string // table, json or csv
	noCache bool
}

func newExtractCmd(a *app) *cobra.Command {
	var opts extractOptions
	cmd := &cobra.Command{
		Use:   "extract PATH...",
		Short: "Show the recommendations found in articles, with the evidence for each",
		Long: lines(
			"Extract reads articles (txt, md, html, eml, RSS/Atom; folders recursively) and prints",
			"the advice found in each: entity, ticker, action, strength, conditions and the sentence",
			"that carries it. Results are cached in the store by the article's content hash and the",
			"extractor's version, so re-runs are fast. A file that cannot be read is reported and",
			"the rest are still extracted; the exit code is then 1.",
			"",
			"Published times are shown in New York time (the exchange's zone) with their offset.",
		),
		Args: argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtract(cmd.Context(), a, args, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "table", "output format: table, json or csv")
	f.BoolVar(&opts.noCache, "no-cache", false, "ignore and do not write cached extractions")
	return cmd
}

// extractedArticle is the JSON form of one article's extraction, also the
// payload cached in the store.
type extractedArticle struct {
	File                string         `json:"file"`
	Title               string         `json:"title"`
	Published           *string        `json:"published"`
	DateOnly            bool           `json:"date_only,omitempty"`
	PublishedFrom       string         `json:"published_from"`
	PublishedConfidence float64        `json:"published_confidence"`
	Author              string         `json:"author"`
	Source              string         `json:"source"`
	Recommendations     []extractedRec `json:"recommendations"`
	Warnings            []string       `json:"warnings"`
}

// extractedRec is the JSON form of one recommendation.
type extractedRec struct {
	Entity      string   `json:"entity"`
	Ticker      *string  `json:"ticker"`
	Tradable    bool     `json:"tradable"`
	Reason      string   `json:"reason"`
	Action      string   `json:"action"`
	Strength    string   `json:"strength"`
	Conditions  string   `json:"conditions"`
	Horizon     string   `json:"horizon"`
	PriceTarget float64  `json:"price_target"`
	Evidence    string   `json:"evidence"`
	Confidence  float64  `json:"confidence"`
	Proxy       bool     `json:"proxy,omitempty"`
	Analyst     string   `json:"analyst,omitempty"`
	Firm        string   `json:"firm,omitempty"`
	Notes       []string `json:"notes,omitempty"`
}

// cachePayload is what the store keeps per article: the extraction without
// the article's text.
type cachePayload struct {
	Article         article.Article          `json:"article"`
	Recommendations []signals.Recommendation `json:"recommendations"`
	Warnings        []string                 `json:"warnings"`
}

// extractor bundles what extraction needs: the rules, the cache and the
// fingerprint that keys the cache.
type extractor struct {
	ex      *signals.Extractor
	store   *data.Store // nil: no cache
	keyBase string

	mu      sync.Mutex
	pending []data.ExtractionRow // new cache entries not yet written
}

// cacheBatch is how many new extractions are written to the store in one
// transaction.
const cacheBatch = 500

func newExtractor(cfg *Config, dir *symbols.Directory, store *data.Store) *extractor {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d\n", signals.Version, dir.Len())
	for _, m := range []map[string]string{cfg.Symbols.Aliases, cfg.Symbols.Proxies} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(h, "%s=%s\n", k, m[k])
		}
		h.Write([]byte{0})
	}
	return &extractor{
		ex:      signals.NewExtractor(dir, signals.ExtractOptions{Aliases: cfg.Symbols.Aliases, Proxies: cfg.Symbols.Proxies}),
		store:   store,
		keyBase: hex.EncodeToString(h.Sum(nil))[:16],
	}
}

// extract returns one article's extraction, from the cache when the same
// bytes were extracted before by the same rules, directory and overrides.
func (x *extractor) extract(ctx context.Context, a article.Article) (signals.Extraction, bool, error) {
	key := ""
	if x.store != nil && a.Hash != "" {
		h := sha256.New()
		fmt.Fprintf(h, "%s\n%s\n%s\n%s\n%s\n%s\n", x.keyBase, a.Hash, a.File, a.Source, a.Author, a.Published.Format(time.RFC3339Nano))
		key = signals.Version + ":" + hex.EncodeToString(h.Sum(nil))
		if b, ok, err := x.store.Extraction(ctx, key); err != nil {
			return signals.Extraction{}, false, err
		} else if ok {
			var p cachePayload
			if err := json.Unmarshal(b, &p); err == nil {
				p.Article.Text = a.Text
				return signals.Extraction{Article: p.Article, Recommendations: p.Recommendations, Warnings: p.Warnings}, true, nil
			}
		}
	}
	res := x.ex.Extract(a)
	if key != "" {
		p := cachePayload{Article: res.Article, Recommendations: res.Recommendations, Warnings: res.Warnings}
		p.Article.Text = ""
		b, err := json.Marshal(p)
		if err != nil {
			return res, false, fmt.Errorf("cache %s: %w", a.File, err)
		}
		x.mu.Lock()
		x.pending = append(x.pending, data.ExtractionRow{Hash: key, File: a.File, Payload: b})
		full := len(x.pending) >= cacheBatch
		x.mu.Unlock()
		if full {
			if err := x.flush(ctx); err != nil {
				return res, false, err
			}
		}
	}
	return res, false, nil
}

// flush writes the pending cache entries in one transaction. Callers flush
// once more after the last article.
func (x *extractor) flush(ctx context.Context) error {
	x.mu.Lock()
	rows := x.pending
	x.pending = nil
	x.mu.Unlock()
	if x.store == nil || len(rows) == 0 {
		return nil
	}
	return x.store.PutExtractions(ctx, rows)
}

// specFor finds the config articles entry that covers path (the last one
// wins), for its source, author and published overrides.
func specFor(cfg *Config, path string) (ArticleSpec, bool) {
	var out ArticleSpec
	found := false
	abs, _ := filepath.Abs(path)
	for _, s := range cfg.Articles {
		p, _ := filepath.Abs(cfg.Path(s.Path))
		if ok, _ := filepath.Match(p, abs); ok || abs == p || strings.HasPrefix(abs, p+string(filepath.Separator)) {
			out, found = s, true
		}
	}
	return out, found
}

// articleOptions turns a config entry into reader options.
func articleOptions(s ArticleSpec) article.Options {
	var o article.Options
	o.Source = s.Source
	if s.Published != "" {
		if t, dateOnly, err := parseTimeOrDay(s.Published); err == nil {
			o.Published, o.PublishedDateOnly = t, dateOnly
		}
	}
	return o
}

// walkArticles reads every article under roots with the config's overrides
// and calls fn for each; read errors are returned, one per file.
func walkArticles(ctx context.Context, cfg *Config, roots []string, fn func(article.Article) error) []error {
	return article.WalkWith(ctx, roots, func(path string) article.Options {
		s, ok := specFor(cfg, path)
		if !ok {
			return article.Options{}
		}
		return articleOptions(s)
	}, func(a article.Article) error {
		path, _, _ := strings.Cut(a.File, "#")
		if s, ok := specFor(cfg, path); ok && s.Author != "" {
			a.Author = s.Author
		}
		return fn(a)
	})
}

func runExtract(ctx context.Context, a *app, paths []string, opts extractOptions, w io.Writer) error {
	switch opts.format {
	case "table", "json", "csv":
	default:
		return usagef("--format %q: want table, json or csv", opts.format)
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	dir, err := loadDirectory(ctx, cfg, store)
	if err != nil {
		return err
	}
	cache := store
	if opts.noCache {
		cache = nil
	}
	x := newExtractor(cfg, dir, cache)
	var out []signals.Extraction
	errs := walkArticles(ctx, cfg, paths, func(art article.Article) error {
		res, _, err := x.extract(ctx, art)
		if err != nil {
			return err
		}
		out = append(out, res)
		return nil
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := x.flush(ctx); err != nil {
		return err
	}
	for _, e := range errs {
		a.log.Warn("article failed", "err", e)
	}
	switch opts.format {
	case "json":
		err = writeExtractJSON(w, out)
	case "csv":
		err = writeExtractCSV(w, out)
	default:
		err = writeExtractTable(w, out)
	}
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return fmt.Errorf("%d file(s) could not be read: %w", len(errs), joinFailures(errs))
	}
	return nil
}

// publishedString renders a published time in New York time with its
// offset (RFC 3339), a date for date-only times, or nil when unknown.
func publishedString(a article.Article) *string {
	if a.Published.IsZero() {
		return nil
	}
	var s string
	if a.DateOnly {
		s = a.Published.UTC().Format(time.DateOnly)
	} else {
		s = a.Published.In(data.NewYork).Format(time.RFC3339)
	}
	return &s
}

func toJSON(x signals.Extraction) extractedArticle {
	a := x.Article
	o := extractedArticle{
		File: a.File, Title: a.Title, Published: publishedString(a), DateOnly: a.DateOnly,
		PublishedFrom: a.PublishedFrom, PublishedConfidence: a.PublishedConfidence,
		Author: a.Author, Source: a.Source, Warnings: x.Warnings,
		Recommendations: []extractedRec{},
	}
	if o.Warnings == nil {
		o.Warnings = []string{}
	}
	for _, r := range x.Recommendations {
		e := extractedRec{
			Entity: r.Entity, Tradable: r.Tradable, Reason: r.Reason, Action: string(r.Action),
			Strength: string(r.Strength), Conditions: r.Conditions, Horizon: r.Horizon,
			PriceTarget: r.PriceTarget, Evidence: r.Evidence, Confidence: r.Confidence,
			Proxy: r.Proxy, Analyst: r.Analyst, Firm: r.Firm, Notes: r.Notes,
		}
		if r.Ticker != "" {
			t := r.Ticker
			e.Ticker = &t
		}
		o.Recommendations = append(o.Recommendations, e)
	}
	return o
}

func writeExtractJSON(w io.Writer, xs []signals.Extraction) error {
	out := make([]extractedArticle, 0, len(xs))
	for _, x := range xs {
		out = append(out, toJSON(x))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

var extractCSVHeader = []string{"file", "published", "published_from", "source", "author", "entity", "ticker",
	"tradable", "reason", "action", "strength", "conditions", "horizon", "price_target", "confidence",
	"proxy", "analyst", "firm", "evidence"}

func writeExtractCSV(w io.Writer, xs []signals.Extraction) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(extractCSVHeader); err != nil {
		return err
	}
	for _, x := range xs {
		pub := ""
		if p := publishedString(x.Article); p != nil {
			pub = *p
		}
		for _, s := range x.Signals() {
			pt := ""
			if s.PriceTarget > 0 {
				pt = strconv.FormatFloat(s.PriceTarget, 'f', -1, 64)
			}
			var r signals.Recommendation
			for _, rr := range x.Recommendations {
				if rr.Entity == s.Entity && rr.Evidence == s.Evidence {
					r = rr
					break
				}
			}
			rec := []string{s.Article, pub, s.PublishedFrom, s.Source, s.Author, s.Entity, s.Ticker,
				strconv.FormatBool(s.Tradable), s.Reason, string(s.Action), string(s.Strength), s.Conditions,
				s.Horizon, pt, strconv.FormatFloat(s.Confidence, 'f', 2, 64), strconv.FormatBool(s.Proxy),
				r.Analyst, r.Firm, s.Evidence}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// trimText shortens s to n runes with an ellipsis.
func trimText(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

func writeExtractTable(w io.Writer, xs []signals.Extraction) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tPUBLISHED\tACTION\tSTRENGTH\tTICKER\tENTITY\tCONF\tEVIDENCE")
	for _, x := range xs {
		pub := "-"
		if p := publishedString(x.Article); p != nil {
			pub = *p
		}
		file := trimText(x.Article.File, 40)
		if len(x.Recommendations) == 0 {
			fmt.Fprintf(tw, "%s\t%s\t-\t-\t-\t(no recommendations)\t-\t-\n", file, pub)
		}
		for _, r := range x.Recommendations {
			t := r.Ticker
			switch {
			case t == "":
				t = "-"
			case r.Proxy:
				t += " (proxy)"
			}
			ent := r.Entity
			if !r.Tradable {
				ent += " [" + strings.TrimPrefix(r.Reason, "not tradable: ") + "]"
			}
			ev := r.Evidence
			if r.Conditions != "" {
				ev = "[" + r.Conditions + "] " + ev
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%s\n", file, pub, r.Action, r.Strength, t, trimText(ent, 32), r.Confidence, trimText(ev, 90))
		}
	}
	return tw.Flush()
}

// corpusResult is what the configured articles yield for a batch run.
type corpusResult struct {
	articles int              // articles read (feed items count one each)
	signals  []signals.Signal // every recommendation as a signal
	errs     []error          // files that could not be read
	files    []string         // the files read, for the manifest
}

// extractConfigured extracts every article the config lists, using and
// filling the store's extraction cache, and returns the signals.
func (a *app) extractConfigured(ctx context.Context, cfg *Config, store *data.Store) (*corpusResult, error) {
	dir, err := loadDirectory(ctx, cfg, store)
	if err != nil {
		return nil, err
	}
	x := newExtractor(cfg, dir, store)
	res := &corpusResult{}
	seen := map[string]bool{}
	for _, spec := range cfg.Articles {
		roots, err := articlePaths(cfg, spec)
		if err != nil || len(roots) == 0 {
			roots = []string{cfg.Path(spec.Path)} // the walk reports what is wrong with it
		}
		errs := walkArticles(ctx, cfg, roots, func(art article.Article) error {
			if seen[art.File] {
				return nil
			}
			seen[art.File] = true
			ex, _, err := x.extract(ctx, art)
			if err != nil {
				return err
			}
			res.articles++
			file, _, _ := strings.Cut(art.File, "#")
			if len(res.files) == 0 || res.files[len(res.files)-1] != file {
				res.files = append(res.files, file)
			}
			res.signals = append(res.signals, ex.Signals()...)
			return nil
		})
		res.errs = append(res.errs, errs...)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	if err := x.flush(ctx); err != nil {
		return nil, err
	}
	return res, nil
}
