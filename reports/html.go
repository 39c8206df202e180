package reports

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"io"
)

// htmlChart is a chart with its PNG as a data: URL, so report.html needs
// no other file.
type htmlChart struct {
	chartRef
	Src template.URL
}

// html renders report.html: one self-contained page (CSS inline, PNGs as
// base64 data: URLs, no script, no external resource). html/template
// escapes every piece of text from articles and config.
func (d *document) html(charts map[string][]byte) ([]byte, error) {
	var cs []htmlChart
	for _, c := range d.Charts {
		png, ok := charts[c.File]
		if !ok {
			continue
		}
		// The URL is built here from our own PNG bytes, so it is trusted.
		cs = append(cs, htmlChart{c, template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))})
	}
	var buf bytes.Buffer
	err := reportTmpl.Execute(&buf, struct {
		*document
		Images []htmlChart
		CSS    template.CSS
	}{d, cs, template.CSS(pageCSS)})
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pageCSS is shared by report.html and the batch index.html.
const pageCSS = `
:root { --fg:#1b1b1b; --muted:#5a5a5a; --line:#d9d9d9; --band:#f5f7fa; --blue:#0072b2; --verm:#b34700; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0 auto; max-width: 1240px; padding: 24px 28px 64px; color: var(--fg); background: #fff;
  font-family: "Liberation Sans", "Helvetica Neue", Arial, "Noto Sans", sans-serif; line-height: 1.45;
  overflow-wrap: break-word; }
h1 { font-size: 1.8rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
.meta, .note, figcaption { color: var(--muted); font-size: .9rem; }
.verdict { background: var(--band); border-left: 5px solid var(--blue); padding: 12px 16px; font-size: 1.08rem; margin: 16px 0; }
.verdict p { margin: .2rem 0; }
table.kv { width: auto; min-width: 60%; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .88rem; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafafa; }
.neg { color: var(--verm); }
.sig { font-weight: 600; color: var(--blue); }
.wrap { max-width: 100%; overflow-x: auto; }
.t { unicode-bidi: isolate; overflow-wrap: anywhere; }
td { min-width: 8ch; }
th { white-space: nowrap; }
td.ev { min-width: 32ch; }
blockquote { margin: .3rem 0 0; padding: .2rem .8rem; border-left: 3px solid var(--line); color: #333; font-style: italic; }
figure { margin: 1.2rem 0 1.6rem; }
figure img { display: block; width: 100%; max-width: 1200px; height: auto; border: 1px solid var(--line); }
ul.signals { list-style: none; padding: 0; }
ul.signals li { padding: 8px 0; border-bottom: 1px solid var(--line); }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; background: #e8eef5; font-size: .8rem; font-weight: 600; }
.warn li { color: #6b4a00; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, tr, li, .verdict { break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even), th, .verdict { background: none; }
  .wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`

var reportTmpl = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Tipster{{with .Version}} {{.}}{{end}}">
<title>{{.Title}} — Tipster report</title>
<style>{{.CSS}}</style>
</head>
<body>
<header>
<h1 class="t">{{.Title}}</h1>
<div class="meta">Benchmark <span class="t">{{.Benchmark}}</span> · {{.Period}} · generated {{.Generated}}{{with .Version}} by Tipster {{.}}{{end}}</div>
</header>
<section class="verdict" aria-label="Verdict">{{range .Verdict}}<p class="t">{{.}}</p>{{end}}</section>

<h2>Metrics</h2>
<div class="wrap"><table class="kv">
<thead><tr><th>Metric</th><th class="n">Strategy</th><th class="n t">{{.Benchmark}}</th></tr></thead>
<tbody>{{range .Metrics}}<tr><td>{{.Name}}</td><td class="n">{{.Strategy}}</td><td class="n">{{.Benchmark}}</td></tr>{{end}}</tbody>
</table></div>

{{if .Images}}<h2>Charts</h2>
{{range .Images}}<figure><img src="{{.Src}}" alt="{{.Alt}}" width="1200" height="600"><figcaption>{{.Caption}}</figcaption></figure>
{{end}}{{else}}<p class="note">Charts were not rendered for this report.</p>{{end}}

<h2>Event study</h2>
<p class="note">Signed abnormal return vs <span class="t">{{.Benchmark}}</span> (buy +, sell and avoid −): mean, median, hit rate, t-statistic and bootstrap 95% interval. The overall row at every horizon, then by action, source and author at {{.MainHorizon}} trading days. <span class="sig">Bold</span> intervals exclude zero: beyond what chance explains.</p>
{{if .Study}}<div class="wrap"><table>
<thead><tr><th>Group</th><th>Key</th><th class="n">Days</th><th class="n">n</th><th class="n">Censored</th><th class="n">Mean</th><th class="n">Median</th><th class="n">Hit rate</th><th class="n">t</th><th class="n">95% interval</th></tr></thead>
<tbody>{{range .Study}}<tr><td>{{.By}}</td><td class="t">{{.Key}}</td><td class="n">{{.Horizon}}</td><td class="n">{{.N}}</td><td class="n">{{.Censored}}</td><td class="n">{{.Mean}}</td><td class="n">{{.Median}}</td><td class="n">{{.HitRate}}</td><td class="n">{{.TStat}}</td><td class="n{{if .Verdict}} sig{{end}}">{{.CI}}</td></tr>
{{end}}</tbody></table></div>{{else}}<p>No signal could be scored.</p>{{end}}

<h2>Trades ({{len .Trades}}{{if .OpenTrades}}, {{.OpenTrades}} open{{end}})</h2>
{{if .Trades}}<div class="wrap"><table>
<thead><tr><th>Ticker</th><th>Side</th><th>Published</th><th>Entry</th><th class="n">Entry price</th><th class="n">Shares</th><th>Exit</th><th class="n">Exit price</th><th>Reason</th><th class="n">P&amp;L</th><th class="n">Return</th><th>Source</th></tr></thead>
<tbody>{{range .Trades}}<tr><td class="t">{{.Ticker}}</td><td>{{.Side}}</td><td>{{.Published}}</td><td>{{.Entry}}</td><td class="n">{{.EntryPrice}}</td><td class="n">{{.Shares}}</td><td>{{.Exit}}</td><td class="n">{{.ExitPrice}}</td><td class="t">{{.Reason}}</td><td class="n{{if .Negative}} neg{{end}}">{{.PnL}}</td><td class="n{{if .Negative}} neg{{end}}">{{.Return}}</td><td class="t">{{.Source}}</td></tr>
{{end}}</tbody></table></div>{{else}}<p>No trades.</p>{{end}}

<h2>Signals ({{len .Signals}})</h2>
{{if .Signals}}<ul class="signals">{{range .Signals}}<li>
<span class="tag">{{.Action}}</span> <strong class="t">{{.Ticker}}</strong> <span class="t">{{.Entity}}</span> · {{.Strength}} · <span class="t">{{.Source}}</span>{{with .Author}} · <span class="t">{{.}}</span>{{end}}{{with .Scored}} · over {{$.MainHorizon}} days: <strong>{{.}}</strong>{{end}}<br>
<span class="meta">published {{.Published}} (found in: {{with .PublishedFrom}}<span class="t">{{.}}</span>{{else}}—{{end}}){{with .Article}} · article <code class="t">{{.}}</code>{{end}}</span>
{{with .Conditions}}<br><span class="meta">conditions: <span class="t">{{.}}</span></span>{{end}}
{{if .Evidence}}<blockquote class="t">{{.Evidence}}{{if .EvidenceCut}} <span class="note">({{.EvidenceCut}} more characters in signals.csv)</span>{{end}}</blockquote>{{end}}
</li>{{end}}</ul>{{else}}<p>No tradable signal.</p>{{end}}

{{if .Untradable}}<h2>Mentions that cannot trade ({{len .Untradable}})</h2>
<div class="wrap"><table>
<thead><tr><th>Entity</th><th>Action</th><th>Reason</th><th>Published</th><th>Source</th><th>Evidence</th></tr></thead>
<tbody>{{range .Untradable}}<tr><td class="t">{{.Entity}}</td><td>{{.Action}}</td><td class="t">{{.Reason}}</td><td>{{.Published}}</td><td class="t">{{.Source}}</td><td class="t ev">{{.Evidence}}{{if .EvidenceCut}} <span class="note">({{.EvidenceCut}} more characters in signals.csv)</span>{{end}}</td></tr>
{{end}}</tbody></table></div>{{end}}

{{if .Skipped}}<h2>Skipped signals ({{len .Skipped}})</h2>
<div class="wrap"><table>
<thead><tr><th>Published</th><th>Ticker</th><th>Action</th><th>Reason</th></tr></thead>
<tbody>{{range .Skipped}}<tr><td>{{.Published}}</td><td class="t">{{.Ticker}}</td><td>{{.Action}}</td><td class="t">{{.Reason}}</td></tr>
{{end}}</tbody></table></div>{{end}}

{{if .Warnings}}<h2>Warnings</h2>
<ul class="warn">{{range .Warnings}}<li class="t">{{.}}</li>{{end}}</ul>{{end}}

<h2>Settings</h2>
<div class="wrap"><table class="kv"><tbody>{{range .Settings}}<tr><td>{{.Name}}</td><td class="t">{{.Strategy}}</td></tr>{{end}}</tbody></table></div>
<footer>Data files next to this report: metrics.json, equity.csv, trades.csv, events.csv, skipped.csv, signals.csv (full evidence text).</footer>
</body>
</html>
`))

func newBase64(w io.Writer) io.WriteCloser { return base64.NewEncoder(base64.StdEncoding, w) }
