package reports

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tipster/tipster/backtest"
)

// sampleBatch: five backtests with different event-study outcomes, and a
// failed one.
func sampleBatch() []BatchEntry {
	mk := func(name string, mean, lo, hi float64, n int, total float64) BatchEntry {
		res := smallResult()
		res.Options.Name = name
		res.Metrics.TotalReturn = total
		res.Study.Groups = []backtest.Group{{By: "all", Key: "all", Horizon: 5, N: n, Mean: mean, CILow: lo, CIHigh: hi, TStat: mean / ((hi - lo) / 3.92)}}
		return BatchEntry{Name: name, Result: res}
	}
	return []BatchEntry{
		mk("newsletter-a", 0.012, -0.004, 0.028, 40, 0.21),
		mk("newsletter-b-strong-buys-only", 0.031, 0.011, 0.052, 25, 0.34),
		mk("newsletter-c", -0.022, -0.041, -0.003, 60, -0.08),
		mk("all-sources", 0.004, -0.006, 0.014, 125, 0.12),
		mk("one-call", 0.05, nan, nan, 1, 0.02),
		{Name: "broken-filter", Err: errors.New(`backtest "broken-filter": filter matches no signal`)},
	}
}

func TestWriteBatch(t *testing.T) {
	dir := t.TempDir()
	entries := sampleBatch()
	entries = append(entries, BatchEntry{Name: "<script>alert(1)</script>", Dir: "odd", Err: errors.New("<b>boom</b>")})
	if err := WriteBatch(t.Context(), dir, entries, BatchOptions{Title: "Example batch", Version: "test", Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(listDir(t, dir), " ")
	if want := "index.html leaderboard.png summary.csv"; got != want {
		t.Errorf("batch folder holds %q, want %q", got, want)
	}
	f, _ := os.Open(filepath.Join(dir, FileBatchCSV))
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(entries)+1 {
		t.Fatalf("summary.csv has %d rows, want %d", len(rows), len(entries)+1)
	}
	tests := []struct {
		name string
		row  int
		col  string
		want string
	}{
		{"ok status", 1, "status", "ok"},
		{"total return", 2, "total_return", "0.34"},
		{"mean abnormal", 3, "mean_abnormal", "-0.022"},
		{"ci low", 3, "ci_low", "-0.041"},
		{"n scored", 4, "n_scored", "125"},
		{"horizon", 4, "horizon", "5"},
		{"NaN interval empty", 5, "ci_low", ""},
		{"failed status", 6, "status", "failed"},
		{"failed reason", 6, "error", `backtest "broken-filter": filter matches no signal`},
		{"failed has no numbers", 6, "total_return", ""},
		{"report link", 1, "report", "newsletter-a/report.html"},
		{"dir link", 7, "report", ""},
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, ok := col[tt.col]
			if !ok {
				t.Fatalf("no column %q in %v", tt.col, rows[0])
			}
			if got := rows[tt.row][i]; got != tt.want {
				t.Errorf("row %d %s = %q, want %q", tt.row, tt.col, got, tt.want)
			}
		})
	}
	idx, _ := os.ReadFile(filepath.Join(dir, FileIndex))
	s := string(idx)
	for _, want := range []string{`href="newsletter-a/report.html"`, "filter matches no signal", "&lt;script&gt;alert(1)&lt;/script&gt;",
		"&lt;b&gt;boom&lt;/b&gt;", "data:image/png;base64,"} {
		if !strings.Contains(s, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if strings.Contains(s, "<script>") || strings.Contains(s, "<b>boom") {
		t.Error("index.html contains unescaped hostile text")
	}
}

func TestLeaderboardRanking(t *testing.T) {
	rows := batchRows(sampleBatch(), 0)
	tests := []struct {
		rankBy string
		want   []string
	}{
		{RankAbnormal, []string{"newsletter-b-strong-buys-only", "newsletter-a", "all-sources", "newsletter-c", "one-call"}},
		{RankTotalReturn, []string{"newsletter-b-strong-buys-only", "newsletter-a", "all-sources", "one-call", "newsletter-c"}},
	}
	for _, tt := range tests {
		t.Run(tt.rankBy, func(t *testing.T) {
			var got []string
			for _, it := range leaderboard(rows, tt.rankBy) {
				got = append(got, it.Name)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("ranking %v, want %v", got, tt.want)
			}
		})
	}
}
