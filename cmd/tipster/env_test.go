package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// cliEnv is a temporary folder with a config and a store, for running
// tipster's commands in tests through run().
type cliEnv struct {
	dir, config, store string
}

// newCLIEnv writes configYAML as the env's config.yaml, with the store at
// store/tipster.db beside it.
func newCLIEnv(t *testing.T, configYAML string) cliEnv {
	t.Helper()
	dir := t.TempDir()
	e := cliEnv{dir: dir, config: filepath.Join(dir, "config.yaml"), store: filepath.Join(dir, "store", "tipster.db")}
	if err := os.WriteFile(e.config, []byte(configYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	return e
}

// run runs tipster with the env's config and store and returns the exit
// code and output.
func (e cliEnv) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	all := append([]string{"--config", e.config, "--store", e.store}, args...)
	code := run(t.Context(), all, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// file writes a file into the env's dir and returns its path.
func (e cliEnv) file(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(e.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
