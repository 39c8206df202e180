package main

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/reports"
)

// manifest records what a batch ran on, so a run can be reproduced and two
// runs compared: the config as run, versions, a hash of every input file and
// of the prices used.
type manifest struct {
	Tipster     string            `json:"tipster_version"`
	Go          string            `json:"go_version"`
	Platform    string            `json:"platform"`
	GeneratedAt string            `json:"generated_at"`
	ConfigFile  string            `json:"config_file"`
	ConfigHash  string            `json:"config_sha256,omitempty"`
	Config      *Config           `json:"config"` // as run: file, then environment, then defaults
	Inputs      []inputFile       `json:"inputs"`
	Prices      []priceUsed       `json:"prices"`
	Backtests   []manifestRun     `json:"backtests"`
	Env         map[string]string `json:"environment_overrides,omitempty"`
}

type inputFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

type priceUsed struct {
	Ticker string `json:"ticker"`
	From   string `json:"from"`
	To     string `json:"to"`
	Bars   int    `json:"bars"`
	SHA256 string `json:"sha256"` // of the dates and OHLC/adj close/volume as float64 bits
}

type manifestRun struct {
	Name    string         `json:"name"`
	Folder  string         `json:"folder"`
	Status  string         `json:"status"`
	Error   string         `json:"error,omitempty"`
	Signals int            `json:"signals"`
	Sweep   map[string]any `json:"sweep,omitempty"`
}

func writeManifest(ctx context.Context, out string, cfg *Config, a *app, items []*batchItem, corpus *corpusResult, px map[string]*data.Series, started time.Time) error {
	m := manifest{
		Tipster:     tipsterVersion(),
		Go:          runtime.Version(),
		Platform:    runtime.GOOS + "/" + runtime.GOARCH,
		GeneratedAt: started.UTC().Format(time.RFC3339),
		ConfigFile:  cfg.File(),
		Config:      cfg,
		Env:         map[string]string{},
	}
	if f := cfg.File(); f != "" {
		if in, err := hashFile(f); err == nil {
			m.ConfigHash = in.SHA256
		}
	}
	files := slices.Clone(corpus.files)
	for _, it := range items {
		if it.Spec.Signals != "" {
			files = append(files, cfg.Path(it.Spec.Signals))
		}
	}
	slices.Sort(files)
	for _, f := range slices.Compact(files) {
		in, err := hashFile(f)
		if err != nil {
			continue
		}
		m.Inputs = append(m.Inputs, in)
	}
	tickers := make([]string, 0, len(px))
	for t := range px {
		tickers = append(tickers, t)
	}
	slices.Sort(tickers)
	for _, t := range tickers {
		s := px[t]
		if s.Len() == 0 {
			continue
		}
		m.Prices = append(m.Prices, priceUsed{
			Ticker: t,
			From:   s.Dates[0].Format(time.DateOnly),
			To:     s.Dates[s.Len()-1].Format(time.DateOnly),
			Bars:   s.Len(),
			SHA256: hashSeries(s),
		})
	}
	for _, it := range items {
		r := manifestRun{Name: it.Name, Folder: it.dir, Status: "ok", Signals: len(it.signals), Sweep: it.Sweep}
		if it.err != nil {
			r.Status, r.Error = "failed", it.err.Error()
		}
		m.Backtests = append(m.Backtests, r)
	}
	for _, kv := range os.Environ() {
		if k, v, ok := cutEnv(kv); ok {
			m.Env[k] = v
		}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return reports.WriteFileAtomic(filepath.Join(out, "manifest.json"), append(b, '\n'))
}

// cutEnv returns TIPSTER_* variables, the ones that override config keys.
func cutEnv(kv string) (string, string, bool) {
	k, v, ok := strings.Cut(kv, "=")
	if !ok || len(k) <= len(envPrefix)+1 || k[:len(envPrefix)+1] != envPrefix+"_" {
		return "", "", false
	}
	return k, v, true
}

func hashFile(path string) (inputFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return inputFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return inputFile{}, err
	}
	return inputFile{Path: path, SHA256: hex.EncodeToString(h.Sum(nil)), Bytes: n}, nil
}

// hashSeries hashes a series' dates and values bit for bit.
func hashSeries(s *data.Series) string {
	h := sha256.New()
	var buf [8]byte
	put := func(x float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(x))
		h.Write(buf[:])
	}
	for i, d := range s.Dates {
		binary.LittleEndian.PutUint64(buf[:], uint64(d.Unix()))
		h.Write(buf[:])
		put(s.Open[i])
		put(s.High[i])
		put(s.Low[i])
		put(s.Close[i])
		put(s.AdjClose[i])
		put(s.Volume[i])
	}
	return hex.EncodeToString(h.Sum(nil))
}
