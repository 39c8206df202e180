package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

var _ = register(newValidateCmd)

func newValidateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "validate",
		Short: "Check config.yaml and its inputs without running anything",
		Long: lines(
			"Validate reads the config strictly and checks every input it names: article paths,",
			"signal CSVs, symbol files and the CSV price folder. Every problem is reported at once,",
			"each naming the key and what to do. Exit code 2 when any problem is found.",
		),
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			if errs := checkInputs(cfg); len(errs) > 0 {
				return errs
			}
			variants, _ := cfg.Expand()
			name := cfg.File()
			if name == "" {
				name = "defaults (no config file)"
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s: ok (%d articles entries, %d backtests, %d runs after the sweep)\n",
				name, len(cfg.Articles), len(cfg.Backtests), len(variants))
			return err
		},
	}
}

// checkInputs checks that the files and folders the config names exist.
func checkInputs(cfg *Config) ConfigErrors {
	var errs ConfigErrors
	add := func(key, format string, args ...any) {
		errs = append(errs, &ConfigError{File: cfg.File(), Key: key, Err: fmt.Errorf(format, args...)})
	}
	for i, spec := range cfg.Articles {
		matches, err := articlePaths(cfg, spec)
		switch {
		case err != nil:
			add(fmt.Sprintf("articles[%d].path", i), "%v", err)
		case len(matches) == 0:
			add(fmt.Sprintf("articles[%d].path", i), "%s matches no file or folder; fix the path or remove the entry", spec.Path)
		}
	}
	for i, b := range cfg.Backtests {
		if b.Signals == "" {
			continue
		}
		if _, err := os.Stat(cfg.Path(b.Signals)); err != nil {
			add(fmt.Sprintf("backtests[%d].signals", i), "%v", err)
		}
	}
	for i, f := range cfg.Symbols.Files {
		if _, err := os.Stat(cfg.Path(f)); err != nil {
			add(fmt.Sprintf("symbols.files[%d]", i), "%v", err)
		}
	}
	if cfg.Data.CSVDir != "" {
		if st, err := os.Stat(cfg.Path(cfg.Data.CSVDir)); err != nil || !st.IsDir() {
			if cfg.Data.Provider == "csv" {
				add("data.csv_dir", "%s is not a folder of TICKER.csv files", cfg.Path(cfg.Data.CSVDir))
			}
		}
	}
	return errs
}

// articlePaths expands an articles entry (file, folder or glob) relative to
// the config's folder.
func articlePaths(cfg *Config, spec ArticleSpec) ([]string, error) {
	p := cfg.Path(spec.Path)
	matches, err := filepath.Glob(p)
	if err != nil {
		return nil, fmt.Errorf("bad glob %q: %w", spec.Path, err)
	}
	return matches, nil
}
