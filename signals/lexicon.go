package signals

import "strings"

// phraseKind says what context a phrase needs before it counts as advice.
type phraseKind uint8

const (
	// pVerb is an advice verb ("buy", "trim", "avoid"): it counts only in an
	// advisory frame (imperative, "we recommend", "I would", "is a buy").
	pVerb phraseKind = iota
	// pSelf is a phrase that is advice by itself ("consider a small
	// position", "steer clear of", "load up on", "top pick").
	pSelf
	// pRating is an analyst rating word that is also an ordinary word
	// ("Buy", "Neutral", "Add"): it needs a rating context ("to Buy",
	// "a Neutral rating", "rates … Hold").
	pRating
	// pStrongRating is a rating term no one uses for anything else
	// ("Outperform", "Overweight", "Equal-weight").
	pStrongRating
	// pFirst is the writer's own trade, reported as advice ("I'm loading
	// up", "we sold", "dumped all my").
	pFirst
	// pNeg is advice against ("wouldn't touch it", "not a buy").
	pNeg
	// pZacks is "Zacks Rank": the number that follows gives the rating.
	pZacks
	// pTop is "top … pick": "our top biotech pick for 2026".
	pTop
)

type phrase struct {
	words    []string
	action   Action
	strength Strength
	kind     phraseKind
}

// lexicon lists the phrases, each "words|action|strength|kind". Longer
// phrases win over shorter ones starting at the same word.
var lexiconText = `
buy|buy|normal|verb
recommend|buy|normal|verb
recommends|buy|normal|verb
recommending|buy|normal|verb
buying|buy|normal|verb
buy more|buy|normal|verb
in a buy zone|buy|normal|self
in the buy zone|buy|normal|self
in buy range|buy|normal|self
buy the dip|buy|normal|verb
buy the dip in|buy|normal|verb
buy shares|buy|normal|verb
add|buy|normal|verb
add to|buy|normal|verb
adding|buy|normal|verb
adding to|buy|normal|verb
accumulate|buy|normal|verb
accumulating|buy|normal|verb
scoop up|buy|normal|verb
pick up|buy|normal|verb
pick up shares|buy|normal|verb
grab|buy|normal|verb
initiate|buy|normal|verb
initiate a position|buy|normal|self
initiating a position|buy|normal|self
start a position|buy|normal|self
starting a position|buy|normal|verb
open a position|buy|normal|self
take a position|buy|normal|verb
go long|buy|normal|verb
nibble|buy|weak|verb
nibble on|buy|weak|self
nibbling on|buy|weak|self
consider a small position|buy|weak|self
consider a starter position|buy|weak|self
consider a position|buy|weak|self
consider buying|buy|weak|self
consider adding|buy|weak|self
consider accumulating|buy|weak|self
consider small positions|buy|weak|self
starter position|buy|weak|self
small position|buy|weak|self
speculative buy|buy|weak|self
load up|buy|strong|self
load up on|buy|strong|self
loading up|buy|strong|self
loading up on|buy|strong|self
back up the truck|buy|strong|self
top pick|buy|strong|self
top picks|buy|strong|self
best idea|buy|strong|self
best ideas|buy|strong|self
highest conviction|buy|strong|self
highest-conviction|buy|strong|self
top-pick|buy|strong|self
favorite stock|buy|strong|self
favourite stock|buy|strong|self
are buyers of|buy|normal|self
we're buyers of|buy|normal|self
buyers of|buy|normal|verb
are sellers of|sell|normal|self
buying more|buy|normal|self
adding more|buy|normal|self
added more|buy|normal|first
added to|buy|normal|first
added|buy|normal|first
bought more|buy|normal|first
bought|buy|normal|first
took profits|sell|normal|first
took profits on the whole position|sell|normal|first
took some profits|sell|weak|first
trimmed|sell|weak|first
sold|sell|normal|first
sold everything|sell|strong|first
sold all|sell|normal|first
removed|sell|normal|first
exited|sell|normal|first
i'm out|sell|normal|first
still holding|hold|normal|first
holding my|hold|normal|first
i'm holding|hold|normal|first
we're holding|hold|normal|first
i am holding|hold|normal|first
we are holding|hold|normal|first
still hold|hold|normal|first
new position|buy|normal|self
new entry|buy|normal|self
opened a position|buy|normal|first
initiated a position|buy|normal|first
conviction list|buy|strong|self
top|buy|strong|top
i'm out of|sell|normal|first
we're out|sell|normal|first
take the gain|sell|normal|self
take the gains|sell|normal|self
ring the register|sell|normal|self
sit this one out|avoid|weak|self
sit it out|avoid|weak|self
can't recommend|avoid|normal|neg
cannot recommend|avoid|normal|neg
wouldn't buy|avoid|weak|neg
i'd wait|watch|normal|self
we'd wait|watch|normal|self
wait for the next|watch|normal|self
wait until|watch|normal|verb
on watch|watch|normal|self
monitoring|watch|normal|verb
conviction buy|buy|strong|self
strong buy|buy|strong|self
must-own|buy|strong|self
must own|buy|strong|self
sell|sell|normal|verb
selling|sell|normal|verb
sell the rest|sell|normal|verb
sell everything|sell|strong|self
sell it all|sell|strong|self
exit|sell|normal|verb
exiting|sell|normal|verb
get out|sell|normal|verb
get out of|sell|normal|verb
dump|sell|strong|verb
short|sell|normal|verb
trim|sell|weak|verb
sell half|sell|weak|verb
sell a third|sell|weak|verb
sell a quarter|sell|weak|verb
sell a third of|sell|weak|verb
buy aggressively|buy|strong|verb
sell some|sell|weak|verb
sell part|sell|weak|verb
trim half|sell|weak|verb
trimming|sell|weak|verb
take profits|sell|normal|self
take profit|sell|normal|self
take some profits|sell|weak|self
take some profits in|sell|weak|self
take some profits on|sell|weak|self
taking profits|sell|weak|self
closing the position|sell|normal|self
closing our position|sell|normal|self
closing out the position|sell|normal|self
close the position|sell|normal|verb
close our position|sell|normal|verb
close out the position|sell|normal|verb
closed the position|sell|normal|first
closed our position|sell|normal|first
book profits|sell|weak|self
lock in gains|sell|weak|self
lock in profits|sell|weak|self
reduce|sell|weak|verb
no longer recommend|sell|normal|self
no longer recommend buying|avoid|weak|neg
no longer recommend adding|avoid|weak|neg
no longer recommend owning|sell|normal|self
no longer recommend holding|sell|normal|self
strong sell|sell|strong|self
avoid|avoid|normal|verb
avoiding|avoid|normal|verb
avoid adding|avoid|normal|self
avoid adding to|avoid|normal|self
avoid buying|avoid|normal|self
avoid new purchases of|avoid|normal|self
stay away|avoid|normal|self
stay away from|avoid|normal|self
steer clear|avoid|normal|self
steer clear of|avoid|normal|self
stay far away|avoid|strong|self
stay far away from|avoid|strong|self
do not touch|avoid|strong|neg
don't touch|avoid|strong|neg
wouldn't touch|avoid|normal|neg
would not touch|avoid|normal|neg
won't touch|avoid|normal|neg
not a buy|avoid|weak|neg
hold|hold|normal|verb
hold on to|hold|normal|verb
hold onto|hold|normal|verb
keep holding|hold|normal|self
on the fence about|hold|normal|self
staying on the fence about|hold|normal|self
keep it —|hold|normal|verb
hold for the long term|hold|normal|self
hold for the long haul|hold|normal|self
hold for long-term upside|hold|normal|verb
hold off|watch|normal|self
hold off on|watch|normal|self
watch|watch|normal|verb
monitor|watch|normal|verb
keep an eye on|watch|normal|self
keep a close eye on|watch|normal|self
keeping an eye on|watch|normal|self
watchlist|watch|normal|self
watch list|watch|normal|self
on our radar|watch|normal|self
on my radar|watch|normal|self
wait for a pullback|watch|normal|self
wait for a dip|watch|normal|self
wait for a better entry|watch|normal|self
wait for a better price|watch|normal|self
wait for a pullback toward|watch|normal|self
let it come to you|watch|normal|self
i'm buying|buy|normal|first
i am buying|buy|normal|first
we're buying|buy|normal|first
we are buying|buy|normal|first
i bought|buy|normal|first
we bought|buy|normal|first
i'm adding|buy|normal|first
i am adding|buy|normal|first
we're adding|buy|normal|first
we are adding|buy|normal|first
i added|buy|normal|first
we added|buy|normal|first
i'm loading up|buy|strong|first
i'm long|buy|normal|first
i'm selling|sell|normal|first
i am selling|sell|normal|first
we're selling|sell|normal|first
we are selling|sell|normal|first
i sold|sell|normal|first
we sold|sell|normal|first
i dumped|sell|normal|first
dumped all my|sell|normal|first
we exited|sell|normal|first
i exited|sell|normal|first
we're exiting|sell|normal|first
i'm trimming|sell|weak|first
we're trimming|sell|weak|first
we trimmed|sell|weak|first
i trimmed|sell|weak|first
outperform|buy|normal|strongrating
market outperform|buy|normal|strongrating
sector outperform|buy|normal|strongrating
overweight|buy|normal|strongrating
underperform|sell|normal|strongrating
market underperform|sell|normal|strongrating
sector underperform|sell|normal|strongrating
underweight|sell|normal|strongrating
equal-weight|hold|normal|strongrating
equal weight|hold|normal|strongrating
equalweight|hold|normal|strongrating
market perform|hold|normal|strongrating
sector perform|hold|normal|strongrating
peer perform|hold|normal|strongrating
perform|hold|normal|rating
sector weight|hold|normal|strongrating
market weight|hold|normal|strongrating
buy|buy|normal|rating
moderate buy|buy|normal|rating
accumulate|buy|normal|rating
add|buy|normal|rating
positive|buy|normal|rating
hold|hold|normal|rating
neutral|hold|normal|rating
in-line|hold|normal|rating
moderate sell|sell|normal|rating
reduce|sell|normal|rating
sell|sell|normal|rating
negative|sell|normal|rating
zacks rank|buy|normal|zacks
core holding|hold|normal|self
core holdings|hold|normal|self
core position|hold|normal|self
buyers on weakness|buy|normal|verb
buyers on dips|buy|normal|verb
buyers on any weakness|buy|normal|verb
buyers on pullbacks|buy|normal|verb
buyer on weakness|buy|normal|verb
buyer on dips|buy|normal|verb
buyer on any weakness|buy|normal|verb
add on dips|buy|normal|self
add on weakness|buy|normal|self
add on pullbacks|buy|normal|self
adding on dips|buy|normal|self
adding on weakness|buy|normal|self
buy on dips|buy|normal|self
buy on weakness|buy|normal|self
buy the dips|buy|normal|verb
be a buyer|buy|normal|verb
be a buyer of|buy|normal|verb
be buyers|buy|normal|verb
be buyers of|buy|normal|verb
favourite name|buy|strong|self
favorite name|buy|strong|self
favourite idea|buy|strong|self
favorite idea|buy|strong|self
favourite pick|buy|strong|self
favorite pick|buy|strong|self
moving to the sidelines|hold|normal|self
move to the sidelines|hold|normal|self
moved to the sidelines|hold|normal|self
step to the sidelines|hold|normal|self
stepping to the sidelines|hold|normal|self
most preferred|buy|normal|self
least preferred|sell|normal|self
loading more|buy|normal|self
watching for|watch|normal|self
is actionable|buy|normal|self
actionable now|buy|normal|self
wait for|watch|normal|verb
wait for a new base|watch|normal|self
wait for a base|watch|normal|self
wait for a proper base|watch|normal|self
be sellers of|sell|normal|verb
be sellers|sell|normal|verb
be a seller of|sell|normal|verb
be a seller|sell|normal|verb
taking some off the table|sell|weak|self
take some off the table|sell|weak|self
took some off the table|sell|weak|first
taking some chips off the table|sell|weak|self
take some chips off the table|sell|weak|self
wouldn't chase|avoid|weak|neg
would not chase|avoid|weak|neg
won't chase|avoid|weak|neg
wouldn't chase it|avoid|weak|neg
comfortable holding|hold|normal|self
comfortable holding the rest|hold|normal|self
comfortable owning|hold|normal|self
happy holding|hold|normal|self
happy to keep holding|hold|normal|self
on the fence about|hold|normal|self
staying on the fence about|hold|normal|self
continue to own|hold|normal|self
continue owning|hold|normal|self
continue to hold|hold|normal|self
on the watchlist|watch|normal|self
on my watchlist|watch|normal|self
on our watchlist|watch|normal|self
on the watch list|watch|normal|self
not sellers of|hold|normal|self
not a seller of|hold|normal|self
not sellers|hold|normal|self
`

type lexicon struct {
	byFirst map[string][]phrase // first word → phrases, longest first
	// first[len][c] is true when some phrase starts with a word of that
	// length beginning with byte c: a cheap filter before the map.
	first [24][256]bool
}

// maybe reports whether a phrase may start with word w.
func (l *lexicon) maybe(w string) bool {
	if len(w) == 0 || len(w) >= len(l.first) || !l.first[len(w)][w[0]] {
		return false
	}
	_, ok := l.byFirst[w]
	return ok
}

// starts reports whether a phrase may start at token t.
func (l *lexicon) starts(t *tok) bool {
	if t.kind == kWord {
		return t.flags&fLex != 0
	}
	return l.maybe(t.l)
}

func parseKind(s string) phraseKind {
	switch s {
	case "verb":
		return pVerb
	case "self":
		return pSelf
	case "rating":
		return pRating
	case "strongrating":
		return pStrongRating
	case "first":
		return pFirst
	case "neg":
		return pNeg
	case "zacks":
		return pZacks
	case "top":
		return pTop
	}
	panic("signals: unknown phrase kind " + s)
}

var lex = func() *lexicon {
	l := &lexicon{byFirst: map[string][]phrase{}}
	for line := range strings.Lines(lexiconText) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 4 {
			panic("signals: bad lexicon line " + line)
		}
		var words []string
		for _, t := range tokenize(f[0], nil) {
			words = append(words, t.l)
		}
		p := phrase{words: words, action: Action(f[1]), strength: Strength(f[2]), kind: parseKind(f[3])}
		l.byFirst[words[0]] = append(l.byFirst[words[0]], p)
		setFlag(words[0], fLex)
		if n := len(words[0]); n < len(l.first) {
			l.first[n][words[0][0]] = true
		}
	}
	for k, ps := range l.byFirst {
		// longest first; among equal lengths keep file order
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].words) > len(ps[j-1].words); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
		l.byFirst[k] = ps
	}
	return l
}()

// match is one phrase found in a sentence: tokens [i, j).
type match struct {
	i, j int
	p    phrase
}

// matchAt returns the phrases that start at token i, longest first.
func (l *lexicon) matchAt(toks []tok, i int, dst []match) []match {
	if !l.starts(&toks[i]) {
		return dst
	}
	ps := l.byFirst[toks[i].l]
	for _, p := range ps {
		if i+len(p.words) > len(toks) {
			continue
		}
		ok := true
		for k := 1; k < len(p.words); k++ {
			if toks[i+k].l != p.words[k] {
				ok = false
				break
			}
		}
		if ok {
			dst = append(dst, match{i: i, j: i + len(p.words), p: p})
		}
	}
	return dst
}

// zacksRank maps a Zacks Rank number to its action and strength.
func zacksRank(n int) (Action, Strength, bool) {
	switch n {
	case 1:
		return Buy, Strong, true
	case 2:
		return Buy, Normal, true
	case 3:
		return Hold, Normal, true
	case 4:
		return Sell, Normal, true
	case 5:
		return Sell, Strong, true
	}
	return "", "", false
}

// Normalize maps an advice phrase on its own ("Consider a small position",
// "Outperform", "Zacks Rank #2", "we would not buy", "take profits") to an
// action and strength. It reads the phrase as advice, without the context
// checks that [Extractor.Extract] applies to sentences; when a phrase holds
// several calls, the one after "but" or "however" wins, else the first.
// ok is false when no advice is found.
func Normalize(phrase string) (Action, Strength, bool) {
	toks := tokenize(phrase, nil)
	var best *call
	contrast := false
	for i := 0; i < len(toks); i++ {
		if toks[i].l == "but" || toks[i].l == "however" {
			contrast = true
		}
		ms := lex.matchAt(toks, i, nil)
		if len(ms) == 0 {
			continue
		}
		m := ms[0]
		c, ok := interpret(toks, m, true)
		if !ok {
			continue
		}
		if best == nil || contrast {
			cc := c
			best = &cc
			contrast = false
		}
		i = m.j - 1
	}
	if best == nil {
		return "", "", false
	}
	return best.action, best.strength, true
}

// call is an interpreted phrase: its action after negation, and how it was
// framed.
type call struct {
	action   Action
	strength Strength
	kind     phraseKind
	rating   bool // an analyst-style rating
	i, j     int  // tokens of the phrase
	negated  bool
}

// interpret applies Zacks numbers and negation to a match. loose accepts
// every phrase as advice (for Normalize); otherwise context checks happen in
// the caller.
func interpret(toks []tok, m match, loose bool) (call, bool) {
	c := call{action: m.p.action, strength: m.p.strength, kind: m.p.kind, i: m.i, j: m.j}
	c.rating = m.p.kind == pRating || m.p.kind == pStrongRating || m.p.kind == pZacks
	if m.p.kind == pZacks {
		k := m.j
		for k < len(toks) && k < m.j+3 && (toks[k].s == "#" || toks[k].s == ":" || toks[k].l == "of" || toks[k].l == "no") {
			k++
		}
		if k >= len(toks) || toks[k].kind != kNum {
			return c, false
		}
		a, s, ok := zacksRank(int(toks[k].val))
		if !ok || toks[k].val != float64(int(toks[k].val)) {
			return c, false
		}
		c.action, c.strength, c.j = a, s, k+1
		// "(Strong Buy)" after the number is part of the call.
		if c.j < len(toks) && toks[c.j].s == "(" {
			for q := c.j + 1; q < len(toks) && q < c.j+5; q++ {
				if toks[q].s == ")" {
					c.j = q + 1
					break
				}
			}
		}
		return c, true
	}
	if m.p.kind == pTop {
		for k := m.j; k < len(toks) && k <= m.j+2; k++ {
			switch toks[k].l {
			case "pick", "picks", "idea", "ideas":
				c.j = k + 1
				c.kind = pSelf
				return c, true
			}
			if toks[k].kind != kWord {
				break
			}
		}
		return c, false
	}
	if m.p.kind == pNeg || m.p.kind == pFirst || m.p.kind == pStrongRating {
		return c, true
	}
	if neg, mild := negatedAt(toks, m.i); neg {
		c.negated = true
		switch c.action {
		case Buy:
			if strings.HasPrefix(m.p.words[0], "initiat") {
				return c, false // "We do not initiate on Nvidia in this report": coverage, not a view
			}
			if m.j < len(toks) && toks[m.j].l == "more" || m.p.words[len(m.p.words)-1] == "more" {
				// "I'm not buying more": keep what you have
				c.action, c.strength = Hold, Normal
				return c, true
			}
			if w := m.p.words[0]; w == "add" || w == "adding" {
				// "keep, don't add", "we would not add above 90p": hold what you have
				c.action, c.strength = Hold, Normal
				return c, true
			}
			c.action = Avoid
			if mild {
				c.strength = Weak
			} else {
				c.strength = Normal
			}
		case Sell:
			c.action, c.strength = Hold, Normal
		default:
			return c, false
		}
		return c, true
	}
	_ = loose
	return c, true
}

// negatedAt reports whether the phrase at token i is negated by a word in
// the three tokens before it ("would not buy", "don't sell", "never
// chase"); mild is true for the conditional form ("would not", "wouldn't").
func negatedAt(toks []tok, i int) (neg, mild bool) {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		l := toks[k].l
		if toks[k].kind == kPunct && l != "'" {
			return false, false
		}
		if k < i-3 && l != "nor" && !(l == "not" && k == i-4 && toks[i-1].l == "to" && toks[i-3].l == "a") {
			continue // only "nor", and "not a name to …", reach this far: "Nor is it one to add"
		}
		switch {
		case l == "nor":
			return true, true
		case l == "not" || l == "never" || l == "cannot" || strings.HasSuffix(l, "n't"):
			// "we wouldn't buy", "I can't recommend the stock here": against buying, said mildly
			mild = l == "wouldn't" || l == "shouldn't" || l == "couldn't" || strings.HasPrefix(toks[i].l, "recommend")
			for q := k - 1; q >= 0 && q >= k-2; q-- {
				switch toks[q].l {
				case "would", "should", "we'd", "i'd", "could":
					mild = true // "we'd simply not start a new position"
				}
			}
			if l == "not" && k+1 < len(toks) && toks[k+1].l == "only" {
				return false, false
			}
			return true, mild
		case l == "no" && k+1 < i && toks[k+1].l == "longer":
			return false, false
		}
	}
	return false, false
}
