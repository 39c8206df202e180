package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tipster/tipster/backtest"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error, each must appear
	}{
		{"unknown key with suggestion", "defaults:\n  holdng_days: 5\n", []string{":2: defaults.holdng_days: unknown key; did you mean holding_days?"}},
		{"unknown top-level key", "backtest:\n  - name: a\n", []string{":1: backtest: unknown key; did you mean backtests?"}},
		{"unknown key far from any", "zzzzzzzzzz: 1\n", []string{":1: zzzzzzzzzz: unknown key"}},
		{"wrong type int", "defaults:\n  max_positions: ten\n", []string{":2: defaults.max_positions: want a whole number, got \"ten\""}},
		{"wrong type bool", "defaults:\n  allow_short: maybe\n", []string{":2: defaults.allow_short: want true or false"}},
		{"wrong type list", "defaults:\n  horizons: {a: 1}\n", []string{":2: defaults.horizons: want a list"}},
		{"bad duration", "data:\n  yahoo:\n    timeout: soon\n", []string{":3: data.yahoo.timeout: \"soon\" is not a duration"}},
		{"nested backtest key", "backtests:\n  - name: a\n    filter:\n      sorces: [x]\n", []string{":4: backtests[0].filter.sorces: unknown key; did you mean sources?"}},
		{"several at once", "defaults:\n  holdng_days: 5\n  capitol: 3\n", []string{"2 problems", "holdng_days", "capitol: unknown key; did you mean capital?"}},
		{"bad enum", "defaults:\n  execution: next_opn\n", []string{"defaults.execution: \"next_opn\" is not an execution mode", "did you mean next_open?"}},
		{"bad value", "defaults:\n  holding_days: -1\n", []string{"defaults.holding_days: must be 0 (no time exit) or more"}},
		{"bad date", "defaults:\n  start: 2025-13-01\n", []string{"defaults.start"}},
		{"end before start", "defaults:\n  start: 2025-02-01\n  end: 2025-01-01\n", []string{"defaults.end: 2025-01-01 is before start 2025-02-01"}},
		{"csv without dir", "data:\n  provider: csv\n", []string{"data.csv_dir: required"}},
		{"bad provider", "data:\n  provider: bloomberg\n", []string{"data.provider: \"bloomberg\" is not a provider"}},
		{"duplicate names", "backtests:\n  - name: a b\n  - name: a-b\n", []string{"backtests[1].name: \"a-b\" names the same folder as backtests[0]"}},
		{"unnamed backtest", "backtests:\n  - filter: {actions: [buy]}\n", []string{"backtests[0].name: required"}},
		{"bad filter action", "backtests:\n  - name: x\n    filter:\n      actions: [purchase]\n", []string{"backtests[0].filter.actions[0]: unknown action \"purchase\""}},
		{"bad override", "backtests:\n  - name: x\n    max_positions: 0\n", []string{"backtests[0].max_positions: must be at least 1"}},
		{"sweep unknown key", "backtests:\n  - name: x\nsweep:\n  grid:\n    holdingdays: [1, 2]\n", []string{"sweep.grid.holdingdays: not a backtest option; did you mean holding_days?"}},
		{"sweep unknown backtest", "backtests:\n  - name: x\nsweep:\n  backtests: [y]\n  grid:\n    holding_days: [1]\n", []string{"sweep.backtests[0]: no backtest is named \"y\""}},
		{"invalid yaml", "defaults:\n  a: [1, 2\n", []string{"invalid YAML"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.yaml)
			_, err := LoadConfig(p, false)
			if err == nil {
				t.Fatalf("LoadConfig(%q) = nil error, want one containing %q", tt.yaml, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("LoadConfig error = %q, want it to contain %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), p) {
				t.Errorf("LoadConfig error = %q, want it to name the file %s", err, p)
			}
			var ce *ConfigError
			var cl ConfigErrors
			if !errors.As(err, &ce) && !errors.As(err, &cl) {
				t.Errorf("LoadConfig error %T is not a ConfigError", err)
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.yaml")
	cfg, err := LoadConfig(p, true)
	if err != nil {
		t.Fatalf("optional missing config: %v", err)
	}
	if cfg.Output != "reports" || cfg.Data.Provider != "yahoo" {
		t.Errorf("defaults = output %q provider %q, want reports, yahoo", cfg.Output, cfg.Data.Provider)
	}
	if _, err := LoadConfig(p, false); err == nil {
		t.Error("explicit missing config: got nil error")
	}
}

func TestLoadConfigEnvOverride(t *testing.T) {
	p := writeConfig(t, "data:\n  store: from-file.db\n  yahoo:\n    base_url: http://file\ndefaults:\n  holding_days: 10\n")
	t.Setenv("TIPSTER_DATA_STORE", "/tmp/from-env.db")
	t.Setenv("TIPSTER_DATA_YAHOO_BASE_URL", "http://127.0.0.1:9")
	t.Setenv("TIPSTER_DEFAULTS_HOLDING_DAYS", "21")
	t.Setenv("TIPSTER_DATA_OFFLINE", "true")
	cfg, err := LoadConfig(p, false)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Data.Store != "/tmp/from-env.db" {
		t.Errorf("data.store = %q, want the environment's /tmp/from-env.db", cfg.Data.Store)
	}
	if cfg.Data.Yahoo.BaseURL != "http://127.0.0.1:9" {
		t.Errorf("data.yahoo.base_url = %q, want the environment's", cfg.Data.Yahoo.BaseURL)
	}
	if !cfg.Data.Offline {
		t.Error("data.offline = false, want true from TIPSTER_DATA_OFFLINE")
	}
	opt, err := cfg.Options(BacktestSpec{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if opt.HoldingDays != 21 {
		t.Errorf("holding_days = %d, want 21 from TIPSTER_DEFAULTS_HOLDING_DAYS", opt.HoldingDays)
	}
	t.Setenv("TIPSTER_DEFAULTS_HOLDING_DAYS", "many")
	if _, err := LoadConfig(p, false); err == nil || !strings.Contains(err.Error(), "holding_days") {
		t.Errorf("bad env value: err = %v, want one naming holding_days", err)
	}
}

func TestOptionsOverride(t *testing.T) {
	p := writeConfig(t, `
defaults:
  benchmark: qqq
  holding_days: 21
  commission_bps: 5
  strength_weights: {weak: 0.25}
  horizons: [5, 1, 5]
backtests:
  - name: base
  - name: long
    holding_days: 126
    execution: next_close
    start: 2024-01-02
    filter: {actions: [buy], from: 2024-01-01}
`)
	cfg, err := LoadConfig(p, false)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := cfg.Options(cfg.Backtests[0])
	long, _ := cfg.Options(cfg.Backtests[1])
	if base.Benchmark != "QQQ" || base.HoldingDays != 21 || base.CommissionBps != 5 {
		t.Errorf("base = %+v", base)
	}
	if got := base.StrengthWeights["weak"]; got != 0.25 {
		t.Errorf("weak weight = %v, want 0.25", got)
	}
	if got := base.StrengthWeights["strong"]; got != backtest.DefaultOptions().StrengthWeights["strong"] {
		t.Errorf("strong weight = %v, want the default kept", got)
	}
	if len(base.Horizons) != 2 || base.Horizons[0] != 1 || base.Horizons[1] != 5 {
		t.Errorf("horizons = %v, want [1 5] sorted and unique", base.Horizons)
	}
	if long.HoldingDays != 126 || long.Execution != backtest.NextClose || long.CommissionBps != 5 {
		t.Errorf("long = %+v", long)
	}
	if want := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC); !long.Start.Equal(want) {
		t.Errorf("start = %v, want %v", long.Start, want)
	}
	if cfg.Backtests[1].Filter.From != "2024-01-01" {
		t.Errorf("filter.from = %q, want the date as written", cfg.Backtests[1].Filter.From)
	}
}

func TestExpandSweep(t *testing.T) {
	p := writeConfig(t, `
backtests:
  - name: a
  - name: b
sweep:
  backtests: [a]
  grid:
    holding_days: [21, 63]
    commission_bps: [0, 10.5]
`)
	cfg, err := LoadConfig(p, false)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := cfg.Expand()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range vs {
		names = append(names, v.Name)
	}
	want := []string{
		"a commission_bps=0,holding_days=21", "a commission_bps=0,holding_days=63",
		"a commission_bps=10.5,holding_days=21", "a commission_bps=10.5,holding_days=63",
		"b",
	}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Fatalf("variants = %q, want %q", names, want)
	}
	if vs[2].Options.CommissionBps != 10.5 || vs[2].Options.HoldingDays != 21 {
		t.Errorf("variant %q options = %+v", vs[2].Name, vs[2].Options)
	}
	seen := map[string]bool{}
	for _, v := range vs {
		d := safeName(v.Name)
		if seen[d] {
			t.Errorf("two variants share the folder %q", d)
		}
		seen[d] = true
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"all-calls", "all-calls"},
		{"../../etc/passwd", "etc-passwd"},
		{"/abs/path", "abs-path"},
		{"..", ""},
		{"a b\tc", "a-bc"},
		{"Chip Watch: buys", "Chip-Watch-buys"},
		{"a commission_bps=0,holding_days=21", "a-commission_bps-0-holding_days-21"},
		{"<script>", "script"},
		{"ünïcode", "ncode"},
		{".hidden", "hidden"},
		{strings.Repeat("x", 200), strings.Repeat("x", 80)},
	}
	for _, tt := range tests {
		if got := safeName(tt.in); got != tt.want {
			t.Errorf("safeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := safeName(tt.in); strings.ContainsAny(got, "/\\") || strings.HasPrefix(got, ".") {
			t.Errorf("safeName(%q) = %q escapes the folder", tt.in, got)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"holdng_days", "holding_days", 1},
		{"hodling_days", "holding_days", 1}, // transposition
		{"", "abc", 3},
		{"same", "same", 0},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("defaults:\n  holdng_days: 3\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"version", []string{"version"}, exitOK},
		{"unknown flag", []string{"--nope"}, exitUsage},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"bad config", []string{"--config", bad, "validate"}, exitUsage},
		{"extra args", []string{"version", "x"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := run(context.Background(), tt.args, &out, &errb); got != tt.want {
				t.Errorf("tipster %v exit = %d, want %d (stderr %q)", tt.args, got, tt.want, errb.String())
			}
		})
	}
}

func TestRepoConfigValid(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join("..", "..", "config.yaml"), false)
	if err != nil {
		t.Fatalf("the example config.yaml: %v", err)
	}
	vs, err := cfg.Expand()
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) < 5 {
		t.Errorf("example batch has %d runs, want at least 5", len(vs))
	}
}
