package article

import "time"

// Article is one piece of writing, ready for recommendation extraction.
type Article struct {
	// File is the path the article was read from; for a feed item it is the
	// feed's path followed by "#" and the item's index (1-based).
	File string
	// Hash is the hex SHA-256 of the bytes the article was read from (for a
	// feed item, of the item's own content), the key of the extraction cache.
	Hash string
	// Title is the headline: front matter, e-mail Subject, feed item title,
	// og:title/<title>, or the first headline-like line of plain text.
	Title string
	// Text is the main text as plain UTF-8: paragraphs separated by a blank
	// line, headings on their own line, navigation, ads and comment furniture
	// removed. Line numbers in warnings refer to the original file.
	Text string

	// Published is the publication instant in UTC; zero when unknown.
	// DateOnly is true when only the date was found: Published is then that
	// date at 00:00 UTC.
	Published time.Time
	DateOnly  bool
	// PublishedFrom says where the time was found: "front matter",
	// "header" (e-mail Date, or a forwarded message's own Date line),
	// "meta" (HTML article:published_time, JSON-LD datePublished), "byline"
	// (a byline or dateline near the top, or the article's <time>), "body",
	// "file name", "config", "feed"; "" when Published is zero. Dates that
	// are only page furniture are never used: a warning says so instead.
	PublishedFrom string
	// PublishedConfidence is 0..1: how sure the reader is that Published is
	// the article's own publication time.
	PublishedConfidence float64

	// Author is the byline's name(s), joined by ", " ("Jane Doe, John
	// Roe"), without credentials such as ", CFA".
	Author string
	// Source is the publication: config override, front matter, og:site_name,
	// feed title, e-mail List-Id name or sender domain, else the folder name.
	Source string
	// URL is the canonical address when the file states one.
	URL string
	// Tickers are explicit tickers from front matter; when set they override
	// what the text says about which tickers the article covers.
	Tickers []string

	// Warnings are problems a user should know about, each naming the file
	// (and line where it applies).
	Warnings []string
}
