package signals

import "strings"

// Interviews and roundtables give advice as answers: the moderator asks
// for names ("Let's get to picks.", "Any names you'd avoid?") and the
// panellists name them ("First, Constellation Brands (STZ).", "My second is
// Intercontinental Exchange (ICE)", "Stellantis.", "I'd add Boeing to that
// list"). The asked action goes to each name given in that form.

// mayAsk reports a line that may ask for names: a question or "picks".
func mayAsk(line string) bool {
	return strings.IndexByte(line, '?') >= 0 || strings.Contains(line, "icks")
}

// askedAction reads a question that asks for names to act on: "Any names
// you'd avoid?", "Which stocks would you buy?", "What would you sell?".
func askedAction(toks []tok) (Action, bool) {
	you := false
	for i, t := range toks {
		switch t.l {
		case "you'd", "you", "you're":
			you = true
		}
		if !you {
			continue
		}
		if a, ok := listVerbs[t.l]; ok && i > 0 {
			for k := 0; k < i; k++ {
				if listNouns[toks[k].l] || toks[k].l == "name" || toks[k].l == "stock" || toks[k].l == "what" || toks[k].l == "which" {
					return a, true
				}
			}
		}
	}
	return "", false
}

// picksLine reports a sentence that opens a speaker's picks and names no
// company: "Let's get to picks.", "My actual picks.", "Our picks:".
func picksLine(toks []tok, ms []mention) bool {
	if len(toks) > 12 {
		return false
	}
	has := false
	for i := range toks {
		if toks[i].l == "picks" {
			has = true
			break
		}
	}
	if !has {
		return false
	}
	for _, m := range ms {
		if !m.firm {
			return false
		}
	}
	words := 0
	for i, t := range toks {
		if t.kind != kPunct {
			words++
		}
		if t.l == "picks" && i > 0 {
			switch toks[i-1].l {
			case "my", "our", "to", "actual", "two", "three", "real", "the":
			default:
				return false
			}
		}
	}
	if words > 6 {
		return false
	}
	for _, t := range toks {
		if t.l == "picks" {
			return true
		}
	}
	return false
}

// ordinals open the next item of a spoken list.
var ordinals = map[string]bool{"first": true, "second": true, "third": true, "fourth": true, "fifth": true,
	"next": true, "finally": true, "lastly": true, "also": true}

// answer reads one sentence against the asked action; it reports whether
// the sentence was consumed (a question — no advice — or a picks line
// that asks, or an answer that names a company).
func (st *state) answer(toks []tok, ms []mention, line string) bool {
	if isQuestion(toks) {
		if a, ok := askedAction(toks); ok {
			st.asked = a
		} else if st.asked != "" && wordCount(toks) > 2 {
			st.asked = "" // a new topic; "Maren?" only passes the word
		}
		return true
	}
	if picksLine(toks, ms) {
		st.asked = Buy
		return true
	}
	if st.asked == "" {
		return false
	}
	m, ok := answerName(toks, ms)
	if !ok {
		return false
	}
	text := line[toks[0].pos:toks[len(toks)-1].end]
	st.add(cand{m: *m, c: call{action: st.asked, strength: Normal, kind: pSelf, i: m.i, j: m.j}, rank: 1, conf: 0.7, evidence: text}, toks, m.j, len(toks), text)
	return true
}

// answerName finds the company a sentence gives as an answer: the whole
// sentence is the name ("Stellantis."), or an ordinal opens it ("First,
// Constellation Brands (STZ)."), or "my second is X", "I'll start with
// …: X", "I'd add X to that list".
func answerName(toks []tok, ms []mention) (*mention, bool) {
	var first *mention
	for k := range ms {
		if !ms[k].firm {
			first = &ms[k]
			break
		}
	}
	if first == nil {
		return nil, false
	}
	// after the name: the end of the sentence or of the clause
	endsClause := first.j >= len(toks) || toks[first.j].kind == kPunct && strings.Contains(".;—–:!", toks[first.j].s)
	lead := speakerEnd(toks)
	for lead < first.i && (toks[lead].kind == kPunct || toks[lead].l == "then" || toks[lead].l == "and" || toks[lead].l == "so") {
		lead++
	}
	switch {
	case lead == first.i && endsClause:
		return first, true // "Stellantis."
	case first.i-lead == 2 && ordinals[toks[lead].l] && toks[lead+1].s == "," && endsClause:
		return first, true // "First, Constellation Brands (STZ)."
	case first.i-lead >= 3 && first.i-lead <= 5 && toks[lead].l == "my" && ordinals[toks[lead+1].l] && toks[first.i-1].l == "is":
		return first, true // "My second is Intercontinental Exchange (ICE)"; "my next pick is"
	case toks[lead].l == "i'll" && lead+2 < first.i && toks[lead+1].l == "start" && toks[lead+2].l == "with" && toks[first.i-1].s == ":" || toks[lead].l == "i'll" && first.i == lead+3 && toks[lead+1].l == "start" && toks[lead+2].l == "with":
		return first, true // "I'll start with something unfashionable: Union Pacific (UNP)"
	}
	if toAList(toks, first.j) && first.i >= 1 && (toks[first.i-1].l == "add" || toks[first.i-1].l == "put") {
		return first, true // "I'd add Boeing to that list"
	}
	return nil, false
}

// wordCount is the number of non-punctuation tokens.
func wordCount(toks []tok) int {
	n := 0
	for _, t := range toks {
		if t.kind != kPunct {
			n++
		}
	}
	return n
}

// speakerEnd skips a transcript's speaker label ("FERRER:", "Q:"): the
// index after its colon, or 0.
func speakerEnd(toks []tok) int {
	for k := 0; k < len(toks) && k < 3; k++ {
		if toks[k].s == ":" && k > 0 {
			return k + 1
		}
		if toks[k].kind != kWord || !toks[k].upper {
			return 0
		}
	}
	return 0
}
