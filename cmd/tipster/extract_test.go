package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newExtractEnv is a CLI env whose config is symbolsYAML.
func newExtractEnv(t *testing.T, symbolsYAML string) cliEnv {
	t.Helper()
	return newCLIEnv(t, symbolsYAML)
}

const extractArticle = `Weekly picks

Monday, Jun 9, 2025 6:55 am ET

Recommendation:
- Buy: Meta Platforms (NASDAQ: META) is a compelling play.
- Scale AI: Hold for long-term upside if the deal closes, but avoid until regulatory clarity emerges.
`

func TestExtractJSON(t *testing.T) {
	e := newExtractEnv(t, "symbols:\n  proxies:\n    Scale AI: META\n")
	art := e.file(t, "articles/picks.txt", extractArticle)
	code, out, errOut := e.run(t, "extract", art, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got) != 1 {
		t.Fatalf("got %d articles, want 1", len(got))
	}
	a := got[0]
	for _, k := range []string{"file", "title", "published", "published_from", "published_confidence", "author", "source", "recommendations", "warnings"} {
		if _, ok := a[k]; !ok {
			t.Errorf("article object lacks %q", k)
		}
	}
	if a["published"] != "2025-06-09T06:55:00-04:00" {
		t.Errorf("published = %v, want 2025-06-09T06:55:00-04:00 (New York offset)", a["published"])
	}
	recs := a["recommendations"].([]any)
	if len(recs) != 2 {
		t.Fatalf("got %d recommendations, want 2: %v", len(recs), recs)
	}
	for _, r := range recs {
		r := r.(map[string]any)
		for _, k := range []string{"entity", "ticker", "tradable", "reason", "action", "strength", "conditions", "horizon", "price_target", "evidence", "confidence"} {
			if _, ok := r[k]; !ok {
				t.Errorf("recommendation lacks %q", k)
			}
		}
		switch r["entity"] {
		case "Meta Platforms":
			if r["ticker"] != "META" || r["action"] != "buy" {
				t.Errorf("Meta: %v", r)
			}
		case "Scale AI":
			if r["action"] != "avoid" || r["tradable"] != false || r["reason"] != "not tradable: private company" || r["conditions"] != "until regulatory clarity emerges" {
				t.Errorf("Scale AI: %v", r)
			}
			if r["ticker"] != "META" || r["proxy"] != true {
				t.Errorf("Scale AI proxy: ticker %v proxy %v, want META true (symbols.proxies)", r["ticker"], r["proxy"])
			}
		default:
			t.Errorf("unexpected recommendation %v", r)
		}
	}
	// A second run reads the cache and prints the same.
	code, out2, _ := e.run(t, "extract", art, "--format", "json")
	if code != 0 || out2 != out {
		t.Errorf("second run (cached) differs or failed (exit %d):\n%s\nwant\n%s", code, out2, out)
	}
}

func TestExtractTableCSVAndFailures(t *testing.T) {
	e := newExtractEnv(t, "")
	art := e.file(t, "articles/picks.txt", extractArticle)
	e.file(t, "articles/empty.txt", "")
	bin := e.file(t, "articles/blob.txt", "\x00\x01\x02binary\x00")
	code, out, errOut := e.run(t, "extract", filepath.Dir(art))
	if code != 1 {
		t.Errorf("exit %d, want 1 when a file fails; stderr %s", code, errOut)
	}
	if !strings.Contains(errOut, filepath.Base(bin)) {
		t.Errorf("stderr does not name the failed file:\n%s", errOut)
	}
	if !strings.Contains(out, "META") || !strings.Contains(out, "Scale AI [private company]") || !strings.Contains(out, "EVIDENCE") {
		t.Errorf("table lacks the calls:\n%s", out)
	}
	code, out, errOut = e.run(t, "extract", art, "--format", "csv")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "file" {
		t.Errorf("csv rows = %v, want a header and 2 rows", rows)
	}
	if code, _, _ := e.run(t, "extract", art, "--format", "xml"); code != 2 {
		t.Errorf("--format xml: exit %d, want 2", code)
	}
}

func TestExtractSeeds(t *testing.T) {
	seeds := ""
	for _, p := range []string{"../../../shared/seeds", "../../shared/seeds"} {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			seeds = p
			break
		}
	}
	if seeds == "" {
		t.Skip("../shared/seeds not found")
	}
	e := newExtractEnv(t, "")
	code, out, errOut := e.run(t, "extract", seeds, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []extractedArticle
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, a := range got {
		var calls []string
		for _, r := range a.Recommendations {
			t := "-"
			if r.Ticker != nil {
				t = *r.Ticker
			}
			calls = append(calls, r.Action+" "+r.Strength+" "+t+" "+r.Entity)
		}
		switch filepath.Base(a.File) {
		case "004_fea632da15b76e74.txt":
			if a.Published == nil || *a.Published != "2025-06-09T06:55:00-04:00" {
				t.Errorf("004 published %v", a.Published)
			}
			if strings.Join(calls, "; ") != "buy normal META Meta" {
				t.Errorf("004 calls %q, want one buy of META", calls)
			}
		case "000_690a9cc8ba11dbf3.txt":
			if a.Published != nil {
				t.Errorf("000 published %v, want null (only page furniture)", *a.Published)
			}
			if strings.Join(calls, "; ") != "buy weak META Meta Platforms; avoid normal - Scale AI" {
				t.Errorf("000 calls %q", calls)
			}
			if len(a.Warnings) == 0 || !strings.Contains(a.Warnings[0], "page furniture") {
				t.Errorf("000 warnings %q, want the page-furniture one", a.Warnings)
			}
		}
	}
}
