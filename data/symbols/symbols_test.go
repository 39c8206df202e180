package symbols

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Meta Platforms, Inc.", "meta platforms"},
		{"The Walt Disney Company's", "walt disney"},
		{"Apple Inc. - Common Stock", "apple"},
		{"NVIDIA CORP", "nvidia"},
		{"TESLA, INC. /DE/", "tesla"},
		{"Johnson & Johnson", "johnson & johnson"},
		{"J&J", "j & j"},
		{"Amazon.com, Inc.", "amazon"},
		{"McDonald's Corporation", "mcdonald"}, // read as a possessive, on both sides of a lookup
		{"McDonalds", "mcdonalds"},
		{"Meta's", "meta"},
		{"Meta’s", "meta"},
		{"A. O. Smith Corp", "ao smith"},
		{"Berkshire Hathaway Inc. Class B", "berkshire hathaway inc class b"},
		{"Shell plc", "shell"},
		{"AstraZeneca PLC American Depositary Shares", "astrazeneca"},
		{"", ""},
		{"Inc.", "inc"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeTicker(t *testing.T) {
	for in, want := range map[string]string{"brk.b": "BRK-B", "BRK/B": "BRK-B", "$meta": "META", " goog ": "GOOG", "BF-B": "BF-B"} {
		if got := NormalizeTicker(in); got != want {
			t.Errorf("NormalizeTicker(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBuiltinLookup(t *testing.T) {
	d := Builtin()
	tests := []struct {
		name     string
		ticker   string
		tradable bool
		reason   string
	}{
		{"Meta", "META", true, ""},
		{"Meta Platforms, Inc.", "META", true, ""},
		{"Facebook", "META", true, ""},
		{"Alphabet", "GOOGL", true, ""},
		{"Google", "GOOGL", true, ""},
		{"Alphabet Class C", "GOOG", true, ""},
		{"Berkshire Hathaway", "BRK-B", true, ""},
		{"Berkshire Hathaway Class A", "BRK-A", true, ""},
		{"Taiwan Semiconductor", "TSM", true, ""},
		{"TSMC", "TSM", true, ""},
		{"JPMorgan", "JPM", true, ""},
		{"the Walt Disney Company", "DIS", true, ""},
		{"Klarna", "KLAR", true, ""},
		{"SPDR S&P 500 ETF Trust", "SPY", true, ""},
		{"Scale AI", "", false, PrivateReason},
		{"OpenAI", "", false, PrivateReason},
		{"SpaceX", "", false, PrivateReason},
		{"Anthropic", "", false, PrivateReason},
		{"Stripe", "", false, PrivateReason},
		{"Databricks", "", false, PrivateReason},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := d.Lookup(tt.name)
			if !ok {
				t.Fatalf("Lookup(%q) not found", tt.name)
			}
			if e.Ticker != tt.ticker || e.Tradable != tt.tradable || e.Reason != tt.reason {
				t.Errorf("Lookup(%q) = %+v, want ticker %q tradable %v reason %q", tt.name, e, tt.ticker, tt.tradable, tt.reason)
			}
			if !e.Trusted {
				t.Errorf("Lookup(%q).Trusted = false, want true for a built-in name", tt.name)
			}
		})
	}
	if _, ok := d.Lookup("Acme Widgets Unlimited"); ok {
		t.Errorf("Lookup(unknown name) found an entry")
	}
	if e, _ := d.Lookup("Target"); !e.Common {
		t.Errorf("Lookup(Target).Common = false, want true: a common word needs evidence")
	}
}

func TestTickerRenamesAndClasses(t *testing.T) {
	d := Builtin()
	tests := []struct {
		sym, ticker, renamed string
		tradable             bool
	}{
		{"META", "META", "", true},
		{"FB", "META", "FB", true},
		{"SQ", "XYZ", "SQ", true},
		{"brk.b", "BRK-B", "", true},
		{"BRK/B", "BRK-B", "", true},
		{"GOOG", "GOOG", "", true},
		{"TWTR", "", "TWTR", false},
		{"ATVI", "", "ATVI", false},
	}
	for _, tt := range tests {
		t.Run(tt.sym, func(t *testing.T) {
			e, ok := d.Ticker(tt.sym)
			if !ok {
				t.Fatalf("Ticker(%q) not found", tt.sym)
			}
			if e.Ticker != tt.ticker || e.Renamed != tt.renamed || e.Tradable != tt.tradable {
				t.Errorf("Ticker(%q) = %+v, want ticker %q renamed %q tradable %v", tt.sym, e, tt.ticker, tt.renamed, tt.tradable)
			}
			if !d.IsTicker(tt.sym) {
				t.Errorf("IsTicker(%q) = false", tt.sym)
			}
		})
	}
	if d.IsTicker("ZZZZQ") {
		t.Errorf("IsTicker(ZZZZQ) = true for an unknown symbol")
	}
}

func TestAddAndAliasPriority(t *testing.T) {
	d := Builtin()
	// An imported list must not take a built-in name away.
	if _, err := d.ImportSEC(strings.NewReader(`{"0":{"cik_str":1,"ticker":"APLE","title":"Apple"},"1":{"cik_str":2,"ticker":"TGTX","title":"Target"}}`)); err != nil {
		t.Fatal(err)
	}
	if e, _ := d.Lookup("Apple"); e.Ticker != "AAPL" {
		t.Errorf("after import, Lookup(Apple) = %q, want AAPL (built-in wins)", e.Ticker)
	}
	if e, _ := d.Lookup("Target"); e.Ticker != "TGT" {
		t.Errorf("after import, Lookup(Target) = %q, want TGT", e.Ticker)
	}
	d.AddAlias("Zuck's company", "META")
	if e, _ := d.Lookup("zuck's company"); e.Ticker != "META" {
		t.Errorf("alias: got %q, want META", e.Ticker)
	}
	d.AddAlias("Apple", "APLE")
	if e, _ := d.Lookup("Apple"); e.Ticker != "APLE" {
		t.Errorf("an alias must override the built-in name: got %q, want APLE", e.Ticker)
	}
	d.Add("Acme Widgets", "ACME", "Acme")
	if e, _ := d.Lookup("ACME WIDGETS INC"); e.Ticker != "ACME" || !e.Trusted {
		t.Errorf("Add: got %+v", e)
	}
	d.AddPrivate("Hooli", "")
	if e, _ := d.Lookup("Hooli"); e.Tradable || e.Reason != PrivateReason {
		t.Errorf("AddPrivate: got %+v", e)
	}
}

func TestImportSECFormats(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		lookup   string
		ticker   string
	}{
		{"company_tickers", `{"0":{"cik_str":1045810,"ticker":"NVDA","title":"NVIDIA CORP"},"1":{"cik_str":5,"ticker":"XMPL","title":"Example Widgets Holdings Inc."}}`, 2, "Example Widgets", "XMPL"},
		{"exchange", `{"fields":["cik","name","ticker","exchange"],"data":[[1,"Example Widgets Inc.","XMPL","Nasdaq"],[2,"Other Co","OTHR","NYSE"]]}`, 2, "example widgets", "XMPL"},
		{"screener", `[{"symbol":"XMPL","name":"Example Widgets Inc. Common Stock"},{"symbol":"ZZZ","name":"Zeta Zulu Corp"}]`, 2, "Example Widgets Inc", "XMPL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New()
			n, err := d.ImportSEC(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.n {
				t.Errorf("ImportSEC read %d, want %d", n, tt.n)
			}
			e, ok := d.Lookup(tt.lookup)
			if !ok || e.Ticker != tt.ticker {
				t.Errorf("Lookup(%q) = %+v, %v; want %s", tt.lookup, e, ok, tt.ticker)
			}
			if e.Trusted {
				t.Errorf("imported entry is Trusted, want false")
			}
		})
	}
	for _, bad := range []string{"", "not json", `{"fields":["a"],"data":[]}`, `[]`, `{"0":{"ticker":"","title":""}}`} {
		if _, err := New().ImportSEC(strings.NewReader(bad)); err == nil {
			t.Errorf("ImportSEC(%q): no error", bad)
		}
	}
}

func TestImportCSV(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		lookup   string
		ticker   string
	}{
		{"symbol,name", "Symbol,Name,Sector\nXMPL,Example Widgets Inc.,Industrials\n", 1, "Example Widgets", "XMPL"},
		{"name,ticker", "name,ticker\nExample Widgets,XMPL\n", 1, "Example Widgets", "XMPL"},
		{"nasdaq-listed", "Symbol,Company Name,Security Name,Market Category,Test Issue,Financial Status,Round Lot Size,ETF,NextShares\nXMPL,Example Widgets Inc.,Example Widgets Inc. - Common Stock,Q,N,N,100,N,N\nXMPLW,Example Widgets Inc.,Example Widgets Inc. - Warrant,Q,N,N,100,N,N\nZTST,Test Co,Test Co - Common Stock,Q,Y,N,100,N,N\n", 1, "Example Widgets", "XMPL"},
		{"security name", "Symbol,Security Name\nXMPL,Example Widgets Inc. - Class A Common Stock\nXMPLU,Example Widgets Inc. - Units\n", 1, "Example Widgets", "XMPL"},
		{"no header", "Example Widgets,XMPL\nOther Thing,OTHR\n", 2, "Other Thing", "OTHR"},
		{"no header ticker first", "XMPL,Example Widgets\n", 1, "Example Widgets", "XMPL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New()
			n, err := d.ImportCSV(tt.name, strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.n {
				t.Errorf("ImportCSV read %d, want %d", n, tt.n)
			}
			if e, ok := d.Lookup(tt.lookup); !ok || e.Ticker != tt.ticker {
				t.Errorf("Lookup(%q) = %+v, %v; want %s", tt.lookup, e, ok, tt.ticker)
			}
		})
	}
	if _, err := New().ImportCSV("empty.csv", strings.NewReader("")); err == nil || !strings.Contains(err.Error(), "empty.csv") {
		t.Errorf("ImportCSV(empty) error = %v, want one naming the file", err)
	}
	if _, err := New().ImportCSV("words.csv", strings.NewReader("hello there,general kenobi\n")); err == nil {
		t.Errorf("ImportCSV(no ticker column): no error")
	}
}

// sharedDir finds ../shared/data/symbols from the package directory.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs(".")
	for range 6 {
		p := filepath.Join(dir, "..", "shared", "data", "symbols")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		dir = filepath.Dir(dir)
	}
	t.Skip("../shared/data/symbols not found")
	return ""
}

func TestImportRealLists(t *testing.T) {
	root := sharedDir(t)
	tests := []struct {
		file   string
		min    int
		lookup map[string]string
	}{
		{"sec_company_tickers.json", 5000, map[string]string{"Nvidia Corp": "NVDA", "Apple Hospitality REIT": "APLE"}},
		{"sec_company_tickers_exchange.json", 5000, map[string]string{"Microsoft Corp": "MSFT"}},
		{"nasdaq_full_tickers.json", 2000, map[string]string{"Apple Inc": "AAPL"}},
		{"nyse_full_tickers.json", 1500, map[string]string{"Agilent Technologies": "A"}},
		{"amex_full_tickers.json", 100, nil},
		{"nasdaq-listed-symbols.csv", 2000, map[string]string{"Apple Inc": "AAPL"}},
		{"nasdaq-listed.csv", 2000, map[string]string{"Apple Inc": "AAPL"}},
		{"sp500-constituents.csv", 450, map[string]string{"3M": "MMM", "Abbott Laboratories": "ABT"}},
		{"pooksoft-constituents-2021.csv", 450, map[string]string{"Abiomed": "ABMD"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(root, tt.file))
			if err != nil {
				t.Skip(err)
			}
			defer f.Close()
			d := Builtin()
			var n int
			if strings.HasSuffix(tt.file, ".json") {
				n, err = d.ImportSEC(f)
			} else {
				n, err = d.ImportCSV(tt.file, f)
			}
			if err != nil {
				t.Fatal(err)
			}
			if n < tt.min {
				t.Errorf("read %d entries, want at least %d", n, tt.min)
			}
			for name, want := range tt.lookup {
				if e, ok := d.Lookup(name); !ok || e.Ticker != want {
					t.Errorf("Lookup(%q) = %q, %v; want %s", name, e.Ticker, ok, want)
				}
			}
			// The built-in names still win over the common words in these lists.
			for name, want := range map[string]string{"Apple": "AAPL", "Target": "TGT", "Visa": "V", "Meta": "META", "Block": "XYZ"} {
				if e, _ := d.Lookup(name); e.Ticker != want {
					t.Errorf("after import, Lookup(%q) = %q, want %s", name, e.Ticker, want)
				}
			}
		})
	}
}

func TestFetch(t *testing.T) {
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.Header.Get("User-Agent")
		if r.URL.Path == "/missing" {
			http.Error(w, "no such file", http.StatusNotFound)
			return
		}
		w.Write([]byte(`{"0":{"cik_str":1,"ticker":"XMPL","title":"Example Widgets"}}`))
	}))
	defer srv.Close()
	ctx := t.Context()
	b, err := Fetch(ctx, srv.URL+"/company_tickers.json", "Tipster jane@example.com", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	if gotUA != "Tipster jane@example.com" {
		t.Errorf("User-Agent sent = %q", gotUA)
	}
	d := New()
	if n, err := d.ImportSEC(strings.NewReader(string(b))); err != nil || n != 1 {
		t.Errorf("ImportSEC(fetched) = %d, %v", n, err)
	}
	if _, err := Fetch(ctx, srv.URL+"/missing", "Tipster jane@example.com", srv.Client()); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("Fetch(404) error = %v, want one with the status", err)
	}
	gotUA = ""
	for _, ua := range []string{"", "Tipster", "Mozilla/5.0"} {
		_, err := Fetch(ctx, srv.URL, ua, srv.Client())
		if err == nil || !strings.Contains(err.Error(), "contact") {
			t.Errorf("Fetch(user agent %q) error = %v, want one asking for a contact", ua, err)
		}
	}
	if gotUA != "" {
		t.Errorf("a request was sent without a contact in the User-Agent")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Fetch(cctx, srv.URL, "x jane@example.com", srv.Client()); err == nil {
		t.Errorf("Fetch with a cancelled context: no error")
	}
}

func FuzzImportCSV(f *testing.F) {
	f.Add("Symbol,Name\nXMPL,Example\n")
	f.Add("name,ticker\n\"a,b\",C\n")
	f.Add("\"unterminated\n")
	f.Fuzz(func(t *testing.T, s string) {
		d := New()
		d.ImportCSV("fuzz.csv", strings.NewReader(s))
		d.ImportSEC(strings.NewReader(s))
		_ = Normalize(s)
	})
}
