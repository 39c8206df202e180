package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tipster/tipster/data"
)

// newPricesEnv is a CLI env whose config has the given data section body
// (indented under data:).
func newPricesEnv(t *testing.T, dataYAML string) cliEnv {
	t.Helper()
	body := "data:\n  provider: yahoo\n"
	if dataYAML != "" {
		body = "data:\n" + dataYAML
	}
	return newCLIEnv(t, body)
}

const pricesMetaCSV = `Date,Open,High,Low,Close,Adj Close,Volume
2024-01-02,351.32,353.16,347.07,346.29,345.63,19042200
2024-01-03,344.98,347.95,343.18,344.47,343.81,15451100
2024-01-04,344.5,348.15,343.4,347.12,346.46,12099900
2024-01-05,346.99,352.58,345.7,351.95,,13920700
`

func TestPricesImportListShow(t *testing.T) {
	e := newPricesEnv(t, "")
	meta := e.file(t, "META.csv", pricesMetaCSV)
	tail := e.file(t, "in/nvda.tail.csv", "Date,Close\n2024-01-02,48.17\n2024-01-03,47.57\n")

	code, out, errOut := e.run(t, "prices", "import", meta, tail)
	if code != 0 {
		t.Fatalf("import: exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{meta + ": META 4 rows 2024-01-02..2024-01-05", tail + ": NVDA 2 rows 2024-01-02..2024-01-03"} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = e.run(t, "prices", "list")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "TICKER") {
		t.Fatalf("list output:\n%s\nwant a header and 2 rows", out)
	}
	for i, want := range [][]string{{"META", "2024-01-02", "2024-01-05", "4", "csv:META.csv"}, {"NVDA", "2024-01-02", "2024-01-03", "2", "csv:nvda.tail.csv"}} {
		got := strings.Fields(lines[i+1])
		if len(got) < len(want) || strings.Join(got[:len(want)], " ") != strings.Join(want, " ") {
			t.Errorf("list row %d = %q, want it to start with %q", i, lines[i+1], want)
		}
	}

	t.Run("show --json", func(t *testing.T) {
		code, out, errOut := e.run(t, "prices", "show", "meta", "--from", "2024-01-04", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		want := `[
  {
    "date": "2024-01-04",
    "open": 344.5,
    "high": 348.15,
    "low": 343.4,
    "close": 347.12,
    "adj_close": 346.46,
    "volume": 12099900
  },
  {
    "date": "2024-01-05",
    "open": 346.99,
    "high": 352.58,
    "low": 345.7,
    "close": 351.95,
    "adj_close": null,
    "volume": 13920700
  }
]
`
		if out != want {
			t.Errorf("show --json =\n%s\nwant\n%s", out, want)
		}
		var decoded []map[string]any
		if err := json.Unmarshal([]byte(out), &decoded); err != nil || len(decoded) != 2 || len(decoded[0]) != 7 {
			t.Errorf("show --json is not an array of 7-key objects: %v", err)
		}
	})
	t.Run("show --csv reads back through ParseCSV", func(t *testing.T) {
		code, out, errOut := e.run(t, "prices", "show", "META", "--csv")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		got, bad, err := data.ParseCSV("show", strings.NewReader(out))
		if err != nil || len(bad) > 0 {
			t.Fatalf("ParseCSV(show --csv): %v %v", err, bad)
		}
		want, _, _ := data.ParseCSV("META.csv", strings.NewReader(pricesMetaCSV))
		if len(got) != len(want) {
			t.Fatalf("show --csv has %d bars, want %d", len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if !g.Date.Equal(w.Date) || g.Close != w.Close || g.Open != w.Open || g.Volume != w.Volume {
				t.Errorf("bar %d = %+v, want %+v", i, g, w)
			}
		}
	})
	t.Run("show table", func(t *testing.T) {
		code, out, _ := e.run(t, "prices", "show", "META", "--to", "2024-01-02")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) != 2 || !strings.Contains(lines[0], "ADJ CLOSE") {
			t.Fatalf("show table:\n%s", out)
		}
		if got, want := strings.Fields(lines[1]), []string{"2024-01-02", "351.3200", "353.1600", "347.0700", "346.2900", "345.6300", "19042200"}; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("show row = %q, want %q", got, want)
		}
	})
}

func TestPricesImportWarnings(t *testing.T) {
	e := newPricesEnv(t, "")
	bad := e.file(t, "BAD.csv", `Date,Open,High,Low,Close,Adj Close,Volume
2024-01-02,10,11,9,10.5,10.5,100
2024-01-03,10,11,9,oops,10.5,100
2024-01-03,10,11,9,10.6,10.6,100
2024-01-04,1,1.1,0.9,1.05,1.05,100
`)
	code, out, errOut := e.run(t, "prices", "import", bad, "--ticker", "xyz")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		bad + ":3: column Close: ",       // the bad row, by file and line
		bad + ": XYZ 2024-01-04 split: ", // a 10:1 drop, reported, not fixed
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "XYZ 3 rows") || !strings.Contains(out, "1 bad rows skipped") {
		t.Errorf("stdout = %q, want XYZ 3 rows and 1 bad row skipped", out)
	}
	// The data is stored as given: the split-like drop is not "fixed".
	_, js, _ := e.run(t, "prices", "show", "XYZ", "--from", "2024-01-04", "--json")
	if !strings.Contains(js, `"close": 1.05`) {
		t.Errorf("stored close changed: %s", js)
	}
}

func TestPricesUsageAndFailures(t *testing.T) {
	e := newPricesEnv(t, "")
	good := e.file(t, "GOOD.csv", pricesMetaCSV)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no subcommand args", []string{"prices", "show"}, 2, "accepts 1 arg"},
		{"bad --from", []string{"prices", "show", "META", "--from", "2024-13-01"}, 2, "--from"},
		{"reversed range", []string{"prices", "show", "META", "--from", "2024-02-01", "--to", "2024-01-01"}, 2, "before"},
		{"json and csv", []string{"prices", "show", "META", "--json", "--csv"}, 2, "exclude"},
		{"unknown ticker", []string{"prices", "show", "NOPE"}, 1, "no prices"},
		{"file name without a ticker", []string{"prices", "import", e.file(t, "my_prices.csv", pricesMetaCSV)}, 2, "--ticker"},
		{"missing file, the other still imported", []string{"prices", "import", filepath.Join(e.dir, "MISSING.csv"), good}, 1, "1 of 2 files failed"},
		{"file without rows", []string{"prices", "import", e.file(t, "EMPTY.csv", "Date,Close\n")}, 1, "no rows"},
		{"bad ticker", []string{"prices", "fetch", "no way"}, 2, "not a ticker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := e.run(t, tt.args...)
			if code != tt.wantCode || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	code, out, _ := e.run(t, "prices", "list")
	if code != 0 || !strings.Contains(out, "GOOD") {
		t.Errorf("after a failed file the good one is not stored: exit %d\n%s", code, out)
	}
}

func TestPricesFetch(t *testing.T) {
	csvDir := t.TempDir()
	for _, tk := range []string{"AAA", "BBB"} {
		if err := os.WriteFile(filepath.Join(csvDir, tk+".csv"), []byte(pricesMetaCSV), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := newPricesEnv(t, fmt.Sprintf("  provider: csv\n  csv_dir: %s\n  yahoo:\n    concurrency: 2\n", csvDir))
	code, out, errOut := e.run(t, "prices", "fetch", "aaa", "MISSING", "BBB", "--from", "2024-01-03")
	if code != 1 {
		t.Errorf("fetch with a missing ticker: exit %d, want 1\nstderr:\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "1 of 3 tickers failed") || !strings.Contains(errOut, "MISSING") {
		t.Errorf("stderr does not name the failure:\n%s", errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("summary:\n%s\nwant a header and 3 rows", out)
	}
	for i, want := range []string{"AAA 2024-01-03 2024-01-05 3 3 3 ok", "MISSING - - 0 0 0 FAILED:", "BBB 2024-01-03 2024-01-05 3 3 3 ok"} {
		if got := strings.Join(strings.Fields(lines[i+1]), " "); !strings.HasPrefix(got, want) {
			t.Errorf("summary row %d = %q, want %q…", i, got, want)
		}
	}
	_, list, _ := e.run(t, "prices", "list")
	if !strings.Contains(list, "AAA") || !strings.Contains(list, "BBB") || strings.Contains(list, "MISSING") {
		t.Errorf("list after fetch:\n%s", list)
	}
	// Again: the store has everything up to the last bar; only the refresh
	// window is asked again, nothing new is added.
	code, out, errOut = e.run(t, "prices", "fetch", "AAA", "--from", "2024-01-03")
	if code != 0 {
		t.Fatalf("second fetch: exit %d: %s", code, errOut)
	}
	if got := strings.Join(strings.Fields(strings.Split(strings.TrimSpace(out), "\n")[1]), " "); !strings.HasPrefix(got, "AAA 2024-01-03 2024-01-05 3 0") {
		t.Errorf("second fetch row = %q, want 3 rows, 0 new", got)
	}

	t.Run("offline yahoo is a config error", func(t *testing.T) {
		e := newPricesEnv(t, "  provider: yahoo\n  offline: true\n")
		code, _, errOut := e.run(t, "prices", "fetch", "META")
		if code != 2 || !strings.Contains(errOut, "data.offline") {
			t.Errorf("exit %d, stderr %q; want 2 naming data.offline", code, errOut)
		}
	})
}

// TestPricesFetchYahoo fetches through the Yahoo provider built from the
// config (data.yahoo.base_url pointing at a local test server).
func TestPricesFetchYahoo(t *testing.T) {
	srv := pricesYahooServer(t)
	e := newPricesEnv(t, fmt.Sprintf("  provider: yahoo\n  yahoo:\n    base_url: %s\n    min_interval: 1ms\n    retries: 1\n", srv))
	code, out, errOut := e.run(t, "prices", "fetch", "META", "--from", "2024-01-02", "--to", "2024-01-03")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	_, js, _ := e.run(t, "prices", "show", "META", "--json")
	var bars []map[string]any
	if err := json.Unmarshal([]byte(js), &bars); err != nil || len(bars) != 2 {
		t.Fatalf("show --json after a yahoo fetch: %v\n%s", err, js)
	}
	if bars[0]["date"] != "2024-01-02" || bars[0]["close"] != 346.29 || bars[1]["adj_close"] != nil {
		t.Errorf("stored bars = %v", bars)
	}
	_, list, _ := e.run(t, "prices", "list")
	if !strings.Contains(list, "yahoo") {
		t.Errorf("list does not say yahoo:\n%s", list)
	}
}

// pricesYahooServer serves a crafted v8 chart response for META (two
// sessions, one null adjusted close) and Yahoo's 404 for anything else.
func pricesYahooServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/v8/finance/chart/META") {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`)
			return
		}
		io.WriteString(w, `{"chart":{"result":[{"meta":{"currency":"USD","symbol":"META","exchangeTimezoneName":"America/New_York","dataGranularity":"1d"},
"timestamp":[1704205800,1704292200],
"indicators":{"quote":[{"open":[351.32,344.98],"high":[353.16,347.95],"low":[347.07,343.18],"close":[346.29,344.47],"volume":[19042200,15451100]}],
"adjclose":[{"adjclose":[345.63,null]}]}}],"error":null}}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
