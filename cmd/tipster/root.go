package main

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// app is the state shared by the sub-commands: global flags, output
// streams, the logger and the config, loaded once on first use.
type app struct {
	stdout, stderr io.Writer
	log            *slog.Logger

	configPath     string // --config
	configExplicit bool   // --config was given: a missing file is an error
	storePath      string // --store, overrides data.store
	verbose        bool

	cfg *Config
	now func() time.Time
}

func newApp(stdout, stderr io.Writer) *app {
	return &app{
		stdout:     stdout,
		stderr:     stderr,
		log:        slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})),
		configPath: "config.yaml",
		now:        time.Now,
	}
}

// config loads and validates the config once.
func (a *app) config() (*Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	cfg, err := LoadConfig(a.configPath, !a.configExplicit)
	if err != nil {
		return nil, err
	}
	if a.storePath != "" {
		cfg.Data.Store = a.storePath
	}
	a.cfg = cfg
	return cfg, nil
}

const exitCodesHelp = `Exit codes:
  0    success
  1    failure, or some items of a batch failed (the rest still ran)
  2    bad usage or invalid config (nothing was run)
  130  interrupted (Ctrl-C or SIGTERM); no half-written files are left`

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "tipster",
		Short: "Backtest the stock advice in articles and newsletters",
		Long: `Tipster reads articles and newsletters, extracts the stock recommendations in them,
turns them into dated signals, backtests them against historical prices and writes reports.

Every config key can be overridden by an environment variable: TIPSTER_ + the key
upper-cased with dots as underscores (data.store → TIPSTER_DATA_STORE).

` + exitCodesHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			a.configExplicit = cmd.Flags().Changed("config")
			level := slog.LevelInfo
			if a.verbose {
				level = slog.LevelDebug
			}
			a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
			return nil
		},
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{fmt.Errorf("%w\nrun '%s --help' for usage", err, cmd.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", "config.yaml", "config file")
	pf.StringVar(&a.storePath, "store", "", "SQLite price store (default: data.store, or tipster/store.db under the user cache dir)")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "debug logs on stderr")

	root.AddCommand(
		newVersionCmd(a),
	)
	for _, add := range subcommands {
		root.AddCommand(add(a))
	}
	return root
}

// subcommands are registered by the files that define them (one file per
// sub-command), so that adding a command touches only its own file.
var subcommands []func(*app) *cobra.Command

func register(f func(*app) *cobra.Command) bool {
	subcommands = append(subcommands, f)
	return true
}

// argsUsage wraps a cobra positional-args validator so that its errors are
// usage errors (exit code 2).
func argsUsage(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return &usageError{fmt.Errorf("%s: %w", cmd.CommandPath(), err)}
		}
		return nil
	}
}

func lines(s ...string) string { return strings.Join(s, "\n") }
