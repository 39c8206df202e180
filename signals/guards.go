package signals

import "strings"

// isQuestion reports a sentence that ends in a question mark, possibly
// inside closing quotes or brackets: `Mailbag: "Should I sell Apple?"`.
func isQuestion(toks []tok) bool {
	for k := len(toks) - 1; k >= 0; k-- {
		t := toks[k]
		if t.kind != kPunct {
			return false
		}
		if t.s == "?" {
			return true
		}
		if !strings.Contains("\"”’')]*_»", t.s) {
			return false
		}
	}
	return false
}

// zacksEnumeration reports a Zacks Rank call that lists several ranks —
// boilerplate explaining the scale ("a Zacks Rank #1 (Strong Buy), 2 (Buy)
// or 3 (Hold) increases the odds"), not a rating of the company.
func zacksEnumeration(toks []tok, c call) bool {
	k := c.j
	for k < len(toks) && k < c.j+3 && (toks[k].s == "," || toks[k].l == "or" || toks[k].l == "and" || toks[k].s == "#" || toks[k].l == "to" || toks[k].s == "-" || toks[k].s == "–") {
		k++
	}
	return k > c.j && k < len(toks) && toks[k].kind == kNum && toks[k].val >= 1 && toks[k].val <= 5
}

// vagueObjects are objects of an advice verb that name no company: "sell
// what's worked, buy what's boring", "buy everything".
var vagueObjects = map[string]bool{"what": true, "what's": true, "whatever": true, "whichever": true,
	"everything": true, "anything": true, "something": true, "winners": true, "losers": true, "quality": true,
	"value": true, "growth": true, "cyclicals": true, "defensives": true, "laggards": true, "leaders": true}

// consumerCond are the conditions of shopping advice: "buy it if you want
// the smartest camera".
var consumerCond = newPhraseSet([]string{"gift card", "offer lasts", "on sale", "with activation", "trade-in", "a dealer", "pawn shop",
	"if you want", "if you need", "if you like", "if you care", "if you prefer",
	"if you're upgrading", "if you are upgrading", "if you already own a", "unless you need", "unless you want"})

// disclosures mark a writer's own trade as a disclosure, not advice: "For
// transparency: I sold my small personal holding of Tesla".
var disclosures = newPhraseSet([]string{"personal holding", "personal stake", "personal account", "personal position",
	"for transparency", "not suggesting", "for tax reasons", "tax-loss", "to meet a risk limit", "risk limit"})

// inIfClause reports whether token i sits in a conditional clause ("if
// the merger talk with Norfolk Southern becomes a deal, …"): such a name is
// not what a later "it" refers to.
func inIfClause(toks []tok, i int) bool {
	for k := i - 1; k >= 0 && k >= i-30; k-- { // bounded: linear on pathological input
		t := toks[k]
		if t.kind == kPunct && strings.Contains(",;:.—–", t.s) {
			return false
		}
		switch t.l {
		case "if", "unless", "whether", "should", "once":
			return t.l != "should" || k == 0
		}
	}
	return false
}

// newSubjectBetween reports a clause between tokens a and b that opens with
// a subject of its own — a capitalised word that is no entity, then a verb
// ("Nike — Lulu stays a Buy"): a rating after it is not about the name
// before the break.
func newSubjectBetween(toks []tok, ms []mention, a, b int) bool {
	for k := a; k < b; k++ {
		t := toks[k]
		if t.kind != kPunct || !strings.Contains("—–;", t.s) {
			continue
		}
		q := k + 1
		if q+1 >= b || toks[q].kind != kWord || !toks[q].cap || insideAny(ms, q) {
			continue
		}
		for q < b && toks[q].kind == kWord && toks[q].cap && !insideAny(ms, q) {
			q++
		}
		if q < b {
			switch toks[q].l {
			case "stays", "is", "remains", "gets", "keeps", "moves", "goes", "stay", "remain", "was":
				return true
			}
		}
	}
	return false
}

// toAList reports "add Boeing to that list": adding to someone's list is
// no buy; the list's own action decides.
func toAList(toks []tok, from int) bool {
	for k := from; k+2 < len(toks) && k < from+8; k++ {
		if toks[k].l == "to" && (toks[k+1].l == "that" || toks[k+1].l == "the" || toks[k+1].l == "this" || toks[k+1].l == "my" || toks[k+1].l == "your") && toks[k+2].l == "list" {
			return true
		}
		if toks[k].kind == kPunct && toks[k].s != "(" && toks[k].s != ")" && toks[k].s != ":" {
			return false
		}
	}
	return false
}

// scaleLabel reports a rating word inside brackets right after a number:
// the labels of a scale ("#1 (Strong Buy), 2 (Buy) or 3 (Hold)").
func scaleLabel(toks []tok, i int) bool {
	for k := i - 1; k >= 1 && k >= i-2; k-- {
		if toks[k].s == "(" {
			return toks[k-1].kind == kNum
		}
		if toks[k].kind != kWord {
			return false
		}
	}
	return false
}

// jokeMarkers end a forum quip that is no advice: "Just buy VOO lol",
// "sell everything /s".
var jokeMarkers = map[string]bool{"lol": true, "lmao": true, "rofl": true, "jk": true, "/s": true, "s": false}

// isJoke reports a sentence that ends in a joke marker ("lol", "/s").
func isJoke(toks []tok) bool {
	k := len(toks) - 1
	for k >= 0 && toks[k].kind == kPunct && toks[k].s != "/" {
		k--
	}
	if k < 0 {
		return false
	}
	if jokeMarkers[toks[k].l] {
		return true
	}
	return toks[k].l == "s" && k > 0 && toks[k-1].s == "/"
}

// limitTrim are reasons that make a trim risk management rather than a
// view on the stock; they may stand anywhere in the paragraph.
var limitTrim = newPhraseSet([]string{"position cap", "sizing, not a view", "not a view on", "risk limit", "position limit", "position-size limit", "position size limit",
	"concentration limit", "weight limit", "to rebalance", "for rebalancing", "rebalancing trade", "single-stock limit"})

// lineLimit reports, once per line, whether the line explains a trim by a
// risk or position limit.
func (st *state) lineLimit() bool {
	if st.limit == 0 {
		st.limit = 1
		if limitTrim.in(st.toks) {
			st.limit = 2
		}
	}
	return st.limit == 2
}

// titleCased is titleCase for the sentence being read, computed once.
func (st *state) titleCased(toks []tok) bool {
	if st.curTitle == 0 {
		st.curTitle = 1
		if titleCase(toks) {
			st.curTitle = 2
		}
	}
	return st.curTitle == 2
}

// saysBNPL reports, once per sentence, "buy now, pay later".
func (st *state) saysBNPL(toks []tok) bool {
	if st.curBNPL == 0 {
		st.curBNPL = 1
		if bnplSet.in(toks) {
			st.curBNPL = 2
		}
	}
	return st.curBNPL == 2
}
