package main

import (
	"context"
	"errors"
	"fmt"

	_ "modernc.org/sqlite" // the store's SQL driver; only main and the store's tests import it

	"github.com/tipster/tipster/data"
)

// openStore opens the price store named by --store or data.store (a
// relative data.store is relative to the config file's folder, a relative
// --store to the working directory). The caller closes it.
func (a *app) openStore(ctx context.Context) (*data.Store, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	path := cfg.Data.Store
	if a.storePath == "" {
		path = cfg.Path(path)
	}
	s, err := data.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	s.SetLogger(a.log)
	return s, nil
}

// provider returns the configured price provider (data.provider) and the
// source name its bars are stored under: Yahoo with the data.yahoo
// settings, or the CSV folder data.csv_dir. With data.offline set nothing
// may be fetched, which is a config error for the commands that must fetch.
func (a *app) provider() (data.Provider, string, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, "", err
	}
	switch cfg.Data.Provider {
	case "csv":
		dir := cfg.Path(cfg.Data.CSVDir)
		return data.NewCSVDir(dir), "csv", nil
	case "yahoo":
		if cfg.Data.Offline {
			return nil, "", &ConfigError{File: cfg.File(), Key: "data.offline", Err: errors.New("is true: prices cannot be fetched from yahoo (import CSV files, or use data.provider: csv)")}
		}
		return a.yahoo(cfg), "yahoo", nil
	}
	return nil, "", &ConfigError{File: cfg.File(), Key: "data.provider", Err: fmt.Errorf("%q is not a provider (want yahoo or csv)", cfg.Data.Provider)}
}
