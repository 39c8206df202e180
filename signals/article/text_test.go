package article

import (
	"strings"
	"testing"
	"time"
)

func TestParseTextMetadata(t *testing.T) {
	const para = "Meta Platforms reported strong results this quarter, and we think the shares have further to run from here, given the margin story."
	tests := []struct {
		name      string
		path      string
		in        string
		opt       Options
		title     string
		author    string
		published time.Time
		dateOnly  bool
		from      string
		minConf   float64
		maxConf   float64
		warning   string
	}{
		{
			name: "byline with pipe", path: "a/x.txt",
			in:    "Why Meta Is a Buy Now\nBy Jane Doe | June 9, 2025\n\n" + para,
			title: "Why Meta Is a Buy Now", author: "Jane Doe",
			published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "byline", minConf: 0.8, maxConf: 0.8,
		},
		{
			name: "two authors and credential", path: "a/x.txt",
			in:    "Three Stocks to Buy Now\nBy Jane Doe, CFA and John Roe\nPublished 3:12 PM EDT\nJune 9, 2025\n\n" + para,
			title: "Three Stocks to Buy Now", author: "Jane Doe, John Roe",
			published: time.Date(2025, 6, 9, 19, 12, 0, 0, time.UTC), from: "byline", minConf: 0.85, maxConf: 1,
		},
		{
			name: "zone-less time keeps only the date", path: "a/x.txt",
			in:    "Our Top Pick for June\nWritten by Mary-Ann O'Neil\nJune 9, 2025 10:00 AM\n\n" + para,
			title: "Our Top Pick for June", author: "Mary-Ann O'Neil",
			published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "byline", minConf: 0.8, maxConf: 0.8,
		},
		{
			name: "zone-less time in DefaultTZ", path: "a/x.txt",
			in:    "Our Top Pick for June\nWritten by Mary-Ann O'Neil\nJune 9, 2025 10:00 AM\n\n" + para,
			opt:   Options{DefaultTZ: newYork},
			title: "Our Top Pick for June", author: "Mary-Ann O'Neil",
			published: time.Date(2025, 6, 9, 14, 0, 0, 0, time.UTC), from: "byline", minConf: 0.85, maxConf: 0.85,
		},
		{
			name: "headline with comma then wire byline", path: "a/x.txt",
			in:        "Nvidia to invest $5 billion in Intel, co-develop PC and data center chips together\nWire | September 18, 2025 | 9:41 AM EDT\n\n" + para,
			title:     "Nvidia to invest $5 billion in Intel, co-develop PC and data center chips together",
			published: time.Date(2025, 9, 18, 13, 41, 0, 0, time.UTC), from: "byline", minConf: 0.9, maxConf: 0.9,
		},
		{
			name: "a year glued to the clock, a photo caption's date", path: "a/x.txt",
			in:    "Reuters home\nTechnology\nAnthropic valued at $183 billion after funding round\nBy Elena Marchetti\nSeptember 2, 20255:52 PM EDTUpdated 5 hours ago\n\nThe Anthropic logo is seen in this illustration taken May 20, 2024. REUTERS/Illustration/File Photo\n\n" + para,
			title: "Anthropic valued at $183 billion after funding round", author: "Elena Marchetti",
			published: time.Date(2025, 9, 2, 21, 52, 0, 0, time.UTC), from: "byline", minConf: 0.3, maxConf: 1,
		},
		{
			name: "a member's join date is not the post's", path: "a/x.txt",
			in:        "Investing forum\n\nthrowaway_rsu\nPosts: 3\nJoined: Mon Jan 13, 2025 8:40 pm\n\nShould I sell my RSUs?\nPost by throwaway_rsu » Tue Jan 14, 2025 9:12 pm\n" + para,
			title:     "Should I sell my RSUs?",
			published: time.Date(2025, 1, 14, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "byline", minConf: 0.8, maxConf: 0.8,
		},
		{
			name: "aired beats recorded", path: "a/x.txt",
			in:        "THE MARKETS HOUR — Interview transcript\n\nGuest: Priya Raman\nRecorded: Tuesday, May 13, 2025\nAired: Wednesday, May 14, 2025, 9:10 a.m. ET\n\n" + para,
			title:     "THE MARKETS HOUR — Interview transcript",
			published: time.Date(2025, 5, 14, 13, 10, 0, 0, time.UTC), from: "byline", minConf: 0.85, maxConf: 1,
		},
		{
			name: "forum posts: first post is the date", path: "a/x.txt",
			in:        "Forum.example • View topic - Should I sell everything before the election, friends?\n\nPost by nellie » Mon Oct 14, 2024 9:02 pm\n" + para + "\n\nPost by soft » Mon Oct 14, 2024 9:15 pm\nStay the course.\n\nPost by tay » Tue Oct 15, 2024 7:01 am\nThanks.",
			title:     "Forum.example • View topic - Should I sell everything before the election, friends?",
			published: time.Date(2024, 10, 14, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "byline", minConf: 0.8, maxConf: 0.8,
		},
		{
			name: "by the numbers is no author", path: "a/x.txt",
			in:    "By the numbers: Meta in 2025\n\n" + para + " On June 5, 2025, Meta said so.",
			title: "", author: "",
			published: time.Date(2025, 6, 5, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "body", minConf: 0.4, maxConf: 0.45,
		},
		{
			name: "by contrast in body", path: "a/x.txt",
			in:    "Meta Looks Cheap Here\nAuthor: Li Wei\n2025-06-09\n\n" + para + "\nBy contrast, Snap looks expensive.",
			title: "Meta Looks Cheap Here", author: "Li Wei",
			published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "byline", minConf: 0.8, maxConf: 0.8,
		},
		{
			name: "updated only", path: "a/x.txt",
			in:        "Meta Update For Investors\nUpdated June 10, 2025 8:00 am ET\n\n" + para,
			title:     "Meta Update For Investors",
			published: time.Date(2025, 6, 10, 12, 0, 0, 0, time.UTC), from: "byline", minConf: 0.6, maxConf: 0.6,
		},
		{
			name: "file name date", path: "notes/2025-06-09-meta.txt",
			in:        "Some Thoughts On Meta\n\n" + para,
			title:     "Some Thoughts On Meta",
			published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "file name", minConf: 0.5, maxConf: 0.5,
		},
		{
			name: "related list dates are furniture", path: "a/x.txt",
			in:    "Meta Is a Buy Says Analyst\n\n" + para + "\n\nRelated articles\nNvidia hits record high Jun 3, 2025\nApple slips after WWDC Jun 4, 2025\n",
			title: "Meta Is a Buy Says Analyst", warning: "only dates are page furniture",
		},
		{
			name: "headline then date lines without a heading are furniture", path: "a/x.txt",
			in:    "Meta Is a Buy Says Analyst\n\n" + para + "\n" + para + "\nNvidia hits record high as chips rally Jun 3, 2025\nApple slips after its developer conference Jun 4, 2025\n",
			title: "Meta Is a Buy Says Analyst", warning: "only dates are page furniture",
		},
		{
			name: "copyright year only", path: "a/x.txt",
			in:    "Meta Is a Buy Says Analyst\n\n" + para + "\n© 2025 Example Media. All rights reserved. Updated Jan 1, 2025",
			title: "Meta Is a Buy Says Analyst", warning: "only dates are page furniture",
		},
		{
			name: "furniture plus byline picks byline", path: "a/x.txt",
			in:        "Meta Is a Buy Says Analyst\nJune 9, 2025\n\n" + para + "\n\nMost Read\nNvidia hits record high Jun 3, 2025\n",
			title:     "Meta Is a Buy Says Analyst",
			published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "byline", minConf: 0.8, maxConf: 0.8,
		},
		{
			name: "yearless byline with Now", path: "a/x.txt",
			in:        "Meta Is a Buy Says Analyst\nJun 9\n\n" + para,
			opt:       Options{Now: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)},
			title:     "Meta Is a Buy Says Analyst",
			published: time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "byline", minConf: 0.8, maxConf: 0.8,
		},
		{
			name: "yearless byline in the future goes to last year", path: "a/x.txt",
			in:        "Meta Is a Buy Says Analyst\nDec 9\n\n" + para,
			opt:       Options{Now: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)},
			title:     "Meta Is a Buy Says Analyst",
			published: time.Date(2024, 12, 9, 0, 0, 0, 0, time.UTC), dateOnly: true, from: "byline", minConf: 0.8, maxConf: 0.8,
		},
		{
			name: "future date rejected", path: "a/x.txt",
			in:    "Meta Is a Buy Says Analyst\nJune 9, 2031\n\n" + para,
			opt:   Options{Now: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)},
			title: "Meta Is a Buy Says Analyst", warning: "is after now",
		},
		{
			name: "no date at all", path: "a/x.txt",
			in:    "Meta Is a Buy Says Analyst\n\n" + para,
			title: "Meta Is a Buy Says Analyst", warning: "a/x.txt: publication date not found",
		},
		{
			name: "config overrides", path: "a/x.txt",
			in:        "Meta Is a Buy Says Analyst\nJune 9, 2025\n\n" + para,
			opt:       Options{Published: time.Date(2025, 6, 1, 9, 0, 0, 0, time.FixedZone("", -4*3600)), Source: "Letters"},
			title:     "Meta Is a Buy Says Analyst",
			published: time.Date(2025, 6, 1, 13, 0, 0, 0, time.UTC), from: "config", minConf: 1, maxConf: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := Parse(tt.path, []byte(tt.in), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			a := arts[0]
			if a.Title != tt.title {
				t.Errorf("Title = %q, want %q", a.Title, tt.title)
			}
			if a.Author != tt.author {
				t.Errorf("Author = %q, want %q", a.Author, tt.author)
			}
			if !a.Published.Equal(tt.published) || a.DateOnly != tt.dateOnly || a.PublishedFrom != tt.from {
				t.Errorf("Published = %v dateOnly %v from %q, want %v %v %q", a.Published, a.DateOnly, a.PublishedFrom, tt.published, tt.dateOnly, tt.from)
			}
			if c := a.PublishedConfidence; c < tt.minConf || c > tt.maxConf {
				t.Errorf("PublishedConfidence = %.2f, want in [%.2f, %.2f]", c, tt.minConf, tt.maxConf)
			}
			if tt.warning != "" && !hasWarning(a.Warnings, tt.warning) {
				t.Errorf("Warnings = %q, want one containing %q", a.Warnings, tt.warning)
			}
			if tt.opt.Source != "" && a.Source != tt.opt.Source {
				t.Errorf("Source = %q, want %q", a.Source, tt.opt.Source)
			}
			if tt.opt.Source == "" && a.Source != "a" && a.Source != "notes" {
				t.Errorf("Source = %q, want the folder name", a.Source)
			}
		})
	}
}

func TestParseTextParagraphs(t *testing.T) {
	t.Run("hard wrapped lines are joined", func(t *testing.T) {
		in := "Weekly Letter To Our Readers\n\n" +
			"We have been buyers of Meta for a while now and we\n" +
			"continue to like the shares at these levels, given the\n" +
			"strong advertising trends and cost discipline.\n\n" +
			"Recommendation:\n" +
			"- Buy META below $700\n"
		a := parseText("x.txt", []byte(in), Options{}, nil)
		want := "Weekly Letter To Our Readers\n\nWe have been buyers of Meta for a while now and we continue to like the shares at these levels, given the strong advertising trends and cost discipline.\n\nRecommendation:\n\n- Buy META below $700"
		if a.Text != want {
			t.Errorf("Text =\n%q\nwant\n%q", a.Text, want)
		}
	})
	t.Run("CRLF and invalid UTF-8", func(t *testing.T) {
		a := parseText("x.txt", []byte("Title Line Of Note\r\nBad \xff byte here\r\n"), Options{}, nil)
		if strings.Contains(a.Text, "\r") || !strings.Contains(a.Text, "Bad \uFFFD byte") {
			t.Errorf("Text = %q", a.Text)
		}
		if !hasWarning(a.Warnings, "invalid UTF-8 at byte 24") {
			t.Errorf("Warnings = %q, want invalid UTF-8 at byte 24", a.Warnings)
		}
	})
}
