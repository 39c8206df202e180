// Package article reads what people publish — plain text, Markdown with
// YAML (or Hugo TOML) front matter, HTML pages, e-mail and RSS/Atom feeds —
// into [Article] values: the main text plus the metadata a backtest needs
// (published time with its zone, author, source, title) and where each
// piece was found.
//
// [Parse] reads one file's bytes, [ReadFile] one file, [Walk] and
// [WalkWith] whole folders, recording per-file errors without stopping.
// [ParseTime] reads the date formats found in articles, e-mail and feeds.
//
// Publication time, in order of authority: config ([Options.Published]),
// front matter, the e-mail Date header (a forwarded message's own Date
// line), the feed item date, HTML meta and JSON-LD, a byline or dateline
// near the top, the file name ("2025-06-09-note.txt"), and last the latest
// date the body mentions. Dates that belong to page furniture — lists of
// other articles, comment timestamps, footers, copyright lines — are never
// used: when they are the only dates, Published stays zero and a warning
// says so. A clock time written without a zone keeps only its date unless
// [Options.DefaultTZ] is set; a date-only article is taken as published
// after that day's close, so no reading ever looks ahead. All instants are
// UTC.
//
// Parse is safe for concurrent use.
package article
