// Package reports writes a backtest's results as PNG charts, summary.md,
// report.html, CSV and JSON files, and a batch's index, leaderboard and
// summary.csv.
//
// # One backtest
//
// [Write] renders everything for one [backtest.Result] into a folder:
//
//	metrics.json   headline metrics, strategy and "benchmark" (see [MetricsJSON])
//	equity.csv     date,equity,benchmark,drawdown
//	trades.csv     ticker,side,signal_published,entry_date,entry_price,shares,
//	               exit_date,exit_price,exit_reason,pnl,return,source
//	events.csv     ticker,action,source,author,published,entry_date,horizon,return,
//	               benchmark_return,abnormal_return,signed_abnormal_return,censored
//	skipped.csv    published,ticker,action,reason
//	signals.csv    every signal with entity, evidence and where it came from
//	equity.png, drawdown.png, event_study.png, signals.png, monthly_returns.png
//	summary.md     the report as Markdown
//	report.html    the report as one self-contained page (images embedded)
//
// [WriteData] writes only the data files; [Options.NoCharts] skips the PNGs.
//
// # Formats
//
// Data files are byte-identical for identical inputs: floats are Go's
// shortest round-trip decimal (strconv 'f', -1), NaN and ±Inf are empty
// CSV cells and JSON null, dates are YYYY-MM-DD, instants RFC 3339 UTC,
// JSON keys are sorted, and nothing in them depends on the clock. Returns
// are fractions. The report's own text rounds (percent with one or two
// decimals, thousands separators, Unicode minus), and its generation time
// comes from [Options.Now] so golden files can pin it.
//
// The main horizon (the verdict, signals.png, the batch leaderboard) is
// [Options.MainHorizon], else the backtest's holding period when the event
// study measured it, else 63 trading days; see [MainHorizon]. The verdict
// says "beyond what chance explains" only when the 95% interval of the
// mean signed abnormal return excludes zero and at least 5 calls were
// scored.
//
// # Whole or absent
//
// A report is written into a temporary folder beside the target and
// renamed into place only when every file has been written, synced and
// closed; a cancelled context or any error removes the temporary folder
// and leaves the target as it was. Batch files are each written to a
// temporary file in the batch folder and renamed ([WriteFileAtomic]).
//
// # Charts
//
// Charts are 1200×600 px (the leaderboard grows with the number of
// backtests), drawn with gonum/plot using the Liberation Sans fonts it
// embeds, in the Okabe-Ito palette with distinct dash patterns so they read
// in greyscale and with colour-blindness. Every chart has a "no data"
// form. Untrusted text (names, tickers) in chart labels is cleaned of
// control and bidi-override characters, limited to glyphs the font has
// and cut with "…"; in report.html, html/template escapes it and CSS wraps
// long words; in summary.md it is entity- and backslash-escaped.
package reports
