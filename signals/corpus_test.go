package signals_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tipster/tipster/data/symbols"
	"github.com/tipster/tipster/signals"
	"github.com/tipster/tipster/signals/article"
)

// The labelled corpus: hand-written articles under testdata/corpus/articles
// and what a careful human reader takes from each, in
// testdata/corpus/labels.json. testdata/corpus/README.md gives the labelling
// rules.
const (
	corpusArticles = "testdata/corpus/articles"
	corpusLabels   = "testdata/corpus/labels.json"
)

// The extractor must reach these on the whole corpus (issue #3, "Must show").
const (
	minPrecision = 0.95
	minRecall    = 0.90
)

// Corpus size the consistency test insists on (issue #3 asks for at least 80
// articles and 20 hard negatives).
const (
	minArticles  = 80
	minNegatives = 20
)

// holdoutPercent is the share of corpus files, chosen by a hash of the file
// name, that the extractor is not tuned on; their figures are reported apart.
const holdoutPercent = 30

// showHoldout lists the hold-out articles' problems too. Off by default so
// that nobody tunes the extractor on them by accident.
var showHoldout = flag.Bool("corpus.holdout", false, "list the hold-out articles' misses and false positives too (do not tune on them)")

// corpusLabel is what labels.json says about one article.
type corpusLabel struct {
	// Published is RFC 3339 with an offset, "YYYY-MM-DD", or null when the
	// article's own publication date cannot be determined.
	Published       *string    `json:"published"`
	Recommendations []labelRec `json:"recommendations"`
}

// labelRec is one labelled recommendation.
type labelRec struct {
	Ticker   *string `json:"ticker"`
	Entity   string  `json:"entity"`
	Action   string  `json:"action"`
	Strength string  `json:"strength"`
	Tradable bool    `json:"tradable"`
}

// key is how a labelled recommendation is matched: its ticker when it has
// one, else its entity name.
func (r labelRec) key() string {
	if r.Ticker != nil {
		return tickerKey(*r.Ticker)
	}
	return entityKey(r.Entity)
}

// recKey is the matching key of an extracted recommendation, built the same
// way as [labelRec.key].
func recKey(r signals.Recommendation) string {
	if r.Ticker != "" {
		return tickerKey(r.Ticker)
	}
	return entityKey(r.Entity)
}

// tickerKey normalises a ticker so that notation does not count as a miss:
// upper case, and the share-class separators "-" and "/" written as ".", so
// BRK-B, BRK/B and BRK.B are one key; a trailing "." (LSE "BP.") is dropped.
// Class letters are kept: GOOG and GOOGL stay apart.
func tickerKey(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.NewReplacer("-", ".", "/", ".").Replace(s)
	return "T:" + strings.TrimSuffix(s, ".")
}

// entityKey normalises a company name: lower case, letters and digits only,
// without a trailing legal-form word (Inc, Corp, plc, …).
func entityKey(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f)
	})
	for len(f) > 1 {
		switch f[len(f)-1] {
		case "inc", "incorporated", "corp", "corporation", "co", "company", "plc", "ltd", "limited", "holdings", "group", "sa", "nv", "ag", "llc":
			f = f[:len(f)-1]
			continue
		}
		break
	}
	return "E:" + strings.Join(f, " ")
}

// loadLabels reads labels.json strictly: unknown fields are errors.
func loadLabels(t testing.TB) map[string]corpusLabel {
	t.Helper()
	b, err := os.ReadFile(corpusLabels)
	if err != nil {
		t.Fatalf("read labels: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var labels map[string]corpusLabel
	if err := dec.Decode(&labels); err != nil {
		t.Fatalf("%s: %v", corpusLabels, err)
	}
	if dec.More() {
		t.Fatalf("%s: trailing data after the JSON object", corpusLabels)
	}
	return labels
}

// corpusFiles lists the article files, relative to corpusArticles with
// forward slashes, in lexical order; names starting with "." or "_" are
// skipped, as article.Walk skips them.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(corpusArticles, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if path != corpusArticles && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(corpusArticles, path)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatalf("list corpus: %v", err)
	}
	return files
}

// fileOf is the file part of a label key ("feed.xml#2" → "feed.xml").
func fileOf(key string) string {
	f, _, _ := strings.Cut(key, "#")
	return f
}

// inHoldout reports whether the file behind key belongs to the hold-out
// set: FNV-1a of the file name, mod 100, below holdoutPercent. All items of
// one feed fall on the same side.
func inHoldout(key string) bool {
	h := fnv.New32a()
	h.Write([]byte(fileOf(key)))
	return h.Sum32()%100 < holdoutPercent
}

// parseLabelTime parses a label's published value: an RFC 3339 instant
// (timed true) or a date (timed false).
func parseLabelTime(s string) (tm time.Time, timed bool, err error) {
	if tm, err := time.Parse(time.DateOnly, s); err == nil {
		return tm, false, nil
	}
	tm, err = time.Parse(time.RFC3339, s)
	return tm, true, err
}

// TestCorpusLabels checks that the corpus and its labels agree: every file
// labelled, every label backed by a file, feed items numbered from 1, valid
// actions and strengths, parseable dates, one label per entity per article,
// and enough articles and negatives.
func TestCorpusLabels(t *testing.T) {
	labels := loadLabels(t)
	files := corpusFiles(t)

	byFile := map[string][]int{} // file → item numbers (0 for a whole-file key)
	for key := range labels {
		f, item, isItem := strings.Cut(key, "#")
		n := 0
		if isItem {
			var err error
			if n, err = strconv.Atoi(item); err != nil || n < 1 {
				t.Errorf("label %q: item number %q is not a positive integer", key, item)
				continue
			}
		}
		byFile[f] = append(byFile[f], n)
	}
	for _, f := range files {
		items, ok := byFile[f]
		if !ok {
			t.Errorf("file %s has no label", f)
			continue
		}
		slices.Sort(items)
		if items[0] == 0 {
			if len(items) > 1 {
				t.Errorf("file %s is labelled both whole and per item", f)
			}
			continue
		}
		for i, n := range items {
			if n != i+1 {
				t.Errorf("file %s: feed items labelled %v, want 1..%d without gaps", f, items, len(items))
				break
			}
		}
	}
	for f := range byFile {
		if _, err := os.Stat(filepath.Join(corpusArticles, filepath.FromSlash(f))); err != nil {
			t.Errorf("label for %s: no such file: %v", f, err)
		}
	}

	negatives := 0
	for key, l := range labels {
		if l.Published != nil {
			if _, _, err := parseLabelTime(*l.Published); err != nil {
				t.Errorf("label %q: published %q is neither RFC 3339 nor YYYY-MM-DD: %v", key, *l.Published, err)
			}
		}
		if l.Recommendations == nil {
			t.Errorf("label %q: recommendations missing (use [] for an article without advice)", key)
		}
		if len(l.Recommendations) == 0 {
			negatives++
		}
		seen := map[string]bool{}
		for i, r := range l.Recommendations {
			where := fmt.Sprintf("label %q recommendation %d (%s)", key, i+1, r.Entity)
			if strings.TrimSpace(r.Entity) == "" {
				t.Errorf("%s: entity is empty", where)
			}
			if _, err := signals.ParseAction(r.Action); err != nil || r.Action != strings.ToLower(r.Action) {
				t.Errorf("%s: action %q is not one of buy, sell, hold, avoid, watch", where, r.Action)
			}
			if _, err := signals.ParseStrength(r.Strength); err != nil || r.Strength == "" {
				t.Errorf("%s: strength %q is not one of strong, normal, weak", where, r.Strength)
			}
			if r.Ticker != nil && (*r.Ticker == "" || *r.Ticker != strings.ToUpper(*r.Ticker)) {
				t.Errorf("%s: ticker %q must be upper case and not empty (null when there is none)", where, *r.Ticker)
			}
			if !r.Tradable && r.Ticker != nil {
				t.Errorf("%s: not tradable but has ticker %q", where, *r.Ticker)
			}
			if r.Tradable && r.Ticker == nil {
				t.Errorf("%s: tradable but has no ticker", where)
			}
			if k := r.key(); seen[k] {
				t.Errorf("%s: second label for %s in one article (one label per entity)", where, k)
			} else {
				seen[k] = true
			}
		}
	}
	if len(labels) < minArticles {
		t.Errorf("corpus has %d labelled articles, want at least %d", len(labels), minArticles)
	}
	if negatives < minNegatives {
		t.Errorf("corpus has %d negatives (no advice), want at least %d", negatives, minNegatives)
	}
	t.Logf("corpus: %d files, %d articles, %d negatives", len(files), len(labels), negatives)
}

// corpusArticle is one parsed corpus article with its label key.
type corpusArticle struct {
	key     string
	article article.Article
}

// readCorpus parses every corpus file with article.ReadFile and keys each
// article as labels.json does: the file's path relative to corpusArticles,
// with "#N" for the Nth item of a feed. It fails the test on a file that
// cannot be read.
func readCorpus(t testing.TB) []corpusArticle {
	t.Helper()
	var out []corpusArticle
	for _, f := range corpusFiles(t) {
		path := filepath.Join(corpusArticles, filepath.FromSlash(f))
		arts, err := article.ReadFile(path, article.Options{})
		if err != nil {
			t.Errorf("read %s: %v", f, err)
			continue
		}
		for i, a := range arts {
			key := f
			if _, item, ok := strings.Cut(a.File, "#"); ok {
				key += "#" + item
			} else if len(arts) > 1 {
				key += "#" + strconv.Itoa(i+1)
			}
			out = append(out, corpusArticle{key: key, article: a})
		}
	}
	return out
}

// score accumulates the figures of one part of the corpus.
type score struct {
	articles           int
	tp, fp, fn         int // (article, ticker-or-entity, action) pairs
	strengthOK         int // matched pairs whose strength agrees
	tradableOK         int // matched pairs whose tradability agrees
	dateOK, dateN      int // articles whose published date in New York agrees
	instantOK, instant int // articles labelled with a time whose instant agrees
	noDateOK, noDateN  int // articles labelled null that were given no date
}

func (s *score) add(o score) {
	s.articles += o.articles
	s.tp += o.tp
	s.fp += o.fp
	s.fn += o.fn
	s.strengthOK += o.strengthOK
	s.tradableOK += o.tradableOK
	s.dateOK += o.dateOK
	s.dateN += o.dateN
	s.instantOK += o.instantOK
	s.instant += o.instant
	s.noDateOK += o.noDateOK
	s.noDateN += o.noDateN
}

// ratio is a/b, NaN when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// precision is tp/(tp+fp): the share of extracted pairs a human labelled.
func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }

// recall is tp/(tp+fn): the share of labelled pairs the extractor found.
func (s score) recall() float64 { return ratio(s.tp, s.tp+s.fn) }

func (s score) String() string {
	return fmt.Sprintf("articles %d; pairs tp %d fp %d fn %d; precision %.3f recall %.3f; "+
		"strength %.3f (%d/%d); tradable %.3f; published date %.3f (%d/%d), instant %.3f (%d/%d), none %.3f (%d/%d)",
		s.articles, s.tp, s.fp, s.fn, s.precision(), s.recall(),
		ratio(s.strengthOK, s.tp), s.strengthOK, s.tp, ratio(s.tradableOK, s.tp),
		ratio(s.dateOK, s.dateN), s.dateOK, s.dateN,
		ratio(s.instantOK, s.instant), s.instantOK, s.instant,
		ratio(s.noDateOK, s.noDateN), s.noDateOK, s.noDateN)
}

// newYork is the exchange's zone: a published instant counts by its New York
// date, the one the backtest trades on.
func newYork(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("load America/New_York: %v", err)
	}
	return loc
}

// gotDate is the date an extracted article was published: the date itself
// for a date-only value (stored at 00:00 UTC), else the New York date.
func gotDate(a article.Article, ny *time.Location) string {
	if a.DateOnly {
		return a.Published.UTC().Format(time.DateOnly)
	}
	return a.Published.In(ny).Format(time.DateOnly)
}

// scoreArticle compares one extraction with its label, appending a line to
// problems for every miss, false positive, strength or tradability mismatch
// and wrong date.
func scoreArticle(key string, l corpusLabel, ex signals.Extraction, ny *time.Location, problems *[]string) score {
	s := score{articles: 1}
	report := func(format string, args ...any) {
		*problems = append(*problems, key+": "+fmt.Sprintf(format, args...))
	}

	want := map[string]labelRec{}
	for _, r := range l.Recommendations {
		want[r.key()+" "+r.Action] = r
	}
	got := map[string]signals.Recommendation{}
	var gotKeys []string
	for _, r := range ex.Recommendations {
		k := recKey(r) + " " + string(r.Action)
		if _, dup := got[k]; dup {
			continue // the same pair twice is one pair
		}
		got[k] = r
		gotKeys = append(gotKeys, k)
	}
	for _, k := range gotKeys {
		r := got[k]
		w, ok := want[k]
		if !ok {
			s.fp++
			report("false positive %s %s (ticker %q, entity %q, strength %s) evidence %q", r.Action, strings.TrimPrefix(recKey(r), "T:"), r.Ticker, r.Entity, r.Strength, r.Evidence)
			continue
		}
		s.tp++
		if string(r.Strength) == w.Strength {
			s.strengthOK++
		} else {
			report("strength of %s %s: got %s, want %s; evidence %q", r.Action, w.Entity, r.Strength, w.Strength, r.Evidence)
		}
		if r.Tradable == w.Tradable {
			s.tradableOK++
		} else {
			report("tradable of %s %s: got %t (%s), want %t", r.Action, w.Entity, r.Tradable, r.Reason, w.Tradable)
		}
	}
	for _, r := range l.Recommendations {
		if _, ok := got[r.key()+" "+r.Action]; !ok {
			s.fn++
			ticker := "null"
			if r.Ticker != nil {
				ticker = *r.Ticker
			}
			report("missed %s %s (ticker %s, %s)", r.Action, r.Entity, ticker, r.Strength)
		}
	}

	a := ex.Article
	if l.Published == nil {
		s.noDateN++
		if a.Published.IsZero() {
			s.noDateOK++
		} else {
			report("published: got %s (%s), want none", a.Published.Format(time.RFC3339), a.PublishedFrom)
		}
		return s
	}
	wantTime, timed, err := parseLabelTime(*l.Published)
	if err != nil {
		report("bad label published %q: %v", *l.Published, err)
		return s
	}
	wantDate := *l.Published
	if timed {
		wantDate = wantTime.In(ny).Format(time.DateOnly)
	}
	s.dateN++
	switch {
	case a.Published.IsZero():
		report("published: got none, want %s", *l.Published)
	case gotDate(a, ny) != wantDate:
		report("published: got %s (date only %t, from %s), want %s", a.Published.Format(time.RFC3339), a.DateOnly, a.PublishedFrom, *l.Published)
	default:
		s.dateOK++
	}
	if timed {
		s.instant++
		if !a.Published.IsZero() && !a.DateOnly && a.Published.Equal(wantTime) {
			s.instantOK++
		} else if !a.Published.IsZero() && gotDate(a, ny) == wantDate {
			report("published instant: got %s (date only %t, from %s), want %s", a.Published.Format(time.RFC3339), a.DateOnly, a.PublishedFrom, *l.Published)
		}
	}
	return s
}

// TestCorpusScore runs the extractor over every corpus article and compares
// it with the labels. It reports precision and recall of (article,
// ticker-or-entity, action) pairs, strength and tradability accuracy on the
// matched pairs, and published-date accuracy, on the whole corpus, on the
// tuning part and on the hold-out part, and lists every problem on the
// tuning part (and, with -corpus.holdout, on the hold-out part). It fails
// when precision on the whole is below minPrecision or recall below
// minRecall.
//
//	precision = tp / (tp + fp)     recall = tp / (tp + fn)
func TestCorpusScore(t *testing.T) {
	labels := loadLabels(t)
	arts := readCorpus(t)
	ny := newYork(t)
	ex := signals.NewExtractor(symbols.Builtin(), signals.ExtractOptions{})

	var whole, tune, holdout score
	var problems, holdoutProblems []string
	seen := map[string]bool{}
	for _, ca := range arts {
		l, ok := labels[ca.key]
		if !ok {
			t.Errorf("article %s (%s) has no label: the reader found an article the corpus does not have", ca.key, ca.article.Title)
			continue
		}
		seen[ca.key] = true
		p := &problems
		if inHoldout(ca.key) {
			p = &holdoutProblems
		}
		s := scoreArticle(ca.key, l, ex.Extract(ca.article), ny, p)
		whole.add(s)
		if inHoldout(ca.key) {
			holdout.add(s)
		} else {
			tune.add(s)
		}
	}
	for key, l := range labels {
		if seen[key] {
			continue
		}
		// An article the reader did not produce: every label is a miss.
		t.Errorf("label %s: the reader produced no such article", key)
		s := score{articles: 1, fn: len(l.Recommendations)}
		if l.Published == nil {
			s.noDateN++
		} else {
			s.dateN++
			if _, timed, _ := parseLabelTime(*l.Published); timed {
				s.instant++
			}
		}
		whole.add(s)
		if inHoldout(key) {
			holdout.add(s)
		} else {
			tune.add(s)
		}
	}

	slices.Sort(problems)
	slices.Sort(holdoutProblems)
	for _, p := range problems {
		t.Logf("tune: %s", p)
	}
	if *showHoldout {
		for _, p := range holdoutProblems {
			t.Logf("holdout: %s", p)
		}
	} else {
		t.Logf("holdout: %d problems not listed (-corpus.holdout lists them)", len(holdoutProblems))
	}
	t.Logf("whole:   %v", whole)
	t.Logf("tune:    %v", tune)
	t.Logf("holdout: %v", holdout)

	if p := whole.precision(); !(p >= minPrecision) {
		t.Errorf("precision of (ticker, action) pairs = %.3f, want >= %.2f", p, minPrecision)
	}
	if r := whole.recall(); !(r >= minRecall) {
		t.Errorf("recall of (ticker, action) pairs = %.3f, want >= %.2f", r, minRecall)
	}
}

// TestCorpusScoreMatching checks the scorer itself on hand-made extractions,
// so that a wrong figure cannot come from the test.
func TestCorpusScoreMatching(t *testing.T) {
	ny := newYork(t)
	str := func(s string) *string { return &s }
	label := corpusLabel{
		Published: str("2025-06-09T06:55:00-04:00"),
		Recommendations: []labelRec{
			{Ticker: str("BRK.B"), Entity: "Berkshire Hathaway", Action: "hold", Strength: "normal", Tradable: true},
			{Ticker: nil, Entity: "Scale AI", Action: "avoid", Strength: "normal", Tradable: false},
			{Ticker: str("META"), Entity: "Meta", Action: "buy", Strength: "weak", Tradable: true},
		},
	}
	published := time.Date(2025, 6, 9, 10, 55, 0, 0, time.UTC)
	tests := []struct {
		name string
		recs []signals.Recommendation
		pub  time.Time
		only bool
		want score
	}{
		{
			name: "all found, notation differs",
			recs: []signals.Recommendation{
				{Ticker: "BRK-B", Entity: "Berkshire", Action: signals.Hold, Strength: signals.Normal, Tradable: true},
				{Entity: "Scale AI Inc.", Action: signals.Avoid, Strength: signals.Normal},
				{Ticker: "META", Entity: "Meta Platforms", Action: signals.Buy, Strength: signals.Weak, Tradable: true},
				{Ticker: "META", Entity: "Meta", Action: signals.Buy, Strength: signals.Weak, Tradable: true},
			},
			pub:  published,
			want: score{articles: 1, tp: 3, strengthOK: 3, tradableOK: 3, dateOK: 1, dateN: 1, instantOK: 1, instant: 1},
		},
		{
			name: "wrong action, extra ticker, wrong strength, date only",
			recs: []signals.Recommendation{
				{Ticker: "BRK.B", Action: signals.Buy, Strength: signals.Normal, Tradable: true},
				{Ticker: "MSFT", Action: signals.Buy, Strength: signals.Normal, Tradable: true},
				{Ticker: "META", Action: signals.Buy, Strength: signals.Normal, Tradable: true},
			},
			pub:  time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC),
			only: true,
			want: score{articles: 1, tp: 1, fp: 2, fn: 2, tradableOK: 1, dateOK: 1, dateN: 1, instant: 1},
		},
		{
			name: "nothing found, no date",
			want: score{articles: 1, fn: 3, dateN: 1, instant: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var problems []string
			ex := signals.Extraction{
				Article:         article.Article{Published: tt.pub, DateOnly: tt.only},
				Recommendations: tt.recs,
			}
			got := scoreArticle("x.txt", label, ex, ny, &problems)
			if got != tt.want {
				t.Errorf("scoreArticle = %+v, want %+v; problems %q", got, tt.want, problems)
			}
		})
	}
}

// TestCorpusHoldout checks that the hold-out split is stable and near its
// intended share, so tuning cannot quietly move files across it.
func TestCorpusHoldout(t *testing.T) {
	files := corpusFiles(t)
	n := 0
	for _, f := range files {
		if inHoldout(f) {
			n++
		}
		if inHoldout(f) != inHoldout(f+"#3") {
			t.Errorf("feed items of %s fall on different sides of the split", f)
		}
	}
	share := ratio(n, len(files))
	t.Logf("hold-out: %d of %d files (%.0f%%)", n, len(files), 100*share)
	if share < 0.15 || share > 0.45 {
		t.Errorf("hold-out share = %.2f, want near %.2f", share, holdoutPercent/100.0)
	}
}
