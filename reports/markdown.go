package reports

import (
	"fmt"
	"strings"
)

// mdText escapes display text for Markdown: HTML-significant characters as
// entities (so a renderer that passes HTML through shows them as text) and
// Markdown punctuation with a backslash; table pipes included.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '|', '*', '_', '`', '[', ']', '#', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdown renders summary.md.
func (d *document) markdown() ([]byte, error) {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	row := func(cells ...string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	sep := func(align ...string) {
		b.WriteString("|")
		for _, a := range align {
			if a == "r" {
				b.WriteString("---:|")
			} else {
				b.WriteString("---|")
			}
		}
		b.WriteString("\n")
	}
	w("# %s\n\n", mdText(d.Title))
	gen := "Generated " + d.Generated
	if d.Version != "" {
		gen += " by Tipster " + mdText(d.Version)
	}
	w("%s. Benchmark %s, %s.\n\n", gen, mdText(d.Benchmark), mdText(d.Period))
	w("## Verdict\n\n%s\n\n", mdText(strings.Join(d.Verdict, " ")))

	w("## Metrics\n\n")
	row("Metric", "Strategy", mdText(d.Benchmark))
	sep("l", "r", "r")
	for _, m := range d.Metrics {
		row(m.Name, m.Strategy, m.Benchmark)
	}
	b.WriteString("\n")

	if len(d.Charts) > 0 {
		w("## Charts\n\n")
		for _, c := range d.Charts {
			w("![%s](%s)\n\n%s\n\n", mdText(c.Alt), c.File, mdText(c.Caption))
		}
	}

	w("## Event study\n\n")
	w("Signed abnormal return vs %s (buy +, sell and avoid −), mean with t-statistic and bootstrap 95%% interval. The overall row at every horizon, then by action, source and author at %d trading days. *beyond chance* marks an interval that excludes zero.\n\n", mdText(d.Benchmark), d.MainHorizon)
	if len(d.Study) == 0 {
		w("No signal could be scored.\n\n")
	} else {
		row("Group", "Key", "Days", "n", "Censored", "Mean", "Median", "Hit rate", "t", "95% CI", "")
		sep("l", "l", "r", "r", "r", "r", "r", "r", "r", "r", "l")
		for _, s := range d.Study {
			mark := ""
			if s.Verdict != "" {
				mark = "*beyond chance*"
			}
			row(mdText(s.By), mdText(s.Key), fmt.Sprint(s.Horizon), fmt.Sprint(s.N), fmt.Sprint(s.Censored), s.Mean, s.Median, s.HitRate, s.TStat, s.CI, mark)
		}
		b.WriteString("\n")
	}

	w("## Trades (%d)\n\n", len(d.Trades))
	if len(d.Trades) == 0 {
		w("No trades.\n\n")
	} else {
		row("Ticker", "Side", "Published", "Entry", "Entry price", "Shares", "Exit", "Exit price", "Reason", "P&L", "Return", "Source")
		sep("l", "l", "l", "l", "r", "r", "l", "r", "l", "r", "r", "l")
		for _, t := range d.Trades {
			row(mdText(t.Ticker), t.Side, t.Published, t.Entry, t.EntryPrice, t.Shares, t.Exit, t.ExitPrice, mdText(t.Reason), t.PnL, t.Return, mdText(t.Source))
		}
		b.WriteString("\n")
	}

	w("## Signals (%d)\n\n", len(d.Signals))
	if len(d.Signals) == 0 {
		w("No tradable signal.\n\n")
	}
	for _, s := range d.Signals {
		who := s.Source
		if s.Author != "" {
			who = strings.TrimPrefix(who+", "+s.Author, ", ")
		}
		w("- **%s %s** (%s) — %s", mdText(s.Action), mdText(s.Ticker), mdText(s.Strength), mdText(orDash(who)))
		if s.Scored != "" {
			w("; over %d days: %s", d.MainHorizon, mdText(s.Scored))
		}
		w("  \n  Published %s (found in: %s)", s.Published, mdText(orDash(s.PublishedFrom)))
		if s.Article != "" {
			w(", article `%s`", strings.ReplaceAll(s.Article, "`", "'"))
		}
		if s.Conditions != "" {
			w("  \n  Conditions: %s", mdText(s.Conditions))
		}
		if s.Evidence != "" {
			w("  \n  > %s", mdText(mdCut(s)))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")

	if len(d.Untradable) > 0 {
		w("## Mentions that cannot trade (%d)\n\n", len(d.Untradable))
		row("Entity", "Action", "Reason", "Published", "Source", "Evidence")
		sep("l", "l", "l", "l", "l", "l")
		for _, s := range d.Untradable {
			row(mdText(s.Entity), mdText(s.Action), mdText(s.Reason), s.Published, mdText(s.Source), mdText(mdCut(s)))
		}
		b.WriteString("\n")
	}
	if len(d.Skipped) > 0 {
		w("## Skipped signals (%d)\n\n", len(d.Skipped))
		row("Published", "Ticker", "Action", "Reason")
		sep("l", "l", "l", "l")
		for _, s := range d.Skipped {
			row(s.Published, mdText(s.Ticker), mdText(s.Action), mdText(s.Reason))
		}
		b.WriteString("\n")
	}
	if len(d.Warnings) > 0 {
		w("## Warnings\n\n")
		for _, s := range d.Warnings {
			w("- %s\n", mdText(truncate(s, maxEvidenceMD)))
		}
		b.WriteString("\n")
	}
	w("## Settings\n\n")
	row("Setting", "Value")
	sep("l", "l")
	for _, s := range d.Settings {
		row(s.Name, mdText(s.Strategy))
	}
	b.WriteString("\nData: metrics.json, equity.csv, trades.csv, events.csv, skipped.csv, signals.csv (full evidence text).\n")
	return []byte(b.String()), nil
}

func mdCut(s signalView) string {
	ev := s.Evidence
	if len([]rune(ev)) > maxEvidenceMD {
		return truncate(ev, maxEvidenceMD) + " (cut; full text in signals.csv)"
	}
	if s.EvidenceCut > 0 {
		return ev + " (cut; full text in signals.csv)"
	}
	return ev
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
