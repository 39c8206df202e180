package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"
)

// Config is config.yaml, decoded strictly: unknown keys and wrong types are
// errors that name the key and line.
type Config struct {
	Data      DataConfig     `mapstructure:"data" json:"data,omitempty"`
	Articles  []ArticleSpec  `mapstructure:"articles" json:"articles,omitempty"`
	Symbols   SymbolsConfig  `mapstructure:"symbols" json:"symbols,omitempty"`
	Defaults  BacktestConfig `mapstructure:"defaults" json:"defaults,omitempty"`
	Backtests []BacktestSpec `mapstructure:"backtests" json:"backtests,omitempty"`
	Sweep     SweepConfig    `mapstructure:"sweep" json:"sweep,omitempty"`
	Output    string         `mapstructure:"output" json:"output,omitempty"`

	file string // the file it was read from, for messages; "" when none
	dir  string // paths in the config are relative to this directory
}

// DataConfig says where prices come from and where they are kept.
type DataConfig struct {
	Provider string      `mapstructure:"provider" json:"provider,omitempty"` // yahoo (default) or csv
	CSVDir   string      `mapstructure:"csv_dir" json:"csv_dir,omitempty"`
	Store    string      `mapstructure:"store" json:"store,omitempty"`
	Offline  bool        `mapstructure:"offline" json:"offline,omitempty"` // never fetch: missing prices are an error
	History  string      `mapstructure:"history" json:"history,omitempty"` // fetch prices from this date at least (default: 400 calendar days before each backtest's start, enough for the market-model beta)
	Yahoo    YahooConfig `mapstructure:"yahoo" json:"yahoo,omitempty"`
}

// YahooConfig tunes the Yahoo Finance client.
type YahooConfig struct {
	BaseURL     string        `mapstructure:"base_url" json:"base_url,omitempty"`
	UserAgent   string        `mapstructure:"user_agent" json:"user_agent,omitempty"`
	Timeout     time.Duration `mapstructure:"timeout" json:"timeout,omitempty"`
	Retries     int           `mapstructure:"retries" json:"retries,omitempty"`           // 0: the provider's default (4); -1: none
	MinInterval time.Duration `mapstructure:"min_interval" json:"min_interval,omitempty"` // polite pause between requests; 0: 500ms; negative: none
	Concurrency int           `mapstructure:"concurrency" json:"concurrency,omitempty"`
}

// ArticleSpec is one entry of the articles list: a file, folder or glob,
// with optional overrides for everything read from it. A plain string is
// accepted as the path alone.
type ArticleSpec struct {
	Path      string `mapstructure:"path" json:"path,omitempty"`
	Source    string `mapstructure:"source" json:"source,omitempty"`
	Author    string `mapstructure:"author" json:"author,omitempty"`
	Published string `mapstructure:"published" json:"published,omitempty"` // RFC 3339 or YYYY-MM-DD
}

// SymbolsConfig extends the built-in symbol directory.
type SymbolsConfig struct {
	Files     []string          `mapstructure:"files" json:"files,omitempty"`     // SEC company_tickers.json or name,ticker CSV
	Aliases   map[string]string `mapstructure:"aliases" json:"aliases,omitempty"` // name → ticker
	Proxies   map[string]string `mapstructure:"proxies" json:"proxies,omitempty"` // untradable entity → ticker traded in its place
	SECURL    string            `mapstructure:"sec_url" json:"sec_url,omitempty"`
	UserAgent string            `mapstructure:"user_agent" json:"user_agent,omitempty"` // SEC requires a contact in the User-Agent
}

// BacktestConfig holds the backtest options. Pointers distinguish "not set"
// (inherit from defaults) from a zero value.
type BacktestConfig struct {
	Benchmark       *string            `mapstructure:"benchmark" json:"benchmark,omitempty"`
	Start           *string            `mapstructure:"start" json:"start,omitempty"`
	End             *string            `mapstructure:"end" json:"end,omitempty"`
	Capital         *float64           `mapstructure:"capital" json:"capital,omitempty"`
	Execution       *string            `mapstructure:"execution" json:"execution,omitempty"`
	DelayDays       *int               `mapstructure:"delay_days" json:"delay_days,omitempty"`
	HoldingDays     *int               `mapstructure:"holding_days" json:"holding_days,omitempty"`
	Sizing          *string            `mapstructure:"sizing" json:"sizing,omitempty"`
	StrengthWeights map[string]float64 `mapstructure:"strength_weights" json:"strength_weights,omitempty"`
	MaxPositions    *int               `mapstructure:"max_positions" json:"max_positions,omitempty"`
	CommissionBps   *float64           `mapstructure:"commission_bps" json:"commission_bps,omitempty"`
	SlippageBps     *float64           `mapstructure:"slippage_bps" json:"slippage_bps,omitempty"`
	AllowShort      *bool              `mapstructure:"allow_short" json:"allow_short,omitempty"`
	HoldCloses      *bool              `mapstructure:"hold_closes" json:"hold_closes,omitempty"`
	SameSourceExits *bool              `mapstructure:"same_source_exits" json:"same_source_exits,omitempty"` // a sell/avoid closes only positions its own source opened (default true)
	CloseDelisted   *bool              `mapstructure:"close_delisted" json:"close_delisted,omitempty"`       // sell at a ticker's last close when its data ends early
	StopLoss        *float64           `mapstructure:"stop_loss" json:"stop_loss,omitempty"`
	TakeProfit      *float64           `mapstructure:"take_profit" json:"take_profit,omitempty"`
	CashRate        *float64           `mapstructure:"cash_rate" json:"cash_rate,omitempty"`
	RiskFree        *float64           `mapstructure:"risk_free" json:"risk_free,omitempty"`
	WholeShares     *bool              `mapstructure:"whole_shares" json:"whole_shares,omitempty"`
	Prices          *string            `mapstructure:"prices" json:"prices,omitempty"`
	Horizons        []int              `mapstructure:"horizons" json:"horizons,omitempty"`
	Abnormal        *string            `mapstructure:"abnormal" json:"abnormal,omitempty"`
	Bootstrap       *int               `mapstructure:"bootstrap" json:"bootstrap,omitempty"`
	Seed            *uint64            `mapstructure:"seed" json:"seed,omitempty"`
}

// BacktestSpec is one named backtest of the batch: a filter over the
// extracted signals plus any default overridden.
type BacktestSpec struct {
	Name           string `mapstructure:"name" json:"name,omitempty"`
	Filter         Filter `mapstructure:"filter" json:"filter,omitempty"`
	Signals        string `mapstructure:"signals" json:"signals,omitempty"` // a CSV of calls used instead of (in addition to) articles
	BacktestConfig `mapstructure:",squash"`
}

// Filter selects signals. Empty lists match everything; dates are of
// publication, inclusive, in New York.
type Filter struct {
	Sources   []string `mapstructure:"sources" json:"sources,omitempty"`
	Authors   []string `mapstructure:"authors" json:"authors,omitempty"`
	Actions   []string `mapstructure:"actions" json:"actions,omitempty"`
	Tickers   []string `mapstructure:"tickers" json:"tickers,omitempty"`
	Strengths []string `mapstructure:"strengths" json:"strengths,omitempty"`
	From      string   `mapstructure:"from" json:"from,omitempty"`
	To        string   `mapstructure:"to" json:"to,omitempty"`
}

// SweepConfig expands backtests into variants over a grid of option values.
type SweepConfig struct {
	Backtests []string         `mapstructure:"backtests" json:"backtests,omitempty"` // which backtests to vary; empty = all
	Grid      map[string][]any `mapstructure:"grid" json:"grid,omitempty"`           // option key → values
	Keep      bool             `mapstructure:"keep_base" json:"keep_base,omitempty"` // also run the unvaried backtest
}

// ConfigError is a problem in the config, naming the file, line and key.
type ConfigError struct {
	File string
	Line int // 0 when unknown
	Key  string
	Err  error
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ConfigError) Unwrap() error { return e.Err }

// ConfigErrors is every problem found in a config, reported at once.
type ConfigErrors []*ConfigError

func (l ConfigErrors) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	if len(s) == 1 {
		return s[0]
	}
	return fmt.Sprintf("%d problems in the config:\n  %s", len(s), strings.Join(s, "\n  "))
}

func (l ConfigErrors) orNil() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// envPrefix prefixes every environment override: TIPSTER_DATA_STORE sets data.store.
const envPrefix = "TIPSTER"

// LoadConfig reads path strictly, applies environment overrides and
// validates the result. When optional is true a missing file is not an
// error: the defaults (and environment) are used.
func LoadConfig(path string, optional bool) (*Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	v.SetEnvPrefix(envPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	for _, key := range leafKeys(reflect.TypeFor[Config](), "") {
		if err := v.BindEnv(key); err != nil {
			return nil, fmt.Errorf("bind env for %s: %w", key, err)
		}
	}
	cfg := &Config{file: path}
	raw, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && optional:
		cfg.file = ""
		cfg.dir = "."
	case err != nil:
		return nil, &ConfigError{File: path, Err: fmt.Errorf("read config: %w", err)}
	default:
		cfg.dir = filepath.Dir(path)
		if errs := checkYAML(path, raw); len(errs) > 0 {
			return nil, errs
		}
		if err := v.ReadConfig(strings.NewReader(string(raw))); err != nil {
			return nil, &ConfigError{File: path, Err: err}
		}
	}
	if err := v.UnmarshalExact(cfg, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		articleSpecHook, timeToStringHook, mapstructure.StringToTimeDurationHookFunc(), mapstructure.StringToSliceHookFunc(","),
	))); err != nil {
		return nil, &ConfigError{File: path, Err: rewriteDecodeError(err)}
	}
	cfg.applyDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// rewriteDecodeError replaces mapstructure's "” has invalid keys" wording
// (spf13/viper#1724) with one that names the keys.
func rewriteDecodeError(err error) error {
	msg := err.Error()
	msg = strings.ReplaceAll(msg, "'' has invalid keys:", "unknown keys:")
	return errors.New(msg)
}

// timeToStringHook keeps YAML dates (2025-06-09, which the YAML decoder
// turns into time.Time) as the text the user wrote, for keys declared as
// strings and parsed by Validate.
func timeToStringHook(from, to reflect.Type, data any) (any, error) {
	if to.Kind() != reflect.String || from != reflect.TypeFor[time.Time]() {
		return data, nil
	}
	t := data.(time.Time)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly), nil
	}
	return t.Format(time.RFC3339), nil
}

// articleSpecHook lets an articles entry be a plain path string.
func articleSpecHook(from, to reflect.Type, data any) (any, error) {
	if to == reflect.TypeFor[ArticleSpec]() && from.Kind() == reflect.String {
		return map[string]any{"path": data}, nil
	}
	return data, nil
}

func (c *Config) applyDefaults() {
	if c.Data.Provider == "" {
		c.Data.Provider = "yahoo"
	}
	if c.Data.Store == "" {
		c.Data.Store = defaultStorePath()
	}
	if c.Output == "" {
		c.Output = "reports"
	}
	y := &c.Data.Yahoo
	if y.Timeout == 0 {
		y.Timeout = 30 * time.Second
	}
	if y.Concurrency == 0 {
		y.Concurrency = 2
	}
	if c.Symbols.SECURL == "" {
		c.Symbols.SECURL = "https://www.sec.gov/files/company_tickers.json"
	}
}

// defaultStorePath is tipster/store.db under the user's cache directory.
func defaultStorePath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join(".tipster", "store.db")
	}
	return filepath.Join(dir, "tipster", "store.db")
}

// Path resolves a path from the config relative to the config's folder.
func (c *Config) Path(p string) string {
	if p == "" || filepath.IsAbs(p) || c.dir == "" {
		return p
	}
	return filepath.Join(c.dir, p)
}

// File is the config file's path, or "" when the defaults are in use.
func (c *Config) File() string { return c.file }

// leafKeys lists the dotted keys of every scalar leaf of t reachable through
// structs (not through lists or maps), for environment overrides.
func leafKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, squash := fieldTag(f)
		ft := f.Type
		if squash {
			keys = append(keys, leafKeys(ft, prefix)...)
			continue
		}
		key := tag
		if prefix != "" {
			key = prefix + "." + tag
		}
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Struct:
			keys = append(keys, leafKeys(ft, key)...)
		case reflect.Map:
			// maps and lists of structs are not overridable one by one
		case reflect.Slice:
			if ft.Elem().Kind() != reflect.Struct {
				keys = append(keys, key)
			}
		default:
			keys = append(keys, key)
		}
	}
	return keys
}

func fieldTag(f reflect.StructField) (name string, squash bool) {
	tag := f.Tag.Get("mapstructure")
	name, opts, _ := strings.Cut(tag, ",")
	return name, strings.Contains(opts, "squash")
}

// checkYAML walks the YAML document against Config's shape and reports every
// unknown key and wrong type with its line, plus a suggestion for near misses.
func checkYAML(file string, raw []byte) ConfigErrors {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		line := 0
		msg := err.Error()
		if _, after, ok := strings.Cut(msg, "line "); ok {
			n, _ := strconv.Atoi(strings.TrimRight(strings.SplitN(after, ":", 2)[0], " "))
			line = n
		}
		return ConfigErrors{{File: file, Line: line, Err: fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))}}
	}
	if len(doc.Content) == 0 {
		return nil
	}
	var errs ConfigErrors
	checkNode(file, doc.Content[0], reflect.TypeFor[Config](), "", &errs)
	return errs
}

func checkNode(file string, n *yaml.Node, t reflect.Type, key string, errs *ConfigErrors) {
	add := func(line int, format string, args ...any) {
		*errs = append(*errs, &ConfigError{File: file, Line: line, Key: key, Err: fmt.Errorf(format, args...)})
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Tag == "!!null" {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[time.Duration]():
		if n.Kind != yaml.ScalarNode {
			add(n.Line, "want a duration such as 30s or 2m")
		} else if _, err := time.ParseDuration(n.Value); err != nil && n.Tag != "!!int" {
			add(n.Line, "%q is not a duration (want e.g. 30s, 500ms, 2m)", n.Value)
		}
		return
	case t == reflect.TypeFor[ArticleSpec]() && n.Kind == yaml.ScalarNode:
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			add(n.Line, "want a mapping of keys, got %s", describeNode(n))
			return
		}
		fields := structFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			child := k.Value
			if key != "" {
				child = key + "." + k.Value
			}
			ft, ok := fields[k.Value]
			if !ok {
				msg := "unknown key"
				if s := suggest(k.Value, keysOf(fields)); s != "" {
					msg += fmt.Sprintf("; did you mean %s?", s)
				}
				*errs = append(*errs, &ConfigError{File: file, Line: k.Line, Key: child, Err: errors.New(msg)})
				continue
			}
			checkNode(file, val, ft, child, errs)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			add(n.Line, "want a mapping, got %s", describeNode(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			checkNode(file, n.Content[i+1], t.Elem(), key+"."+n.Content[i].Value, errs)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			if n.Kind == yaml.ScalarNode && t.Elem().Kind() == reflect.String {
				return // a single string is accepted for a list of strings
			}
			add(n.Line, "want a list, got %s", describeNode(n))
			return
		}
		for i, item := range n.Content {
			checkNode(file, item, t.Elem(), fmt.Sprintf("%s[%d]", key, i), errs)
		}
	case reflect.Interface:
		return
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			add(n.Line, "want true or false, got %s", describeNode(n))
		}
	case reflect.Int, reflect.Int64, reflect.Uint64, reflect.Uint:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			add(n.Line, "want a whole number, got %s", describeNode(n))
		}
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			add(n.Line, "want a number, got %s", describeNode(n))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			add(n.Line, "want a single value, got %s", describeNode(n))
		}
	}
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

// structFields maps mapstructure names to field types, flattening squashed
// embedded structs.
func structFields(t reflect.Type) map[string]reflect.Type {
	m := make(map[string]reflect.Type)
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, squash := fieldTag(f)
		if squash {
			for k, v := range structFields(f.Type) {
				m[k] = v
			}
			continue
		}
		m[name] = f.Type
	}
	return m
}

func keysOf(m map[string]reflect.Type) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// suggest returns the candidate nearest to s when it is a likely typo
// (edit distance at most 2, or 1/3 of the length for long keys).
func suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), c)
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(2, len(s)/3)
	if bestD <= limit {
		return best
	}
	return ""
}

// editDistance is the Damerau–Levenshtein (optimal string alignment) distance.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
