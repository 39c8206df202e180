package main

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"

	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/signals"
)

// Validate checks every value and cross-reference in the config and reports
// every problem at once, each naming its key.
func (c *Config) Validate() error {
	var errs ConfigErrors
	add := func(key string, format string, args ...any) {
		errs = append(errs, &ConfigError{File: c.file, Key: key, Err: fmt.Errorf(format, args...)})
	}
	switch c.Data.Provider {
	case "yahoo":
	case "csv":
		if c.Data.CSVDir == "" {
			add("data.csv_dir", "required when data.provider is csv: the folder of TICKER.csv files")
		}
	default:
		add("data.provider", "%q is not a provider (want yahoo or csv)", c.Data.Provider)
	}
	if c.Data.History != "" {
		if _, err := parseDay(c.Data.History); err != nil {
			add("data.history", "%v", err)
		}
	}
	if c.Data.Yahoo.Retries < -1 {
		add("data.yahoo.retries", "must be -1 (no retries), 0 (the default, 4) or more")
	}
	for i, a := range c.Articles {
		key := fmt.Sprintf("articles[%d]", i)
		if strings.TrimSpace(a.Path) == "" {
			add(key+".path", "required: a file, folder or glob")
		}
		if a.Published != "" {
			if _, _, err := parseTimeOrDay(a.Published); err != nil {
				add(key+".published", "%v", err)
			}
		}
	}
	for name, t := range c.Symbols.Aliases {
		if !tickerRE.MatchString(t) {
			add("symbols.aliases."+name, "%q is not a ticker", t)
		}
	}
	for name, t := range c.Symbols.Proxies {
		if !tickerRE.MatchString(t) {
			add("symbols.proxies."+name, "%q is not a ticker", t)
		}
	}
	if _, err := c.Defaults.apply(backtest.DefaultOptions(), "defaults"); err != nil {
		errs = append(errs, c.keyed(err)...)
	}
	seen := map[string]int{}
	for i, b := range c.Backtests {
		key := fmt.Sprintf("backtests[%d]", i)
		switch {
		case strings.TrimSpace(b.Name) == "":
			add(key+".name", "required: a name for the report folder")
		case safeName(b.Name) == "":
			add(key+".name", "%q has no letters or digits to name a folder with", b.Name)
		}
		if j, dup := seen[safeName(b.Name)]; dup && b.Name != "" {
			add(key+".name", "%q names the same folder as backtests[%d]", b.Name, j)
		}
		seen[safeName(b.Name)] = i
		if _, err := c.Options(b); err != nil {
			errs = append(errs, c.keyed(err)...)
		}
		if err := b.Filter.validate(key + ".filter"); err != nil {
			errs = append(errs, c.keyed(err)...)
		}
	}
	if len(c.Sweep.Grid) > 0 {
		names := map[string]bool{}
		for _, b := range c.Backtests {
			names[b.Name] = true
		}
		for i, n := range c.Sweep.Backtests {
			if !names[n] {
				add(fmt.Sprintf("sweep.backtests[%d]", i), "no backtest is named %q", n)
			}
		}
		if _, err := c.Expand(); err != nil {
			errs = append(errs, c.keyed(err)...)
		}
	}
	return errs.dedupe().orNil()
}

// dedupe drops repeated messages (a bad default shows up once, not once per
// backtest that inherits it).
func (l ConfigErrors) dedupe() ConfigErrors {
	seen := map[string]bool{}
	var out ConfigErrors
	for _, e := range l {
		if msg := e.Error(); !seen[msg] {
			seen[msg] = true
			out = append(out, e)
		}
	}
	return out
}

// keyed turns errors from option parsing into ConfigErrors with the file.
func (c *Config) keyed(err error) ConfigErrors {
	var out ConfigErrors
	var l ConfigErrors
	var one *ConfigError
	switch {
	case errors.As(err, &l):
		for _, e := range l {
			e.File = c.file
			out = append(out, e)
		}
	case errors.As(err, &one):
		one.File = c.file
		out = append(out, one)
	default:
		out = append(out, &ConfigError{File: c.file, Err: err})
	}
	return out
}

var tickerRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.\-=^]{0,14}$`)

// safeName turns a backtest name into a folder name that cannot escape the
// output folder: letters, digits, '-', '_' and '.', no leading dot, at most
// 80 bytes. It returns "" when nothing usable is left.
func safeName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
			dash = false
		case r == '.' || r == '-' || r == ' ' || r == '/' || r == '\\' || r == '=' || r == ',':
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	s := strings.Trim(b.String(), "-.")
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}

// Options returns the backtest options of spec: the defaults, then the
// config's defaults section, then the spec's overrides.
func (c *Config) Options(spec BacktestSpec) (backtest.Options, error) {
	opt, err := c.Defaults.apply(backtest.DefaultOptions(), "defaults")
	if err != nil {
		return opt, err
	}
	key := "backtests"
	for i := range c.Backtests {
		if c.Backtests[i].Name == spec.Name {
			key = fmt.Sprintf("backtests[%d]", i)
			break
		}
	}
	opt, err = spec.BacktestConfig.apply(opt, key)
	opt.Name = spec.Name
	return opt, err
}

// apply overlays the values set in c onto opt. Errors name key.field.
func (c BacktestConfig) apply(opt backtest.Options, key string) (backtest.Options, error) {
	var errs ConfigErrors
	bad := func(field, format string, args ...any) {
		errs = append(errs, &ConfigError{Key: key + "." + field, Err: fmt.Errorf(format, args...)})
	}
	if c.Benchmark != nil {
		if !tickerRE.MatchString(*c.Benchmark) {
			bad("benchmark", "%q is not a ticker", *c.Benchmark)
		}
		opt.Benchmark = strings.ToUpper(*c.Benchmark)
	}
	if c.Start != nil {
		d, err := parseDay(*c.Start)
		if err != nil {
			bad("start", "%v", err)
		}
		opt.Start = d
	}
	if c.End != nil {
		d, err := parseDay(*c.End)
		if err != nil {
			bad("end", "%v", err)
		}
		opt.End = d
	}
	if !opt.Start.IsZero() && !opt.End.IsZero() && opt.End.Before(opt.Start) {
		bad("end", "%s is before start %s", opt.End.Format(time.DateOnly), opt.Start.Format(time.DateOnly))
	}
	if c.Capital != nil {
		if !(*c.Capital > 0) || math.IsInf(*c.Capital, 0) {
			bad("capital", "must be a positive amount, got %v", *c.Capital)
		}
		opt.Capital = *c.Capital
	}
	if c.Execution != nil {
		switch e := backtest.Execution(*c.Execution); e {
		case backtest.NextOpen, backtest.NextClose, backtest.Hulbert:
			opt.Execution = e
		default:
			bad("execution", "%q is not an execution mode (want next_open, next_close or hulbert)%s", *c.Execution,
				didYouMean(*c.Execution, "next_open", "next_close", "hulbert"))
		}
	}
	if c.DelayDays != nil {
		if *c.DelayDays < 0 {
			bad("delay_days", "must not be negative")
		}
		opt.DelayDays = *c.DelayDays
	}
	if c.HoldingDays != nil {
		if *c.HoldingDays < 0 {
			bad("holding_days", "must be 0 (no time exit) or more trading days")
		}
		opt.HoldingDays = *c.HoldingDays
	}
	if c.Sizing != nil {
		switch s := backtest.Sizing(*c.Sizing); s {
		case backtest.SizeEqual, backtest.SizeStrength:
			opt.Sizing = s
		default:
			bad("sizing", "%q is not a sizing rule (want equal or strength)%s", *c.Sizing, didYouMean(*c.Sizing, "equal", "strength"))
		}
	}
	if c.StrengthWeights != nil {
		w := maps.Clone(opt.StrengthWeights)
		for k, v := range c.StrengthWeights {
			s, err := signals.ParseStrength(k)
			if err != nil || k == "" {
				bad("strength_weights."+k, "not a strength (want strong, normal or weak)")
				continue
			}
			if v < 0 || math.IsNaN(v) {
				bad("strength_weights."+k, "must not be negative")
			}
			w[s] = v
		}
		opt.StrengthWeights = w
	}
	if c.MaxPositions != nil {
		if *c.MaxPositions < 1 {
			bad("max_positions", "must be at least 1")
		}
		opt.MaxPositions = *c.MaxPositions
	}
	nonNeg := func(field string, p *float64, dst *float64) {
		if p == nil {
			return
		}
		if *p < 0 || math.IsNaN(*p) || math.IsInf(*p, 0) {
			bad(field, "must be zero or more, got %v", *p)
		}
		*dst = *p
	}
	nonNeg("commission_bps", c.CommissionBps, &opt.CommissionBps)
	nonNeg("slippage_bps", c.SlippageBps, &opt.SlippageBps)
	nonNeg("stop_loss", c.StopLoss, &opt.StopLoss)
	nonNeg("take_profit", c.TakeProfit, &opt.TakeProfit)
	if opt.StopLoss >= 1 {
		bad("stop_loss", "is a fraction below the entry price (0.1 = 10%%), got %v", opt.StopLoss)
	}
	if c.CashRate != nil {
		opt.CashRate = *c.CashRate
	}
	if c.RiskFree != nil {
		opt.RiskFree = *c.RiskFree
	}
	if c.AllowShort != nil {
		opt.AllowShort = *c.AllowShort
	}
	if c.HoldCloses != nil {
		opt.HoldCloses = *c.HoldCloses
	}
	if c.SameSourceExits != nil {
		opt.SameSourceExits = *c.SameSourceExits
	}
	if c.CloseDelisted != nil {
		opt.CloseDelisted = *c.CloseDelisted
	}
	if c.WholeShares != nil {
		opt.WholeShares = *c.WholeShares
	}
	if c.Prices != nil {
		switch p := backtest.PriceMode(*c.Prices); p {
		case backtest.Adjusted, backtest.Raw:
			opt.Prices = p
		default:
			bad("prices", "%q is not a price mode (want adjusted or raw)", *c.Prices)
		}
	}
	if c.Horizons != nil {
		if len(c.Horizons) == 0 {
			bad("horizons", "must list at least one horizon in trading days")
		}
		for _, h := range c.Horizons {
			if h < 1 {
				bad("horizons", "every horizon must be at least 1 trading day, got %d", h)
			}
		}
		h := slices.Clone(c.Horizons)
		slices.Sort(h)
		opt.Horizons = slices.Compact(h)
	}
	if c.Abnormal != nil {
		switch m := backtest.AbnormalModel(*c.Abnormal); m {
		case backtest.MarketAdjusted, backtest.MarketModel:
			opt.Abnormal = m
		default:
			bad("abnormal", "%q is not an abnormal-return model (want market or market_model)", *c.Abnormal)
		}
	}
	if c.Bootstrap != nil {
		if *c.Bootstrap < 0 {
			bad("bootstrap", "must not be negative")
		}
		opt.Bootstrap = *c.Bootstrap
	}
	if c.Seed != nil {
		opt.Seed = *c.Seed
	}
	return opt, errs.orNil()
}

func didYouMean(s string, candidates ...string) string {
	if m := suggest(s, candidates); m != "" {
		return "; did you mean " + m + "?"
	}
	return ""
}

// parseDay parses YYYY-MM-DD.
func parseDay(s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return d, nil
}

// parseTimeOrDay parses RFC 3339 (an instant) or YYYY-MM-DD (date only).
func parseTimeOrDay(s string) (t time.Time, dateOnly bool, err error) {
	s = strings.TrimSpace(s)
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d, true, nil
	}
	t, err = time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%q is not a time (want RFC 3339 such as 2025-06-09T06:55:00-04:00, or YYYY-MM-DD)", s)
	}
	return t.UTC(), false, nil
}

func (f Filter) validate(key string) error {
	var errs ConfigErrors
	for i, a := range f.Actions {
		if _, err := signals.ParseAction(a); err != nil {
			errs = append(errs, &ConfigError{Key: fmt.Sprintf("%s.actions[%d]", key, i), Err: err})
		}
	}
	for i, s := range f.Strengths {
		if _, err := signals.ParseStrength(s); err != nil || s == "" {
			errs = append(errs, &ConfigError{Key: fmt.Sprintf("%s.strengths[%d]", key, i), Err: fmt.Errorf("unknown strength %q (want strong, normal or weak)", s)})
		}
	}
	var from, to time.Time
	var err error
	if f.From != "" {
		if from, err = parseDay(f.From); err != nil {
			errs = append(errs, &ConfigError{Key: key + ".from", Err: err})
		}
	}
	if f.To != "" {
		if to, err = parseDay(f.To); err != nil {
			errs = append(errs, &ConfigError{Key: key + ".to", Err: err})
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		errs = append(errs, &ConfigError{Key: key + ".to", Err: fmt.Errorf("%s is before from %s", f.To, f.From)})
	}
	return errs.orNil()
}

// Variant is one backtest to run: a spec from the config, possibly with
// sweep values applied.
type Variant struct {
	Spec    BacktestSpec
	Name    string // unique; the report folder is safeName(Name)
	Options backtest.Options
	Sweep   map[string]any // the grid values of a sweep variant, nil otherwise
}

// Expand returns the backtests to run: each spec, or for swept specs one
// variant per point of the grid (in a deterministic order).
func (c *Config) Expand() ([]Variant, error) {
	var out []Variant
	var errs ConfigErrors
	keys := slices.Sorted(maps.Keys(c.Sweep.Grid))
	fields := structFields(reflect.TypeFor[BacktestConfig]())
	for _, k := range keys {
		if _, ok := fields[k]; !ok {
			errs = append(errs, &ConfigError{Key: "sweep.grid." + k, Err: fmt.Errorf("not a backtest option%s", didYouMean(k, slices.Sorted(maps.Keys(fields))...))})
		}
		if len(c.Sweep.Grid[k]) == 0 {
			errs = append(errs, &ConfigError{Key: "sweep.grid." + k, Err: errors.New("needs at least one value")})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	swept := func(name string) bool {
		if len(c.Sweep.Grid) == 0 {
			return false
		}
		return len(c.Sweep.Backtests) == 0 || slices.Contains(c.Sweep.Backtests, name)
	}
	for i, spec := range c.Backtests {
		if !swept(spec.Name) || c.Sweep.Keep {
			opt, err := c.Options(spec)
			if err != nil {
				errs = append(errs, c.keyed(err)...)
				continue
			}
			out = append(out, Variant{Spec: spec, Name: spec.Name, Options: opt})
		}
		if !swept(spec.Name) {
			continue
		}
		for _, point := range gridPoints(keys, c.Sweep.Grid) {
			v := spec
			over := BacktestConfig{}
			dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
				Result: &over, ErrorUnused: true, WeaklyTypedInput: true,
				DecodeHook: mapstructure.StringToTimeDurationHookFunc(),
			})
			if err == nil {
				err = dec.Decode(point)
			}
			if err != nil {
				errs = append(errs, &ConfigError{Key: "sweep.grid", Err: fmt.Errorf("backtests[%d] %q: %v", i, spec.Name, err)})
				continue
			}
			opt, err := c.Options(spec)
			if err == nil {
				opt, err = over.apply(opt, "sweep.grid")
			}
			if err != nil {
				errs = append(errs, c.keyed(err)...)
				continue
			}
			v.Name = spec.Name + " " + pointName(keys, point)
			opt.Name = v.Name
			out = append(out, Variant{Spec: v, Name: v.Name, Options: opt, Sweep: point})
		}
	}
	return out, errs.orNil()
}

// gridPoints is the cartesian product of the grid, the last key varying fastest.
func gridPoints(keys []string, grid map[string][]any) []map[string]any {
	points := []map[string]any{{}}
	for _, k := range keys {
		var next []map[string]any
		for _, p := range points {
			for _, v := range grid[k] {
				q := maps.Clone(p)
				q[k] = v
				next = append(next, q)
			}
		}
		points = next
	}
	return points
}

func pointName(keys []string, point map[string]any) string {
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%v", k, point[k]))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}
