package data

// This file is the only place that imports finance-go. See the Yahoo doc
// comment for why the HTTP exchange is ours and only the response types are
// finance-go's.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/datetime"
)

// ErrUnknownSymbol is returned (wrapped) when a provider does not know the
// symbol at all, as opposed to knowing it but having no bars in the range
// ([ErrNoPrices]).
var ErrUnknownSymbol = errors.New("data: unknown symbol")

// ErrBadResponse is returned (wrapped) when a provider's response cannot be
// read: truncated or malformed JSON, inconsistent arrays, an unexpected
// granularity.
var ErrBadResponse = errors.New("data: malformed response")

// YahooError is the error object Yahoo puts in a chart response
// (`{"chart":{"error":{"code":…,"description":…}}}`), with the symbol asked
// for and the HTTP status it came with.
//
// It unwraps to [ErrUnknownSymbol] for code "Not Found" and to [ErrNoPrices]
// when Yahoo says the data does not exist for the requested dates.
type YahooError struct {
	Symbol      string
	Status      int // HTTP status code, 200 when the error came in a successful response
	Code        string
	Description string
}

// Error returns Yahoo's code and description, prefixed with the symbol.
func (e *YahooError) Error() string {
	return fmt.Sprintf("yahoo %s: %s: %s (HTTP %d)", e.Symbol, e.Code, e.Description, e.Status)
}

// Unwrap maps Yahoo's error codes to the package's sentinel errors.
func (e *YahooError) Unwrap() error {
	d := strings.ToLower(e.Description)
	switch {
	case strings.EqualFold(e.Code, "Not Found"), strings.Contains(d, "symbol may be delisted"):
		return ErrUnknownSymbol
	case strings.Contains(d, "data doesn't exist"), strings.Contains(d, "no data found"):
		return ErrNoPrices
	}
	return nil
}

// HTTPError is an HTTP response Yahoo answered with a failing status and no
// readable error object. Body holds the start of the body (at most 512 bytes).
type HTTPError struct {
	StatusCode int
	Body       string
	// RetryAfter is the delay the server asked for in a Retry-After header,
	// 0 when there was none.
	RetryAfter time.Duration
}

// Error returns the status code and the start of the body.
func (e *HTTPError) Error() string {
	if e.Body == "" {
		return fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	return fmt.Sprintf("HTTP %d %s: %q", e.StatusCode, http.StatusText(e.StatusCode), e.Body)
}

// Temporary reports whether the status is worth retrying: 429 and 5xx.
func (e *HTTPError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// Defaults for YahooOptions.
const (
	// DefaultYahooBaseURL is the host of Yahoo's v8 chart API.
	DefaultYahooBaseURL = "https://query2.finance.yahoo.com"
	// DefaultYahooUserAgent is a current desktop browser's User-Agent; Yahoo
	// answers 429 to most non-browser agents.
	DefaultYahooUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)

// YahooOptions configures a [Yahoo] provider. Zero fields take the defaults
// given with each field.
type YahooOptions struct {
	// BaseURL is the scheme and host (optionally a path prefix) the chart
	// path /v8/finance/chart/SYM is appended to (config data.yahoo.base_url).
	// Default DefaultYahooBaseURL.
	BaseURL string
	// Client sends the requests. Default: a client with dial and TLS
	// timeouts of 10 s and response-header and overall timeouts from
	// Timeout. A caller's client keeps its own settings; every attempt is
	// still bounded by Timeout through its context.
	Client *http.Client
	// UserAgent is sent with every request. Default DefaultYahooUserAgent.
	UserAgent string
	// Timeout is the deadline of one attempt (request and reading the body).
	// Default 20 s.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt (429, 5xx, timeout,
	// connection error) is retried. Default 4; negative means no retries.
	MaxRetries int
	// MinInterval is the least time between the starts of two requests of
	// this provider, across goroutines (a polite rate limit). Default 500 ms;
	// negative means no limit.
	MinInterval time.Duration
	// BackoffBase and BackoffMax shape the wait before retry n (from 0):
	// a uniformly random duration in [d/2, d] with d = min(BackoffMax,
	// BackoffBase·2ⁿ). A Retry-After header replaces it. Defaults 1 s and 30 s.
	BackoffBase, BackoffMax time.Duration
}

// Yahoo is a [Provider] for Yahoo Finance's v8 chart API (daily bars with
// adjusted close, dividends and splits). It is safe for concurrent use; all
// its requests share one rate limit.
//
// Why the HTTP exchange is ours and not finance-go's chart.Get: finance-go
// (v1.1.0) decodes prices into []float64, so Yahoo's nulls become 0 — a zero
// price, where Tipster needs "no bar"; it drops the events (dividends,
// splits); it turns every HTTP status ≥ 400 into one string error, so 429
// and Retry-After cannot be told apart from 404; it indexes Results[0] and the
// quote arrays unchecked (a panic on an empty result); and its default path
// goes through package-level backend, client and logger state. A per-call
// chart.Client{B: &finance.BackendConfiguration{…}} would avoid the globals
// but not the rest. So Yahoo builds the request, retries and decodes itself,
// and uses finance-go only for the response types it gets right:
// [finance.ChartMeta] and [finance.YfinError].
type Yahoo struct {
	opt YahooOptions

	mu   sync.Mutex
	next time.Time // earliest start of the next request
}

var _ Provider = (*Yahoo)(nil)

// NewYahoo returns a Yahoo provider with opt's zero fields set to their
// defaults.
func NewYahoo(opt YahooOptions) *Yahoo {
	if opt.BaseURL == "" {
		opt.BaseURL = DefaultYahooBaseURL
	}
	opt.BaseURL = strings.TrimRight(opt.BaseURL, "/")
	if opt.UserAgent == "" {
		opt.UserAgent = DefaultYahooUserAgent
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 20 * time.Second
	}
	if opt.Client == nil {
		opt.Client = &http.Client{
			Timeout: opt.Timeout + 5*time.Second, // backstop; each attempt has its own deadline
			Transport: &http.Transport{
				Proxy:                 http.ProxyFromEnvironment,
				DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
				TLSHandshakeTimeout:   10 * time.Second,
				ResponseHeaderTimeout: opt.Timeout,
				IdleConnTimeout:       90 * time.Second,
				MaxIdleConnsPerHost:   4,
				ForceAttemptHTTP2:     true,
			},
		}
	}
	switch {
	case opt.MaxRetries == 0:
		opt.MaxRetries = 4
	case opt.MaxRetries < 0:
		opt.MaxRetries = 0
	}
	switch {
	case opt.MinInterval == 0:
		opt.MinInterval = 500 * time.Millisecond
	case opt.MinInterval < 0:
		opt.MinInterval = 0
	}
	if opt.BackoffBase <= 0 {
		opt.BackoffBase = time.Second
	}
	if opt.BackoffMax <= 0 {
		opt.BackoffMax = 30 * time.Second
	}
	return &Yahoo{opt: opt}
}

// yahooMaxBody bounds the size of a chart response we read (the daily
// history of a 1927 index is about 3 MB).
const yahooMaxBody = 64 << 20

// yahooEpoch is period1 for an open start: 1900-01-01, as yfinance does, so
// pre-1970 index history is included.
const yahooEpoch = -2208988800

// Bars fetches the daily bars of sym in r from Yahoo. Dates are the
// exchange's local session dates; bars Yahoo reports as all-null are left
// out. Errors wrap [ErrUnknownSymbol], [ErrNoPrices], [ErrBadResponse], a
// *[YahooError], a *[HTTPError] or the context's error.
func (y *Yahoo) Bars(ctx context.Context, sym string, r Range) ([]Bar, error) {
	if sym == "" {
		return nil, errors.New("yahoo: empty symbol")
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return nil, fmt.Errorf("yahoo %s: range %s..%s is reversed", sym, r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))
	}
	body, err := y.fetch(ctx, sym, y.chartURL(sym, r))
	if err != nil {
		return nil, err
	}
	bars, err := parseYahooChart(sym, body, time.Now())
	if err != nil {
		return nil, err
	}
	out := bars[:0]
	for _, b := range bars {
		if r.Contains(b.Date) {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("yahoo %s %s: %w", sym, csvRangeString(r), ErrNoPrices)
	}
	return out, nil
}

// chartURL builds the v8 chart request. period2 is one day past r.To so the
// last session is included whatever the exchange's time zone; Bars filters
// the result by r.
func (y *Yahoo) chartURL(sym string, r Range) string {
	p1 := int64(yahooEpoch)
	if !r.From.IsZero() {
		p1 = Date(r.From).Add(-24 * time.Hour).Unix()
	}
	p2 := time.Now().Add(24 * time.Hour).Unix()
	if !r.To.IsZero() {
		p2 = Date(r.To).Add(48 * time.Hour).Unix()
	}
	q := url.Values{}
	q.Set("period1", strconv.FormatInt(p1, 10))
	q.Set("period2", strconv.FormatInt(p2, 10))
	q.Set("interval", string(datetime.OneDay))
	q.Set("events", "div|split")
	q.Set("includePrePost", "false")
	q.Set("includeAdjustedClose", "true")
	return y.opt.BaseURL + "/v8/finance/chart/" + url.PathEscape(sym) + "?" + q.Encode()
}

// fetch GETs u, retrying 429, 5xx, timeouts and connection errors with
// exponential backoff and jitter, and returns the body of a 200 response.
func (y *Yahoo) fetch(ctx context.Context, sym, u string) ([]byte, error) {
	var last error
	attempts := y.opt.MaxRetries + 1
	for i := range attempts {
		if err := y.wait(ctx); err != nil {
			return nil, fmt.Errorf("yahoo %s: %w", sym, err)
		}
		body, retryAfter, retry, err := y.attempt(ctx, sym, u)
		if err == nil {
			return body, nil
		}
		if !retry || ctx.Err() != nil {
			if _, ok := err.(*YahooError); ok {
				return nil, err
			}
			return nil, fmt.Errorf("yahoo %s: %w", sym, err)
		}
		last = err
		if i == attempts-1 {
			break
		}
		d := retryAfter
		if d <= 0 {
			d = y.backoff(i)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return nil, fmt.Errorf("yahoo %s: retry in %v would pass the deadline: %w", sym, d.Round(time.Millisecond), err)
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("yahoo %s: %w (last error: %v)", sym, ctx.Err(), err)
		case <-t.C:
		}
	}
	return nil, fmt.Errorf("yahoo %s: gave up after %d attempts: %w", sym, attempts, last)
}

// backoff returns the jittered wait before retry n (from 0).
func (y *Yahoo) backoff(n int) time.Duration {
	d := y.opt.BackoffMax
	if n < 30 {
		if e := y.opt.BackoffBase << n; e > 0 && e < d {
			d = e
		}
	}
	return d/2 + rand.N(d/2+1)
}

// wait blocks until the rate limit lets the next request start.
func (y *Yahoo) wait(ctx context.Context) error {
	if y.opt.MinInterval <= 0 {
		return ctx.Err()
	}
	y.mu.Lock()
	now := time.Now()
	start := y.next
	if start.Before(now) {
		start = now
	}
	y.next = start.Add(y.opt.MinInterval)
	y.mu.Unlock()
	d := time.Until(start)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// attempt makes one request under its own deadline. retry says whether the
// failure is worth another attempt; retryAfter is the server's Retry-After.
// Errors do not name the symbol (fetch adds it) except *YahooError.
func (y *Yahoo) attempt(ctx context.Context, sym, u string) (body []byte, retryAfter time.Duration, retry bool, err error) {
	actx, cancel := context.WithTimeout(ctx, y.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, false, err
	}
	req.Header.Set("User-Agent", y.opt.UserAgent)
	req.Header.Set("Accept", "application/json,text/plain,*/*")
	req.Header.Set("Accept-Language", "en-US,en;q=0.9")
	resp, err := y.opt.Client.Do(req)
	if err != nil {
		return nil, 0, yahooTransient(err), err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, yahooMaxBody+1))
	if err != nil {
		return nil, 0, yahooTransient(err) || errors.Is(err, io.ErrUnexpectedEOF), fmt.Errorf("read body: %w", err)
	}
	if len(body) > yahooMaxBody {
		return nil, 0, false, fmt.Errorf("response larger than %d bytes: %w", yahooMaxBody, ErrBadResponse)
	}
	if resp.StatusCode == http.StatusOK {
		return body, 0, false, nil
	}
	he := &HTTPError{StatusCode: resp.StatusCode, RetryAfter: yahooRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	if he.Temporary() {
		he.Body = yahooSnippet(body)
		return nil, he.RetryAfter, true, he
	}
	// Yahoo answers 404 (unknown symbol) and 400 (bad range) with its error
	// object in the body.
	var er yahooChartResponse
	if json.Unmarshal(body, &er) == nil && er.Chart.Error != nil {
		return nil, 0, false, &YahooError{Symbol: sym, Status: resp.StatusCode, Code: er.Chart.Error.Code, Description: er.Chart.Error.Description}
	}
	he.Body = yahooSnippet(body)
	if resp.StatusCode == http.StatusNotFound {
		return nil, 0, false, fmt.Errorf("%w: %w", ErrUnknownSymbol, he)
	}
	return nil, 0, false, he
}

// yahooTransient reports whether a transport error is worth retrying:
// timeouts (our per-attempt deadline included), resets and refused
// connections. The caller stops anyway when its own context is done.
func yahooTransient(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

func yahooSnippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 512 {
		s = s[:512] + "…"
	}
	return s
}

// yahooRetryAfter parses a Retry-After header: delay seconds or an HTTP date.
func yahooRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(min(s, 24*3600)) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// yahooChartResponse is the v8 chart response. Price arrays are pointers so
// null stays distinguishable from 0. Meta is decoded separately into
// finance.ChartMeta, tolerating fields of unexpected type.
type yahooChartResponse struct {
	Chart struct {
		Result []*yahooChartResult `json:"result"`
		Error  *finance.YfinError  `json:"error"`
	} `json:"chart"`
}

type yahooChartResult struct {
	Meta       json.RawMessage `json:"meta"`
	Timestamp  []*int64        `json:"timestamp"`
	Indicators struct {
		Quote []*struct {
			Open   []*float64 `json:"open"`
			High   []*float64 `json:"high"`
			Low    []*float64 `json:"low"`
			Close  []*float64 `json:"close"`
			Volume []*float64 `json:"volume"`
		} `json:"quote"`
		AdjClose []*struct {
			AdjClose []*float64 `json:"adjclose"`
		} `json:"adjclose"`
	} `json:"indicators"`
	Events struct {
		Dividends map[string]struct {
			Amount *float64 `json:"amount"`
			Date   int64    `json:"date"`
		} `json:"dividends"`
		Splits map[string]struct {
			Date        int64   `json:"date"`
			Numerator   float64 `json:"numerator"`
			Denominator float64 `json:"denominator"`
		} `json:"splits"`
	} `json:"events"`
}

var yahooZones sync.Map // name → *time.Location

// yahooLocation returns the exchange's zone: the IANA name when it loads,
// else the fixed gmtoffset (seconds east of UTC, valid at the time of the
// request, so wrong across a DST change), else UTC.
func yahooLocation(m *finance.ChartMeta) *time.Location {
	if name := m.ExchangeTimezoneName; name != "" {
		if l, ok := yahooZones.Load(name); ok {
			return l.(*time.Location)
		}
		if l, err := time.LoadLocation(name); err == nil {
			yahooZones.Store(name, l)
			return l
		}
	}
	if m.Gmtoffset != 0 && m.Gmtoffset > -18*3600 && m.Gmtoffset < 18*3600 {
		return time.FixedZone(m.Timezone, m.Gmtoffset)
	}
	return time.UTC
}

// parseYahooChart decodes a v8 chart response body into daily bars in
// ascending date order. Each timestamp becomes the session date in the
// exchange's time zone (meta.exchangeTimezoneName, else meta.gmtoffset). A
// bar whose open, high, low and close are all null is no bar; a single null
// cell is NaN, never 0. When two timestamps fall on one date (Yahoo appends
// the live bar of the current day) the later wins. Dividend and split events
// are put on the bar of their date; an event without a bar is dropped.
//
// While the exchange's regular session is still open at now (before
// meta.currentTradingPeriod.regular.end), a bar of that session's date is
// incomplete — its "close" is the last trade — and is left out.
func parseYahooChart(sym string, body []byte, now time.Time) ([]Bar, error) {
	var resp yahooChartResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("yahoo %s: decode chart response (%d bytes): %w: %w", sym, len(body), ErrBadResponse, err)
	}
	if e := resp.Chart.Error; e != nil {
		return nil, &YahooError{Symbol: sym, Status: http.StatusOK, Code: e.Code, Description: e.Description}
	}
	if len(resp.Chart.Result) == 0 || resp.Chart.Result[0] == nil {
		return nil, fmt.Errorf("yahoo %s: chart response has no result: %w", sym, ErrNoPrices)
	}
	res := resp.Chart.Result[0]
	var meta finance.ChartMeta
	if len(res.Meta) > 0 {
		var te *json.UnmarshalTypeError
		if err := json.Unmarshal(res.Meta, &meta); err != nil && !errors.As(err, &te) {
			return nil, fmt.Errorf("yahoo %s: decode chart meta: %w: %w", sym, ErrBadResponse, err)
		}
	}
	if g := meta.DataGranularity; g != "" && g != string(datetime.OneDay) {
		return nil, fmt.Errorf("yahoo %s: granularity %q, want %q: %w", sym, g, datetime.OneDay, ErrBadResponse)
	}
	if len(res.Timestamp) == 0 {
		if len(res.Indicators.Quote) > 0 && res.Indicators.Quote[0] != nil && len(res.Indicators.Quote[0].Close) > 0 {
			return nil, fmt.Errorf("yahoo %s: %d closes but no timestamps: %w", sym, len(res.Indicators.Quote[0].Close), ErrBadResponse)
		}
		return nil, fmt.Errorf("yahoo %s: chart response has no bars: %w", sym, ErrNoPrices)
	}
	if len(res.Indicators.Quote) == 0 || res.Indicators.Quote[0] == nil {
		return nil, fmt.Errorf("yahoo %s: %d timestamps but no quote: %w", sym, len(res.Timestamp), ErrBadResponse)
	}
	q := res.Indicators.Quote[0]
	n := len(res.Timestamp)
	// Close must match the timestamps; the other arrays may be absent (a
	// close-only request) but not of another length.
	if len(q.Close) != n {
		return nil, fmt.Errorf("yahoo %s: %d timestamps but %d closes: %w", sym, n, len(q.Close), ErrBadResponse)
	}
	var adj []*float64
	if len(res.Indicators.AdjClose) > 0 && res.Indicators.AdjClose[0] != nil {
		adj = res.Indicators.AdjClose[0].AdjClose
	}
	for _, a := range [][]*float64{q.Open, q.High, q.Low, q.Volume, adj} {
		if len(a) != 0 && len(a) != n {
			return nil, fmt.Errorf("yahoo %s: %d timestamps but an array of %d: %w", sym, n, len(a), ErrBadResponse)
		}
	}
	loc := yahooLocation(&meta)
	null := func(a []*float64, i int) bool { return i >= len(a) || a[i] == nil }
	at := func(a []*float64, i int) float64 {
		if i < len(a) && a[i] != nil {
			return *a[i]
		}
		return math.NaN()
	}
	bars := make([]Bar, 0, n)
	for i, ts := range res.Timestamp {
		if ts == nil {
			continue
		}
		if null(q.Open, i) && null(q.High, i) && null(q.Low, i) && null(q.Close, i) {
			continue
		}
		bars = append(bars, Bar{
			Date:     Date(time.Unix(*ts, 0).In(loc)),
			Open:     at(q.Open, i),
			High:     at(q.High, i),
			Low:      at(q.Low, i),
			Close:    at(q.Close, i),
			AdjClose: at(adj, i),
			Volume:   at(q.Volume, i),
		})
	}
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].Date.Before(bars[j].Date) })
	out := bars[:0]
	for _, b := range bars {
		if k := len(out); k > 0 && out[k-1].Date.Equal(b.Date) {
			out[k-1] = b
			continue
		}
		out = append(out, b)
	}
	if end := int64(meta.CurrentTradingPeriod.Regular.End); end > 0 && now.Unix() < end && len(out) > 0 {
		if today := Date(time.Unix(end, 0).In(loc)); out[len(out)-1].Date.Equal(today) {
			out = out[:len(out)-1]
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("yahoo %s: no complete bar: %w", sym, ErrNoPrices)
	}
	find := func(unix int64) *Bar {
		d := Date(time.Unix(unix, 0).In(loc))
		i := sort.Search(len(out), func(i int) bool { return !out[i].Date.Before(d) })
		if i < len(out) && out[i].Date.Equal(d) {
			return &out[i]
		}
		return nil
	}
	for _, ev := range res.Events.Dividends {
		if b := find(ev.Date); b != nil && ev.Amount != nil {
			b.Dividend += *ev.Amount
		}
	}
	for _, ev := range res.Events.Splits {
		if ev.Numerator > 0 && ev.Denominator > 0 {
			if b := find(ev.Date); b != nil {
				b.Split = ev.Numerator / ev.Denominator
			}
		}
	}
	return out, nil
}
