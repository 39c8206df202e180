package signals

// waitPhrase reports whether the call is a "wait" ("wait for a new base",
// "we'd wait for the report"): its object may follow a "before buying".
func waitPhrase(toks []tok, c call) bool {
	for k := c.i; k < c.j && k < len(toks); k++ {
		if toks[k].l == "wait" {
			return true
		}
	}
	return false
}

// copulas link a subject to a predicate call: "X is most preferred".
var copulas = map[string]bool{"is": true, "are": true, "remains": true, "remain": true, "stays": true, "stay": true, "looks": true}

// copulaBefore reports a copula right before token i, or one word before
// it with a bare adjective between ("is still most preferred").
func copulaBefore(toks []tok, i int) bool {
	if i > 0 && copulas[toks[i-1].l] {
		return true
	}
	return i > 1 && copulas[toks[i-2].l] && (toks[i-1].l == "still" || toks[i-1].l == "now")
}

// subjectBefore is the last entity named before token i in the same
// clause, or nil.
func subjectBefore(toks []tok, ms []mention, i int) *mention {
	for k := len(ms) - 1; k >= 0; k-- {
		if ms[k].j > i || ms[k].firm {
			continue
		}
		if brokenBetween(toks, ms[k].j, i) {
			return nil
		}
		// "X is most preferred and Y least preferred": Y is the nearer one
		return &ms[k]
	}
	return nil
}

// pastMarks date a top-idea phrase as a record ("last year's best idea").
var pastMarks = map[string]bool{"last": true, "last year's": true, "former": true, "previous": true,
	"past": true, "old": true, "once": true, "then": true}

// pastIdea reports a top-idea phrase ("best idea", "favourite name", "top
// pick") dated in the past: "Last year's best idea … was Netflix", "our
// former favourite name". A current call says "is" or "remains".
func pastIdea(toks []tok, c call) bool {
	if !nounPhrase[toks[c.i].l] {
		return false
	}
	for k := c.i - 1; k >= 0 && k >= c.i-4; k-- {
		l := toks[k].l
		if pastMarks[l] || l == "year's" && k > 0 && toks[k-1].l == "last" {
			return true
		}
		if toks[k].kind == kPunct && toks[k].s != "'" {
			break
		}
	}
	for k := c.j; k < len(toks) && k < c.j+8; k++ {
		switch toks[k].l {
		case "was", "were", "had been":
			return true
		case "is", "remains", "are", ".", ";":
			return false
		}
	}
	return false
}

// ratingOn finds the stock a rating is "on": "Buy on Eli Lilly", "a
// Neutral rating on shares of Intel", "Outperform for Visa". from is the
// token after the rating.
func ratingOn(toks []tok, ms []mention, from int) *mention {
	k := from
	if k < len(toks) && (toks[k].l == "rating" || toks[k].l == "ratings" || toks[k].l == "recommendation") {
		k++
	}
	if k >= len(toks) || toks[k].l != "on" && toks[k].l != "for" {
		return nil
	}
	k++
	if k+1 < len(toks) && toks[k].l == "shares" && toks[k+1].l == "of" {
		k += 2
	}
	for q := range ms {
		if ms[q].i == k && !ms[q].firm {
			return &ms[q]
		}
	}
	return nil
}

// verbLabel reads a label that ends in the writer's advice verb: "What I'd
// avoid:", "What we would buy now:", "Names to sell:".
func verbLabel(toks []tok) (call, bool) {
	n := len(toks)
	if n < 2 || n > 6 {
		return call{}, false
	}
	a, ok := listVerbs[toks[n-1].l]
	if !ok || a == Buy && toks[n-1].l == "like" {
		return call{}, false
	}
	switch p := toks[n-2].l; {
	case p == "i'd" || p == "we'd" || p == "to":
	case p == "would" && n >= 3 && (toks[n-3].l == "i" || toks[n-3].l == "we"):
	default:
		return call{}, false
	}
	if neg, _ := negatedAt(toks, n-1); neg {
		return call{}, false
	}
	return call{action: a, strength: Normal, kind: pSelf, i: 0, j: n}, true
}

// mentionsBefore is the number of mentions that start before token i
// (mentions are in order): a binary search, so that a call in a very long
// sentence does not walk every mention.
func mentionsBefore(ms []mention, i int) int {
	lo, hi := 0, len(ms)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if ms[h].i < i {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// maxCalls bounds the calls read in one sentence; real sentences hold a
// handful, a pathological one (no full stop in megabytes) thousands.
const maxCalls = 64
