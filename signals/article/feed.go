package article

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
)

// maxItems bounds the items read from one feed.
const maxItems = 10000

// parseFeed reads an RSS or Atom feed: each item is an article with the
// item's date (PublishedFrom "feed"), author and title, and the feed's
// title as source. HTML content goes through the HTML reader.
func parseFeed(path string, b []byte, opt Options) ([]Article, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("signals/article: %s: not a readable feed: %w", path, err)
	}
	source := strings.TrimSpace(feed.Title)
	var arts []Article
	for i, it := range feed.Items {
		if it == nil {
			continue
		}
		if i >= maxItems {
			if len(arts) > 0 {
				arts[0].Warnings = append(arts[0].Warnings, fmt.Sprintf("%s: feed has %d items, only the first %d read", path, len(feed.Items), maxItems))
			}
			break
		}
		arts = append(arts, feedItem(fmt.Sprintf("%s#%d", path, i+1), it, source, opt))
	}
	if len(arts) == 0 {
		a := Article{File: path, Source: source, Warnings: []string{path + ": feed has no items"}}
		sum := sha256.Sum256(b)
		a.Hash = hex.EncodeToString(sum[:])
		return []Article{a}, nil
	}
	return arts, nil
}

func feedItem(file string, it *gofeed.Item, source string, opt Options) Article {
	a := Article{File: file, Source: source, URL: strings.TrimSpace(it.Link)}
	content := it.Content
	if strings.TrimSpace(content) == "" {
		content = it.Description
	}
	h := sha256.New()
	for _, s := range []string{it.GUID, it.Link, it.Title, it.Published, it.Updated, content} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	a.Hash = hex.EncodeToString(h.Sum(nil))
	if strings.ContainsAny(content, "<&") {
		htmlFragment(&a, file, content, opt)
	} else {
		info := analyze(file, content, 0, opt, false)
		a.Text = info.text
		a.Author, a.Title = info.author, info.title
		a.Warnings = append(a.Warnings, info.warnings...)
		info.apply(&a)
	}
	if t := strings.TrimSpace(it.Title); t != "" {
		a.Title = strings.Join(strings.Fields(t), " ")
	}
	var names []string
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			names = append(names, strings.TrimSpace(p.Name))
		}
	}
	if len(names) == 0 && it.DublinCoreExt != nil {
		names = it.DublinCoreExt.Creator
	}
	if len(names) > 0 {
		a.Author = strings.Join(names, ", ")
	}
	pub, conf := it.Published, confHeader
	if strings.TrimSpace(pub) == "" {
		pub, conf = it.Updated, confUpdated
	}
	if pub != "" {
		if t, dateOnly, ok := parseIn(pub, opt.tz()); ok {
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = t, dateOnly, "feed", conf
		} else if it.PublishedParsed != nil {
			a.Published, a.DateOnly, a.PublishedFrom, a.PublishedConfidence = it.PublishedParsed.UTC(), false, "feed", conf
		} else {
			a.Warnings = append(a.Warnings, fmt.Sprintf("%s: item date %q is not a date I can read", file, pub))
		}
		if !a.Published.IsZero() {
			a.Warnings = dropFurnitureWarnings(a.Warnings)
		}
	}
	clean(&a)
	return a
}
