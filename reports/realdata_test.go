package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/data"
	"github.com/tipster/tipster/signals"
)

// sharedDir walks up to the folder holding shared/ next to the repository;
// "" when there is none.
func sharedDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, "shared", "data")); err == nil && fi.IsDir() {
			return filepath.Join(dir, "shared")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// TestSeedReportOnRealPrices runs the engine on the seed articles' calls
// (buy META published 2025-06-09 06:55 ET, a weak buy of META, Scale AI
// not tradable) against SPY through 2026-05-15 and writes the full
// report; with REPORTS_LOOK set, into that folder for a human to look at.
func TestSeedReportOnRealPrices(t *testing.T) {
	shared := sharedDir()
	if shared == "" {
		t.Skip("../shared is absent")
	}
	dir := filepath.Join(shared, "data", "prices", "kinryukii-us-tech-quant-prices_full")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no kinryukii-us-tech-quant-prices_full in shared data")
	}
	csv := data.NewCSVDir(dir)
	px := map[string]*data.Series{}
	for _, sym := range []string{"META", "SPY"} {
		bars, err := csv.Bars(t.Context(), sym, data.Range{})
		if err != nil {
			t.Skipf("prices %s: %v", sym, err)
		}
		px[sym] = data.NewSeries(sym, bars)
	}
	sigs := []signals.Signal{
		{Published: time.Date(2025, 6, 9, 6, 55, 0, 0, time.FixedZone("EDT", -4*3600)).UTC(), Ticker: "META", Entity: "Meta Platforms",
			Action: signals.Buy, Strength: signals.Normal, Source: "AInvest", Author: "Albert Fox", Tradable: true,
			Article: "seeds/004_fea632da15b76e74.txt", PublishedFrom: "byline", Evidence: "Buy META: the Scale AI stake strengthens its AI data moat."},
		{Published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), DateOnly: true, Ticker: "META", Entity: "Meta Platforms",
			Action: signals.Buy, Strength: signals.Weak, Source: "AInvest Newsletter", Tradable: true,
			Article: "seeds/000_690a9cc8ba11dbf3.txt", PublishedFrom: "body", Evidence: "Consider a small position in Meta Platforms."},
		{Published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), DateOnly: true, Entity: "Scale AI", Action: signals.Avoid,
			Conditions: "until regulatory clarity emerges", Source: "AInvest Newsletter", Reason: "not tradable: private company",
			Article: "seeds/000_690a9cc8ba11dbf3.txt", PublishedFrom: "body", Evidence: "Hold Scale AI but avoid until regulatory clarity emerges."},
	}
	opt := backtest.DefaultOptions()
	opt.Name = "seed-articles"
	opt.Start, opt.End = time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC)
	res, err := backtest.Run(t.Context(), sigs, px, opt)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if look := os.Getenv("REPORTS_LOOK"); look != "" {
		out = look
	}
	rdir := filepath.Join(out, "seed-articles")
	if err := Write(t.Context(), rdir, res, Options{Version: "test", Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(rdir, FileSummary))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Scale AI", "not tradable: private company", "Consider a small position in Meta Platforms.", "| META | long | 2025-06-09 10:55 UTC | 2025-06-09 |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
	t.Logf("verdict: %s", strings.Join(verdict(res, MainHorizon(res, 0)), " "))
}
