package reports

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tipster/tipster/backtest"
	"golang.org/x/net/html"
)

// TestHostileText: tags, scripts, a 20,000-character line, RTL text, emoji
// and control characters in every free-text field show as text: no
// element, attribute or script comes from the Result in report.html, and
// summary.md escapes them.
func TestHostileText(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hostile")
	if err := Write(t.Context(), dir, hostileResult(), Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, FileHTML))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"html": true, "head": true, "body": true, "meta": true, "title": true, "style": true, "header": true,
		"h1": true, "h2": true, "div": true, "section": true, "p": true, "table": true, "thead": true, "tbody": true, "tr": true,
		"th": true, "td": true, "figure": true, "img": true, "figcaption": true, "ul": true, "li": true, "span": true,
		"strong": true, "br": true, "code": true, "blockquote": true, "footer": true}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !allowed[n.Data] {
				t.Errorf("report.html has a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || (a.Key == "src" && !strings.HasPrefix(a.Val, "data:image/png;base64,")) || a.Key == "href" {
					t.Errorf("report.html has attribute %s=%.40q on <%s>", a.Key, a.Val, n.Data)
				}
			}
		}
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	shown := text.String()
	for _, want := range []string{"<script>alert('x')</script><b>bold</b>", "</td><script>alert(2)</script>", "<img src=x onerror=alert(1)>",
		"שלום עולם", "🚀", "␀␛[31m␇", "more characters in signals.csv"} {
		if !strings.Contains(shown, want) {
			t.Errorf("report.html does not show %q as text", want)
		}
	}
	if strings.ContainsAny(shown, "\x00\x1b\x07\u202e") {
		t.Error("report.html shows raw control or bidi-override characters")
	}
	md, _ := os.ReadFile(filepath.Join(dir, FileSummary))
	if bytes.Contains(md, []byte("<script")) || bytes.Contains(md, []byte("<img")) || bytes.ContainsAny(md, "\x00\x1b\u202e") {
		t.Error("summary.md contains raw tags or control characters")
	}
	if !bytes.Contains(md, []byte("&lt;script&gt;alert(")) {
		t.Error("summary.md does not show the script tag as escaped text")
	}
	for line := range strings.SplitSeq(string(md), "\n") {
		if len([]rune(line)) > 3000 {
			t.Errorf("summary.md has a %d-rune line", len([]rune(line)))
		}
	}
	csvb, _ := os.ReadFile(filepath.Join(dir, FileSignals))
	if !bytes.Contains(csvb, []byte(strings.Repeat("A", 20000))) {
		t.Error("signals.csv lost the full 20,000-character evidence")
	}
}

// chromium returns the path of a Chromium binary, or "" when none.
func chromium() string {
	for _, c := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(c); err == nil {
			return c
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// checkScript is injected into a copy of report.html (the report itself
// has no script): once the page has loaded it marks <html> with whether
// every image decoded, and counts script errors.
const checkScript = `<script>
window.__errors = 0;
window.addEventListener('error', function () { window.__errors++; }, true);
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.every(function (i) { return i.complete && i.naturalWidth > 0; });
  document.documentElement.setAttribute('data-images', imgs.length + (ok ? ' loaded' : ' broken'));
  document.documentElement.setAttribute('data-errors', String(window.__errors));
});
</script>`

// TestChromium opens report.html in headless Chromium: every image must
// load and no script error occur; a screenshot is kept in the test's
// artifact folder (go test -artifacts) for a human to look at.
func TestChromium(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("chromium not found (Debian: apt-get install chromium); skipping the browser check of report.html")
	}
	if testing.Short() {
		t.Skip("browser check skipped in -short mode")
	}
	// One report is enough (each Chromium start takes ~15 s on a busy
	// 2-core machine): the hostile one has all five charts and every
	// kind of hostile text.
	for _, name := range []string{"hostile"} {
		t.Run(name, func(t *testing.T) {
			res := map[string]func() *backtest.Result{"small": smallResult, "hostile": hostileResult, "big": bigResult}[name]()
			dir := filepath.Join(t.TempDir(), name)
			if err := Write(t.Context(), dir, res, Options{Now: fixedNow, LogScale: true}); err != nil {
				t.Fatal(err)
			}
			page, err := os.ReadFile(filepath.Join(dir, FileHTML))
			if err != nil {
				t.Fatal(err)
			}
			checked := bytes.Replace(page, []byte("</head>"), []byte(checkScript+"</head>"), 1)
			probe := filepath.Join(dir, "probe.html")
			if err := os.WriteFile(probe, checked, 0o644); err != nil {
				t.Fatal(err)
			}
			args := func(extra ...string) []string {
				return append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir(),
					"--window-size=1366,900"}, extra...)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, bin, args("--virtual-time-budget=5000", "--dump-dom", "file://"+probe)...).Output()
			if err != nil {
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					t.Logf("chromium stderr: %s", truncate(string(ee.Stderr), 2000))
				}
				t.Fatalf("chromium --dump-dom: %v", err)
			}
			dom := string(out)
			if !strings.Contains(dom, `data-errors="0"`) {
				t.Errorf("script errors in the page, or the check did not run: %s", truncate(dom, 300))
			}
			want := "5 loaded"
			if !strings.Contains(dom, `data-images="`+want+`"`) {
				i := strings.Index(dom, "data-images")
				t.Errorf("images did not all load: want %q, dom has %s", want, truncate(dom[max(0, i):], 60))
			}
			shot := filepath.Join(t.ArtifactDir(), name+"-report.png")
			if out, err := exec.CommandContext(ctx, bin, args("--screenshot="+shot, "file://"+filepath.Join(dir, FileHTML))...).CombinedOutput(); err != nil {
				t.Fatalf("chromium --screenshot: %v\n%s", err, truncate(string(out), 2000))
			}
			if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
				t.Fatalf("no screenshot at %s: %v", shot, err)
			}
			t.Logf("screenshot: %s", shot)
		})
	}
}
