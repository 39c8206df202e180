package data

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// provSharedDir returns ../shared/<rel> seen from the repository root, found
// by walking up from the package directory, or skips the test when absent.
func provSharedDir(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Skipf("shared/%s not found above the package directory", rel)
		}
		dir = up
	}
}

func provDate(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// provFastYahoo returns a Yahoo provider for srv with tiny delays so fault
// tests run in milliseconds.
func provFastYahoo(srv *httptest.Server, retries int) *Yahoo {
	return NewYahoo(YahooOptions{
		BaseURL:     srv.URL,
		Client:      srv.Client(),
		Timeout:     2 * time.Second,
		MaxRetries:  retries,
		MinInterval: -1,
		BackoffBase: time.Millisecond,
		BackoffMax:  5 * time.Millisecond,
	})
}

// provRecorded is one recorded Yahoo response: the status and body.
type provRecorded struct {
	status int
	body   []byte
}

// provLoadRecorded reads a fixture: either node-yahoo-finance2's
// {request, response:{status, bodyJson|body}} wrapper or a raw body. ok is
// false when the file is not a chart response (search, quote, spark).
func provLoadRecorded(t *testing.T, path string) (rec provRecorded, ok bool) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wrap struct {
		Response *struct {
			Status   int             `json:"status"`
			BodyJSON json.RawMessage `json:"bodyJson"`
			Body     *string         `json:"body"`
		} `json:"response"`
	}
	if err := json.Unmarshal(raw, &wrap); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	rec = provRecorded{status: http.StatusOK, body: raw}
	if r := wrap.Response; r != nil {
		rec.status = r.Status
		switch {
		case len(r.BodyJSON) > 0:
			rec.body = r.BodyJSON
		case r.Body != nil:
			rec.body = []byte(*r.Body)
		}
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal(rec.body, &probe) != nil {
		return rec, false
	}
	_, ok = probe["chart"]
	return rec, ok
}

// provServe serves rec for every request and counts requests.
func provServe(t *testing.T, rec provRecorded) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(rec.status)
		w.Write(rec.body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// provCheckBars asserts what every parsed series must satisfy: ascending
// unique dates at 00:00 UTC and no zero prices (Yahoo's null is no bar or NaN).
func provCheckBars(t *testing.T, bars []Bar) {
	t.Helper()
	for i, b := range bars {
		if b.Date.Location() != time.UTC || b.Date.Hour() != 0 {
			t.Errorf("bar %d date %v, want 00:00 UTC", i, b.Date)
		}
		if i > 0 && !bars[i-1].Date.Before(b.Date) {
			t.Errorf("bar %d date %v not after %v", i, b.Date, bars[i-1].Date)
		}
		for _, p := range []float64{b.Open, b.High, b.Low, b.Close} {
			if p == 0 {
				t.Errorf("bar %s has a zero price: %+v", b.Date.Format(time.DateOnly), b)
			}
		}
	}
}

func provSame(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

// TestYahooReplayAll replays every recorded chart response in
// shared/fixtures/yahoo and checks each parses or fails with a typed error.
func TestYahooReplayAll(t *testing.T) {
	root := provSharedDir(t, "fixtures/yahoo")
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	// Expected failures by file name; everything else must give bars.
	wantErr := map[string]error{
		"aapl_chart_5d_no_ts.json":                                  ErrBadResponse, // closes without timestamps
		"aapl_chart_no_results.json":                                ErrBadResponse, // 1h granularity
		"chart-LUCYW-null-currency.json":                            ErrNoPrices,    // empty quote object
		"noData.json":                                               ErrNoPrices,    // CAPIO.ST, no bars
		"dividendData.json":                                         ErrBadResponse, // 1mo granularity
		"splitData.json":                                            ErrBadResponse, // 1mo granularity
		"chart-notimestamp-weird-quote.fake.json":                   ErrBadResponse,
		"chart-notimestamp-quotes-length.fake.json":                 ErrBadResponse,
		"chart-TSLA-2025-01-01-to-2025-01-02-interval-1h.fake.json": ErrBadResponse,
		"chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json":                 ErrBadResponse,
		"chart-AAPL-2024-10-02-to-2024-10-03-includePrePost-false-interval-1m.blob-873cb7dfed.json": ErrBadResponse,
	}
	seen := 0
	for _, f := range files {
		rec, ok := provLoadRecorded(t, f)
		if !ok {
			continue
		}
		seen++
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			srv, _ := provServe(t, rec)
			bars, err := provFastYahoo(srv, -1).Bars(t.Context(), "SYM", Range{})
			if want, ok := wantErr[name]; ok {
				if !errors.Is(err, want) {
					t.Fatalf("Bars() error = %v, want %v", err, want)
				}
				if !strings.Contains(err.Error(), "SYM") {
					t.Errorf("error %q does not name the symbol", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Bars() error = %v", err)
			}
			if len(bars) == 0 {
				t.Fatal("no bars")
			}
			provCheckBars(t, bars)
		})
	}
	if seen < 60 {
		t.Errorf("replayed %d chart fixtures, want at least 60", seen)
	}
}

// TestYahooRecordedValues checks concrete values of real recorded responses
// (expected numbers read from the fixture JSON; dates are the exchange-local
// dates of the timestamps).
func TestYahooRecordedValues(t *testing.T) {
	root := provSharedDir(t, "fixtures/yahoo")
	nan := math.NaN()
	tests := []struct {
		name  string
		file  string
		r     Range
		count int
		check map[string]Bar // date → expected bar (Date field ignored)
	}{
		{
			name:  "AAPL 2020-01-01..03",
			file:  "gadicc-node-yahoo-finance2/chart-AAPL-2020-01-01-to-2020-01-03.json",
			count: 1,
			check: map[string]Bar{"2020-01-02": {Open: 74.05999755859375, High: 75.1500015258789, Low: 73.79750061035156, Close: 75.0875015258789, AdjClose: 72.71607208251953, Volume: 135480400}},
		},
		{
			name:  "600497.SS first bar all null, last intraday",
			file:  "feng-zhe-ZheQuant-brain-python/chart-600497.SS-2017-11-15-to-2017-11-27-nulls.json",
			count: 8, // 9 timestamps, 2017-11-15 all null
			check: map[string]Bar{
				"2017-11-16": {Open: 6.650000095367432, High: 6.679999828338623, Low: 6.489999771118164, Close: 6.510000228881836, AdjClose: 6.510000228881836, Volume: 34039227},
				"2017-11-27": {Open: 6.489999771118164, High: 6.670000076293945, Low: 6.449999809265137, Close: 6.510000228881836, AdjClose: 6.510000228881836, Volume: 54005417},
			},
		},
		{
			name:  "AAPL 4:1 split and dividend",
			file:  "gadicc-node-yahoo-finance2/chart-AAPL-2020-08-31-to-2020-11-07.json",
			count: 49,
			check: map[string]Bar{
				"2020-08-31": {Open: 127.58000183105469, High: 131, Low: 126, Close: 129.0399932861328, AdjClose: 125.82673645019531, Volume: 225702700, Split: 4},
				"2020-10-30": {Open: 111.05999755859375, High: 111.98999786376953, Low: 107.72000122070312, Close: 108.86000061035156, AdjClose: 106.14926147460938, Volume: 190272600},
				"2020-11-06": {Open: 118.31999969482422, High: 119.19999694824219, Low: 116.12999725341797, Close: 118.69000244140625, AdjClose: 115.93415069580078, Volume: 114457900, Dividend: 0.205},
			},
		},
		{
			name:  "AAPL split range filter",
			file:  "gadicc-node-yahoo-finance2/chart-AAPL-2020-08-31-to-2020-11-07.json",
			r:     Range{From: provDate("2020-10-30"), To: provDate("2020-11-06")},
			count: 6,
		},
		{
			name:  "WSU.DE all-null day is no bar",
			file:  "gadicc-node-yahoo-finance2/history/chart-WSU.DE-2023-08-04-to-2023-08-09.blob-4a57988b61.json",
			count: 2,
			check: map[string]Bar{"2023-08-08": {Open: 34.04999923706055, High: 34.20000076293945, Low: 32.900001525878906, Close: 33.20000076293945, AdjClose: 33.20000076293945, Volume: 10846}},
		},
		{
			name:  "BTC-USD 4 null days",
			file:  "gadicc-node-yahoo-finance2/history/historicalv8-BTC-USD-2020-01-01-to-2021-01-04.blob-d5069e14de.json",
			r:     Range{From: provDate("2020-04-16"), To: provDate("2020-04-18")},
			count: 2, // 2020-04-17 is null
		},
		{
			name:  "nulls crafted",
			file:  "", // testdata/yahoo/nulls.json
			count: 3,
			check: map[string]Bar{
				"2020-01-06": {Open: nan, High: 12.5, Low: 11.75, Close: 12.25, AdjClose: nan, Volume: nan},
				"2020-01-07": {Open: 13, High: 13.5, Low: 12.5, Close: 13.25, AdjClose: 13.25, Volume: 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec provRecorded
			if tt.file == "" {
				body, err := os.ReadFile("testdata/yahoo/nulls.json")
				if err != nil {
					t.Fatal(err)
				}
				rec = provRecorded{status: 200, body: body}
			} else {
				var ok bool
				if rec, ok = provLoadRecorded(t, filepath.Join(root, tt.file)); !ok {
					t.Fatal("not a chart response")
				}
			}
			srv, _ := provServe(t, rec)
			bars, err := provFastYahoo(srv, -1).Bars(t.Context(), "SYM", tt.r)
			if err != nil {
				t.Fatalf("Bars() error = %v", err)
			}
			provCheckBars(t, bars)
			if len(bars) != tt.count {
				t.Errorf("got %d bars, want %d", len(bars), tt.count)
			}
			byDate := map[string]Bar{}
			for _, b := range bars {
				byDate[b.Date.Format(time.DateOnly)] = b
			}
			for d, want := range tt.check {
				got, ok := byDate[d]
				if !ok {
					t.Errorf("no bar on %s", d)
					continue
				}
				want.Date = got.Date
				if !provSame(got.Open, want.Open) || !provSame(got.High, want.High) || !provSame(got.Low, want.Low) ||
					!provSame(got.Close, want.Close) || !provSame(got.AdjClose, want.AdjClose) || !provSame(got.Volume, want.Volume) ||
					got.Dividend != want.Dividend || got.Split != want.Split {
					t.Errorf("bar %s = %+v, want %+v", d, got, want)
				}
			}
		})
	}
}

// TestYahooFaults covers the crafted fault responses in testdata/yahoo.
func TestYahooFaults(t *testing.T) {
	type step struct {
		status int
		file   string
		header map[string]string
	}
	cut := map[string]string{"Content-Length": "100000"} // body shorter than declared: connection cut
	tests := []struct {
		name     string
		steps    []step // served in order, the last one repeated
		retries  int
		wantErr  []error // errors.Is targets; nil means success
		wantText []string
		wantReqs int32
		wantBars int
	}{
		{
			name:     "429 then success",
			steps:    []step{{status: 429, file: "server-error.html"}, {status: 200, file: "ok-3days.json"}},
			retries:  2,
			wantReqs: 2,
			wantBars: 3,
		},
		{
			name:     "503 twice then success",
			steps:    []step{{status: 503}, {status: 502}, {status: 200, file: "ok-3days.json"}},
			retries:  3,
			wantReqs: 3,
			wantBars: 3,
		},
		{
			name:     "500s until retries run out",
			steps:    []step{{status: 500, file: "server-error.html"}},
			retries:  3,
			wantText: []string{"SYM", "gave up after 4 attempts", "HTTP 500", "Will be right back"},
			wantReqs: 4,
		},
		{
			name:     "connection cut mid-body then success",
			steps:    []step{{status: 200, file: "ok-3days.json", header: cut}, {status: 200, file: "ok-3days.json"}},
			retries:  2,
			wantReqs: 2,
			wantBars: 3,
		},
		{
			name:     "truncated JSON",
			steps:    []step{{status: 200, file: "truncated.json"}},
			retries:  3,
			wantErr:  []error{ErrBadResponse},
			wantText: []string{"yahoo SYM", "decode chart response", "unexpected end of JSON input"},
			wantReqs: 1,
		},
		{
			name:     "error object",
			steps:    []step{{status: 400, file: "error-object.json"}},
			retries:  3,
			wantText: []string{"yahoo SYM", "Bad Request", "interval=1x is not supported"},
			wantReqs: 1,
		},
		{
			name:     "error object in 200",
			steps:    []step{{status: 200, file: "unknown-symbol.json"}},
			wantErr:  []error{ErrUnknownSymbol},
			wantText: []string{"Not Found", "symbol may be delisted"},
			wantReqs: 1,
		},
		{
			name:     "unknown symbol",
			steps:    []step{{status: 404, file: "unknown-symbol.json"}},
			retries:  3,
			wantErr:  []error{ErrUnknownSymbol},
			wantText: []string{"yahoo SYM", "Not Found", "No data found, symbol may be delisted", "HTTP 404"},
			wantReqs: 1,
		},
		{
			name:     "unknown symbol without body",
			steps:    []step{{status: 404}},
			wantErr:  []error{ErrUnknownSymbol},
			wantReqs: 1,
		},
		{
			name:     "no data in range",
			steps:    []step{{status: 400, file: "no-data-in-range.json"}},
			wantErr:  []error{ErrNoPrices},
			wantText: []string{"Data doesn't exist"},
			wantReqs: 1,
		},
		{
			name:     "empty result",
			steps:    []step{{status: 200, file: "empty-result.json"}},
			wantErr:  []error{ErrNoPrices},
			wantReqs: 1,
		},
		{
			name:     "array length mismatch",
			steps:    []step{{status: 200, file: "length-mismatch.json"}},
			wantErr:  []error{ErrBadResponse},
			wantText: []string{"2 timestamps but 1 closes"},
			wantReqs: 1,
		},
		{
			name:     "forbidden is not retried",
			steps:    []step{{status: 403, file: "server-error.html"}},
			retries:  3,
			wantText: []string{"HTTP 403"},
			wantReqs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				s := tt.steps[min(i, len(tt.steps)-1)]
				for k, v := range s.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(s.status)
				if s.file != "" {
					b, err := os.ReadFile(filepath.Join("testdata/yahoo", s.file))
					if err != nil {
						t.Error(err)
					}
					w.Write(b)
				}
			}))
			defer srv.Close()
			bars, err := provFastYahoo(srv, tt.retries).Bars(t.Context(), "SYM", Range{})
			if got := n.Load(); got != tt.wantReqs {
				t.Errorf("server saw %d requests, want %d", got, tt.wantReqs)
			}
			if len(tt.wantErr) == 0 && len(tt.wantText) == 0 {
				if err != nil {
					t.Fatalf("Bars() error = %v", err)
				}
				if len(bars) != tt.wantBars {
					t.Errorf("got %d bars, want %d", len(bars), tt.wantBars)
				}
				return
			}
			if err == nil {
				t.Fatalf("Bars() = %d bars, want an error", len(bars))
			}
			for _, target := range tt.wantErr {
				if !errors.Is(err, target) {
					t.Errorf("Bars() error = %v, want errors.Is %v", err, target)
				}
			}
			for _, s := range tt.wantText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Bars() error = %q, want it to contain %q", err, s)
				}
			}
		})
	}
}

func TestYahooParsesEventsAndDates(t *testing.T) {
	body, err := os.ReadFile("testdata/yahoo/ok-3days.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseYahooChart("TEST", body, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := []Bar{
		{Date: provDate("2020-01-02"), Open: 10.5, High: 11, Low: 10, Close: 10.75, AdjClose: 10, Volume: 1000},
		{Date: provDate("2020-01-03"), Open: 11.25, High: 11.5, Low: 11, Close: 11.5, AdjClose: 11, Volume: 2000, Dividend: 0.25},
		{Date: provDate("2020-01-06"), Open: 12, High: 12.5, Low: 11.75, Close: 12.25, AdjClose: 12, Volume: 3000, Split: 0.1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d bars, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bar %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestYahooRetryAfter(t *testing.T) {
	var n atomic.Int32
	var first time.Time
	var gap time.Duration
	body, err := os.ReadFile("testdata/yahoo/ok-3days.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		gap = time.Since(first)
		w.Write(body)
	}))
	defer srv.Close()
	if _, err := provFastYahoo(srv, 2).Bars(t.Context(), "SYM", Range{}); err != nil {
		t.Fatalf("Bars() error = %v", err)
	}
	if gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want ≥ 1s (Retry-After: 1)", gap)
	}

	// A Retry-After past the caller's deadline fails at once.
	n.Store(0)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv2.Close()
	start := time.Now()
	_, err = provFastYahoo(srv2, 2).Bars(ctx, "SYM", Range{})
	if err == nil || !strings.Contains(err.Error(), "would pass the deadline") {
		t.Errorf("Bars() error = %v, want a deadline error", err)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("Bars() took %v, want an immediate failure", d)
	}
}

func TestYahooTimeout(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	y := provFastYahoo(srv, 1)
	y.opt.Timeout = 50 * time.Millisecond
	start := time.Now()
	_, err := y.Bars(t.Context(), "SLOW", Range{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Bars() error = %v, want context.DeadlineExceeded", err)
	}
	if err != nil && !strings.Contains(err.Error(), "gave up after 2 attempts") {
		t.Errorf("Bars() error = %q, want the attempts named", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("server saw %d requests, want 2 (1 retry)", got)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Bars() took %v, want about 100ms", d)
	}
}

func TestYahooCancel(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	_, err := provFastYahoo(srv, 5).Bars(ctx, "SYM", Range{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Bars() error = %v, want context.Canceled", err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("server saw %d requests, want 1 (no retry after cancel)", got)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("Bars() took %v after cancel", d)
	}
}

func TestYahooRequest(t *testing.T) {
	body, err := os.ReadFile("testdata/yahoo/ok-3days.json")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var reqs []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		reqs = append(reqs, r)
		mu.Unlock()
		w.Write(body)
	}))
	defer srv.Close()
	y := NewYahoo(YahooOptions{BaseURL: srv.URL + "/", Client: srv.Client(), MinInterval: 40 * time.Millisecond})
	start := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			bars, err := y.Bars(t.Context(), "^GSPC", Range{From: provDate("2020-01-03"), To: provDate("2020-01-03")})
			if err != nil {
				t.Errorf("Bars() error = %v", err)
			}
			if len(bars) != 1 || !bars[0].Date.Equal(provDate("2020-01-03")) {
				t.Errorf("Bars() = %+v, want the one bar of 2020-01-03", bars)
			}
		})
	}
	wg.Wait()
	if d := time.Since(start); d < 120*time.Millisecond {
		t.Errorf("4 requests took %v, want ≥ 120ms with MinInterval 40ms", d)
	}
	r := reqs[0]
	if got := r.URL.Path; got != "/v8/finance/chart/^GSPC" {
		t.Errorf("path = %q", got)
	}
	q := r.URL.Query()
	for k, want := range map[string]string{"interval": "1d", "events": "div|split", "period1": "1577923200", "period2": "1578182400"} {
		if got := q.Get(k); got != want {
			t.Errorf("query %s = %q, want %q", k, got, want)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "Mozilla/5.0") {
		t.Errorf("User-Agent = %q, want a browser's", ua)
	}
}

func TestYahooRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{"-1", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := yahooRetryAfter(tt.in, now); got != tt.want {
				t.Errorf("yahooRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestYahooOpenSession checks that the bar of a session still in progress is
// left out, and kept once the session has closed.
func TestYahooOpenSession(t *testing.T) {
	body, err := os.ReadFile("testdata/yahoo/open-session.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		now  time.Time
		want []string
	}{
		{"during the session", time.Date(2099, 12, 31, 17, 0, 0, 0, time.UTC), []string{"2099-12-30"}},
		{"after the close", time.Date(2099, 12, 31, 21, 1, 0, 0, time.UTC), []string{"2099-12-30", "2099-12-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, err := parseYahooChart("LIVE", body, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range bars {
				got = append(got, b.Date.Format(time.DateOnly))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("dates = %v, want %v", got, tt.want)
			}
		})
	}
}
