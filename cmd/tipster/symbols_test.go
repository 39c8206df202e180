package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSymbolsCommands(t *testing.T) {
	e := newExtractEnv(t, "")
	f := e.file(t, "list.csv", "Symbol,Name\nXMPL,Example Widgets Inc.\n")
	if code, out, errOut := e.run(t, "symbols", "import", f); code != 0 || !strings.Contains(out, "1 tickers stored") {
		t.Fatalf("import: exit %d, out %q, err %q", code, out, errOut)
	}
	code, out, errOut := e.run(t, "symbols", "lookup", "Example Widgets", "Facebook", "Scale AI")
	if code != 0 {
		t.Fatalf("lookup: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"XMPL", "META", "private company"} {
		if !strings.Contains(out, want) {
			t.Errorf("lookup output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := e.run(t, "symbols", "lookup", "No Such Company Anywhere"); code != 1 {
		t.Errorf("lookup of an unknown name: exit %d, want 1", code)
	}
	// The imported name is used by extract.
	art := e.file(t, "a.txt", "Recommendation: Buy Example Widgets on weakness.\n")
	_, out, _ = e.run(t, "extract", art, "--format", "csv")
	if !strings.Contains(out, "XMPL") {
		t.Errorf("extract did not use the imported symbol:\n%s", out)
	}
}

func TestSymbolsUpdate(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		w.Write([]byte(`{"0":{"cik_str":1,"ticker":"XMPL","title":"Example Widgets Inc."}}`))
	}))
	defer srv.Close()
	e := newExtractEnv(t, "symbols:\n  sec_url: "+srv.URL+"\n  user_agent: Tipster test@example.com\n")
	if code, out, errOut := e.run(t, "symbols", "update"); code != 0 || !strings.Contains(out, "1 tickers stored") {
		t.Fatalf("update: exit %d, out %q, err %q", code, out, errOut)
	}
	if ua != "Tipster test@example.com" {
		t.Errorf("User-Agent = %q", ua)
	}
	if _, out, _ := e.run(t, "symbols", "lookup", "Example Widgets"); !strings.Contains(out, "XMPL") {
		t.Errorf("updated symbol not found:\n%s", out)
	}
	e2 := newExtractEnv(t, "symbols:\n  sec_url: "+srv.URL+"\n  user_agent: Tipster\n")
	code, _, errOut := e2.run(t, "symbols", "update")
	if code == 0 || !strings.Contains(errOut, "contact") {
		t.Errorf("update without a contact: exit %d, stderr %q; want a failure asking for a contact", code, errOut)
	}
}
