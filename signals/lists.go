package signals

// listNouns are plural nouns that name the members of a list of picks.
var listNouns = map[string]bool{"stocks": true, "names": true, "companies": true, "picks": true, "shares": true,
	"ideas": true, "equities": true, "businesses": true, "etfs": true, "buys": true}

// isListNoun is listNouns as a switch: it runs on every token of a sentence.
func isListNoun(l string) bool {
	switch l {
	case "stocks", "names", "companies", "picks", "shares", "ideas", "equities", "businesses", "etfs", "buys":
		return true
	}
	return false
}

// listVerbs are the verbs of a relative clause that makes a list advice:
// "stocks we would buy", "names I'd own".
var listVerbs = map[string]Action{"buy": Buy, "own": Buy, "add": Buy, "recommend": Buy, "like": Buy, "buying": Buy,
	"owning": Buy, "favour": Buy, "favor": Buy, "sell": Sell, "avoid": Avoid, "watch": Watch}

// listFiller may stand between a list noun and its verb: the subject and a
// modal ("we would", "i'd", "we're happy to").
var listFiller = map[string]bool{"we": true, "i": true, "would": true, "we'd": true, "i'd": true, "will": true,
	"we'll": true, "i'll": true, "happily": true, "happy": true, "to": true, "really": true, "also": true,
	"definitely": true, "most": true, "currently": true, "now": true, "still": true}

// countWords are numbers written as words: "the ten stocks".
var countWords = map[string]bool{"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "fifteen": true, "twenty": true}

// relativeList finds a list noun followed by an advice relative clause
// ("stocks I'd buy", "names we would own") and returns the action and the
// noun's index.
func relativeList(toks []tok) (Action, int, bool) {
	for i := 0; i+1 < len(toks); i++ {
		if !isListNoun(toks[i].l) {
			continue
		}
		k := i + 1
		subject := false
		for k < len(toks) && k <= i+4 && listFiller[toks[k].l] {
			switch toks[k].l {
			case "we", "i", "we'd", "i'd", "we'll", "i'll":
				subject = true
			}
			k++
		}
		if !subject || k >= len(toks) || k > i+4 {
			continue
		}
		if a, ok := listVerbs[toks[k].l]; ok {
			return a, i, true
		}
	}
	return "", 0, false
}

// listIntro recognises a sentence that introduces a list or a table of
// picks and names no company itself: "These are the ten stocks we would
// buy for 2025, in no particular order.", "Here are five names I'd own:".
// The rows or items that follow are its members. A retrospective sentence
// ("All three are stocks I'd buy") is not an introduction: it must open
// with "these", "here", "below", "the following" or "our", count the
// members ("ten stocks", "5 names"), or end with a colon.
func listIntro(toks []tok, ms []mention) (Action, bool) {
	for _, m := range ms {
		if !m.firm {
			return "", false
		}
	}
	a, n, ok := relativeList(toks)
	if !ok {
		a, ok = toBuyList(toks)
		n = -1
	}
	if !ok {
		return "", false
	}
	first := 0
	for first < len(toks) && toks[first].kind == kPunct {
		first++
	}
	if first < len(toks) {
		switch toks[first].l {
		case "these", "here", "below", "following", "our", "my":
			return a, true
		case "the":
			if first+1 < len(toks) && toks[first+1].l == "following" {
				return a, true
			}
		}
	}
	if last := toks[len(toks)-1]; last.s == ":" {
		return a, true
	}
	if n > 0 && (countWords[toks[n-1].l] || toks[n-1].kind == kNum) {
		return a, true
	}
	return "", false
}

// toBuyList finds "stocks to buy" in a sentence: the listTitle form.
func toBuyList(toks []tok) (Action, bool) {
	for i := 0; i+2 < len(toks); i++ {
		if toks[i+1].l == "to" && isListNoun(toks[i].l) {
			switch toks[i+2].l {
			case "buy", "own", "add":
				return Buy, true
			case "sell":
				return Sell, true
			case "avoid":
				return Avoid, true
			case "watch":
				return Watch, true
			}
		}
	}
	return "", false
}

// notListed are phrases that put the names of a line outside the list
// ("Republic Services came close to making the list", "runners-up").
var notListed = newPhraseSet([]string{"close to making", "didn't make", "did not make", "not on the list",
	"not on this year's list", "runners-up", "runner-up", "honourable mention", "honorable mention",
	"considered and rejected", "left off", "missed the cut", "didn't make the cut", "not a recommendation"})
