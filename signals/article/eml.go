package article

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// maxParts bounds the MIME parts read from one message (nested included).
const maxParts = 64

// parseEML reads an RFC 5322 message: the Date header is the publication
// time, the From display name the author, the Subject the title, the
// List-Id name or the sender's domain the source. The text/plain part is
// preferred; otherwise the HTML part goes through the HTML reader.
func parseEML(path string, b []byte, opt Options) Article {
	a := Article{File: path}
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		a.Warnings = append(a.Warnings, fmt.Sprintf("%s: not a readable e-mail (%v), read as plain text", path, err))
		t := parseText(path, b, opt, nil)
		t.Warnings = append(a.Warnings, t.Warnings...)
		return t
	}
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	header := func(k string) string {
		v := msg.Header.Get(k)
		if d, err := dec.DecodeHeader(v); err == nil {
			v = d
		}
		return strings.Join(strings.Fields(v), " ")
	}
	a.Title = header("Subject")
	from := header("From")
	if addr, err := mail.ParseAddress(msg.Header.Get("From")); err == nil {
		a.Author = strings.Trim(addr.Name, `"' `)
		if at := strings.LastIndexByte(addr.Address, '@'); at >= 0 {
			a.Source = strings.ToLower(addr.Address[at+1:])
		}
	} else if from != "" {
		a.Author = strings.Trim(strings.SplitN(from, "<", 2)[0], `"' `)
	}
	if lid := header("List-Id"); lid != "" {
		name := strings.TrimSpace(strings.SplitN(lid, "<", 2)[0])
		name = strings.Trim(name, `"`)
		if name == "" {
			name = strings.Trim(lid, "<> ")
		}
		a.Source = name
	}

	plain, htmlPart, warns := mailBody(path, textproto.MIMEHeader(msg.Header), msg.Body, 0, new(int))
	a.Warnings = append(a.Warnings, warns...)
	switch {
	case strings.TrimSpace(plain) != "":
		info := analyze(path, plain, 0, opt, false)
		a.Text = info.text
		a.Warnings = append(a.Warnings, info.warnings...)
		if a.Author == "" {
			a.Author = info.author
		}
		if a.Title == "" {
			a.Title = info.title
		}
		info.apply(&a)
	case htmlPart != "":
		doc, err := html.Parse(strings.NewReader(htmlPart))
		if err == nil {
			h := Article{File: path}
			fillFromHTML(&h, path, doc, len(htmlPart), opt, true)
			a.Text = h.Text
			a.Warnings = append(a.Warnings, h.Warnings...)
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = h.Published, h.DateOnly, h.PublishedFrom, h.PublishedConfidence
			if a.Author == "" {
				a.Author = h.Author
			}
			if a.Title == "" {
				a.Title = h.Title
			}
		}
	default:
		a.Warnings = append(a.Warnings, path+": e-mail has no text or HTML part")
	}
	if fw, ok := forwarded(a.Text, opt); ok {
		// The forwarded message is the article: its sender and date count.
		a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = fw.published, fw.dateOnly, "header", confForwarded
		a.Warnings = dropFurnitureWarnings(a.Warnings)
		if fw.author != "" {
			a.Author = fw.author
		}
		if fw.source != "" {
			a.Source = fw.source
		}
		if fw.subject != "" {
			a.Title = fw.subject
		}
		clean(&a)
		return a
	}
	if d := msg.Header.Get("Date"); d != "" {
		if t, dateOnly, ok := parseIn(d, opt.tz()); ok {
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = t, dateOnly, "header", confHeader
			a.Warnings = dropFurnitureWarnings(a.Warnings)
		} else if t, err := mail.ParseDate(d); err == nil {
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = t.UTC(), false, "header", confHeader
			a.Warnings = dropFurnitureWarnings(a.Warnings)
		} else {
			a.Warnings = append(a.Warnings, fmt.Sprintf("%s: Date header %q is not a date I can read", path, d))
		}
	}
	clean(&a)
	return a
}

// mailBody returns the first text/plain and the first text/html body of a
// part, walking multipart containers, decoded to UTF-8.
func mailBody(path string, h textproto.MIMEHeader, body io.Reader, depth int, parts *int) (plain, htm string, warns []string) {
	*parts++
	if depth > 8 || *parts > maxParts {
		if *parts == maxParts+1 || depth > 8 && *parts <= maxParts {
			warns = []string{fmt.Sprintf("%s: e-mail has more than %d parts or nests deeper than 8, rest skipped", path, maxParts)}
		}
		return "", "", warns
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, params = "text/plain", nil
		warns = append(warns, fmt.Sprintf("%s: bad Content-Type %q, read as text/plain", path, ct))
	}
	if disp, _, _ := mime.ParseMediaType(h.Get("Content-Disposition")); disp == "attachment" {
		return "", "", nil
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				warns = append(warns, fmt.Sprintf("%s: e-mail part: %v", path, err))
				break
			}
			pl, ht, w := mailBody(path, p.Header, p, depth+1, parts)
			warns = append(warns, w...)
			if *parts > maxParts {
				break
			}
			if plain == "" {
				plain = pl
			}
			if htm == "" {
				htm = ht
			}
			if plain != "" && htm != "" {
				break
			}
		}
		return plain, htm, warns
	}
	if mt != "text/plain" && mt != "text/html" && mt != "message/rfc822" {
		return "", "", nil
	}
	var r io.Reader = io.LimitReader(body, MaxSize)
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &skipSpace{r: r})
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		warns = append(warns, fmt.Sprintf("%s: e-mail %s part: %v (kept what was decoded)", path, mt, err))
	}
	if mt == "message/rfc822" {
		inner, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			return "", "", warns
		}
		pl, ht, w := mailBody(path, textproto.MIMEHeader(inner.Header), inner.Body, depth+1, parts)
		return pl, ht, append(warns, w...)
	}
	s := decodeCharset(raw, params["charset"])
	if mt == "text/html" {
		return "", s, warns
	}
	return s, "", warns
}

// decodeCharset converts raw to UTF-8 from the named charset; unknown
// charsets and invalid bytes become U+FFFD.
func decodeCharset(raw []byte, name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if name != "" && name != "utf-8" && name != "us-ascii" && name != "utf8" {
		if enc, _ := charset.Lookup(name); enc != nil {
			if out, err := enc.NewDecoder().Bytes(raw); err == nil {
				return string(out)
			}
		}
	}
	s, _ := validText(raw)
	return s
}

func charsetReader(name string, r io.Reader) (io.Reader, error) {
	enc, _ := charset.Lookup(name)
	if enc == nil {
		return nil, fmt.Errorf("unknown charset %q", name)
	}
	return enc.NewDecoder().Reader(r), nil
}

// skipSpace drops the line breaks base64 bodies are wrapped with.
type skipSpace struct{ r io.Reader }

func (s *skipSpace) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
				p[k] = c
				k++
			}
		}
		if k > 0 || err != nil {
			return k, err
		}
	}
}

// confForwarded is the confidence of a forwarded message's own Date line.
const confForwarded = 0.9

var (
	forwardMarker = regexp.MustCompile(`(?im)^(?:-{2,}\s*forwarded message\s*-{2,}|begin forwarded message:|-{2,}\s*original message\s*-{2,})\s*$`)
	forwardField  = regexp.MustCompile(`(?i)^(date|sent|from|subject)\s*:\s*(.+)$`)
	fieldInLine   = regexp.MustCompile(`\s(?:Date|Sent|Subject|To|Cc):\s`)
)

type forward struct {
	published               time.Time
	dateOnly                bool
	author, source, subject string
}

// forwarded reads the header block of a forwarded message in text
// ("---------- Forwarded message ---------" then From:, Date:, Subject:).
func forwarded(text string, opt Options) (forward, bool) {
	loc := forwardMarker.FindStringIndex(text)
	if loc == nil {
		return forward{}, false
	}
	var fw forward
	found := false
	var lines []string
	for _, l := range strings.Split(text[loc[1]:min(len(text), loc[1]+4096)], "\n") {
		// plain-text parts may run the header fields together on one line:
		// "From: The Letter <x@y> Date: Thu, Mar 5, 2026 at 6:00 AM"
		for {
			k := fieldInLine.FindStringIndex(l)
			if k == nil {
				break
			}
			lines = append(lines, l[:k[0]])
			l = l[k[0]+1:]
		}
		lines = append(lines, l)
	}
	for i, n := 0, 0; i < len(lines) && n < 8; i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" {
			continue
		}
		n++
		m := forwardField.FindStringSubmatch(l)
		if m == nil {
			break
		}
		switch strings.ToLower(m[1]) {
		case "date", "sent":
			if t, dateOnly, ok := parseIn(m[2], opt.tz()); ok {
				fw.published, fw.dateOnly, found = t, dateOnly, true
			}
		case "from":
			if addr, err := mail.ParseAddress(m[2]); err == nil {
				fw.author = strings.Trim(addr.Name, `"' `)
				if at := strings.LastIndexByte(addr.Address, '@'); at >= 0 {
					fw.source = strings.ToLower(addr.Address[at+1:])
				}
			}
		case "subject":
			fw.subject = m[2]
		}
	}
	return fw, found
}
