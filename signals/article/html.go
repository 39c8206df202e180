package article

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// furnitureClass matches class and id tokens of page furniture: cookie
// banners, sidebars, related and most-read lists, comments, ads, sharing.
var furnitureClass = regexp.MustCompile(`(?i)(?:^|[-_\s])(?:cookies?|consent|gdpr|banner|sidebar|side-bar|related|recirc|most-?read|most-?popular|popular|trending|recommend(?:ed|ations)?|newsletter|subscribe|signup|sign-up|promo|advert(?:isement)?|ads?|ad-slot|adslot|sponsor(?:ed)?|share|sharing|social|comments?|disqus|breadcrumbs?|menu|navbar|nav|footer|masthead|outbrain|taboola|paywall|modal|popup|toolbar|skip-link|read-more|more-stories|widget)(?:$|[-_\s])`)

// removedTags never hold article text.
var removedTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Nav: true, atom.Aside: true,
	atom.Footer: true, atom.Form: true, atom.Button: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Dialog: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
	atom.Picture: true, atom.Img: true, atom.Head: true,
}

// maxReadability is the largest page handed to go-readability; bigger
// pages use our own furniture stripping only, which is linear.
const maxReadability = 2 << 20

// htmlMeta is the metadata found in a page's markup.
type htmlMeta struct {
	title, author, source, url string
	published                  string // as written
	modified                   string
	bylineTime                 string // <time datetime> in the article
}

// parseHTML reads an HTML page: metadata from meta tags, JSON-LD and
// <time>, main text without furniture.
func parseHTML(path string, b []byte, opt Options) Article {
	a := Article{File: path}
	r, err := charset.NewReader(bytes.NewReader(b), "text/html")
	if err != nil {
		r = bytes.NewReader(b)
	}
	doc, err := html.Parse(r)
	if err != nil { // html.Parse only fails on reader errors
		a.Warnings = append(a.Warnings, fmt.Sprintf("%s: not readable as HTML: %v", path, err))
		return a
	}
	if !isUTF8Page(b) {
		// charset.NewReader decoded it; nothing to warn about.
	} else if _, bad := validText(b); bad >= 0 {
		a.Warnings = append(a.Warnings, fmt.Sprintf("%s: invalid UTF-8 at byte %d, replaced with U+FFFD", path, bad))
	}
	fillFromHTML(&a, path, doc, len(b), opt, true)
	clean(&a)
	return a
}

// isUTF8Page reports a page that declares no other charset.
func isUTF8Page(b []byte) bool {
	_, name, _ := charset.DetermineEncoding(b[:min(len(b), 1024)], "text/html")
	return name == "utf-8" || name == "windows-1252" && !bytes.Contains(bytes.ToLower(b[:min(len(b), 2048)]), []byte("charset"))
}

// fillFromHTML sets a's text and metadata from a parsed page; size is the
// page's byte length. Used for pages and HTML mail parts (page true: a date
// in the file name counts, go-readability may pick the main text) and for
// feed item content (page false).
func fillFromHTML(a *Article, path string, doc *html.Node, size int, opt Options, page bool) {
	meta := readMeta(doc)
	furnDates := furnitureDates(doc)
	stripFurniture(doc)
	if !page {
		size = maxReadability + 1 // a fragment: no page layout for go-readability to find
	}
	main := mainNode(doc, size)
	text := renderText(main)
	info := analyze(path, text, 0, opt, page)
	a.Text = info.text
	a.Title = firstNonEmpty(meta.title, info.title)
	a.Author = firstNonEmpty(meta.author, info.author)
	a.Source = firstNonEmpty(a.Source, meta.source)
	a.URL = firstNonEmpty(a.URL, meta.url)
	a.Warnings = append(a.Warnings, info.warnings...)
	tz := opt.tz()
	switch {
	case meta.published != "":
		if t, dateOnly, ok := parseMetaTime(meta.published, tz); ok {
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = t, dateOnly, "meta", confMeta
		}
	case meta.bylineTime != "":
		if t, dateOnly, ok := parseMetaTime(meta.bylineTime, tz); ok {
			conf := confBylineZone
			if dateOnly {
				conf = confBylineDate
			}
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = t, dateOnly, "byline", conf
		}
	}
	if a.Published.IsZero() && meta.modified != "" {
		if t, dateOnly, ok := parseMetaTime(meta.modified, tz); ok {
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = t, dateOnly, "meta", confUpdated
		}
	}
	if a.Published.IsZero() {
		info.apply(a)
	}
	if !a.Published.IsZero() {
		a.Warnings = dropFurnitureWarnings(a.Warnings)
		return
	}
	if !hasWarning(a.Warnings, "page furniture") && len(furnDates) > 0 {
		a.Warnings = append(a.Warnings, furnitureWarning(path, furnDates))
	}
}

// parseMetaTime reads a machine date (RFC 3339 and its relatives) or any
// form ParseTime knows, zone-less clock times in tz.
func parseMetaTime(s string, tz *time.Location) (time.Time, bool, bool) {
	return parseIn(strings.TrimSpace(s), tz)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// readMeta reads title, author, site name, URL and dates from meta tags,
// JSON-LD and the article's <time> element.
func readMeta(doc *html.Node) htmlMeta {
	var m htmlMeta
	q := goquery.NewDocumentFromNode(doc)
	// Every <meta>, once: "property=og:title" -> content (first non-empty).
	metas := map[string]string{}
	q.Find("meta").Each(func(_ int, sel *goquery.Selection) {
		content, _ := sel.Attr("content")
		if content = strings.TrimSpace(content); content == "" {
			return
		}
		for _, attr := range []string{"property", "name", "itemprop"} {
			if k, ok := sel.Attr(attr); ok {
				key := attr + "=" + strings.ToLower(strings.TrimSpace(k))
				if _, seen := metas[key]; !seen {
					metas[key] = content
				}
			}
		}
	})
	metaContent := func(attr string, names ...string) string {
		for _, n := range names {
			if v := metas[attr+"="+n]; v != "" {
				return v
			}
		}
		return ""
	}
	ld := readJSONLD(q)
	m.published = firstNonEmpty(
		metaContent("property", "article:published_time", "og:published_time"),
		metaContent("itemprop", "datePublished"),
		ld.published,
		metaContent("name", "pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date", "article.published"),
	)
	m.modified = firstNonEmpty(metaContent("property", "article:modified_time", "og:updated_time"), ld.modified)
	if m.published == "" {
		q.Find("[itemprop=datePublished]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
			v, _ := s.Attr("datetime")
			m.published = firstNonEmpty(v, s.Text())
			return m.published == ""
		})
	}
	// The first <time> in the article that is not inside furniture.
	q.Find("time").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if inFurniture(s.Get(0)) {
			return true
		}
		v, _ := s.Attr("datetime")
		v = firstNonEmpty(v, s.Text())
		if _, ok := parseOne(v); ok {
			m.bylineTime = v
			return false
		}
		return true
	})
	author := metaContent("name", "author", "byl", "parsely-author", "sailthru.author", "dc.creator")
	if author == "" {
		author = metaContent("property", "article:author")
		if strings.Contains(author, "://") {
			author = ""
		}
	}
	author = firstNonEmpty(author, ld.author)
	if author == "" {
		q.Find("[rel=author], [itemprop=author], .byline, .author-name, .author").EachWithBreak(func(_ int, s *goquery.Selection) bool {
			t := strings.Join(strings.Fields(s.Text()), " ")
			author = parseNames(strings.TrimPrefix(strings.TrimPrefix(t, "By "), "by "))
			return author == ""
		})
	}
	m.author = strings.TrimPrefix(author, "By ")
	m.source = firstNonEmpty(metaContent("property", "og:site_name"), metaContent("name", "application-name", "publisher"), ld.publisher)
	m.url = firstNonEmpty(metaContent("property", "og:url"), ld.url)
	if c, ok := q.Find("link[rel=canonical]").Attr("href"); ok && m.url == "" {
		m.url = strings.TrimSpace(c)
	}
	title := firstNonEmpty(metaContent("property", "og:title"), ld.headline)
	if title == "" {
		title = strings.Join(strings.Fields(q.Find("h1").First().Text()), " ")
	}
	if title == "" {
		title = strings.Join(strings.Fields(q.Find("title").First().Text()), " ")
		// "Headline | Site" and "Headline - Site".
		for _, sep := range []string{" | ", " - ", " — ", " :: "} {
			if i := strings.LastIndex(title, sep); i > 0 && len(title)-i < 40 {
				title = title[:i]
				break
			}
		}
	}
	m.title = title
	return m
}

// jsonLD is what we read from JSON-LD objects.
type jsonLD struct {
	published, modified, author, headline, publisher, url string
}

// readJSONLD walks every application/ld+json script for the first object
// with datePublished (NewsArticle, Article, BlogPosting, ...).
func readJSONLD(q *goquery.Document) jsonLD {
	var out jsonLD
	q.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		var v any
		if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
			return true
		}
		walkJSONLD(v, &out, 0)
		return out.published == ""
	})
	return out
}

func walkJSONLD(v any, out *jsonLD, depth int) {
	if depth > 8 || out.published != "" {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walkJSONLD(e, out, depth+1)
		}
	case map[string]any:
		if g, ok := x["@graph"]; ok {
			walkJSONLD(g, out, depth+1)
		}
		p, _ := x["datePublished"].(string)
		if p == "" {
			return
		}
		out.published = p
		out.modified, _ = x["dateModified"].(string)
		out.headline, _ = x["headline"].(string)
		out.url, _ = x["url"].(string)
		out.author = ldName(x["author"])
		out.publisher = ldName(x["publisher"])
	}
}

// ldName reads a name from a string, an object with "name", or a list.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		n, _ := x["name"].(string)
		return n
	case []any:
		var names []string
		for _, e := range x {
			if n := ldName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// isFurnitureNode reports an element that is page furniture by tag, role
// or class/id.
func isFurnitureNode(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if removedTags[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Header && !hasAncestor(n, atom.Article, atom.Main) {
		return true
	}
	for _, at := range n.Attr {
		switch at.Key {
		case "role":
			switch strings.ToLower(at.Val) {
			case "navigation", "complementary", "contentinfo", "banner", "search", "dialog", "alert":
				return true
			}
		case "class", "id":
			if n.DataAtom != atom.Body && n.DataAtom != atom.Html && n.DataAtom != atom.Article && n.DataAtom != atom.Main && furnitureClass.MatchString(at.Val) {
				return true
			}
		case "hidden":
			return true
		case "aria-hidden":
			return at.Val == "true"
		}
	}
	return false
}

func hasAncestor(n *html.Node, as ...atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, a := range as {
			if p.DataAtom == a {
				return true
			}
		}
	}
	return false
}

func inFurniture(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if isFurnitureNode(p) && p.DataAtom != atom.Head {
			return true
		}
	}
	return false
}

// holdsArticle reports an element that contains the article itself (an
// <article>, <main> or <h1>): such an element is never removed, whatever
// its class says.
func holdsArticle(n *html.Node) bool {
	found := false
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		for k := c.FirstChild; k != nil && !found; k = k.NextSibling {
			if k.Type == html.ElementNode && (k.DataAtom == atom.Article || k.DataAtom == atom.Main || k.DataAtom == atom.H1) {
				found = true
				return
			}
			walk(k)
		}
	}
	walk(n)
	return found
}

// furnitureDates collects the dates written inside furniture elements.
func furnitureDates(doc *html.Node) []pubCand {
	var out []pubCand
	var buf []token
	var walk func(n *html.Node, furn bool)
	walk = func(n *html.Node, furn bool) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Head) {
			return
		}
		if !furn && isFurnitureNode(n) && !holdsArticle(n) {
			furn = true
		}
		if furn && n.Type == html.ElementNode && n.DataAtom == atom.Time {
			for _, at := range n.Attr {
				if at.Key == "datetime" {
					if m, ok := parseOne(at.Val); ok {
						t, d := m.instant(newYork)
						out = append(out, pubCand{t: t, dateOnly: d, raw: at.Val, from: "page furniture"})
						return
					}
				}
			}
		}
		if furn && n.Type == html.TextNode && len(out) < 50 {
			var ms []dateMatch
			ms, buf = findDates(n.Data, buf)
			for _, m := range ms {
				if m.hasYear {
					t, d := m.instant(newYork)
					out = append(out, pubCand{t: t, dateOnly: d, raw: n.Data[m.byteStart:m.byteEnd], from: "page furniture"})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, furn)
		}
	}
	walk(doc, false)
	return out
}

// stripFurniture removes furniture elements from doc in place.
func stripFurniture(doc *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case c.Type == html.CommentNode:
				n.RemoveChild(c)
			case c.Type == html.ElementNode && c.DataAtom != atom.Head && isFurnitureNode(c) && !holdsArticle(c):
				n.RemoveChild(c)
			default:
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
}

// mainNode picks the element holding the article: the one <article> (or
// <main>) when the page has it, else what go-readability finds, else the
// body.
func mainNode(doc *html.Node, size int) *html.Node {
	q := goquery.NewDocumentFromNode(doc)
	if arts := q.Find("article"); arts.Length() == 1 && textLen(arts.Get(0)) > 200 {
		return arts.Get(0)
	}
	if mains := q.Find("main, [role=main]"); mains.Length() == 1 && textLen(mains.Get(0)) > 200 {
		return mains.Get(0)
	}
	body := q.Find("body").Get(0)
	if body == nil {
		body = doc
	}
	if size <= maxReadability {
		p := readability.NewParser()
		if art, err := p.ParseDocument(doc, nil); err == nil && art.Node != nil {
			// Readability drops tables it takes for layout; pick lists are
			// tables, so keep the body when it would lose one.
			if textLen(art.Node) > 200 && countRows(art.Node) >= countRows(body) {
				return art.Node
			}
		}
	}
	return body
}

func textLen(n *html.Node) int {
	total := 0
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.TextNode {
			total += len(strings.TrimSpace(c.Data))
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return total
}

func countRows(n *html.Node) int {
	rows := 0
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.ElementNode && c.DataAtom == atom.Tr {
			rows++
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return rows
}

// blockTags end a paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true,
	atom.Table: true, atom.Tr: true, atom.Header: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Hr: true, atom.Address: true, atom.Body: true,
	atom.Caption: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Details: true, atom.Summary: true,
}

// textWriter accumulates blocks of text.
type textWriter struct {
	out   strings.Builder
	cur   strings.Builder
	rows  bool // the last block written was a table row
	space bool // the last inline text ended in white space
}

// inline adds text inside the current block, collapsing white space but
// keeping "<b>Meta</b>'s" together.
func (w *textWriter) inline(s string) {
	if s == "" {
		return
	}
	lead := isSpaceByte(s[0])
	trail := isSpaceByte(s[len(s)-1])
	fields := strings.Fields(s)
	if len(fields) == 0 {
		w.space = w.space || w.cur.Len() > 0
		return
	}
	for i, f := range fields {
		if w.cur.Len() > 0 && (i > 0 || lead || w.space) && !strings.HasSuffix(w.cur.String(), " ") {
			w.cur.WriteByte(' ')
		}
		w.cur.WriteString(f)
	}
	w.space = trail
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// flush ends the current block; row says it is a table row.
func (w *textWriter) flush(row bool) {
	s := strings.TrimSpace(w.cur.String())
	w.cur.Reset()
	w.space = false
	if s == "" {
		return
	}
	if w.out.Len() > 0 {
		if row && w.rows {
			w.out.WriteByte('\n')
		} else {
			w.out.WriteString("\n\n")
		}
	}
	w.out.WriteString(s)
	w.rows = row
}

// renderText writes n's text: one paragraph per block element, headings
// and list items on their own, table rows one per line with cells joined
// by " | ".
func renderText(n *html.Node) string {
	var w textWriter
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		switch c.Type {
		case html.TextNode:
			w.inline(c.Data)
			return
		case html.ElementNode:
			if removedTags[c.DataAtom] && c.DataAtom != atom.Img {
				return
			}
			switch c.DataAtom {
			case atom.Br:
				w.flush(false)
				return
			case atom.Tr:
				w.flush(false)
				var cells []string
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
						cells = append(cells, strings.Join(strings.Fields(renderText(td)), " "))
					}
				}
				w.cur.WriteString(strings.Join(cells, " | "))
				w.flush(true)
				return
			case atom.Li:
				w.flush(false)
				w.cur.WriteString("- ")
				for k := c.FirstChild; k != nil; k = k.NextSibling {
					walk(k)
				}
				w.flush(false)
				return
			}
		}
		block := c.Type == html.ElementNode && blockTags[c.DataAtom]
		if block {
			w.flush(false)
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
		if block {
			w.flush(false)
		}
	}
	walk(n)
	w.flush(false)
	return w.out.String()
}

// htmlFragment renders an HTML fragment (feed content) into an article's text
// and metadata.
func htmlFragment(a *Article, path string, s string, opt Options) {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		a.Text = s
		return
	}
	fillFromHTML(a, path, doc, len(s), opt, false)
}
