package article

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrBinary is returned (wrapped with the file name) for content that is
// not text: NUL bytes or mostly control characters.
var ErrBinary = errors.New("binary content, not an article")

// MaxSize is the largest file Parse reads; bigger inputs are cut to this
// size with a warning.
const MaxSize = 32 << 20

// LargeSize is the size above which a file is unusually large for one
// article (a dump or several articles run together); it is still read,
// with a warning.
const LargeSize = 2 << 20

// Options carry what the caller knows about a file or folder; config.yaml
// maps to them.
type Options struct {
	// Source, when set, is the source of every article read (a config
	// override); it wins over what the file says.
	Source string
	// Published, when not zero, is the publication instant of every article
	// read (PublishedFrom "config", confidence 1).
	Published time.Time
	// PublishedDateOnly says Published is a date (00:00 UTC of that day)
	// without a time: the article then counts as published after that
	// day's close.
	PublishedDateOnly bool
	// DefaultTZ is the zone of clock times written without one. Nil keeps
	// only the date of such a time (DateOnly): the zone cannot be known,
	// and a date-only article is taken as published after that day's
	// close, which never looks ahead.
	DefaultTZ *time.Location
	// Now, when not zero, rejects dates after it (more than a day ahead)
	// and gives yearless dates ("June 9") their year. Zero accepts any date
	// and ignores yearless ones.
	Now time.Time
}

func (o Options) tz() *time.Location { return o.DefaultTZ }

// format names the reader chosen for a file.
type format int

const (
	formatText format = iota
	formatMarkdown
	formatHTML
	formatEML
	formatFeed
)

// Parse reads one file's bytes into articles: one for most formats, one
// per item for an RSS or Atom feed. The format comes from the extension
// (.txt, .md/.markdown, .html/.htm, .eml, .xml/.rss/.atom) and, for other
// or missing extensions, from the content. path names the file in
// warnings and errors and gives the default source (the parent folder's
// name) and a date written in the file name.
//
// Parse never panics on any input. Binary content is an error wrapping
// [ErrBinary]; an empty file, invalid UTF-8 and over-long input give an
// article with a warning.
func Parse(path string, b []byte, opt Options) (arts []Article, err error) {
	defer func() {
		if r := recover(); r != nil { // a bug in a reader or a library must not stop a folder
			arts, err = nil, fmt.Errorf("signals/article: %s: reader failed: %v", path, r)
		}
	}()
	sum := sha256.Sum256(b)
	hash := hex.EncodeToString(sum[:])
	var warns []string
	switch {
	case len(b) > MaxSize:
		warns = append(warns, fmt.Sprintf("%s: %d bytes, too large for an article: only the first %d read", path, len(b), MaxSize))
		b = b[:MaxSize]
	case len(b) > LargeSize:
		warns = append(warns, fmt.Sprintf("%s: %.1f MB, unusually large for one article (several run together?)", path, float64(len(b))/(1<<20)))
	}
	if isBinary(b) {
		return nil, fmt.Errorf("signals/article: %s: %w", path, ErrBinary)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(b)) == 0 {
		a := Article{File: path, Hash: hash, Warnings: append(warns, path+": empty file, no article")}
		finish(&a, path, opt)
		return []Article{a}, nil
	}
	switch detect(path, b) {
	case formatMarkdown:
		arts = []Article{parseMarkdown(path, b, opt)}
	case formatHTML:
		arts = []Article{parseHTML(path, b, opt)}
	case formatEML:
		arts = []Article{parseEML(path, b, opt)}
	case formatFeed:
		arts, err = parseFeed(path, b, opt)
		if err != nil {
			return nil, err
		}
	default:
		arts = []Article{parseText(path, b, opt, nil)}
	}
	for i := range arts {
		if arts[i].Hash == "" {
			arts[i].Hash = hash
		}
		arts[i].Warnings = append(slices.Clip(warns), arts[i].Warnings...)
		finish(&arts[i], path, opt)
	}
	return arts, nil
}

// clean makes every text field valid UTF-8 with single-spaced metadata:
// headers and meta tags are not validated by the libraries that read them.
func clean(a *Article) {
	one := func(s string) string {
		return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	}
	a.Title, a.Author, a.Source, a.URL = one(a.Title), one(a.Author), one(a.Source), one(a.URL)
	a.Text = strings.ToValidUTF8(a.Text, "\uFFFD")
	for i, t := range a.Tickers {
		a.Tickers[i] = one(t)
	}
}

// finish applies the config overrides and the folder-name source.
func finish(a *Article, path string, opt Options) {
	if opt.Source != "" {
		a.Source = opt.Source
	}
	if a.Source == "" {
		a.Source = folderSource(path)
	}
	if !opt.Published.IsZero() {
		a.Published, a.DateOnly = opt.Published.UTC(), opt.PublishedDateOnly
		a.PublishedFrom, a.PublishedConfidence = "config", 1
	}
	if a.Published.IsZero() && !hasWarning(a.Warnings, "publication date") && a.Text != "" {
		a.Warnings = append(a.Warnings, path+": publication date not found")
	}
	if !opt.Now.IsZero() && a.Published.After(opt.Now.Add(24*time.Hour)) {
		a.Warnings = append(a.Warnings, fmt.Sprintf("%s: published %s (from %s) is after now", a.File, a.Published.Format(time.RFC3339), a.PublishedFrom))
	}
}

func hasWarning(ws []string, sub string) bool {
	for _, w := range ws {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

// folderSource is the name of the folder holding path, "" for the current
// directory.
func folderSource(path string) string {
	dir := filepath.Base(filepath.Dir(path))
	if dir == "." || dir == "/" || dir == string(filepath.Separator) {
		return ""
	}
	return dir
}

// isBinary reports NUL bytes or a high share of control characters in the
// first 8 KiB.
func isBinary(b []byte) bool {
	head := b[:min(len(b), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		// UTF-16 text also has NULs; we do not read it either.
		return true
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	return len(head) > 0 && ctrl*10 > len(head)
}

// detect picks the reader from the extension, else from the content.
func detect(path string, b []byte) format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		return formatMarkdown
	case ".html", ".htm", ".xhtml":
		return formatHTML
	case ".eml":
		return formatEML
	case ".rss", ".atom":
		return formatFeed
	case ".xml":
		if f := sniff(b); f == formatFeed || f == formatHTML {
			return f
		}
		return formatText
	case ".txt", ".text":
		return formatText
	}
	return sniff(b)
}

// sniff guesses the format of content without a known extension.
func sniff(b []byte) format {
	head := bytes.TrimSpace(b[:min(len(b), 4096)])
	lower := bytes.ToLower(head)
	switch {
	case bytes.HasPrefix(head, []byte("---\n")) || bytes.HasPrefix(head, []byte("---\r\n")) || bytes.HasPrefix(head, []byte("+++\n")):
		return formatMarkdown
	case bytes.Contains(lower, []byte("<rss")) || bytes.Contains(lower, []byte("<feed")) || bytes.Contains(lower, []byte("<rdf:rdf")):
		return formatFeed
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<body")):
		return formatHTML
	case looksLikeMail(head):
		return formatEML
	}
	return formatText
}

// looksLikeMail reports an RFC 5322 header block with From and one of
// Date, Subject, Received, Message-ID or MIME-Version.
func looksLikeMail(head []byte) bool {
	end := bytes.Index(head, []byte("\n\n"))
	if end < 0 {
		end = bytes.Index(head, []byte("\r\n\r\n"))
	}
	if end < 0 {
		return false
	}
	hdr := strings.ToLower(string(head[:end]))
	hasFrom := strings.HasPrefix(hdr, "from:") || strings.Contains(hdr, "\nfrom:")
	other := false
	for _, k := range []string{"date:", "subject:", "received:", "message-id:", "mime-version:"} {
		if strings.HasPrefix(hdr, k) || strings.Contains(hdr, "\n"+k) {
			other = true
		}
	}
	return hasFrom && other
}

// validText returns b as a string, replacing invalid UTF-8 with U+FFFD and
// reporting the first bad byte offset (-1 when valid).
func validText(b []byte) (string, int) {
	if utf8.Valid(b) {
		return string(b), -1
	}
	first := -1
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			first = i
			break
		}
		i += n
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"), first
}

// ReadFile reads the file at path and parses it with [Parse].
func ReadFile(path string, opt Options) ([]Article, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signals/article: %w", err)
	}
	return Parse(path, b, opt)
}

// Walk reads every file under roots (files or folders, recursively, in
// lexical order, skipping names that start with "." or "_"), calling fn
// with each article. A file that cannot be read or parsed is recorded and
// the walk goes on; so does an error returned by fn. Walk stops early only
// when ctx is cancelled. It returns the per-file errors, in order.
func Walk(ctx context.Context, roots []string, opt Options, fn func(Article) error) []error {
	return WalkWith(ctx, roots, func(string) Options { return opt }, fn)
}

// WalkWith is [Walk] with options chosen per file: optFor(path) gives the
// options for the file at path, so config can set the source or published
// time per file or folder.
func WalkWith(ctx context.Context, roots []string, optFor func(path string) Options, fn func(Article) error) []error {
	var errs []error
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("signals/article: %w", err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			arts, err := ReadFile(path, optFor(path))
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			for _, a := range arts {
				if err := fn(a); err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", a.File, err))
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("signals/article: walk %s: %w", root, err))
			if ctx.Err() != nil {
				break
			}
		}
	}
	return errs
}
