package signals

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unsafe"

	"github.com/tipster/tipster/data/symbols"
	"github.com/tipster/tipster/signals/article"
)

// Version identifies the extraction rules; caches of extraction results
// include it in their key so that a rule change invalidates them.
const Version = "extract-3"

// Recommendation is one call an article makes about one entity, after
// merging every mention of that entity in the article.
type Recommendation struct {
	Entity   string // the name as the article gives it
	Ticker   string // empty when not tradable
	Tradable bool
	Reason   string // why not tradable ("not tradable: private company")
	Action   Action
	Strength Strength
	// Conditions is the condition attached to the call ("until regulatory
	// clarity emerges", "below $850"); empty when none.
	Conditions string
	// Horizon is the holding horizon when stated ("over the next 12 months").
	Horizon string
	// PriceTarget is the stated price target in the quote currency; 0 when none.
	PriceTarget float64
	// Evidence is the sentence that carries the decisive call.
	Evidence string
	// Confidence is 0..1: how sure the rules are that this is the article's
	// advice about this entity.
	Confidence float64
	// Proxy is true when Ticker is a configured proxy for an untradable entity.
	Proxy bool
	// Analyst and Firm are set when the call is an analyst's rating reported
	// by the article ("Morgan Stanley's Joseph Moore upgraded …").
	Analyst, Firm string
	// Notes records the other calls the article makes about the entity when
	// its advice is mixed ("hold: Hold for long-term upside if the deal closes").
	Notes []string
}

// ExtractOptions configures an [Extractor].
type ExtractOptions struct {
	// Aliases maps names to tickers (config symbols.aliases); they win over
	// the directory.
	Aliases map[string]string
	// Proxies maps untradable entities to a ticker traded in their place
	// (config symbols.proxies); recommendations using one have Proxy set.
	Proxies map[string]string
}

// Extractor finds recommendations in articles. It is safe for concurrent use.
type Extractor struct {
	pool    sync.Pool // of *state, so buffers are reused between articles
	dir     *symbols.Directory
	proxies map[string]string // normalised name → ticker
	first   map[string]bool   // normalised first words of directory names
	prefix  map[string]bool   // every proper word prefix of a name ("bank of" for "bank of america")
	maxW    int
}

// NewExtractor returns an extractor resolving names with dir (the built-in
// directory when nil) and the aliases and proxies of opt. It copies dir.
func NewExtractor(dir *symbols.Directory, opt ExtractOptions) *Extractor {
	if dir == nil {
		dir = symbols.Builtin()
	} else {
		dir = dir.Clone()
	}
	for name, t := range opt.Aliases {
		dir.AddAlias(name, t)
	}
	e := &Extractor{dir: dir, proxies: map[string]string{}, first: map[string]bool{}}
	for name, t := range opt.Proxies {
		e.proxies[symbols.Normalize(name)] = symbols.NormalizeTicker(t)
	}
	e.prefix = map[string]bool{}
	addName := func(k string) {
		w, _, _ := strings.Cut(k, " ")
		e.first[w] = true
		for i := 0; i < len(k); i++ {
			if k[i] == ' ' {
				e.prefix[k[:i]] = true
			}
		}
	}
	for k := range dir.All() {
		addName(k)
	}
	for k := range firms {
		addName(k)
	}
	e.maxW = max(dir.MaxWords(), 4)
	e.pool.New = func() any { return &state{e: e} }
	return e
}

// Extraction is what one article yields.
type Extraction struct {
	Article         article.Article
	Recommendations []Recommendation
	// Warnings are the article's reader warnings followed by extraction ones.
	Warnings []string
}

// Signals turns the recommendations into dated signals: one per
// recommendation, with the article's publication time, source, author and
// file. A rating the article reports from an analyst or firm is attributed
// to them: Source is the firm and Author the analyst.
func (x Extraction) Signals() []Signal {
	out := make([]Signal, 0, len(x.Recommendations))
	for _, r := range x.Recommendations {
		s := Signal{
			Published:     x.Article.Published,
			DateOnly:      x.Article.DateOnly,
			Ticker:        r.Ticker,
			Entity:        r.Entity,
			Action:        r.Action,
			Strength:      r.Strength,
			Conditions:    r.Conditions,
			Horizon:       r.Horizon,
			PriceTarget:   r.PriceTarget,
			Source:        x.Article.Source,
			Author:        x.Article.Author,
			Tradable:      r.Tradable,
			Reason:        r.Reason,
			Proxy:         r.Proxy,
			Article:       x.Article.File,
			Evidence:      r.Evidence,
			PublishedFrom: x.Article.PublishedFrom,
			Confidence:    r.Confidence,
		}
		if r.Firm != "" {
			s.Source = r.Firm
			s.Author = r.Analyst
		}
		out = append(out, s)
	}
	return out
}

// cand is one call about one entity at one place in the article.
type cand struct {
	m        mention
	c        call
	rank     int // 3 recommendation section, 2 title, label or list, 1 body
	sent     int // sentence number in the article
	order    int // call number in the article
	contrast bool
	// conditional is true for calls in an "If it dumps 10%, I'll buy"
	// sentence: an unconditional call for the same entity is more decisive.
	conditional bool
	conf        float64
	evidence    string
	cond        string
	horizon     string
	pt          float64
	analyst     string
	firm        string
}

// Extract finds the recommendations in one article.
func (e *Extractor) Extract(a article.Article) Extraction {
	x := Extraction{Article: a, Warnings: slices.Clone(a.Warnings)}
	st := e.pool.Get().(*state)
	defer func() {
		toks, ms, sm, mb, cs, kb, cb, lb, tb := st.toks[:0], st.msBuf[:0], st.smBuf[:0], st.matchBuf[:0], st.cands[:0], st.keyBuf[:0], st.callBuf[:0], st.lowBuf[:0], st.targetBuf[:0]
		clear(cs[:cap(cs)])
		seen, local, localFirst, localPrefix := st.seen, st.local, st.localFirst, st.localPrefix
		clear(seen)
		clear(local)
		clear(localFirst)
		clear(localPrefix)
		*st = state{e: e, toks: toks, msBuf: ms, smBuf: sm, matchBuf: mb, cands: cs, keyBuf: kb, callBuf: cb, seen: seen, lowBuf: lb, targetBuf: tb,
			local: local, localFirst: localFirst, localPrefix: localPrefix}
		e.pool.Put(st)
	}()
	text := a.Text
	st.titleText = strings.TrimSpace(a.Title)
	st.title.retro = isRetroHeading(strings.ToLower(st.titleText))
	if len(a.Tickers) == 1 {
		// front matter names the article's stock: "the stock" means it
		t := symbols.NormalizeTicker(a.Tickers[0])
		m := mention{name: t, ticker: t, tradable: true, explicit: true}
		if en, ok := e.dir.Ticker(t); ok {
			m.name, m.canon, m.ticker, m.tradable, m.reason = en.Name, en.Name, en.Ticker, en.Tradable, en.Reason
		}
		m.key = keyOf(m)
		st.fmSubject = &m
		st.title.subject = &m
	}
	if a.Title != "" && !strings.HasPrefix(strings.TrimLeft(text, "# \n"), st.titleText) {
		st.line(a.Title, true, true, true)
	}
	// Lower-case the text once, into a buffer the state keeps between
	// articles; each line's tokens slice it. Strings that slice it must not
	// outlive this call: detach copies those the result keeps.
	st.lowBuf = appendLower(st.lowBuf[:0], text)
	low := ""
	if len(st.lowBuf) > 0 {
		low = unsafe.String(&st.lowBuf[0], len(st.lowBuf))
	}
	off := 0
	for line := range strings.Lines(text) {
		st.lowLine = ""
		if len(low) == len(text) {
			st.lowLine = low[off : off+len(line)]
		}
		off += len(line)
		st.line(line, false, false, st.lineNo == 0)
	}
	st.finishList()
	x.Recommendations = st.merge()
	x.Warnings = append(x.Warnings, st.warnings...)
	st.detach(&x)
	return x
}

// detach gives the strings of the results that slice the state's reused
// lower-case buffer memory of their own: the next article overwrites it.
// (The rules build results from the original text today; this keeps a
// future rule that quotes a lower-case token from corrupting results.)
func (st *state) detach(x *Extraction) {
	if len(st.lowBuf) == 0 {
		return
	}
	lo := uintptr(unsafe.Pointer(&st.lowBuf[0]))
	hi := lo + uintptr(cap(st.lowBuf))
	own := func(p *string) {
		if len(*p) > 0 {
			if a := uintptr(unsafe.Pointer(unsafe.StringData(*p))); a >= lo && a < hi {
				*p = strings.Clone(*p)
			}
		}
	}
	for i := range x.Recommendations {
		r := &x.Recommendations[i]
		for _, p := range []*string{&r.Entity, &r.Ticker, &r.Reason, &r.Conditions, &r.Horizon, &r.Evidence, &r.Analyst, &r.Firm} {
			own(p)
		}
		for k := range r.Notes {
			own(&r.Notes[k])
		}
	}
	for i := range x.Warnings {
		own(&x.Warnings[i])
	}
}

// section is the part of an article under one heading.
type section struct {
	rec bool // a recommendation section: its calls outrank passing remarks
	// retro marks a look back at past calls ("Scorecard: how our 2024
	// calls did"): its calls are a record, not advice. A retrospective
	// title makes the whole article one, except sections whose heading
	// is fresh ("Our picks for 2025", "New ideas").
	retro, fresh bool
	subject      *mention
	listAction   Action
	listStr      Strength
	listItems    []mention
	// listEvidence is the heading that declared the list.
	listEvidence string
}

type state struct {
	e        *Extractor
	cands    []cand
	sec      section
	title    section // the title's list action and subject apply to the whole article
	last     *mention
	nsent    int
	ncall    int
	toks     []tok
	warnings []string
	seen     map[string]bool // keys of entities with a trusted mention
	// local are names the article tied to an explicit ticker ("Tesco (LON:
	// TSCO)"): later bare mentions of the name resolve to it.
	local        map[string]mention
	localFirst   map[string]bool
	localPrefix  map[string]bool // word prefixes of local names
	keyBuf       []byte
	titleText    string
	lineNo       int
	lastSent     int       // sentence number of st.last
	lastTradable *mention  // the last tradable entity named
	lowLine      string    // the current line in lower case, when known
	fmSubject    *mention  // the one ticker front matter names, for "the stock"
	curRank      int       // rank of the sentence being read
	curMs        []mention // mentions of the sentence being read
	callBuf      []call
	lastBuf      mention // storage for last and lastTradable: no allocation per sentence
	lastTBuf     mention
	inTable      bool // the current line is a table row
	// asked is the action a question or a "my picks" line asked names
	// for ("Any names you'd avoid?"): the names given in answer take it.
	asked    Action
	curTitle int8      // the sentence being read is in title case: 0 unknown, 1 no, 2 yes
	curBNPL  int8      // it says "buy now, pay later": 0 unknown, 1 no, 2 yes
	curSaid  int       // first past verb of saying in a past-dated sentence: -2 unknown, -1 none
	limit    int8      // the line names a risk limit: 0 unknown, 1 no, 2 yes
	lastLine int       // line number of st.last
	msBuf    []mention // reused between lines
	matchBuf []match
	smBuf    []mention // reused between sentences
	lowBuf   []byte    // the article in lower case, reused between articles
	// op is the forum poster ("Posted by u/NAME"), once read; inComment
	// is true inside another user's comment.
	op        string
	inComment bool
	// disowned are the sentence numbers that say the writer's own trade is
	// not advice; merge drops first-person trades within two sentences.
	disowned  []int
	targetBuf []target // attach's result, reused between calls
}

// recHeadings are words that make a heading a recommendation section.
var recHeadings = []string{
	"recommendation", "recommendations", "verdict", "bottom line", "our rating", "rating",
	"our take", "our call", "the call", "action plan", "what to do", "how to play",
	"trade idea", "trade ideas", "our picks", "final call", "conclusion", "the trade", "my take",
	"takeaway", "investment thesis", "our view", "final word", "what i'd do", "what we'd do",
	"investment advice", "actionable", "investment strategy", "investor takeaway", "key takeaways",
	"positioning", "the play", "how to invest", "investor action",
}

// isRecHeading reports whether the lower-case text l holds one of the
// recHeadings as whole words. It tries only the headings that start with
// the letter of each word of l.
func isRecHeading(l string) bool {
	for i := 0; i < len(l); i++ {
		if c := l[i]; c < 'a' || c > 'z' || i > 0 && isLetterByte(l[i-1]) {
			continue
		}
		for _, h := range recHeadingsBy[l[i]-'a'] {
			if end := i + len(h); strings.HasPrefix(l[i:], h) && (end == len(l) || !isLetterByte(l[end])) {
				return true
			}
		}
	}
	return false
}

// recHeadingsBy are the recHeadings by first letter.
var recHeadingsBy = func() (by [26][]string) {
	for _, h := range recHeadings {
		by[h[0]-'a'] = append(by[h[0]-'a'], h)
	}
	return by
}()

// isRetroHeading reports whether a lower-case heading announces a look
// back at past calls: "Scorecard: how our 2024 calls did", "Keeping score",
// "Our track record", "2025 in review: grading our picks". One pass over
// its words.
func isRetroHeading(l string) bool {
	noun, judged := false, false
	prev := ""
	for i := 0; i < len(l); {
		if !isLetterByte(l[i]) {
			i++
			continue
		}
		j := i
		for j < len(l) && isLetterByte(l[j]) {
			j++
		}
		w := l[i:j]
		switch w {
		case "scorecard", "grading":
			return true
		case "card":
			if prev == "report" || prev == "score" {
				return true
			}
		case "record":
			if prev == "track" {
				return true
			}
		case "score":
			if prev == "keeping" {
				return true
			}
		case "review":
			if prev == "in" {
				return true
			}
		case "back":
			if prev == "looking" || prev == "look" {
				return true
			}
		case "calls", "picks", "recommendations", "predictions", "ideas":
			noun = true
		case "did":
			judged = true
			if prev == "we" {
				return true // "how we did"
			}
		case "fared", "worked", "performed", "went", "held", "graded", "aged":
			judged = true
		}
		prev = w
		i = j
	}
	return noun && judged
}

// isFreshHeading reports whether a lower-case heading introduces new calls
// inside a retrospective article: "New ideas", "Fresh picks", "What we'd
// buy now". ("The calls for 2025" in a look back at 2025 is not.)
func isFreshHeading(l string) bool {
	for _, p := range []string{"new ", "fresh", " now", "next year", "this year"} {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// line processes one line of text.
func (st *state) line(raw string, isTitle, forceHeading, maybeTitle bool) {
	s := strings.TrimSpace(raw)
	if s == "" {
		st.inComment = false // a comment runs to the end of its paragraph
		return
	}
	st.lineNo++
	heading := forceHeading
	if strings.HasPrefix(s, "#") && !strings.HasPrefix(strings.TrimLeft(s, "# "), "|") {
		// "# | Company | Ticker" is a table's header row, not a heading
		heading = true
		s = strings.TrimSpace(strings.TrimLeft(s, "#"))
	}
	// bullets and numbering
	item := false
	for _, b := range []string{"- ", "* ", "• ", "· ", "– ", "— ", "+ ", "> "} {
		if strings.HasPrefix(s, b) {
			s = strings.TrimSpace(s[len(b):])
			item = true
			break
		}
	}
	s = strings.Trim(s, "*_")
	numbered := false
	if n := numberPrefix(s); n > 0 {
		s = strings.TrimSpace(s[n:])
		numbered = true
	}
	if s == "" {
		return
	}
	if st.otherUsersComment(s) {
		return // forum posts: only the poster's own advice counts
	}
	table := strings.Count(s, "|") >= 2 || strings.HasPrefix(s, "|")
	if table && strings.Trim(s, "|-: ") == "" {
		return
	}
	lowS := ""
	if st.lowLine != "" {
		if k := strings.Index(raw, s); k >= 0 {
			lowS = st.lowLine[k : k+len(s)]
		}
	}
	st.toks = tokenizeLow(s, lowS, st.toks[:0])
	st.limit = 0
	toks := st.toks
	if len(toks) == 0 {
		return
	}
	if !isTitle && !forceHeading && (!maybeTitle || siteMenu(toks)) && pageFurniture(toks) {
		return // a related-article link, a site menu or a quote widget
	}
	if table && ratingScaleRow(s) {
		return // "Buy | Hold | Sell | Goldman Sachs, BofA": a firm's rating scale
	}
	last := toks[len(toks)-1]
	words := 0
	for _, t := range toks {
		if t.kind != kPunct {
			words++
		}
	}
	if !heading && !item && !table && words <= 12 && !(last.kind == kPunct && strings.Contains(".!?\"”", last.s)) {
		heading = true
	}
	st.inTable = table
	ms := st.mentions(toks, s)
	if table {
		markFirms(ms)
	}

	// Label lines: "Recommendation: Buy", "Scale AI: Hold …", "Buy: …".
	labelEnd := -1
	depth := 0
	for i, t := range toks {
		if t.s == "(" {
			depth++
		} else if t.s == ")" {
			depth--
		}
		if t.s == ":" && depth == 0 && i > 0 && i <= 8 {
			if _, ex := exchanges[toks[i-1].l]; ex && toks[i-1].upper {
				continue
			}
			labelEnd = i
			break
		}
		if t.kind == kPunct && (t.s == "." || t.s == "?" || t.s == "!") {
			break
		}
	}
	if labelEnd > 0 && labelEnd < len(toks)-1 && isRatingWord(toks[labelEnd-1].l) && onlyFigures(toks[labelEnd+1:]) {
		return // "Sell: 1", "Strong Buy: 12 (40%)": a row of a ratings tally
	}
	if labelEnd == 1 && (toks[0].l == "watch" || toks[0].l == "video") && (toks[0].upper || toks[2].kind == kWord && toks[2].base != toks[2].l) {
		return // "WATCH: Berkshire's Apple sales explained", "Watch: Morgan Stanley's strategist on …": a video link
	}
	lineRec := false
	var lineSubject *mention
	var labelCall *call
	if labelEnd > 0 && labelEnd < len(toks)-1 {
		label := lowS
		if label == "" {
			label = strings.ToLower(s)
		}
		label = label[:min(len(label), toks[labelEnd].pos)]
		if strings.Contains(label, "previous") || strings.Contains(label, "prior rating") || strings.Contains(label, "old rating") {
			return // "Previous rating: Buy": the rating it had
		}
		if isRecHeading(label) {
			lineRec = true
		}
		for k := range ms {
			if ms[k].j <= labelEnd && !ms[k].firm {
				if lineSubject == nil || lineSubject.key == ms[k].key {
					lineSubject = &ms[k]
				} else {
					lineSubject = nil
					break
				}
			}
		}
		if c, ok := labelAction(toks[:labelEnd]); ok {
			labelCall = &c
		}
	}
	if heading && labelEnd < 0 || heading && labelEnd == len(toks)-1 {
		// A heading opens a section.
		if maybeTitle && !isTitle && (st.titleText == "" || strings.EqualFold(strings.TrimSpace(s), st.titleText)) {
			isTitle = true
		}
		subj := singleSubject(ms)
		if !isTitle {
			old := st.sec
			carry := old.listAction != "" && subj != nil
			if !carry {
				st.finishSection(&st.sec)
			}
			lowHeading := lowS
			if lowHeading == "" {
				lowHeading = strings.ToLower(s)
			}
			st.sec = section{rec: isRecHeading(lowHeading) || old.rec && subj != nil, retro: isRetroHeading(lowHeading)}
			st.sec.fresh = st.sec.rec || st.title.retro && isFreshHeading(lowHeading) // only a retrospective needs it
			if carry {
				st.sec.listAction, st.sec.listStr, st.sec.listItems = old.listAction, old.listStr, old.listItems
			}
			st.last = nil
		}
		if subj != nil {
			cp := *subj
			subj = &cp
			st.sec.subject = subj
			if st.title.listAction != "" || st.sec.listAction != "" {
				st.addListItem(*subj)
			}
		}
		a, sg, ok := listTitle(toks)
		if !ok {
			a, sg, ok = headingAction(toks)
		}
		if ok {
			if isTitle {
				st.title.listAction, st.title.listStr, st.title.listEvidence = a, sg, s
			} else {
				st.sec.listAction, st.sec.listStr, st.sec.listEvidence = a, sg, s
			}
		}
		if isTitle {
			st.title.subject = subj
			if st.titleText == "" { // a known title was read at the start
				st.title.retro = isRetroHeading(strings.ToLower(s))
			}
		}
		// Headlines carry calls too ("Morgan Stanley upgrades NVDA to Overweight");
		// a list heading's own call is generic, below any specific one.
		rank := 1
		if isTitle {
			rank = 2
		}
		if ok {
			rank = 0
		}
		if !isTitle {
			st.asked = ""
		}
		st.sentences(toks, ms, s, rank, nil, nil, true, false)
		return
	}
	rank := 1
	if st.sec.rec || lineRec {
		rank = 3
	} else if labelCall != nil {
		rank = 2
	}
	if lineSubject == nil && (item || numbered || table || len(ms) > 0 && ms[0].i == 0 && !ms[0].firm) {
		lineSubject = leadingSubject(ms, toks, labelEnd)
	}
	if st.title.listAction != "" || st.sec.listAction != "" {
		// "$SHOP — earnings gap filled": every name that opens an item
		for k := range ms {
			if m := ms[k]; !m.firm && m.j < len(toks) && (m.i == 0 || toks[m.i-1].kind == kPunct || toks[m.i-1].kind == kNum) && strings.Contains("—–-:", toks[m.j].s) && toks[m.j].kind == kPunct {
				st.addListItem(m)
			}
		}
	}
	if (item || numbered || table || len(ms) > 0 && ms[0].i == 0 && !notListed.in(toks)) && (st.title.listAction != "" || st.sec.listAction != "") {
		if subj := leadingSubject(ms, toks, labelEnd); subj != nil {
			st.addListItem(*subj)
		}
	}
	if labelCall != nil && labelEnd >= 0 {
		// "Buy: For long-term investors, Meta's …" — the label is the call;
		// the item's subject is its explicit ticker or first entity.
		subj := lineSubject
		if subj == nil {
			subj = st.labelSubject(ms)
		}
		if subj != nil {
			c := *labelCall
			st.add(cand{m: *subj, c: c, rank: max(rank, 2), conf: 0.85, evidence: s}, toks, labelEnd+1, len(toks), s)
		}
		st.sentences(toks[labelEnd+1:], shift(ms, labelEnd+1), s, rank, lineSubject, labelCall, false, table)
		return
	}
	if !hasTrigger(toks) && !(st.asked != "" || mayAsk(s)) {
		// No advice word on the line: only keep track of what it named.
		st.skipLine(toks, ms)
		return
	}
	st.sentences(toks, ms, s, rank, lineSubject, nil, false, table)
}

// hasTrigger reports whether any token may start an advice phrase.
func hasTrigger(toks []tok) bool {
	for i := range toks {
		if lex.starts(&toks[i]) {
			return true
		}
	}
	return false
}

// skipLine does for a line without advice what sentences would: count its
// sentences and remember the last entity it named.
func (st *state) skipLine(toks []tok, ms []mention) {
	n := 0
	for i := range toks {
		if t := toks[i]; t.kind == kPunct && (t.s == "." || t.s == "!" || t.s == "?") {
			n++
		}
	}
	st.nsent += max(n, 1)
	for k := len(ms) - 1; k >= 0; k-- {
		if !ms[k].firm && !ms[k].common {
			st.lastBuf = ms[k]
			st.last = &st.lastBuf
			st.lastSent = st.nsent
			st.lastLine = st.lineNo
			break
		}
	}
	for k := len(ms) - 1; k >= 0; k-- {
		if !ms[k].firm && !ms[k].common && ms[k].tradable {
			st.lastTBuf = ms[k]
			st.lastTradable = &st.lastTBuf
			break
		}
	}
}

// markFirms treats names that are also analyst firms ("BofA", "Citi") as
// the firm when another entity is named beside them.
func markFirms(ms []mention) {
	other := false
	for _, m := range ms {
		if m.firmName == "" {
			other = true
		}
	}
	if !other {
		return
	}
	for k := range ms {
		if ms[k].firmName != "" {
			ms[k].firm = true
			ms[k].name = ms[k].firmName
		}
	}
}

// recommendNegated reports a negated "recommend" earlier in the clause.
func recommendNegated(toks []tok, i int) bool {
	for k := i - 1; k >= 1 && k >= i-8; k-- {
		if toks[k].kind == kPunct && toks[k].s != "'" {
			return false
		}
		if strings.HasPrefix(toks[k].l, "recommend") || toks[k].l == "suggesting" || toks[k].l == "advising" {
			n := toks[k-1].l
			return n == "not" || n == "never" || strings.HasSuffix(n, "n't")
		}
	}
	return false
}

// insideMention reports whether token i is part of a named entity.
func insideMention(ms []mention, i int) bool {
	for k := range ms {
		if ms[k].i <= i && i < ms[k].j && !ms[k].explicit && !ms[k].firm && !ms[k].common {
			return true // a common word without evidence ("On" for On Holding) may still be advice
		}
		if ms[k].i > i {
			break
		}
	}
	return false
}

// shift re-bases mentions after dropping the first n tokens.
func shift(ms []mention, n int) []mention {
	out := make([]mention, 0, len(ms))
	for _, m := range ms {
		if m.i >= n {
			m.i -= n
			m.j -= n
			out = append(out, m)
		}
	}
	return out
}

func numberPrefix(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 2 || i >= len(s) {
		return 0
	}
	if (s[i] == '.' || s[i] == ')') && i+1 < len(s) && s[i+1] == ' ' {
		return i + 1
	}
	return 0
}

// labelAction reads a label that is itself a call: "Buy", "Strong Buy",
// "Avoid", "Watch", "Rating: Outperform" is handled as a sentence instead.
func labelAction(toks []tok) (call, bool) {
	if c, ok := verbLabel(toks); ok {
		return c, true
	}
	if len(toks) == 0 || len(toks) > 3 {
		return call{}, false
	}
	ms := lex.matchAt(toks, 0, nil)
	for _, m := range ms {
		if m.j == len(toks) && m.p.kind != pFirst {
			c, ok := interpret(toks, m, true)
			if ok {
				c.i, c.j = 0, len(toks)
				return c, true
			}
		}
	}
	return call{}, false
}

// singleSubject is the one entity a heading names, or nil.
func singleSubject(ms []mention) *mention {
	var s *mention
	for k := range ms {
		if ms[k].firm {
			continue
		}
		if s != nil && s.key != ms[k].key {
			return nil
		}
		if s == nil {
			s = &ms[k]
		}
	}
	return s
}

// leadingSubject is the entity a list item or table row is about: the first
// one named in its first tokens or before its label colon.
func leadingSubject(ms []mention, toks []tok, labelEnd int) *mention {
	limit := 8
	if labelEnd > 0 {
		limit = labelEnd
	}
	for k := range ms {
		if ms[k].firm {
			continue
		}
		if ms[k].i <= limit {
			return &ms[k]
		}
		break
	}
	return nil
}

// labelSubject picks the entity of a labelled item: an explicit ticker
// first, then the first entity.
func (st *state) labelSubject(ms []mention) *mention {
	for k := range ms {
		if ms[k].explicit && !ms[k].firm {
			return &ms[k]
		}
	}
	for k := range ms {
		if ms[k].bare {
			return &ms[k]
		}
	}
	for k := range ms {
		if !ms[k].firm && !ms[k].common {
			return &ms[k]
		}
	}
	if st.sec.subject != nil {
		return st.sec.subject
	}
	return st.title.subject
}

func (st *state) addListItem(m mention) {
	sec := &st.sec
	if sec.listAction == "" {
		sec = &st.title
	}
	for _, x := range sec.listItems {
		if x.key == m.key {
			return
		}
	}
	sec.listItems = append(sec.listItems, m)
}

// finishList gives every listed entity without a call of its own the
// list's action, for the current section and the title.
func (st *state) finishList() {
	st.finishSection(&st.sec)
	st.finishSection(&st.title)
}

// finishSection gives the entities listed in one section without a call
// of their own the section's list action.
func (st *state) finishSection(sec *section) {
	if sec.listAction == "" {
		return
	}
	for _, m := range sec.listItems {
		if st.hasCall(m.key) {
			continue
		}
		st.ncall++
		st.cands = append(st.cands, cand{m: m, c: call{action: sec.listAction, strength: sec.listStr, kind: pSelf}, rank: 0, order: st.ncall, sent: -1, conf: 0.7, evidence: sec.listEvidence})
	}
	sec.listItems = nil
}

// headingAction reads a short heading that names what was done to the
// items under it: "Added:", "Sold", "Reduced", "Avoid", "Watchlist".
func headingAction(toks []tok) (Action, Strength, bool) {
	words := 0
	for _, t := range toks {
		if t.kind != kPunct {
			words++
		}
	}
	if words == 0 || words > 8 {
		return "", "", false
	}
	for _, t := range toks {
		switch t.l {
		case "watchlist", "watchlists", "radar":
			return Watch, Normal, true
		}
	}
	if words > 3 {
		return "", "", false
	}
	w0 := 0
	for w0 < len(toks)-1 && toks[w0].kind == kPunct {
		w0++
	}
	toks = toks[w0:]
	switch toks[0].l {
	case "added", "adding", "add", "buys", "buy", "bought", "increased", "initiated", "new":
		if toks[0].l == "new" && (len(toks) < 2 || toks[1].l != "positions" && toks[1].l != "buys" && toks[1].l != "position" && toks[1].l != "entry" && toks[1].l != "entries") {
			return "", "", false
		}
		return Buy, Normal, true
	case "reduced", "trimmed", "trim", "trims":
		return Sell, Weak, true
	case "sold", "sells", "sell", "exited", "exits", "closed", "close", "exit", "removed":
		return Sell, Normal, true
	case "avoid", "avoids":
		return Avoid, Normal, true
	case "watch", "watching":
		return Watch, Normal, true
	case "most", "least", "top":
		// a private bank's or a strategist's lists: "Most preferred:",
		// "Least preferred:", "Top picks"
		if len(toks) > 1 {
			switch toks[0].l + " " + toks[1].l {
			case "most preferred", "top picks", "top pick", "top ideas":
				return Buy, Normal, true
			case "least preferred":
				return Sell, Normal, true
			}
		}
	}
	return "", "", false
}

func (st *state) hasCall(key string) bool {
	for _, c := range st.cands {
		if c.m.key == key {
			return true
		}
	}
	return false
}

// listTitle recognises "3 Stocks to Buy Now", "Top picks for 2026",
// "Stocks to avoid", "5 names to watch".
func listTitle(toks []tok) (Action, Strength, bool) {
	if a, _, ok := relativeList(toks); ok {
		return a, Normal, true // "3 Stocks I'd Buy and Hold Forever"
	}
	for i := 0; i+1 < len(toks); i++ {
		switch toks[i].l {
		case "stocks", "stock", "names", "picks", "shares", "companies", "etfs", "equities", "ideas", "buys":
			for k := i + 1; k < len(toks) && k <= i+3; k++ {
				if toks[k].l == "to" && k+1 < len(toks) {
					switch toks[k+1].l {
					case "buy", "own", "add":
						return Buy, Normal, true
					case "sell", "dump":
						return Sell, Normal, true
					case "avoid":
						return Avoid, Normal, true
					case "watch":
						return Watch, Normal, true
					case "hold":
						return Hold, Normal, true
					}
				}
			}
		case "top", "best":
			if toks[i+1].l == "picks" || toks[i+1].l == "pick" || toks[i+1].l == "ideas" {
				return Buy, Strong, true
			}
		}
	}
	return "", "", false
}

// sentence-level guards.
var (
	hypotheticals = []string{"whether", "asks if", "asked if", "ask if", "asking if", "wonder if", "wondering if", "for example", "for instance", "if you had", "had you", "would have", "would've", "could have", "could've", "if you'd", "if you bought", "if you invested", "if you had invested", "should have", "should've", "wish i had", "wish i'd", "had bought", "had invested", "had put", "would be worth", "would now be worth", "your broker would", "your broker will", "the broker would", "stop-loss order", "limit order", "suppose", "imagine", "let's say", "for illustration", "a headline like", "headlines like", "wash sale", "wash-sale"}
	disclaimers   = []string{"disclaimer", "recommendation to buy", "offer to buy", "nothing in this", "not a recommendation", "not investment advice", "not financial advice", "do your own research", "informational purposes", "not an offer", "has a disclosure policy", "has positions in", "has no position", "owns shares of", "no position in", "does not hold", "not a solicitation", "consult a", "past performance", "editorial team", "not personalized", "may hold positions", "may have positions", "may hold a position", "may own shares", "hold positions in", "holds positions in", "recommends the following options", "motley fool recommends", "motley fool has positions", "complete list of today's", "originally published", "originally appeared"}
	// ownTradeNotAdvice disown the writer's own trade told nearby: "This
	// morning I bought 50 shares of Target. This is not a recommendation."
	ownTradeNotAdvice = []string{"not a recommendation", "not telling anyone", "not telling you to", "not suggesting anyone", "not suggesting you", "not suggesting that anyone", "so you copy"}
	bnpl              = []string{"buy now, pay later", "buy now pay later", "buy-now-pay-later", "buy-now, pay-later"}
	insiderWords      = []string{"insider", "insiders", "director", "directors", "ceo", "cfo", "chief executive", "chief financial", "executive", "chairman", "founder", "officer", "board member", "13f", "form 4", "berkshire sold", "berkshire bought"}
	corpPrev          = map[string]bool{"agreed": true, "agrees": true, "agree": true, "plans": true, "plan": true, "planning": true, "offered": true, "offer": true, "offers": true, "deal": true, "bid": true, "move": true, "decision": true, "announced": true, "intends": true, "intend": true, "seeks": true, "seeking": true, "aims": true, "approved": true, "authorized": true, "authorised": true, "pay": true, "pays": true, "program": true, "programme": true, "attempt": true, "attempting": true, "looking": true, "expected": true, "rights": true, "allowed": true, "option": true}
	corpNext          = map[string]bool{"squeezes": true, "bets": true, "selling": true, "sale": true, "sales": true, "point": true, "points": true, "zone": true, "side": true, "button": true, "signal": true, "signals": true, "interest": true, "sellers": true, "seller": true, "squeeze": true, "report": true, "order": true, "orders": true, "stake": true, "stakes": true, "back": true, "assets": true, "business": true, "startup": true, "startups": true, "rights": true, "bonds": true, "debt": true, "now": false, "companies": true, "rival": true, "rivals": true, "competitor": true, "land": true, "property": true, "properties": true, "chips": true, "gpus": true, "ads": true, "more": false, "puts": true, "calls": true, "options": true, "level": true, "levels": true, "package": true}
	modals            = map[string]bool{"means": true, "i'm": true, "we're": true, "i've": true, "we've": true, "say": true, "should": true, "recommend": true, "recommends": true, "recommended": true, "recommending": true, "suggest": true, "suggests": true, "advise": true, "would": true, "will": true, "i'd": true, "we'd": true, "you'd": true, "i'll": true, "we'll": true, "must": true, "consider": true, "considering": true, "continue": true, "keep": true, "happily": true, "happy": true, "prefer": true, "rather": true, "time": true, "worth": true, "urge": true, "better": true, "can": false, "want": true, "wants": false, "need": true, "might": true, "may": true, "could": true, "ought": true, "favor": true, "favour": true, "like": true, "opportunity": true, "chance": true, "go": true}
	narrators         = map[string]bool{"shoppers": true, "consumers": true, "customers": true, "households": true, "hedge": true, "fed": true, "reserve": true, "investors": true, "traders": true, "funds": true, "holders": true, "shareholders": true, "buyers": true, "sellers": true, "institutions": true, "bulls": true, "bears": true, "retail": true, "people": true, "everyone": true, "analysts": true, "firms": true, "managers": true}
	clauseBreak       = map[string]bool{"but": true, "while": true, "whereas": true, "although": true, "though": true, "because": true, "since": true, "which": true, "who": true, "however": true, "unlike": true, "than": true, "versus": true, "vs": true}
	anaphors          = map[string]bool{"it": true, "its": true, "it's": true, "them": true, "they": true, "their": true, "shares": true, "stock": true, "company": true, "name": true, "here": true, "this": true, "these": true, "ticker": true, "position": true}
	plurals           = map[string]bool{"them": true, "they": true, "these": true, "all": true, "both": true}
	condWords         = map[string]bool{"if": true, "until": true, "unless": true, "pending": true, "once": true, "when": true, "below": true, "under": true, "above": true, "provided": true, "before": true, "after": true, "on": true, "near": true, "around": true, "at": true, "ahead": true, "into": true, "closer": true}
)

// pastMarkers date a first-person trade in the past: a story, not advice.
var pastMarkers = []string{"ago", "last week", "last month", "last year", "back in", "years of", "last summer", "last spring", "last autumn", "last fall", "last winter", "earlier this year", "in the summer", "closed chapter"}

// pastYear reports "in 2019" / "since 2021": a dated story.
func pastYear(toks []tok) bool {
	year := func(t *tok) bool { return t.kind == kNum && t.val >= 1900 && t.val < 2100 }
	for k := 0; k+1 < len(toks); k++ {
		if toks[k].l == "of" && k > 0 && year(&toks[k+1]) {
			switch toks[k-1].l {
			case "much", "most", "all", "end", "early", "late", "half":
				return true // "for much of 2023"
			}
		}
		if toks[k].l != "in" && toks[k].l != "since" {
			continue
		}
		if year(&toks[k+1]) || k+2 < len(toks) && calendarWord[toks[k+1].l] && year(&toks[k+2]) {
			return true // "in 2019", "since March 2020"
		}
	}
	return false
}

// phraseSet matches any of a list of phrases against a sentence's tokens.
type phraseSet struct {
	bit   wordFlag              // set on every phrase's first word
	first map[string][][]string // phrases by first word
}

// nextGuard is the flag bit the next phrase set gets.
var nextGuard = fGuard0

func newPhraseSet(lists ...[]string) phraseSet {
	if nextGuard == 0 {
		panic("signals: more phrase sets than wordFlag has bits")
	}
	ps := phraseSet{bit: nextGuard, first: map[string][][]string{}}
	nextGuard <<= 1
	for _, list := range lists {
		for _, p := range list {
			var words []string
			for _, t := range tokenize(p, nil) {
				words = append(words, t.l)
			}
			if len(words) > 0 {
				ps.first[words[0]] = append(ps.first[words[0]], words)
				setFlag(words[0], ps.bit)
			}
		}
	}
	return ps
}

// in reports whether any phrase occurs in toks.
func (ps phraseSet) in(toks []tok) bool {
	for i := range toks {
		// Every phrase's first word has the set's bit (newPhraseSet), so a
		// token without it starts no phrase: skip the map lookup.
		if toks[i].flags&ps.bit == 0 {
			continue
		}
		for _, words := range ps.first[toks[i].l] {
			if i+len(words) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(words); k++ {
				if toks[i+k].l != words[k] {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

func init() {
	for w := range clauseBreak {
		setFlag(w, fBreak)
	}
}

var (
	hypoSet       = newPhraseSet(hypotheticals)
	disclaimerSet = newPhraseSet(disclaimers)
	insiderSet    = newPhraseSet(insiderWords)
	bnplSet       = newPhraseSet(bnpl)
	pastSet       = newPhraseSet(pastMarkers)
	ownTradeSet   = newPhraseSet(ownTradeNotAdvice)
)

// clauseStart reports whether token i opens a clause (after optional
// adverbs and a first-person subject).
func clauseStart(toks []tok, i int) bool {
	j := i - 1
	for j >= 0 {
		switch toks[j].l {
		case "just", "also", "and", "then", "finally", "today", "i", "we", "i've", "we've", "have", "so", "already", "quietly", "partially", "i'd", "we'd":
			j--
			continue
		}
		break
	}
	if j >= 1 && toks[j].s == "." && toks[j-1].kind == kWord && abbrev[toks[j-1].l] {
		return false // "Westside Investment Management Inc. sold …": the dot ends a name
	}
	return j < 0 || toks[j].kind == kPunct && strings.Contains(":;—–-(\"“|•*,.!", toks[j].s)
}

// sentences splits a line into sentences and finds the calls in each.
func (st *state) sentences(toks []tok, ms []mention, line string, rank int, lineSubject *mention, labelCall *call, heading, table bool) {
	next := 0 // mentions are in order: each sentence takes the next ones
	splitSentences(toks, func(a, b int) {
		st.nsent++
		sm := st.smBuf[:0]
		defer func() { st.smBuf = sm[:0] }()
		for next < len(ms) && ms[next].i < a {
			next++
		}
		for ; next < len(ms) && ms[next].i < b; next++ {
			if m := ms[next]; m.j <= b {
				m.i -= a
				m.j -= a
				sm = append(sm, m)
			}
		}
		st.sentence(toks[a:b], sm, line, rank, lineSubject, labelCall, heading, table)
		for k := len(sm) - 1; k >= 0; k-- {
			if !sm[k].firm && !sm[k].common && !inIfClause(toks[a:b], sm[k].i) {
				st.lastBuf = sm[k]
				st.last = &st.lastBuf
				st.lastSent = st.nsent
				st.lastLine = st.lineNo
				if sm[k].tradable {
					st.lastTBuf = sm[k]
					st.lastTradable = &st.lastTBuf
				}
				break
			}
		}
	})
}

// sentence finds the calls in one sentence and attaches them to entities.
func (st *state) sentence(toks []tok, ms []mention, line string, rank int, lineSubject *mention, labelCall *call, heading, table bool) {
	if len(toks) == 0 {
		return
	}
	if ownTradeSet.in(toks) {
		st.disowned = append(st.disowned, st.nsent)
	}
	if st.answer(toks, ms, line) || isJoke(toks) {
		return
	}
	// Most sentences carry no advice word: look for one before anything costly.
	any := false
	for i := range toks {
		if lex.starts(&toks[i]) {
			any = true
			break
		}
	}
	if !any {
		return
	}
	text := line[toks[0].pos:toks[len(toks)-1].end]
	if hypoSet.in(toks) || disclaimerSet.in(toks) {
		return
	}
	if st.sec.retro || st.title.retro && !st.sec.fresh {
		return // a scorecard of past calls
	}
	if !heading && !table && st.sec.listAction == "" {
		if a, ok := listIntro(toks, ms); ok {
			// "These are the ten stocks we would buy:" — the rows that follow are the picks
			st.sec.listAction, st.sec.listStr, st.sec.listEvidence = a, Normal, text
			return
		}
	}
	insider := insiderSet.in(toks)
	// computed lazily, at most once per sentence: a run-on sentence stays linear
	st.curTitle, st.curBNPL, st.curSaid = 0, 0, -2
	markFirms(ms)
	st.curMs = ms
	calls := st.callBuf[:0]
	defer func() { st.callBuf = calls[:0] }()
	contrastAt := -1
	waitUntil := -1
	mi := 0
	for i := 0; i < len(toks); i++ {
		if toks[i].flags&fBreak != 0 && (toks[i].l == "but" || toks[i].l == "however" || toks[i].l == "though" || toks[i].l == "although") {
			contrastAt = i
		}
		for mi < len(ms) && ms[mi].j <= i {
			mi++ // mentions are in order: skip those that end before i (linear, not quadratic, in long sentences)
		}
		if insideMention(ms[mi:], i) {
			continue // "Best Buy Co." is a name, not a call
		}
		found := lex.matchAt(toks, i, st.matchBuf[:0])
		st.matchBuf = found[:0]
		if len(found) == 0 {
			continue
		}
		used := false
		for _, m := range found {
			c, ok := interpret(toks, m, false)
			if !ok {
				continue
			}
			if !c.negated && recommendNegated(toks, c.i) {
				// "we are not recommending that anyone sell Microsoft"
				switch c.action {
				case Sell, Avoid:
					c.action, c.strength, c.negated = Hold, Normal, true
				case Buy:
					c.action, c.strength, c.negated = Avoid, Weak, true
				default:
					continue
				}
			}
			if !st.valid(toks, &c, m, heading, table, insider) {
				continue
			}
			if (c.action == Avoid || c.action == Hold) && c.kind == pNeg && c.j < len(toks) && toks[c.j].l == "either" {
				c.action, c.strength = Hold, Normal // "It's not a sell. It's not a buy either.": keep it
			}
			if c.action == Avoid && c.strength == Normal && c.kind == pNeg && atThisPrice(toks, c.j) {
				c.strength = Weak // "I can't recommend the stock here": against buying at this price, said mildly
			}
			if c.action == Watch && (strings.HasPrefix(m.p.words[0], "wait") || len(m.p.words) > 1 && m.p.words[1] == "wait") {
				waitUntil = len(toks)
			}
			if c.action == Buy && waitUntil >= 0 && i < waitUntil && !c.rating {
				// "wait for a pullback … before starting a position": the buy is the condition.
				used = true
				i = c.j - 1
				break
			}
			calls = append(calls, c)
			used = true
			i = c.j - 1
			break
		}
		_ = used
	}
	if len(calls) == 0 {
		return
	}
	if ratingCounts(toks) >= 2 || analystTally(toks) {
		return // "25 rate the shares buy, 18 hold and four sell": a tally, nobody's advice
	}
	// "Add it to your watchlist": the add is the watch; "I'd add Boeing
	// to that list": the list decides
	for ci := 0; ci < len(calls); ci++ {
		c := calls[ci]
		if c.action == Buy && !c.rating && (toks[c.i].l == "add" || toks[c.i].l == "adding") && toAList(toks, c.j) {
			calls = append(calls[:ci], calls[ci+1:]...)
			ci--
			continue
		}
		if c.action == Buy && !c.rating && (toks[c.i].l == "add" || toks[c.i].l == "adding") {
			for k := c.j; k < len(toks) && k < c.j+6; k++ {
				if toks[k].l == "watchlist" || toks[k].l == "radar" || toks[k].l == "watch" && k+1 < len(toks) && toks[k+1].l == "list" {
					calls = append(calls[:ci], calls[ci+1:]...)
					ci--
					break
				}
			}
		}
	}
	if len(calls) == 0 {
		return
	}
	if len(calls) > maxCalls {
		// each call reads its whole sentence (conditions, horizon, target,
		// analyst): a run-on "sentence" of thousands of calls would be quadratic
		calls = calls[:maxCalls]
	}
	conditional := toks[0].l == "if" || toks[0].l == "unless" || toks[0].l == "should"
	st.curRank = rank
	for ci, c := range calls {
		targets := st.attach(toks, ms, c, lineSubject, labelCall)
		if len(targets) == 0 {
			continue
		}
		end := len(toks)
		if ci+1 < len(calls) {
			end = calls[ci+1].i
		}
		for _, t := range targets {
			cd := cand{m: t.m, c: c, rank: rank, conf: t.conf, evidence: text}
			cd.contrast = contrastAt >= 0 && contrastAt < c.i && ci > 0
			cd.conditional = conditional || condAfter(toks, c)
			if rank >= 3 && (c.i == 0 || toks[c.i-1].s == ":") && (c.j == len(toks) || toks[c.j].kind == kPunct && strings.Contains(".!*", toks[c.j].s)) {
				cd.rank = 4 // "Our verdict: Hold.": the verdict itself
			}
			st.add(cd, toks, c.j, end, text)
		}
	}
}

// valid checks the context a call needs.
func (st *state) valid(toks []tok, c *call, m match, heading, table, insider bool) bool {
	i := c.i
	// prev(k) is the kth word before the call; quotes do not count:
	// 'downgraded Pfizer to "perform" from "outperform"'
	var back [8]int
	nb := 0
	for k := i - 1; k >= 0 && nb < len(back); k-- {
		if toks[k].kind != kPunct || !isQuote(toks[k].s) {
			back[nb] = k
			nb++
		}
	}
	prev := func(k int) string {
		if k-1 < nb {
			return toks[back[k-1]].l
		}
		return ""
	}
	if c.action == Buy && m.p.words[0] == "buy" && st.saysBNPL(toks) {
		return false
	}
	for k := 1; k <= 4; k++ {
		switch prev(k) {
		case "previous", "prior", "former", "old":
			if c.rating {
				return false // "Previous rating: Buy": the rating it had
			}
		case "consensus", "average", "moderate":
			return false // "a consensus rating of Buy", "an average rating of \"Moderate Buy\"": a tally, nobody's call
		case "street":
			if prev(k+1) == "wall" {
				return false // "Wall Street Rating: Buy": the consensus widget
			}
		}
	}
	if (toks[i].l == "favorite" || toks[i].l == "favourite") && (prev(1) == "market's" || prev(1) == "everyone's" || prev(1) == "street's" || prev(1) == "investors" || prev(1) == "retail's") {
		return false // "the market's favorite stock": nobody's advice
	}
	if c.rating && c.j < len(toks) && assetClass[toks[c.j].l] {
		return false // "stay overweight equities": an allocation, not a company
	}
	for k := 1; k <= 3; k++ {
		switch prev(k) {
		case "disclosed", "revealed", "filed", "reported":
			return false // "Ackman's fund disclosed a new position in Amazon": a filing, reported
		}
	}
	if m.p.kind == pStrongRating && !toks[i].cap && prev(1) == "to" {
		changed := false
		for k := 2; k <= 8 && !changed; k++ {
			switch prev(k) {
			case "upgraded", "upgrades", "upgrade", "downgraded", "downgrades", "downgrade", "raised", "raises", "cut", "cuts",
				"lowered", "lowers", "moved", "moves", "lifted", "lifts", "boosted", "boosts", "trimmed", "reduced", "kept", "keeps":
				changed = true
			}
		}
		if !changed {
			return false // "expects Apple to outperform": a verb, not a rating ("cut Meituan (HKG: 3690) to underweight" is one)
		}
	}
	// an old rating: "to Overweight from Equal-weight"
	if prev(1) == "from" && (c.rating || m.p.kind == pVerb) {
		return false
	}
	cellExact := table && (i == 0 || toks[i-1].s == "|") && (c.j == len(toks) || toks[c.j].s == "|")
	if st.pastReport(toks, i) {
		return false // "Two years ago I argued that readers should buy it": an old call, retold
	}
	if strings.HasPrefix(toks[i].l, "initiat") && !c.rating && initiatedAtRating(toks, c.j) {
		return false // "We initiate SBUX at Neutral": the rating is the call
	}
	if removedFrom(toks, i) {
		return false // "removed from the Conviction List": the opposite of being named to it
	}
	if prev(1) == "of" && prev(2) == "instead" || prev(1) == "than" && prev(2) == "rather" ||
		prev(1) == "a" && (prev(2) == "of" && prev(3) == "instead" || prev(2) == "than" && prev(3) == "rather") {
		return false // "it gets a Hold instead of a Buy": the rating it did not get
	}
	if c.rating && prev(1) == "are" && (prev(2) == "who" || prev(2) == "you" || prev(2) == "they") {
		return false // "readers who are overweight": a portfolio's weight, not a rating
	}
	if strings.HasPrefix(toks[i].l, "sell") && c.j < len(toks) && toks[c.j].l == "stock" {
		return false // "they keep selling stock": issuing shares, not advice
	}
	if c.j < len(toks) && toks[c.j].s == "=" {
		return false // "Ratings: Buy = expected total return above 15%": a legend
	}
	if c.rating {
		after := c.j
		if after < len(toks) && isQuote(toks[after].s) {
			after++
		}
		if after < len(toks) && (toks[after].l == "often" || toks[after].l == "usually" || toks[after].l == "really") {
			after++
		}
		if prev(1) == "means" || prev(1) == "meaning" || after < len(toks) && (toks[after].l == "means" || toks[after].l == "meant") {
			return false // 'Why "Hold" often means "Sell"': what a rating means, not a call
		}
		for k := 1; k <= 6; k++ {
			if p := prev(k); (p == "carried" || p == "had" || p == "held") && (pastYear(toks) || pastSet.in(toks)) {
				return false // "carried a Zacks Rank #1 for much of 2023": a past rating
			}
		}
	}
	if c.j < len(toks) && corpNext[toks[c.j].l] && (m.p.kind == pRating || m.p.kind == pVerb) {
		return false // "a 740.91 buy point", "buy back", "short interest"
	}
	if toks[i].l == "hold" && c.j+1 < len(toks) && toks[c.j].l == "on" && toks[c.j+1].l != "to" {
		return false // "Hold on, there is more"
	}
	if (toks[i].l == "add" || toks[i].l == "adds") && c.j < len(toks) && (toks[c.j].kind == kNum || toks[c.j].l == "another" || toks[c.j].l == "points") {
		return false // "could add another 10%"
	}
	if toks[i].l == "hold" && prev(1) == "on" {
		return false // "the Fed remains on hold"
	}
	if (toks[i].l == "positive" || toks[i].l == "negative") && !(c.j < len(toks) && toks[c.j].l == "rating") && !cellExact {
		return false // "a positive outlook"
	}
	if m.p.kind != pZacks && scaleLabel(toks, i) {
		return false // "#1 (Strong Buy), 2 (Buy) or 3 (Hold)": a scale's labels
	}
	if m.p.kind == pZacks && zacksEnumeration(toks, *c) {
		return false // the scale explained, not the company's rank
	}
	if c.action == Buy && m.p.kind != pStrongRating && consumerCond.in(toks[c.j:min(len(toks), c.j+14)]) {
		return false // "buy it if you want the smartest camera": shopping advice
	}
	if c.action == Sell && c.strength == Weak && st.lineLimit() {
		return false // "trimmed … the holding had grown to 14% and our risk limit is 10%": risk management, not a view
	}
	if m.p.kind == pFirst && disclosures.in(toks) {
		return false // "For transparency: I sold my personal holding"
	}
	if m.p.kind == pFirst && table && hasDateCell(toks) {
		return false // "| 2025-03-11 | Bought Costco | $905 |": a trade log, a record
	}
	switch m.p.kind {
	case pStrongRating, pZacks:
		for k := 1; k <= 4; k++ {
			if narrators[prev(k)] {
				return false // "investors have been underweight the stock"
			}
		}
		return true
	case pNeg:
		return true
	case pFirst:
		w0 := m.p.words[0]
		subject := strings.HasPrefix(w0, "i") || strings.HasPrefix(w0, "we")
		if insider && !subject {
			return false
		}
		if pastSet.in(toks) || pastYear(toks) {
			return false
		}
		if subject {
			return true
		}
		// "Added more at 142", "— Removed.": the writer's own trade with the
		// subject left out; after a comma only when the sentence opened so
		// ("Added AXON, trimmed META"), else "Hedge funds bought X, sold Y".
		if !clauseStart(toks, i) {
			return false
		}
		j := i - 1
		for j >= 0 && toks[j].kind != kPunct {
			j--
		}
		if j >= 0 && toks[j].s == "," {
			first := 0
			for first < len(toks) && toks[first].kind == kPunct {
				first++
			}
			if first < len(toks) && toks[first].kind == kDollar {
				return true // "$SOFI up 60% since July, took profits"
			}
			ms := lex.matchAt(toks, first, nil)
			return len(ms) > 0 && (ms[0].p.kind == pFirst || ms[0].p.kind == pVerb)
		}
		return true
	case pSelf, pTop:
		if pastIdea(toks, *c) {
			return false // "Last year's best idea was Netflix": a record, not a call
		}
		for k := 1; k <= 4; k++ {
			if narrators[prev(k)] {
				// "investors should consider …" is advice; "investors take profits"
				// and "investors will be watching for commentary" are narration
				for q := 1; q < k; q++ {
					if modals[prev(q)] && prev(q) != "will" && prev(q) != "also" {
						return true
					}
				}
				return false
			}
		}
		return true
	case pRating:
		if cellExact {
			return true
		}
		if c.j < len(toks) {
			switch toks[c.j].l {
			case "rating", "ratings", "rated", "recommendation", "call", "-rated":
				return true
			}
		}
		for k := 1; k <= 3; k++ {
			switch prev(k) {
			case "to", "rating", "rated", "rates", "rate", "maintains", "maintained", "maintain", "reiterates",
				"reiterated", "reiterate", "reiterating", "keeps", "kept", "initiates", "initiated", "initiating",
				"with", "our", "my", "rank", "upgrade", "upgraded", "upgrades", "downgrade", "downgraded", "downgrades",
				"reaffirmed", "reaffirms", "assigned", "assigns", "remains", "remain", "stays", "still", "we're", "i'm", "are", "am", "a", "at":
				if prev(k) == "to" && k == 1 && m.p.words[0] != "buy" && m.p.words[0] != "sell" && m.p.words[0] != "hold" && m.p.words[0] != "neutral" && !toks[i].cap && !(i > 0 && isQuote(toks[i-1].s)) {
					continue // "expected to perform", but 'to "perform" from "outperform"' is a rating
				}
				if prev(k) == "to" && (toks[i].l == "buy" || toks[i].l == "sell" || toks[i].l == "hold") && !toks[i].cap {
					// "stocks to buy", "time to sell": verbs, judged below
					continue
				}
				if (prev(k) == "our" || prev(k) == "my") && k > 1 {
					continue // "my dad says buy": only "our Buy", "my Hold rating"
				}
				if prev(k) == "at" {
					initiated := false
					for q := 2; q <= 8 && k == 1 && toks[i].cap; q++ {
						initiated = initiated || strings.HasPrefix(prev(q), "initiat")
					}
					if !initiated {
						continue // only "We initiate SBUX at Neutral" makes "at" a rating context
					}
				}
				if prev(k) == "a" {
					if k == 1 && (prev(2) == "is" || prev(2) == "as" || prev(2) == "remains" || prev(2) == "still" || prev(2) == "it's" || prev(2) == "rate" || prev(2) == "rates" || prev(2) == "rated") {
						return true
					}
					continue
				}
				return true
			case "is", "as":
				if k == 1 && (toks[i].l == "buy" || toks[i].l == "sell" || toks[i].l == "hold") {
					return true
				}
			}
		}
		// "Alphabet is a compelling buy", "looks like a solid hold"
		for k := 2; k <= 3; k++ {
			if a := prev(k); a == "a" || a == "an" {
				switch prev(k + 1) {
				case "is", "remains", "as", "like", "it's", "still", "stays", "be", "are", "think", "consider", "rate", "rates":
					if toks[i].l == "buy" || toks[i].l == "sell" || toks[i].l == "hold" {
						return true
					}
				}
			}
		}
		// A capitalised rating word mid-sentence ("… to Buy from Neutral", "Rating: Buy").
		if toks[i].cap && i > 0 && !heading && !st.titleCased(toks) && toks[i-1].kind != kPunct {
			return true
		}
		// "Rating: Buy" / "NVDA — Buy."
		if i > 0 && (toks[i-1].s == ":" || toks[i-1].s == "—" || toks[i-1].s == "–") && (c.j == len(toks) || toks[c.j].kind == kPunct) {
			return true
		}
		if m.p.kind == pRating && (toks[i].l == "buy" || toks[i].l == "sell" || toks[i].l == "hold" || toks[i].l == "accumulate" || toks[i].l == "add" || toks[i].l == "reduce") {
			return st.verbFrame(toks, c, m, heading, insider)
		}
		return false
	case pVerb:
		if strings.HasPrefix(toks[i].l, "recommend") {
			// "we recommend Berkshire": the object must follow at once
			if c.j >= len(toks) || !(toks[c.j].cap || toks[c.j].kind == kDollar || toks[c.j].s == "(") {
				return false
			}
		}
		if ratingTwin[toks[i].l] && m.j-m.i == 1 && i > 0 && strings.Contains("\"“'‘", toks[i-1].s) {
			return false // a quoted "Reduce" is the rating
		}
		if cellExact {
			// "| Reduce |" in a table is the rating, not the verb
			return !(m.j-m.i == 1 && ratingTwin[toks[i].l])
		}
		return st.verbFrame(toks, c, m, heading, insider)
	}
	return false
}

// ratingTwin are verbs that are also rating words.
var ratingTwin = map[string]bool{"buy": true, "sell": true, "hold": true, "accumulate": true, "add": true, "reduce": true}

// titleCase reports whether most words of a sentence are capitalised, as in
// a headline, where capitals say nothing about ratings.
func titleCase(toks []tok) bool {
	words, caps := 0, 0
	for i := range toks {
		t := &toks[i]
		if t.kind == kWord && len(t.s) > 3 {
			words++
			if t.cap {
				caps++
			}
		}
	}
	return words >= 3 && caps*10 >= words*7
}

// verbFrame checks that an advice verb is advice: an imperative, or after a
// modal ("you should", "we'd", "it's time to"), and not a company's
// transaction ("Meta agreed to buy a stake") or an insider's trade.
func (st *state) verbFrame(toks []tok, c *call, m match, heading, insider bool) bool {
	i := c.i
	if insider {
		return false
	}
	// corporate action: "agreed to buy", "buy back", "buy a stake"
	for k := c.j; k < len(toks) && k <= c.j+2; k++ {
		if corpNext[toks[k].l] && !insideAny(st.curMs, k) { // "Medical Properties Trust" is a name
			return false
		}
	}
	if i >= 2 && toks[i-1].l == "to" && corpPrev[toks[i-2].l] {
		return false
	}
	if i >= 1 && corpPrev[toks[i-1].l] {
		return false
	}
	// imperative: first word of the clause
	j := i - 1
	conj := false
	for j >= 0 && impSkip[toks[j].l] {
		switch toks[j].l {
		case "but", "or", "yet", "and", "then":
			conj = true
		}
		j--
	}
	if conj && j >= 0 && toks[j].s == "," && st.imperativeBefore(toks, j) {
		return true // "Trim Apple, but add to Microsoft"
	}
	if !conj && j >= 0 && toks[j].s == "," && shortImperativeBefore(toks, j) {
		return true // "Sell Ford, buy GM"
	}
	if conj && j >= 0 && toks[j].kind != kPunct && (toks[i-1].l == "and" || toks[i-1].l == "then") && st.imperativeBefore(toks, j+1) {
		return true // "Sell it all and buy VTI": a second imperative joined to the first
	}
	if j >= 0 && toks[j].s == "," && onlyNameBefore(toks, j, st.curMs) {
		return true // "New: Booking Holdings (BKNG), buy up to $5,800."
	}
	if j >= 0 {
		switch toks[j].l {
		case "says", "said", "tells", "told", "suggests", "thinks":
			return false // "my dad says buy Apple": someone else's advice, reported
		}
	}
	if j < 0 || toks[j].kind == kPunct && strings.Contains(":;—–-(\"“|•*", toks[j].s) {
		if heading && st.titleCased(toks) && j >= 0 {
			return false
		}
		// "Buy now, pay later" excluded above; a heading "Buy Nvidia" is a call.
		return true
	}
	// modal frame within the clause before the verb
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		t := toks[k]
		if t.kind == kPunct && t.s != "'" {
			break
		}
		if clauseBreak[t.l] {
			break
		}
		if (t.l == "are" || t.l == "am") && k > 0 && (toks[k-1].l == "we" || toks[k-1].l == "i") {
			return true // "we are not adding"
		}
		if modals[t.l] {
			// "Meta will buy", "the company would sell": a company as the subject is a transaction
			if k > 0 && (toks[k-1].cap && toks[k-1].kind == kWord && !isPronounCap(toks[k-1].l) && k-1 > 0) {
				return false
			}
			if k > 0 && stockSubject[toks[k-1].l] {
				return false // "Tesla shares could add 10%": the stock moves
			}
			if k > 0 && mentionEndsAt(st.curMs, k) {
				return false // "Apple will hold its event": the company acts
			}
			if k > 0 && (toks[k-1].l == "company" || toks[k-1].l == "firm" || toks[k-1].l == "it" || toks[k-1].l == "management" || toks[k-1].l == "board") {
				return false
			}
			return true
		}
		if t.l == "to" && k > 0 {
			switch toks[k-1].l {
			case "time", "stocks", "stock", "names", "name", "shares", "one", "ones", "pick", "picks", "companies", "etfs", "want", "plan", "going", "good", "great", "ready", "decided", "chose", "opportunity", "chance", "moment", "worth", "better", "best", "place", "way", "is":
				if toks[k-1].l == "plan" || toks[k-1].l == "going" || toks[k-1].l == "want" || toks[k-1].l == "decided" {
					// "I plan to buy", "we're going to add": the writer's intent
					if k >= 2 && !(toks[k-2].l == "i" || toks[k-2].l == "we" || toks[k-2].l == "i'm" || toks[k-2].l == "we're" || toks[k-2].l == "you" || toks[k-2].l == "may" || toks[k-2].l == "might") {
						return false
					}
				}
				return true
			}
		}
	}
	return false
}

// unknownCue are words after a capitalised name that say it is a company.
var unknownCue = map[string]bool{"inc": true, "corp": true, "corporation": true, "co": true, "plc": true, "ltd": true,
	"holdings": true, "group": true, "shares": true, "stock": true, "sa": true, "ag": true, "nv": true}

// unknownObject reads a company the directory does not know as the object
// of a call: a capitalised name followed by a company word ("Buy Frobozz
// Widgets Inc.", "avoid Acme shares"). It is reported as not tradable
// (unknown name) rather than dropped.
func (st *state) unknownObject(toks []tok, from int) (mention, bool) {
	k := from
	for k < len(toks) && (toks[k].l == "in" || toks[k].l == "on" || toks[k].l == "of" || toks[k].l == "shares" && k+1 < len(toks) && toks[k+1].l == "of") {
		k++
	}
	start := k
	for k < len(toks) && k < start+4 && toks[k].kind == kWord && toks[k].cap && !toks[k].upper && !isStopCap(toks[k].l) && !calendarWord[toks[k].l] && !unknownCue[toks[k].l] {
		k++
	}
	if k == start || k >= len(toks) || !unknownCue[toks[k].base] {
		return mention{}, false
	}
	name := spanText(toks, start, k)
	m := mention{i: start, j: k, name: name, reason: "not tradable: unknown name"}
	m.key = "name:" + symbols.Normalize(name)
	if w := fmt.Sprintf("unknown name %q: map it with symbols.aliases or import a symbol list (tipster symbols import)", name); !slices.Contains(st.warnings, w) {
		st.warnings = append(st.warnings, w)
	}
	return m, true
}

// singleBefore returns the only entity named before token i, or nil.
func singleBefore(ms []mention, i int) *mention {
	var one *mention
	for k := range ms {
		if ms[k].j > i || ms[k].firm {
			continue
		}
		if one != nil && one.key != ms[k].key {
			return nil
		}
		one = &ms[k]
	}
	return one
}

// mentionEndsAt reports whether an entity name ends just before token k.
func mentionEndsAt(ms []mention, k int) bool {
	for i := range ms {
		if ms[i].j == k && !ms[i].firm {
			return true
		}
	}
	return false
}

// onlyNameBefore reports whether the clause before token end holds nothing
// but entity names and punctuation.
func onlyNameBefore(toks []tok, end int, ms []mention) bool {
	named := false
	for k := end - 1; k >= 0; k-- {
		t := toks[k]
		if t.kind == kPunct {
			if t.s == ":" || t.s == "." || t.s == ";" {
				break
			}
			continue
		}
		if !insideAny(ms, k) {
			return false
		}
		named = true
	}
	return named
}

func insideAny(ms []mention, i int) bool {
	for k := range ms {
		if ms[k].i <= i && i < ms[k].j {
			return true
		}
	}
	return false
}

// imperativeBefore reports whether the clause ending at token end opened
// with an advice verb ("Hold for long-term upside…, but avoid …").
func (st *state) imperativeBefore(toks []tok, end int) bool {
	start := end - 1
	for start > 0 && !(toks[start-1].kind == kPunct && strings.Contains(".;:—–(|", toks[start-1].s)) {
		start--
	}
	for _, m := range lex.matchAt(toks, start, nil) {
		if m.p.kind == pVerb || m.p.kind == pSelf || m.p.kind == pRating {
			return true
		}
	}
	return false
}

// shortImperativeBefore reports a short imperative clause ending at the
// comma at end: an advice verb opening the sentence, then at most four
// words ("Sell Ford, buy GM"), and not a noun phrase ("Short sellers pile
// into Carvana, exit Tesla").
func shortImperativeBefore(toks []tok, end int) bool {
	if end > 5 {
		return false
	}
	for _, m := range lex.matchAt(toks, 0, nil) {
		if m.p.kind == pVerb && m.j < end && !corpNext[toks[m.j].l] {
			return true
		}
	}
	return false
}

// impSkip are words that may stand before an imperative advice verb.
var impSkip = map[string]bool{"but": true, "or": true, "yet": true, "just": true, "simply": true, "so": true,
	"then": true, "and": true, "now": true, "please": true, "also": true, "definitely": true, "still": true,
	"strongly": true, "don't": true, "do": true, "not": true, "never": true, "i": true, "we": true, "you": true,
	"would": true, "should": true, "i'd": true, "we'd": true, "you'd": true, "absolutely": true, "really": true,
	"gradually": true, "slowly": true, "selectively": true, "cautiously": true, "aggressively": true, "happily": true}

func isPronounCap(l string) bool {
	switch l {
	case "i", "we", "you", "investors", "readers", "they", "one", "traders", "subscribers", "members", "everyone":
		return true
	}
	return false
}

// target is an entity a call is attached to, with the confidence of the
// attachment.
type target struct {
	m    mention
	conf float64
}

// attach finds the entities a call is about.
func (st *state) attach(toks []tok, ms []mention, c call, lineSubject *mention, labelCall *call) []target {
	base := 0.8
	switch c.kind {
	case pStrongRating, pZacks:
		base = 0.9
	case pRating:
		base = 0.85
	case pFirst:
		base = 0.65
	case pNeg:
		base = 0.7
	}
	// the caller reads the targets before its next call: one buffer serves
	out := st.targetBuf[:0]
	defer func() { st.targetBuf = out[:0] }()
	possObject := false // "we sold Walgreens' last dividend": the object is the dividend, not a company
	if !c.rating && c.kind == pSelf && copulaBefore(toks, c.i) {
		// "NextEra is most preferred and Dominion least preferred": a
		// predicate is about the subject before it, not the name after it
		if m := subjectBefore(toks, ms, c.i); m != nil {
			out = append(out, target{*m, base - 0.05})
			return out
		}
	}
	if st.inTable && lineSubject != nil && !c.rating {
		// a table row is about its subject: "Microsoft (MSFT) | listed | Buy — the way to own OpenAI"
		out = append(out, target{*lineSubject, base})
		return out
	}
	addM := func(m mention, conf float64) {
		for _, x := range out {
			if x.m.key == m.key {
				return
			}
		}
		if m.common {
			conf -= 0.1
		}
		out = append(out, target{m, conf})
	}
	if c.rating {
		// "reiterated Buy on Eli Lilly (LLY)", "an Outperform rating on Intel": the stock after "on"
		if m := ratingOn(toks, ms, c.j); m != nil {
			addM(*m, base)
			return out
		}
		// the rated stock comes before the rating: "upgraded Nvidia (NVDA) to Overweight"
		for k := mentionsBefore(ms, c.i) - 1; k >= 0; k-- {
			if ms[k].j <= c.i && !ms[k].firm {
				if newSubjectBetween(toks, ms, ms[k].j, c.i) {
					return out // "Nike — Lulu stays a Buy": Lulu's rating
				}
				addM(ms[k], base)
				return out
			}
		}
		for k := mentionsBefore(ms, c.j); k < len(ms); k++ {
			if ms[k].i >= c.j && !ms[k].firm {
				if brokenBetween(toks, c.j, ms[k].i) {
					break // "reiterates a Buy …, while staying on the fence about Snap"
				}
				addM(ms[k], base-0.05)
				return out
			}
		}
	} else {
		// "Qualcomm keeps coming up. Steer clear: the Apple modem loss is
		// still ahead of it": after the colon comes the reason, and "it"
		// points back to the company just named; the name inside the
		// reason is not the object
		if c.j+1 < len(toks) && toks[c.j].s == ":" && determiners[toks[c.j+1].l] && st.last != nil && st.nsent-st.lastSent <= 1 && hasAnaphor(toks[c.j+2:]) {
			addM(*st.last, base-0.1)
			return out
		}
		// the object follows the verb, within the clause; "X, Y and Z" all count
		var first *mention
		watchFor := (c.action == Watch) && c.j < len(toks) && (toks[c.j].l == "for" || toks[c.j].l == "how") && !waitPhrase(toks, c)
		if c.j+1 < len(toks) && (toks[c.j].l == "a" || toks[c.j].l == "an" || toks[c.j].l == "any") && genericObject[toks[c.j+1].l] {
			return out // "Don't buy a stock because it's in the news": a lesson, about no company
		}
		// "Sell it all and buy VTI", "Dump them": a pronoun is the object;
		// the name after it belongs to the next call
		pronounObject := !c.rating && c.j < len(toks) && (toks[c.j].l == "it" || toks[c.j].l == "them")
		for k := c.i + 1; k < c.j && !c.rating; k++ {
			pronounObject = pronounObject || toks[k].l == "it" || toks[k].l == "them" // "sell it all"
		}
		for k := mentionsBefore(ms, c.j); k < len(ms); k++ {
			if watchFor || pronounObject {
				break
			}
			if ms[k].possessive && ms[k].i >= c.j && !ms[k].explicit {
				if brokenBetween(toks, c.j, ms[k].i) {
					break
				}
				if ms[k].i == c.j {
					possObject = true
				}
				continue
			}
			if ms[k].i < c.j || ms[k].firm {
				continue
			}
			if brokenBetween(toks, c.j, ms[k].i) || ms[k].i-c.j > 8 {
				break
			}
			if ms[k].i >= 2 && toks[ms[k].i-1].l == "next" && toks[ms[k].i-2].l == "the" {
				return out // "buy the next Nvidia": a kind of company, not Nvidia
			}
			first = &ms[k]
			addM(ms[k], base)
			// coordination
			prevEnd := ms[k].j
			for q := k + 1; q < len(ms); q++ {
				if ms[q].firm {
					continue
				}
				gap := toks[prevEnd:ms[q].i]
				if !coordinated(gap) {
					break
				}
				if ms[q].j+1 < len(toks) && (toks[ms[q].j].l == "to" || toks[ms[q].j].l == "is") && lex.starts(&toks[ms[q].j+1]) {
					break // "stay away from UNH, Nike to Hold": the next name has its own call
				}
				addM(ms[q], base)
				prevEnd = ms[q].j
			}
			break
		}
		if first != nil {
			return out
		}
		if c.j < len(toks) && vagueObjects[toks[c.j].l] {
			return out // "sell what's worked, buy what's boring": no company
		}
		if c.action == Watch && c.j+1 < len(toks) && (toks[c.j-1].l == "on" || toks[c.j-1].l == "of" || toks[c.j-1].l == "watch" || toks[c.j-1].l == "monitor") && determiners[toks[c.j].l] && !anaphors[toks[c.j+1].base] && !insideAny(ms, c.j+1) {
			return out // "keep an eye on the Pro segment commentary": an event, not a stock
		}
		if m, ok := st.unknownObject(toks, c.j); ok {
			addM(m, base-0.2)
			return out
		}
		// "Costco (COST) is a buy", "$TSLA loading up": the subject before, same clause
		for k := mentionsBefore(ms, c.i) - 1; k >= 0; k-- {
			if ms[k].j <= c.i && !ms[k].firm {
				if !brokenBetween(toks, ms[k].j, c.i) && c.kind != pVerb || c.kind == pVerb && (ms[k].j == c.i || c.i > 0 && toks[c.i-1].s == "," && onlyNameBefore(toks, c.i-1, ms)) {
					addM(ms[k], base-0.05)
					// "added Amazon (AMZN) and Boston Scientific (BSX) to its Conviction List"
					for q := k - 1; q >= 0 && c.kind == pSelf; q-- {
						if ms[q].firm || !coordinated(toks[ms[q].j:ms[q+1].i]) {
							break
						}
						addM(ms[q], base-0.05)
					}
					return out
				}
				break
			}
		}
	}
	if lineSubject != nil {
		addM(*lineSubject, base)
		return out
	}
	if possObject {
		return out
	}
	// "We still like Costco but would wait for a better price": the one
	// entity the sentence named before the call
	if one := singleBefore(ms, c.i); one != nil && !c.rating {
		addM(*one, base-0.1)
		return out
	}
	// "Buy the iPhone 17 Pro": the object is something that is not an entity
	if !c.rating && c.j+1 < len(toks) && determiners[toks[c.j].l] && !anaphors[toks[c.j+1].base] && toks[c.j+1].l != "dip" {
		return out
	}
	// anaphora and section subjects
	hasAna, plural := false, false
	for _, t := range toks {
		if anaphors[t.l] || anaphors[t.base] {
			hasAna = true
		}
		if plurals[t.l] {
			plural = true
		}
	}
	if plural {
		items := st.sec.listItems
		if len(items) == 0 {
			items = st.title.listItems
		}
		if len(items) > 0 {
			for _, m := range items {
				addM(m, base-0.1)
			}
			return out
		}
	}
	fromTitle := st.sec.subject != nil && st.title.subject != nil && st.sec.subject.key == st.title.subject.key
	if (hasAna || fromTitle && (c.kind == pSelf || c.kind == pVerb) && clauseStart(toks, c.i)) && st.sec.subject != nil && st.last != nil && st.last.key != st.sec.subject.key && st.last.tradable && (st.nsent-st.lastSent <= 1 || st.lastLine == st.lineNo) && !st.sec.rec {
		// "Its replacement is Realty Income (O). We're initiating a
		// position", "We also looked at Medical Properties Trust. Steer
		// clear.": the name just read, not the headline's
		addM(*st.last, base-0.15)
		return out
	}
	if st.sec.subject != nil && (hasAna || st.sec.rec || c.kind == pVerb || c.kind == pSelf) {
		addM(*st.sec.subject, base-0.1)
		return out
	}
	if hasAna && st.fmSubject != nil {
		addM(*st.fmSubject, base-0.1)
		return out
	}
	if hasAna && st.last != nil {
		last := st.last
		if !last.tradable && st.lastTradable != nil && sharesAnaphor(toks) {
			last = st.lastTradable // "hold your shares": a private company has none
		}
		addM(*last, base-0.15)
		return out
	}
	// "Intel shares jumped… Our rating stays Underperform.": a call with no
	// entity right after one was named
	if st.last != nil && (st.nsent-st.lastSent <= 2 || st.lastLine == st.lineNo && st.nsent-st.lastSent <= 4) && (c.rating || c.kind == pSelf && !nounPhrase[toks[c.i].l] || c.kind == pNeg || c.kind == pVerb && clauseStart(toks, c.i)) {
		addM(*st.last, base-0.2)
		return out
	}
	if (st.sec.rec || st.curRank >= 3) && st.title.subject != nil {
		addM(*st.title.subject, base-0.15)
		return out
	}
	if st.title.subject != nil && (c.kind == pVerb && clauseStart(toks, c.i) || c.kind == pSelf && !nounPhrase[toks[c.i].l]) {
		addM(*st.title.subject, base-0.2) // "Hold for the long term." in an article about one company
		return out
	}
	if hasAna && st.title.subject != nil {
		addM(*st.title.subject, base-0.2)
		return out
	}
	return out
}

// condAfter reports a call hedged by "if" or "would be": "would be a buy
// at IPO if priced sensibly".
func condAfter(toks []tok, c call) bool {
	if c.negated {
		return false
	}
	for k := c.i - 1; k >= 0 && k >= c.i-4; k-- {
		if toks[k].l == "would" || toks[k].l == "could" {
			return true
		}
	}
	for k := c.j; k < len(toks); k++ {
		if toks[k].kind == kPunct && (toks[k].s == ";" || toks[k].s == "." || toks[k].s == ",") || toks[k].l == "but" {
			return false
		}
		if toks[k].l == "if" {
			return true
		}
	}
	return false
}

// stockSubject are subjects that make a modal verb a forecast about the
// stock, not advice to the reader.
var stockSubject = map[string]bool{"shares": true, "stock": true, "stocks": true, "price": true, "it": true, "index": true, "market": true, "markets": true, "sales": true, "revenue": true, "margins": true}

// determiners open a noun phrase after a verb.
// genericObject are nouns that, after "a" or "any", name no company.
var genericObject = map[string]bool{"stock": true, "company": true, "business": true, "name": true, "ticker": true, "share": true, "fund": true}

// assetClass are allocations a rating word may apply to instead of a
// company ("overweight equities", "underweight Europe").
var assetClass = map[string]bool{"equities": true, "stocks": true, "bonds": true, "treasuries": true, "cash": true,
	"credit": true, "duration": true, "gold": true, "commodities": true, "europe": true, "japan": true, "china": true,
	"emerging": true, "sector": true, "sectors": true, "the": false}

// hasAnaphor reports whether toks refer back to something named before
// ("it", "its", "the stock").
func hasAnaphor(toks []tok) bool {
	for _, t := range toks {
		if anaphors[t.l] || anaphors[t.base] {
			return true
		}
	}
	return false
}

// pronouns are the personal pronouns that stand for something named before.
var pronouns = map[string]bool{"it": true, "them": true, "us": true, "you": true, "him": true, "her": true, "me": true}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true, "your": true, "my": true, "our": true, "some": true}

// nounPhrase are first words of advice phrases that are nouns ("top pick",
// "conviction list"), which need their entity in the sentence.
var nounPhrase = map[string]bool{"top": true, "best": true, "conviction": true, "highest": true, "highest-conviction": true,
	"new": true, "small": true, "starter": true, "strong": true, "speculative": true, "watchlist": true, "watch": true,
	"must": true, "must-own": true, "top-pick": true, "favorite": true, "favourite": true, "buyers": true}

// sharesAnaphor reports "your shares", "the stock": words that need a listed company.
func sharesAnaphor(toks []tok) bool {
	for _, t := range toks {
		switch t.base {
		case "shares", "stock", "position":
			return true
		}
	}
	return false
}

// brokenBetween reports a clause break between tokens a and b.
func brokenBetween(toks []tok, a, b int) bool {
	for k := a; k < b && k < len(toks); k++ {
		t := toks[k]
		if t.kind == kPunct && (t.s == "." || t.s == ";" || t.s == "!" || t.s == "?" || t.s == "|") {
			return true
		}
		if clauseBreak[t.l] {
			return true
		}
	}
	return false
}

// coordinated reports whether the tokens between two mentions join them
// into a list: ",", "and", "or", "&", "as well as".
func coordinated(gap []tok) bool {
	if len(gap) == 0 || len(gap) > 4 {
		return false
	}
	for _, t := range gap {
		switch t.l {
		case ",", "and", "or", "&", "plus", "as", "well", "the", "*":
		default:
			return false
		}
	}
	return true
}

// add records a candidate with its conditions, horizon, price target and
// analyst, read from the sentence after the call (tokens from..to).
func (st *state) add(cd cand, toks []tok, from, to int, text string) {
	st.ncall++
	cd.order = st.ncall
	cd.sent = st.nsent
	cd.cond = conditions(toks, cd.c, from, to)
	cd.horizon = horizon(toks)
	cd.pt = priceTarget(toks)
	cd.analyst, cd.firm = analystOf(toks, text)
	if cd.firm == "" && cd.c.rating {
		for _, m := range st.mentionsFirm(toks) {
			cd.firm = m
			break
		}
	}
	if !cd.c.rating && cd.c.kind != pZacks {
		if cd.analyst == "" {
			cd.firm = ""
		}
	}
	if st.sec.rec && cd.rank < 3 {
		cd.rank = 3
	}
	if cd.rank >= 3 {
		cd.conf += 0.1
	}
	cd.conf = min(max(cd.conf, 0.05), 0.99)
	cd.evidence = strings.TrimSpace(cd.evidence)
	st.cands = append(st.cands, cd)
}

// mentionsFirm lists firm names in a sentence.
func (st *state) mentionsFirm(toks []tok) []string {
	var out []string
	buf := st.keyBuf[:0]
	for i := 0; i < len(toks); i++ {
		if !toks[i].cap {
			continue
		}
		buf = append(buf[:0], toks[i].base...)
		for j := i; j < len(toks) && j < i+3; j++ {
			if j > i {
				buf = append(buf, ' ')
				buf = append(buf, toks[j].base...)
			}
			if f, ok := firms[string(buf)]; ok {
				out = append(out, f)
			}
		}
	}
	st.keyBuf = buf[:0]
	return out
}

// conditions reads the condition of a call from the tokens after it (up to
// the next call or the end of the clause), or from an "if"/"once" clause
// that opens the sentence.
func conditions(toks []tok, c call, from, to int) string {
	to = min(to, len(toks))
	for k := from; k < to; k++ {
		t := toks[k]
		if t.kind == kPunct && (t.s == "." || t.s == ";" || t.s == "!" || t.s == "?") {
			break
		}
		if t.l == "but" || t.l == "however" {
			break
		}
		isCond := condWords[t.l]
		if isCond {
			switch t.l {
			case "below", "under", "above", "near", "around", "at":
				isCond = k+1 < len(toks) && (toks[k+1].kind == kMoney || toks[k+1].kind == kNum)
			case "on":
				isCond = k+1 < len(toks) && (toks[k+1].l == "a" || toks[k+1].l == "any" || toks[k+1].l == "dips" || toks[k+1].l == "weakness" || toks[k+1].l == "pullbacks")
			case "closer":
				// "I'd be a buyer again closer to $100"
				isCond = k+2 < len(toks) && toks[k+1].l == "to" && (toks[k+2].kind == kMoney || toks[k+2].kind == kNum)
			case "after", "before", "into", "ahead":
				isCond = k+1 < len(toks) && (toks[k+1].l == "the" || toks[k+1].l == "earnings" || toks[k+1].l == "a" || toks[k+1].l == "of")
				if isCond && toks[k+1].l == "of" {
					// "ahead of earnings" is a condition; "the loss is still ahead of it" is not
					isCond = k+2 < len(toks) && !pronouns[toks[k+2].l]
				}
			case "when":
				isCond = true
			}
		}
		if !isCond {
			continue
		}
		end := k + 1
		for end < to {
			e := toks[end]
			if e.kind == kPunct && (e.s == "." || e.s == ";" || e.s == "," || e.s == "!" || e.s == "?" || e.s == ")" || e.s == ":" || e.s == "—" || e.s == "–") || e.l == "but" || e.l == "and" && end > k+3 {
				break
			}
			end++
		}
		if end > k+1 {
			return strings.TrimSpace(spanText(toks, k, end))
		}
	}
	// a leading "if …," clause
	if len(toks) > 2 && (toks[0].l == "if" || toks[0].l == "once" || toks[0].l == "until" || toks[0].l == "provided") && c.i > 1 {
		for k := 1; k < c.i; k++ {
			if toks[k].s == "," {
				return spanText(toks, 0, k)
			}
		}
	}
	return ""
}

// spanText joins tokens [a, b) with the spacing of the source.
func spanText(toks []tok, a, b int) string {
	var sb strings.Builder
	for k := a; k < b; k++ {
		if k > a && toks[k].pos > toks[k-1].end {
			sb.WriteByte(' ')
		}
		sb.WriteString(toks[k].s)
	}
	return sb.String()
}

// horizon finds a stated holding horizon: "over the next 12 months",
// "12-month", "long term", "by year-end".
func horizon(toks []tok) string {
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		switch t.l {
		case "next", "coming":
			if k+2 < len(toks) && (toks[k+1].kind == kNum || isNumberWord(toks[k+1].l)) && isPeriod(toks[k+2].l) {
				start := k
				if k >= 2 && (toks[k-1].l == "the") && (toks[k-2].l == "over" || toks[k-2].l == "in" || toks[k-2].l == "within") {
					start = k - 2
				}
				return spanText(toks, start, k+3)
			}
			if k+1 < len(toks) && isPeriod(toks[k+1].l) {
				return spanText(toks, k, k+2)
			}
		case "long-term", "long":
			if t.l == "long" && !(k+1 < len(toks) && (toks[k+1].l == "term" || toks[k+1].l == "haul" || toks[k+1].l == "run")) {
				continue
			}
			return "long term"
		case "short-term":
			return "short term"
		case "year-end":
			return "by year-end"
		}
		if t.kind == kNum && k+1 < len(toks) && isPeriod(toks[k+1].l) && k > 0 && (toks[k-1].l == "over" || toks[k-1].l == "within") {
			return spanText(toks, k-1, k+2)
		}
		if (t.kind == kWord || t.kind == kNum) && strings.Contains(t.l, "-") {
			n, unit, _ := strings.Cut(t.l, "-")
			if (isDigits(n) || isNumberWord(n)) && (unit == "month" || unit == "year" || unit == "week" || unit == "quarter") {
				if k+1 < len(toks) && (toks[k+1].l == "price" || toks[k+1].l == "target" || toks[k+1].l == "high" || toks[k+1].l == "low") {
					continue
				}
				return t.s
			}
		}
	}
	return ""
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isPeriod(l string) bool {
	switch l {
	case "months", "month", "years", "year", "quarters", "quarter", "weeks", "week", "days":
		return true
	}
	return false
}

// ratingCounts counts the places where toks tally ratings: a count right
// before a rating word ("18 hold", "four sell", "25 rate the shares buy")
// or right after one and a colon ("Buy: 12"). Two of them make the
// sentence consensus statistics, not anyone's call.
func ratingCounts(toks []tok) int {
	count := func(t *tok) bool {
		return t.kind == kNum && !strings.ContainsAny(t.s, ".%") || isNumberWord(t.l)
	}
	n := 0
	for k := range toks {
		if !isRatingWord(toks[k].l) {
			continue
		}
		if k+2 < len(toks) && toks[k+1].s == ":" && count(&toks[k+2]) {
			n++
			continue
		}
		for back := 1; back <= 4 && k-back >= 0; back++ {
			t := &toks[k-back]
			if count(t) {
				n++
				break
			}
			if t.kind == kPunct && !isQuote(t.s) || isRatingWord(t.l) && back > 1 {
				break
			}
		}
	}
	return n
}

// hasDateCell reports whether a table row holds a numeric date
// (2025-03-11, 3/11/2025, 03/11).
func hasDateCell(toks []tok) bool {
	for _, t := range toks {
		if t.kind == kNum && (strings.Count(t.s, "-") == 2 || strings.Count(t.s, "/") >= 1) {
			return true
		}
	}
	return false
}

// pastReport reports a call retold from the past: a past-tense verb of
// saying before it ("argued", "wrote", "told") in a sentence dated in the
// past ("two years ago", "last year", "back in", "in 2022"). The sentence is read
// once (st.curSaid), so a run-on sentence of calls stays linear.
func (st *state) pastReport(toks []tok, i int) bool {
	if st.curSaid == -2 {
		st.curSaid = -1
		if pastSet.in(toks) || pastYear(toks) {
			for k := range toks {
				switch toks[k].l {
				case "argued", "wrote", "told", "said", "urged", "suggested", "advised", "recommended", "predicted", "called":
					st.curSaid = k
				}
				if st.curSaid >= 0 {
					break
				}
			}
		}
	}
	return st.curSaid >= 0 && st.curSaid < i
}

// initiatedAtRating reports "… at Neutral", "… with an Outperform rating"
// within a few words after an initiation.
func initiatedAtRating(toks []tok, from int) bool {
	for k := from; k < len(toks) && k < from+6; k++ {
		if toks[k].l != "at" && toks[k].l != "with" {
			continue
		}
		for q := k + 1; q < len(toks) && q <= k+3; q++ {
			switch toks[q].l {
			case "neutral", "hold", "buy", "sell", "outperform", "underperform", "overweight", "underweight",
				"equal-weight", "equal", "market", "sector", "peer", "perform", "reduce", "accumulate", "strong", "in-line":
				return true
			}
		}
	}
	return false
}

// atThisPrice reports a price qualifier within a few words after j
// ("here", "at this price", "at these levels", "right now").
func atThisPrice(toks []tok, j int) bool {
	for k := j; k < len(toks) && k < j+5; k++ {
		switch toks[k].l {
		case "here":
			return true
		case "at":
			if k+2 < len(toks) && (toks[k+1].l == "this" || toks[k+1].l == "these" || toks[k+1].l == "current") {
				return true
			}
		case "now":
			return k > 0 && toks[k-1].l == "right"
		}
		if toks[k].kind == kPunct && toks[k].s != "'" {
			return false
		}
	}
	return false
}

// removedFrom reports "removed from", "dropped from", "taken off" within
// the four words before i.
func removedFrom(toks []tok, i int) bool {
	for k := i - 1; k >= 1 && k >= i-4; k-- {
		switch toks[k].l {
		case "from":
			switch toks[k-1].l {
			case "removed", "dropped", "deleted", "cut", "removes", "drops":
				return true
			}
		case "off":
			switch toks[k-1].l {
			case "taken", "took", "comes", "came", "falls", "fell":
				return true
			}
		}
	}
	return false
}

// otherUsersComment reports a line of a Reddit-style comment ("u/NAME · 2
// days ago · 61 points …", to the end of its paragraph) by someone other
// than the poster, whom it learns from
// "Posted by u/NAME" / "submitted by u/NAME"; a comment marked "(OP)" is
// the poster's.
func (st *state) otherUsersComment(s string) bool {
	if st.op == "" && st.lineNo <= 40 { // the poster is named at the top
		if k := strings.Index(s, "by u/"); k >= 0 {
			if before := strings.ToLower(s[:k]); strings.HasSuffix(before, "posted ") || strings.HasSuffix(before, "submitted ") {
				st.op = userName(s[k+len("by u/"):])
			}
		}
	}
	if st.op == "" || !strings.HasPrefix(s, "u/") {
		return st.inComment
	}
	st.inComment = userName(s[2:]) != st.op && !strings.Contains(s[:min(len(s), 60)], "(OP)")
	return st.inComment
}

// userName is the user name at the start of s.
func userName(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !(r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) })
	if end < 0 {
		return s
	}
	return s[:end]
}

// pageFurniture reports a line that is part of the page rather than the
// article: a related-article headline stamped with its source or age
// ("3 AI stocks to buy on the dip (Yahoo Finance, 3 hours ago)", "Netflix
// upgraded to Buy ahead of earnings (Oct 17)", "… Upgraded to \"Hold\" at
// Wall Street Zen Jul 16th, 2025"), a site menu ("Stocks to Buy Stocks to
// Sell Market News Crypto Experts"), or a widget ("Add to/Remove from
// Watchlist", "Buy now").
func pageFurniture(toks []tok) bool {
	n := len(toks)
	last := toks[n-1]
	if last.kind == kPunct && (last.s == "." || last.s == "!" || last.s == "?") {
		return false // a sentence
	}
	words, caps, buy, sell, watchlist, addRemove := 0, 0, false, false, false, false
	punct := false // other than a menu's separators
	for k := range toks {
		t := &toks[k]
		if t.kind == kPunct && !strings.Contains("|/•·", t.s) {
			punct = true
		}
		if t.kind != kWord {
			continue
		}
		words++
		if t.cap {
			caps++
		}
		switch t.l {
		case "buy":
			buy = true
		case "sell":
			sell = true
		case "watchlist":
			watchlist = true
		case "add", "remove":
			addRemove = true
		}
	}
	if watchlist && addRemove && words <= 6 {
		return true // "Add to/Remove from Watchlist"
	}
	if words <= 2 && buy && n <= 3 {
		return true // "Buy now", "Buy"
	}
	if n >= 2 && toks[n-1].l == "now" && (toks[n-2].l == "buy" || toks[n-2].l == "shop") {
		return true // "$999 at Best Buy (with activation) Buy now": a shop button
	}
	if words <= 12 && !punct && ratingHistoryRow(toks) {
		return true // "May 2025 Deutsche Bank Downgrade Buy Hold": a ratings-history widget
	}
	if words >= 6 && buy && sell && !punct && caps*5 >= words*4 {
		return true // a menu
	}
	// A stamp at the end: "(…, 3 hours ago)", "(Oct 17)", "Jul 16th, 2025".
	end := n
	if last.s == ")" {
		end = n - 1
	}
	for k := end - 1; k >= 0 && k >= end-6; k-- {
		t := &toks[k]
		if t.l == "ago" && k == end-1 && k >= 2 && (toks[k-2].kind == kNum || isNumberWord(toks[k-2].l)) {
			return true
		}
		if monthWord(t.l) && k+1 < end && toks[k+1].kind == kNum && (last.s == ")" || end-k <= 4 && k+3 < n && toks[k+3].kind == kNum && toks[k+3].val >= 1900) {
			return true
		}
	}
	return false
}

// ratingScaleRow reports a table row whose cells hold ratings of two or
// more different actions ("Overweight | Equal-weight / Neutral |
// Underweight | Morgan Stanley"): a scale explained, not a call.
func ratingScaleRow(row string) bool {
	var seen Action
	for cell := range strings.SplitSeq(row, "|") {
		for part := range strings.SplitSeq(cell, "/") {
			part = strings.TrimSpace(part)
			if part == "" || len(part) > 16 {
				continue // a rating cell is a word or two, not a comment
			}
			a, ok := ratingCell(part)
			if !ok {
				continue
			}
			if seen != "" && a != seen {
				return true
			}
			seen = a
		}
	}
	return false
}

// siteMenu reports a line that can only be a site's menu, even as the
// first line of a capture: eight words or more, no punctuation, no
// function word a headline would have, both "buy" and "sell" ("Stocks to
// Buy Stocks to Sell Market News Crypto Experts Newsletters").
func siteMenu(toks []tok) bool {
	words, buy, sell := 0, false, false
	for k := range toks {
		t := &toks[k]
		if t.kind == kPunct && !strings.Contains("|/•·", t.s) {
			return false
		}
		switch t.l {
		case "and", "or", "the", "for", "in", "of", "with", "our", "my", "your", "a", "an", "is", "are", "now":
			return false
		case "buy":
			buy = true
		case "sell":
			sell = true
		}
		if t.kind == kWord {
			words++
		}
	}
	return words >= 8 && buy && sell
}

// ratingCells are the ratings a rating-scale table lists.
var ratingCells = map[string]Action{
	"buy": Buy, "strong buy": Buy, "outperform": Buy, "overweight": Buy, "accumulate": Buy, "add": Buy,
	"hold": Hold, "neutral": Hold, "equal-weight": Hold, "equal weight": Hold, "market perform": Hold,
	"sector perform": Hold, "peer perform": Hold, "in-line": Hold, "market weight": Hold, "sector weight": Hold,
	"sell": Sell, "strong sell": Sell, "underperform": Sell, "underweight": Sell, "reduce": Sell,
}

// ratingCell looks a short cell up in ratingCells, ignoring case.
func ratingCell(part string) (Action, bool) {
	var b [16]byte
	if len(part) > len(b) {
		return "", false
	}
	n := copy(b[:], part)
	for k := range n {
		if c := b[k]; c >= 'A' && c <= 'Z' {
			b[k] = c + 'a' - 'A'
		}
	}
	a, ok := ratingCells[string(b[:n])] // a map index with a converted key does not allocate
	return a, ok
}

// ratingHistoryRow reports a widget row of past rating changes: a month
// and year, an action word (Upgrade, Downgrade, Maintains, Initiates) and
// two ratings, from and to.
func ratingHistoryRow(toks []tok) bool {
	month, year, change, ratings := false, false, false, 0
	for k := range toks {
		t := &toks[k]
		switch {
		case monthWord(t.l):
			month = true
		case t.kind == kNum && t.val >= 1990 && t.val < 2100:
			year = true
		case t.l == "upgrade" || t.l == "downgrade" || t.l == "maintains" || t.l == "initiates" || t.l == "reiterates":
			change = true
		default:
			if _, ok := ratingCells[t.l]; ok {
				ratings++
			}
		}
	}
	return month && year && change && ratings >= 2
}

// monthWord reports a month's name or abbreviation.
func monthWord(l string) bool {
	switch l {
	case "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec":
		return true
	}
	return calendarWord[l] && !strings.HasSuffix(l, "day")
}

// isQuote reports a quotation mark token.
func isQuote(s string) bool {
	switch s {
	case "\"", "'", "“", "”", "‘", "’", "«", "»":
		return true
	}
	return false
}

// onlyFigures reports whether toks hold numbers and punctuation only.
func onlyFigures(toks []tok) bool {
	for _, t := range toks {
		if t.kind != kNum && t.kind != kPunct {
			return false
		}
	}
	return true
}

// analystTally reports consensus statistics in a sentence: "analysts"
// with a count that rates ("Of the 41 analysts who cover Oracle, 31 rate it
// a Buy"), or a rating "among analysts".
func analystTally(toks []tok) bool {
	analysts := false
	for k := range toks {
		switch toks[k].l {
		case "analysts", "brokerages", "brokers":
			analysts = true
			if k > 0 && toks[k-1].l == "among" {
				return true
			}
		case "rate", "rated", "rating", "ratings":
			if analysts && k > 0 && (toks[k-1].kind == kNum || isNumberWord(toks[k-1].l)) {
				return true
			}
		case "of":
			// "58 of the 65 analysts who cover Nvidia now rate it a Buy"
			if k > 0 && k+3 < len(toks) && (toks[k-1].kind == kNum || isNumberWord(toks[k-1].l)) && toks[k+1].l == "the" && toks[k+2].kind == kNum && (toks[k+3].l == "analysts" || toks[k+3].l == "brokerages") {
				return true
			}
		}
	}
	return false
}

// isRatingWord reports the words of a rating tally.
func isRatingWord(l string) bool {
	switch l {
	case "buy", "buys", "sell", "sells", "hold", "holds", "outperform", "underperform", "overweight", "underweight", "neutral":
		return true
	}
	return false
}

func isNumberWord(l string) bool {
	switch l {
	case "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "eighteen", "twenty", "few", "several":
		return true
	}
	return false
}

// priceTarget finds "price target of $250", "PT $250", "target price $250",
// "raised its price target to $250 from $190", "sees $250".
func priceTarget(toks []tok) float64 {
	for k := 0; k < len(toks); k++ {
		l := toks[k].l
		start := -1
		switch {
		case l == "target" || l == "targets" || l == "objective":
			start = k + 1
		case toks[k].s == "PT" || l == "pt":
			start = k + 1
		case l == "sees" || l == "see":
			start = k + 1
		}
		if start < 0 {
			continue
		}
		for q := start; q < len(toks) && q < start+10; q++ {
			if toks[q].kind == kPunct && (toks[q].s == "." || toks[q].s == ";") {
				break
			}
			if toks[q].kind == kMoney && toks[q].val > 0 {
				if q > 0 && toks[q-1].l == "from" {
					continue
				}
				return toks[q].val
			}
		}
	}
	return 0
}

// analystOf finds "analyst Jane Doe" and a firm name in a sentence.
func analystOf(toks []tok, text string) (analyst, firm string) {
	for k := 0; k+2 < len(toks); k++ {
		if toks[k].l == "analyst" && toks[k+1].cap && toks[k+2].cap && toks[k+1].kind == kWord && toks[k+2].kind == kWord {
			analyst = toks[k+1].s + " " + toks[k+2].s[:len(toks[k+2].base)]
			break
		}
	}
	_ = text
	return analyst, ""
}

// merge keeps one recommendation per entity: the decisive call, with the
// others as notes.
func (st *state) merge() []Recommendation {
	if len(st.cands) == 0 {
		return nil
	}
	if len(st.disowned) > 0 {
		kept := st.cands[:0]
		for _, c := range st.cands {
			// the title's "Why I bought Target" goes with the body's disclaimer
			if !(c.c.kind == pFirst && (st.nearDisowned(c.sent) || c.rank == 2 && c.sent <= 2)) {
				kept = append(kept, c)
			}
		}
		clear(st.cands[len(kept):])
		st.cands = kept
		if len(st.cands) == 0 {
			return nil
		}
	}
	st.preferLocalListings()
	// group by entity, keeping first-mention order (a stable sort by first index)
	first := make(map[string]int, len(st.cands))
	for i, c := range st.cands {
		if _, ok := first[c.m.key]; !ok {
			first[c.m.key] = i
		}
	}
	slices.SortStableFunc(st.cands, func(a, b cand) int { return first[a.m.key] - first[b.m.key] })
	out := make([]Recommendation, 0, len(first))
	for lo := 0; lo < len(st.cands); {
		hi := lo + 1
		for hi < len(st.cands) && st.cands[hi].m.key == st.cands[lo].m.key {
			hi++
		}
		g := st.cands[lo:hi]
		key := g[0].m.key
		lo = hi
		// drop weak common-word-only groups
		allCommon := true
		for _, c := range g {
			if !c.m.common {
				allCommon = false
			}
		}
		if allCommon && !st.seen[key] {
			continue
		}
		best := 0
		for k := 1; k < len(g); k++ {
			if beats(g[k], g[best]) {
				best = k
			}
		}
		b := g[best]
		r := Recommendation{
			Entity: b.m.name, Ticker: b.m.ticker, Tradable: b.m.tradable, Reason: b.m.reason,
			Action: b.c.action, Strength: b.c.strength, Conditions: b.cond, Horizon: b.horizon,
			PriceTarget: b.pt, Evidence: trimEvidence(b.evidence), Confidence: b.conf,
			Analyst: b.analyst, Firm: b.firm,
		}
		// the entity's name: the fullest trusted form the article used
		for _, c := range g {
			if !c.m.common && len(c.m.name) > len(r.Entity) && !strings.EqualFold(c.m.name, c.m.ticker) && c.m.ticker == r.Ticker {
				if r.Entity == r.Ticker || r.Entity == "" {
					r.Entity = c.m.name
				}
			}
		}
		for k, c := range g {
			if k == best {
				continue
			}
			if r.Conditions == "" && c.sent == b.sent && c.cond != "" && c.c.action == b.c.action {
				r.Conditions = c.cond
			}
			if r.Horizon == "" && c.horizon != "" && c.sent == b.sent {
				r.Horizon = c.horizon
			}
			if r.PriceTarget == 0 && c.pt > 0 {
				r.PriceTarget = c.pt
			}
			if c.sent == b.sent && c.c.action == b.c.action && c.c.strength == Strong && r.Strength != Strong && !c.c.negated {
				// "reiterated its Outperform rating and named it its top pick": one sentence, the stronger word
				r.Strength = Strong
			}
			if c.sent == b.sent && c.c.action == Sell && b.c.action == Sell && c.c.strength == Normal && r.Strength == Weak && !c.c.negated {
				// "taking profits on Micron and closing the position": the full exit decides
				r.Strength = Normal
			}
			if c.c.action != b.c.action || c.c.strength != b.c.strength {
				note := fmt.Sprintf("%s %s: %s", c.c.action, c.c.strength, trimEvidence(c.evidence))
				if !slices.Contains(r.Notes, note) {
					r.Notes = append(r.Notes, note)
				}
			}
		}
		if !r.Tradable {
			if t, ok := st.e.proxies[symbols.Normalize(r.Entity)]; ok {
				r.Ticker, r.Proxy = t, true
			} else if t, ok := st.e.proxies[key]; ok {
				r.Ticker, r.Proxy = t, true
			}
		}
		out = append(out, r)
	}
	return out
}

// preferLocalListings moves the calls on a name resolved through the
// directory to the listing the article itself gave for that name: in
// "Toyota: raising to Overweight" above "We raise Toyota Motor (TYO: 7203)
// to Overweight", the headline's Toyota is 7203.T, not the ADR TM.
func (st *state) preferLocalListings() {
	var remap map[string]mention // directory ticker -> the article's listing; the first one wins
	put := func(ticker string, m mention) {
		if remap == nil {
			remap = map[string]mention{}
		}
		if _, seen := remap[ticker]; !seen {
			remap[ticker] = m
		}
	}
	var keys []string
	if len(st.local) > 0 {
		keys = slices.Sorted(maps.Keys(st.local)) // sorted: the first listing wins, every run
	}
	for _, k := range keys {
		lm := st.local[k]
		if lm.ticker == "" {
			continue
		}
		if en, ok := st.e.dir.LookupNormalized(k); ok && en.Ticker != "" && en.Ticker != lm.ticker {
			lm.key = keyOf(lm)
			put(en.Ticker, lm)
		}
	}
	// Share classes: an explicit "(Nasdaq: GOOG)" makes the article's
	// "Alphabet" the class C shares, not the directory's class A.
	var classes map[string]mention // company without share class -> the first explicit listing
	for _, c := range st.cands {
		if c.m.explicit && c.m.ticker != "" && shareClassBase(c.m.canon) != c.m.canon {
			if classes == nil {
				classes = map[string]mention{}
			}
			if _, seen := classes[shareClassBase(c.m.canon)]; !seen {
				classes[shareClassBase(c.m.canon)] = c.m
			}
		}
	}
	for _, o := range st.cands {
		if classes == nil {
			break
		}
		if o.m.explicit || o.m.ticker == "" || o.m.canon == "" {
			continue
		}
		if c, ok := classes[shareClassBase(o.m.canon)]; ok && c.ticker != o.m.ticker {
			put(o.m.ticker, c)
		}
	}
	for i := range st.cands {
		c := &st.cands[i]
		if lm, ok := remap[c.m.ticker]; ok && !c.m.explicit {
			name := c.m.name
			c.m = lm
			c.m.name = name
		}
	}
}

// shareClassBase is a company name without its share class: "Alphabet
// Class C" and "Alphabet" are one company.
func shareClassBase(name string) string {
	k := strings.LastIndex(name, " Class ")
	if k < 0 {
		k = strings.LastIndex(name, " class ")
	}
	if k > 0 && len(name)-k <= len(" class ")+2 {
		return name[:k]
	}
	return name
}

// nearDisowned reports whether sentence n is within two sentences of one
// that says the writer's own trade is not advice. st.disowned is in
// reading order, so a binary search finds the nearest.
func (st *state) nearDisowned(n int) bool {
	k, _ := slices.BinarySearch(st.disowned, n-2)
	return k < len(st.disowned) && st.disowned[k] <= n+2
}

// class ranks actions for merging: a directional call is more decisive than
// hold, and hold than watch.
func class(a Action) int {
	switch a {
	case Buy, Sell, Avoid:
		return 2
	case Hold:
		return 1
	}
	return 0
}

// beats reports whether candidate a is more decisive than b.
func beats(a, b cand) bool {
	if a.rank != b.rank {
		return a.rank > b.rank
	}
	if a.sent == b.sent && a.sent >= 0 {
		if a.contrast != b.contrast {
			return a.contrast
		}
	}
	if a.conditional != b.conditional {
		return !a.conditional
	}
	if class(a.c.action) != class(b.c.action) {
		return class(a.c.action) > class(b.c.action)
	}
	if a.conf != b.conf {
		return a.conf > b.conf
	}
	return a.order > b.order
}

// trimEvidence cuts evidence to 400 bytes at a rune boundary.
func trimEvidence(s string) string {
	if strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r") {
		s = strings.Join(strings.Fields(s), " ")
	}
	if len(s) <= 400 {
		return s
	}
	cut := 400
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
