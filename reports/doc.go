// Package reports writes a backtest's results as PNG charts, summary.md,
// report.html, CSV and JSON files, and a batch's index and leaderboard.
// Every file is written atomically: a temp file in the target folder, then a
// rename.
package reports
