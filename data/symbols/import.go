package symbols

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// importEntry adds one imported (untrusted) name → ticker pair. Within
// imports the first pair for a name wins, so that a company's common stock,
// listed first, beats its warrants and units.
func (d *Directory) importEntry(name, ticker string) bool {
	ticker = NormalizeTicker(ticker)
	name = strings.TrimSpace(name)
	if name == "" || ticker == "" || !tickerish(ticker) {
		return false
	}
	d.init()
	k := Normalize(name)
	if k == "" {
		return false
	}
	e := Entry{Name: strings.TrimSpace(name), Ticker: ticker, Tradable: true, Common: !strings.Contains(k, " ")}
	if _, ok := d.names[k]; !ok {
		d.names[k] = slot{e, prioImport}
		if w := strings.Count(k, " ") + 1; w > d.maxWords {
			d.maxWords = w
		}
	}
	if _, ok := d.tickers[ticker]; !ok {
		d.tickers[ticker] = slot{e, prioImport}
	}
	return true
}

// tickerish reports whether s can be a ticker: 1–10 letters, digits and
// hyphens, starting with a letter or digit.
func tickerish(s string) bool {
	if len(s) == 0 || len(s) > 10 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ImportSEC reads a JSON list of companies: SEC's company_tickers.json
// ({"0":{"cik_str":…,"ticker":"NVDA","title":"NVIDIA CORP"},…}), SEC's
// company_tickers_exchange.json ({"fields":["cik","name","ticker","exchange"],
// "data":[[…],…]}) or an exchange screener array ([{"symbol":…,"name":…},…]).
// Imported names never override built-in names or aliases. It returns the
// number of entries read.
func (d *Directory) ImportSEC(r io.Reader) (n int, err error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return 0, fmt.Errorf("read symbol list: %w", err)
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0, errors.New("symbol list is empty")
	}
	type row struct {
		Ticker string `json:"ticker"`
		Title  string `json:"title"`
		Symbol string `json:"symbol"`
		Name   string `json:"name"`
	}
	addRow := func(x row) {
		t, name := x.Ticker, x.Title
		if t == "" {
			t = x.Symbol
		}
		if name == "" {
			name = x.Name
		}
		if d.importEntry(name, t) {
			n++
		}
	}
	switch b[0] {
	case '[':
		var rows []row
		if err := json.Unmarshal(b, &rows); err != nil {
			return 0, fmt.Errorf("symbol list (array of companies): %w", err)
		}
		for _, x := range rows {
			addRow(x)
		}
	case '{':
		var tab struct {
			Fields []string `json:"fields"`
			Data   [][]any  `json:"data"`
		}
		if err := json.Unmarshal(b, &tab); err == nil && len(tab.Fields) > 0 {
			ti, ni := -1, -1
			for i, f := range tab.Fields {
				switch strings.ToLower(f) {
				case "ticker", "symbol":
					ti = i
				case "name", "title":
					ni = i
				}
			}
			if ti < 0 || ni < 0 {
				return 0, fmt.Errorf("symbol list: fields %v lack ticker and name", tab.Fields)
			}
			for _, rec := range tab.Data {
				if len(rec) <= ti || len(rec) <= ni {
					continue
				}
				t, _ := rec[ti].(string)
				nm, _ := rec[ni].(string)
				if d.importEntry(nm, t) {
					n++
				}
			}
			return n, nil
		}
		var m map[string]row
		if err := json.Unmarshal(b, &m); err != nil {
			return 0, fmt.Errorf("symbol list (SEC company_tickers.json): %w", err)
		}
		// Keep SEC's order (by market value): keys are "0", "1", …
		for i := 0; i < len(m); i++ {
			if x, ok := m[fmt.Sprint(i)]; ok {
				addRow(x)
				delete(m, fmt.Sprint(i))
			}
		}
		for _, x := range m {
			addRow(x)
		}
	default:
		return 0, errors.New("symbol list is not JSON (want SEC company_tickers.json)")
	}
	if n == 0 {
		return 0, errors.New("symbol list has no ticker and name pairs")
	}
	return n, nil
}

// ImportCSV reads a CSV of names and tickers; name is the file name used in
// errors. The header decides the columns: a ticker column named Symbol,
// Ticker or ACT Symbol, a name column named Name, Company Name, Security
// Name, Security or Title (Nasdaq's nasdaqlisted files, S&P 500
// constituents, plain name,ticker files all work). Without a recognised
// header the first two columns are taken as name,ticker or ticker,name,
// whichever fits. Test issues, warrants, rights, units and preferred shares
// are skipped. It returns the number of entries read.
func (d *Directory) ImportCSV(name string, r io.Reader) (n int, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return 0, fmt.Errorf("symbols %s: empty file", name)
	}
	if err != nil {
		return 0, fmt.Errorf("symbols %s: %w", name, err)
	}
	ti, ni, test, sec := -1, -1, -1, -1
	nameRank := 0
	for i, h := range head {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "symbol", "ticker", "act symbol", "nasdaq symbol", "tickers":
			if ti < 0 {
				ti = i
			}
		case "company name", "company":
			ni, nameRank = i, 3
		case "name", "title":
			if nameRank < 2 {
				ni, nameRank = i, 2
			}
		case "security name", "security":
			sec = i
			if nameRank < 1 {
				ni, nameRank = i, 1
			}
		case "test issue":
			test = i
		}
	}
	line := 1
	if ti < 0 || ni < 0 {
		// No header: guess from the first row.
		if len(head) < 2 {
			return 0, fmt.Errorf("symbols %s: want name,ticker columns, got %d column(s)", name, len(head))
		}
		a, b := NormalizeTicker(head[0]), NormalizeTicker(head[1])
		switch {
		case tickerish(b) && len(b) <= 6 && head[1] == strings.ToUpper(head[1]):
			ni, ti = 0, 1
		case tickerish(a) && len(a) <= 6:
			ti, ni = 0, 1
		default:
			return 0, fmt.Errorf("symbols %s:1: no ticker column (want a header with Symbol or Ticker and Name)", name)
		}
		if d.importCSVRow(head, ti, ni, test, sec) {
			n++
		}
	}
	for {
		rec, err := cr.Read()
		line++
		if err == io.EOF {
			break
		}
		if err != nil {
			return n, fmt.Errorf("symbols %s:%d: %w", name, line, err)
		}
		if d.importCSVRow(rec, ti, ni, test, sec) {
			n++
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("symbols %s: no name and ticker pairs", name)
	}
	return n, nil
}

func (d *Directory) importCSVRow(rec []string, ti, ni, test, sec int) bool {
	if ti >= len(rec) || ni >= len(rec) {
		return false
	}
	if test >= 0 && test < len(rec) && strings.EqualFold(strings.TrimSpace(rec[test]), "Y") {
		return false
	}
	nm := rec[ni]
	kindOf := nm
	if sec >= 0 && sec < len(rec) {
		kindOf = rec[sec]
	}
	if i := strings.Index(kindOf, " - "); i > 0 {
		kind := strings.ToLower(kindOf[i:])
		for _, w := range []string{"warrant", "right", "unit", "preferred", "notes", "debenture"} {
			if strings.Contains(kind, w) {
				return false
			}
		}
	}
	return d.importEntry(nm, rec[ti])
}

// Fetch downloads a symbol list (SEC's company_tickers.json) with the given
// User-Agent, which SEC requires to name the requester and a contact e-mail
// ("Tipster jane@example.com"); a User-Agent without an e-mail address or a
// URL is refused before any request is sent. A nil client means
// http.DefaultClient; ctx bounds the request.
func Fetch(ctx context.Context, url, userAgent string, client *http.Client) ([]byte, error) {
	if !hasContact(userAgent) {
		return nil, fmt.Errorf("fetch %s: user agent %q has no contact: SEC requires one, set symbols.user_agent to e.g. \"Tipster you@example.com\"", url, userAgent)
	}
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		snippet := strings.TrimSpace(string(body))
		if len(snippet) > 200 {
			snippet = snippet[:200]
		}
		return nil, fmt.Errorf("fetch %s: %s: %s", url, resp.Status, snippet)
	}
	return body, nil
}

// hasContact reports whether a User-Agent names a contact: an e-mail
// address or a URL.
func hasContact(ua string) bool {
	for _, f := range strings.Fields(ua) {
		f = strings.Trim(f, "()<>;,")
		if at := strings.IndexByte(f, '@'); at > 0 && strings.Contains(f[at:], ".") {
			return true
		}
		if strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") {
			return true
		}
	}
	return false
}
