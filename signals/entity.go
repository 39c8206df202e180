package signals

import (
	"strings"
	"sync"

	"github.com/tipster/tipster/data/symbols"
)

// mention is an entity named in a line: tokens [i, j).
type mention struct {
	i, j       int
	name       string // as the article gives it
	key        string // merge key: ticker, else normalised name
	ticker     string
	tradable   bool
	reason     string
	explicit   bool   // an explicit ticker: (NASDAQ: META), $META, NYSE:XOM
	common     bool   // a common-word name without other evidence
	firm       bool   // an analyst firm acting as the subject of a rating
	firmName   string // set when the name is also an analyst firm's
	possessive bool   // "Scale's progress": the name modifies a noun
	bare       bool   // an upper-case ticker without $ or parentheses ("META shares")
	canon      string // the directory's name for the entity
}

// exchange is an exchange that prefixes tickers ("NASDAQ: META", "LON: SHEL").
type exchange struct {
	suffix string // Yahoo suffix of numeric home listings ("" keeps the symbol as written)
	// us is true for US exchanges: their symbols are the US tickers the
	// directory knows. A home listing's symbol may be another company's US
	// ticker ("LSE: BA." is BAE Systems, BA is Boeing).
	us bool
}

var exchanges = func() map[string]exchange {
	m := map[string]exchange{}
	for _, name := range []string{"nasdaq", "nyse", "nysearca", "nyse arca", "nysemkt", "amex", "nyse american",
		"otc", "otcmkts", "otcqx", "otcqb", "bats", "cboe", "nasdaqgs", "nasdaqgm", "nasdaqcm"} {
		m[name] = exchange{us: true}
	}
	for name, suffix := range map[string]string{
		"tsx": ".TO", "tsxv": ".V", "lon": "", "lse": "", "hkg": ".HK", "hkex": ".HK", "sehk": ".HK",
		"tse": ".T", "tyo": ".T", "etr": "", "xetra": "", "fra": "", "epa": "", "ams": "", "asx": "",
		"krx": ".KS", "sgx": "", "six": "", "bit": "", "bme": "",
		"nse": "", "bse": "", "twse": ".TW", "jse": "", "bmv": "", "b3": "", "bovespa": "", "sto": "", "cph": "",
		"hel": "", "osl": "", "wse": "", "tase": "", "klse": "", "idx": "", "euronext": "",
	} {
		m[name] = exchange{suffix: suffix}
	}
	return m
}()

// notTickers are upper-case words that are never taken as bare tickers.
var notTickers = map[string]bool{
	"AI": true, "CEO": true, "CFO": true, "CTO": true, "COO": true, "IT": true, "ALL": true, "ON": true,
	"NOW": true, "ARE": true, "CAN": true, "EPS": true, "ETF": true, "ETFS": true, "USA": true, "US": true,
	"GDP": true, "IPO": true, "DOD": true, "FDA": true, "SEC": true, "FTC": true, "DOJ": true, "EU": true,
	"UK": true, "AND": true, "OR": true, "THE": true, "FOR": true, "NOT": true, "BUY": true, "SELL": true,
	// acronyms that are also tickers of the larger directory
	"IP": true, "IR": true, "PEG": true, "ES": true, "ED": true, "CF": true, "GEN": true, "FIX": true,
	"DOC": true, "SG": true, "CM": true, "LC": true, "PR": true, "ABC": true, "PKI": true, "LNG": true,
	"HOLD": true, "AVOID": true, "WATCH": true, "YOLO": true, "IMO": true, "IMHO": true, "TLDR": true,
	"DD": true, "ATH": true, "PE": true, "EV": true, "EVS": true, "ROI": true, "ROE": true, "FCF": true,
	"Q1": true, "Q2": true, "Q3": true, "Q4": true, "YOY": true, "QOQ": true, "PT": true, "NYSE": true,
	"NASDAQ": true, "ET": true, "EST": true, "EDT": true, "PT.": true, "AM": true, "PM": true, "API": true,
	"GPU": true, "GPUS": true, "CPU": true, "AR": true, "VR": true, "TV": true, "PC": true, "OK": true,
	"A": true, "I": true, "AT": true, "BE": true, "GO": true, "SO": true, "DO": true, "IN": true, "OF": true,
	"TO": true, "UP": true, "BY": true, "AN": true, "AS": true, "IS": true, "NO": true, "ONE": true, "TWO": true,
	"NEW": true, "BIG": true, "LOW": true, "HIGH": true, "FUN": true, "CASH": true, "FAST": true, "MAIN": true,
	"LOVE": true, "HAS": true, "SEE": true, "WELL": true, "REAL": true, "TECH": true, "KEY": true, "BEST": true,
	"NATO": true, "OPEC": true, "FOMC": true, "CPI": true, "PCE": true, "FIRRMA": true, "ESG": true,
	"LLM": true, "LLMS": true, "AGI": true, "SAAS": true, "ARPU": true, "TAM": true, "CAGR": true, "EBITDA": true,
	"YTD": true, "MTD": true, "IRS": true, "IRA": true, "FED": true, "ECB": true, "BOJ": true, "UAW": true,
	"RSI": true, "MACD": true, "NFA": true, "DYOR": true, "LOL": true, "WSB": true, "HODL": true, "FOMO": true,
}

// firms are analyst and research firms: when one is the subject of a
// rating ("Citi raised Micron to Buy") it is the source, not the stock.
var firms = map[string]string{
	"morgan stanley": "Morgan Stanley", "goldman sachs": "Goldman Sachs", "goldman": "Goldman Sachs",
	"jpmorgan": "JPMorgan", "jp morgan": "JPMorgan", "j p morgan": "JPMorgan", "jpmorgan chase": "JPMorgan",
	"citi": "Citi", "citigroup": "Citi", "wells fargo": "Wells Fargo", "bank of america": "Bank of America",
	"bofa": "Bank of America", "bofa securities": "Bank of America", "barclays": "Barclays", "ubs": "UBS",
	"deutsche bank": "Deutsche Bank", "jefferies": "Jefferies", "bernstein": "Bernstein",
	"evercore": "Evercore ISI", "evercore isi": "Evercore ISI", "piper sandler": "Piper Sandler",
	"needham": "Needham", "wedbush": "Wedbush", "mizuho": "Mizuho", "keybanc": "KeyBanc",
	"raymond james": "Raymond James", "rbc": "RBC Capital Markets", "rbc capital markets": "RBC Capital Markets",
	"bmo": "BMO Capital Markets", "bmo capital markets": "BMO Capital Markets", "td cowen": "TD Cowen", "cowen": "TD Cowen",
	"oppenheimer": "Oppenheimer", "truist": "Truist Securities", "truist securities": "Truist Securities",
	"baird": "Baird", "stifel": "Stifel", "loop capital": "Loop Capital", "rosenblatt": "Rosenblatt",
	"zacks": "Zacks", "morningstar": "Morningstar", "argus": "Argus", "cfra": "CFRA", "hsbc": "HSBC",
	"macquarie": "Macquarie", "nomura": "Nomura", "credit suisse": "Credit Suisse", "cantor fitzgerald": "Cantor Fitzgerald",
	"cantor": "Cantor Fitzgerald", "benchmark": "Benchmark", "da davidson": "D.A. Davidson", "d a davidson": "D.A. Davidson",
	"guggenheim": "Guggenheim", "william blair": "William Blair", "canaccord": "Canaccord Genuity",
	"canaccord genuity": "Canaccord Genuity", "susquehanna": "Susquehanna", "redburn": "Redburn",
	"bnp paribas": "BNP Paribas", "societe generale": "Societe Generale", "seaport": "Seaport",
	"melius": "Melius", "bank of montreal": "BMO Capital Markets", "scotiabank": "Scotiabank",
	"jefferies group": "Jefferies", "kepler": "Kepler Cheuvreux", "berenberg": "Berenberg",
	"ark invest": "ARK Invest", "the motley fool": "The Motley Fool", "motley fool": "The Motley Fool",
	"seeking alpha": "Seeking Alpha", "tipranks": "TipRanks", "arete": "Arete", "hsbc global research": "HSBC",
	"wolfe research": "Wolfe Research", "wolfe": "Wolfe Research", "erste": "Erste", "daiwa": "Daiwa",
}

// firmVerbs follow a firm that issues a rating.
var firmVerbs = map[string]bool{
	"strategists": true, "economists": true, "strategist": true,
	"upgraded": true, "upgrades": true, "downgraded": true, "downgrades": true, "initiated": true,
	"initiates": true, "reiterated": true, "reiterates": true, "rates": true, "rated": true, "raised": true,
	"raises": true, "lowered": true, "lowers": true, "cut": true, "cuts": true, "maintained": true,
	"maintains": true, "kept": true, "keeps": true, "lifted": true, "lifts": true, "started": true,
	"starts": true, "resumed": true, "resumes": true, "assigned": true, "assigns": true, "named": true,
	"names": true, "added": true, "adds": true, "moved": true, "moves": true, "boosted": true, "says": true,
	"said": true, "analyst": true, "analysts": true, "sees": true, "expects": true, "reaffirmed": true,
	"reaffirms": true, "set": true, "sets": true, "has": true, "placed": true, "put": true, "gave": true, "gives": true,
}

// explicitListing reports an explicit ticker at token i: "(NASDAQ: META)",
// "(META)", "NYSE:XOM", "Nasdaq: AAPL", "$META". It returns the ticker, the
// token span of the ticker expression and ok.
//
// foreign reports a listing on a non-US exchange ("LSE: BA.", "ETR: SIE"):
// its symbol may be another company's US ticker (BA is Boeing), so the US
// directory must not name it.
func explicitListing(toks []tok, i int, dir *symbols.Directory) (ticker string, a, b int, foreign, ok bool) {
	t := &toks[i] // no copy: this runs for every token
	if t.kind == kDollar {
		return symbolOf(t.base, ""), i, i + 1, false, true
	}
	// EXCH : SYM (optionally inside parentheses)
	if t.kind == kWord && t.cap && i+1 < len(toks) && (toks[i+1].s == ":" || toks[i+1].kind == kWord) {
		ex := t.l
		k := i + 1
		if ex == "nyse" && toks[k].kind == kWord && (toks[k].l == "arca" || toks[k].l == "american") {
			ex += " " + toks[k].l
			k++
		}
		// the colon first: it rules out almost every word without a map lookup
		if k+1 >= len(toks) || toks[k].s != ":" {
			return "", 0, 0, false, false
		}
		if x, isEx := exchanges[ex]; isEx {
			suf := x.suffix
			s := toks[k+1]
			if (s.kind == kWord || s.kind == kNum) && (tickerLike(s.s) || suf != "" && isDigits(s.s)) {
				a, b := i, k+2
				if b+1 < len(toks) && toks[b].s == "." && toks[b+1].s == ")" && toks[b].pos == toks[b-1].end {
					b++ // "(LSE: RR.)": London symbols are written with a trailing dot
				}
				if i > 0 && toks[i-1].s == "(" && b < len(toks) && toks[b].s == ")" {
					a, b = i-1, b+1
				}
				return symbolOf(s.s, suf), a, b, !x.us, true
			}
		}
	}
	// ( SYM ) with SYM all upper case or a listing like 0700.HK / 7203.T
	if t.s == "(" && i+2 < len(toks) && toks[i+2].s == ")" {
		s := toks[i+1]
		if (s.kind == kWord && s.upper || s.kind == kNum && strings.Contains(s.s, ".")) && tickerLike(s.s) && !notTickers[s.s] {
			if dir.IsTicker(s.s) || strings.ContainsAny(s.s, ".-") || s.kind == kNum {
				return symbolOf(s.s, ""), i, i + 3, false, true
			}
			// An unknown symbol is a ticker unless it is the initials of
			// the words before it: "Department of Defense (DOD)".
			if !initialsOf(toks, i, s.s) && len(s.s) <= 5 {
				return symbolOf(s.s, ""), i, i + 3, false, true
			}
		}
	}
	return "", 0, 0, false, false
}

// initialsOf reports whether sym spells the initials of the capitalised
// words before token i.
func initialsOf(toks []tok, i int, sym string) bool {
	var init []byte
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		t := toks[k]
		if t.kind != kWord {
			break
		}
		if t.cap {
			init = append([]byte{t.s[0]}, init...)
		}
		if len(init) >= len(sym) {
			break
		}
	}
	if len(init) < 2 {
		return false
	}
	return strings.HasSuffix(string(init), sym) || strings.HasPrefix(sym, string(init))
}

// tickerLike: 1–6 letters or digits, optionally with a class or market
// suffix (.B, -B, .HK, .T).
func tickerLike(s string) bool {
	if len(s) == 0 || len(s) > 10 {
		return false
	}
	letters := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
		case (c == '.' || c == '-') && i > 0 && i < len(s)-1:
		default:
			return false
		}
	}
	return letters > 0 || strings.Contains(s, ".")
}

// symbolOf writes a ticker in Yahoo's form, adding an exchange suffix to
// numeric home listings (HKG: 0700 → 0700.HK).
func symbolOf(s, suffix string) string {
	s = strings.ToUpper(s)
	if suffix != "" && !strings.Contains(s, ".") {
		if s[0] >= '0' && s[0] <= '9' {
			return s + suffix
		}
	}
	// Share classes: BRK.B, BRK/B → BRK-B; market suffixes (.HK, .T, .L) stay.
	if i := strings.LastIndexAny(s, "./"); i > 0 && len(s)-i == 2 && s[0] >= 'A' && s[0] <= 'Z' && strings.ContainsRune("ABCDEFK", rune(s[i+1])) {
		return s[:i] + "-" + s[i+1:]
	}
	return s
}

// nameKey is a token's contribution to a name lookup key.
func nameKey(t tok) string {
	simple := true
	for i := 0; i < len(t.base); i++ {
		c := t.base[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			simple = false
			break
		}
	}
	if simple {
		return t.base
	}
	return symbols.Normalize(t.s)
}

// nameSuffix are words that may trail a company name and belong to it.
var nameSuffix = map[string]bool{"inc": true, "corp": true, "corporation": true, "co": true, "company": true, "plc": true, "ltd": true, "holdings": true, "group": true, "sa": true, "nv": true, "ag": true, "se": true, "limited": true, "incorporated": true}

// mentions finds the entities named in a line, left to right.
func (st *state) mentions(toks []tok, src string) []mention {
	e := st.e
	out := st.msBuf[:0]
	defer func() { st.msBuf = out[:0] }()
	// headline is titleCase(toks), computed when a name first needs it.
	var headlineMemo int8 // 0 not yet, 1 false, 2 true
	isHeadline := func() bool {
		if headlineMemo == 0 {
			headlineMemo = 1
			if titleCase(toks) {
				headlineMemo = 2
			}
		}
		return headlineMemo == 2
	}
	for i := 0; i < len(toks); {
		if tk, a, b, foreign, ok := explicitListing(toks, i, e.dir); ok {
			m := mention{i: a, j: b, explicit: true, tradable: true, ticker: tk}
			if en, ok := e.dir.Ticker(tk); ok && !foreign {
				m.name, m.canon = en.Name, en.Name
				m.ticker, m.tradable, m.reason = en.Ticker, en.Tradable, en.Reason
				if !en.Tradable {
					m.ticker = ""
				}
			}
			// "Tencent | HKG: 0700 | …": in a table the ticker may stand in the next cell
			// "Tencent Holdings Ltd. (HKG: 0700)": the suffix's dot may come between
			// (only to tie the name to a listing of its own)
			if n := len(out); n > 0 && !out[n-1].explicit && (out[n-1].j == a || out[n-1].j+1 == a && (st.inTable && toks[a-1].s == "|" || toks[a-1].s == "." && out[n-1].ticker != m.ticker)) {
				// "Meta Platforms (NASDAQ: META)": the name and its ticker are one mention
				m.i = out[n-1].i
				m.name = out[n-1].name
				if out[n-1].ticker != m.ticker && m.ticker != "" {
					st.addLocal(toks[out[n-1].i:out[n-1].j], m)
				}
				out = out[:n-1]
			} else if a > 0 && toks[a].s == "(" {
				// an unknown name before the ticker: "NetEase (NTES)"
				k := a
				for k > 0 && k > a-6 && toks[k-1].kind == kWord && (toks[k-1].cap || toks[k-1].l == "&" || toks[k-1].l == "of") {
					k--
				}
				for k < a && !toks[k].cap {
					k++
				}
				if k < a {
					if m.name == "" || !isStopCap(toks[k].l) {
						if nm := strings.TrimSuffix(strings.TrimSuffix(spanText(toks, k, a), "'s"), "’s"); !isStopCap(strings.ToLower(nm)) {
							st.addLocal(toks[k:a], m)
							m.name = nm
							m.i = k
						}
					}
				}
			}
			if m.name == "" {
				m.name = tk
			}
			m.key = keyOf(m)
			out = append(out, m)
			st.seenKey(m.key)
			i = b
			continue
		}
		t := &toks[i]
		if t.kind != kWord && t.kind != kNum || !(t.cap || t.kind == kNum) {
			i++
			continue
		}
		k0 := nameKey(*t)
		if fw, _, _ := strings.Cut(k0, " "); !e.first[fw] && !st.localFirst[fw] {
			i = st.bareTicker(toks, i, &out)
			continue
		}
		buf := st.keyBuf[:0]
		best, bestJ := symbols.Entry{}, -1
		bestKey := ""
		for j := i; j < len(toks) && j < i+e.maxW+1; j++ {
			tj := toks[j]
			if tj.kind != kWord && tj.kind != kNum && tj.s != "&" {
				break
			}
			if j > i {
				buf = append(buf, ' ')
				buf = append(buf, nameKey(tj)...)
			} else {
				buf = append(buf, k0...)
			}
			if lm, ok := st.local[string(buf)]; ok {
				best, bestJ, bestKey = symbols.Entry{Name: lm.name, Ticker: lm.ticker, Tradable: lm.tradable, Reason: lm.reason, Trusted: true}, j+1, string(buf)
			} else if en, ok := e.dir.LookupBytes(buf); ok {
				best, bestJ, bestKey = en, j+1, string(buf)
			} else if f, ok := firms[string(buf)]; ok {
				best, bestJ, bestKey = symbols.Entry{Name: f}, j+1, string(buf)
			}
			// a possessive ends the name; so does a key no name starts with
			if tj.base != tj.l || !e.prefix[string(buf)] && !st.localPrefix[string(buf)] {
				break
			}
		}
		st.keyBuf = buf[:0]
		if bestJ < 0 {
			i = st.bareTicker(toks, i, &out)
			continue
		}
		j := bestJ
		for j < len(toks) && nameSuffix[toks[j].base] && toks[j-1].base == toks[j-1].l {
			j++
		}
		m := mention{i: i, j: j, ticker: best.Ticker, tradable: best.Tradable, reason: best.Reason, canon: best.Name}
		m.name = strings.TrimSuffix(strings.TrimSuffix(src[toks[i].pos:toks[j-1].end], "'s"), "’s")
		if f, isFirm := firms[bestKey]; isFirm {
			m.firmName = f
			if j < len(toks) && (firmVerbs[toks[j].l] || toks[j].base != toks[j].l) || i > 0 && (toks[i-1].l == "at" || toks[i-1].l == "from" || toks[i-1].l == "by") || best.Ticker == "" {
				m.firm = true
				m.name = f
			}
		}
		if t.upper && j == i+1 && best.Ticker == t.s {
			m.bare = true
		}
		// "Apple Watch Series 11", "Tesla Model Y": a product, not the company
		if j < len(toks) && !m.firm && toks[j].kind == kWord && !isHeadline() && toks[j].cap && !toks[j].upper && toks[j-1].base == toks[j-1].l && !calendarWord[toks[j].l] && toks[j].pos == toks[j-1].end+1 && !nameSuffix[toks[j].base] {
			i = j
			continue
		}
		m.possessive = toks[j-1].base != toks[j-1].l && !(j < len(toks) && (toks[j].l == "stock" || toks[j].l == "shares"))
		if j+1 < len(toks) && toks[j].s == "'" && toks[j].pos == toks[j-1].end && strings.HasSuffix(toks[j-1].l, "s") && toks[j+1].kind == kWord && toks[j+1].l != "stock" && toks[j+1].l != "shares" {
			m.possessive = true // "Walgreens' last dividend"
		}
		if best.Common && !m.firm {
			evidence := t.base != t.l && !isHeadline() // possessive
			if j < len(toks) && (toks[j].l == "stock" || toks[j].l == "shares" || toks[j].s == "(") {
				evidence = true
			}
			if i > 0 && !isHeadline() && toks[i-1].kind != kPunct && !isStopCap(toks[i-1].l) {
				evidence = true
				if toks[i-1].cap && toks[i-1].kind == kWord {
					// "Alani Nu": the common word ends another name
					i = j
					continue
				}
			}
			if st.inTable {
				evidence = true
			}
			m.common = !evidence
		}
		if !m.firm && best.Common && isHeadline() {
			m.common = true
		}
		m.key = keyOf(m)
		if !m.common && !m.firm {
			st.seenKey(m.key)
		}
		out = append(out, m)
		i = j
	}
	coordinatedEvidence(toks, out, st)
	return out
}

// coordinatedEvidence takes a common-word name coordinated with another
// company ("Upstart and Affirm trade richer", "Target, Walmart and
// Costco") as the company: two names in one list are rarely both words.
func coordinatedEvidence(toks []tok, ms []mention, st *state) {
	for k := 0; k+1 < len(ms); k++ {
		a, b := &ms[k], &ms[k+1]
		if a.firm || b.firm || !(a.common || b.common) || a.key == b.key {
			continue
		}
		gap := toks[a.j:b.i]
		if len(gap) == 0 || len(gap) > 2 || !coordinated(gap) {
			continue
		}
		for _, m := range []*mention{a, b} {
			if m.common {
				m.common = false
				st.seenKey(m.key)
			}
		}
	}
}

// bareTicker takes an upper-case word as a ticker when the directory trusts
// it ("META shares"); it returns the next token index.
func (st *state) bareTicker(toks []tok, i int, out *[]mention) int {
	t := toks[i]
	cell := st.inTable && (i == 0 || toks[i-1].s == "|") && (i+1 == len(toks) || toks[i+1].s == "|")
	if t.kind != kWord || !t.upper || len(t.s) < 2 && !cell || len(t.s) > 5 || notTickers[t.s] && !cell {
		return i + 1
	}
	en, ok := st.e.dir.Ticker(t.s)
	if !ok || !en.Trusted {
		return i + 1
	}
	// an all-caps headline says nothing
	caps := 0
	for _, x := range toks {
		if x.kind == kWord && x.upper {
			caps++
		}
	}
	if caps > 4 && caps*2 > len(toks) {
		return i + 1
	}
	m := mention{i: i, j: i + 1, name: en.Name, ticker: en.Ticker, tradable: en.Tradable, reason: en.Reason, bare: true, canon: en.Name}
	if !en.Tradable {
		m.ticker = ""
	}
	m.key = keyOf(m)
	st.seenKey(m.key)
	*out = append(*out, m)
	return i + 1
}

// addLocal remembers a name the article tied to a ticker.
func (st *state) addLocal(name []tok, m mention) {
	if len(name) == 0 || len(name) > 6 {
		return
	}
	if st.local == nil {
		st.local = map[string]mention{}
		st.localFirst = map[string]bool{}
		st.localPrefix = map[string]bool{}
	}
	var keys []string
	for _, t := range name {
		if t.kind == kWord || t.kind == kNum || t.s == "&" {
			keys = append(keys, nameKey(t))
		}
	}
	if len(keys) == 0 {
		return
	}
	m.name = spanText(name, 0, len(name))
	m.explicit = false
	st.local[strings.Join(keys, " ")] = m
	st.localFirst[keys[0]] = true
	for k := 1; k < len(keys); k++ {
		st.localPrefix[strings.Join(keys[:k], " ")] = true
	}
	// "Mitsui & Co" is also "Mitsui"
	for len(keys) > 1 && (nameSuffix[keys[len(keys)-1]] || keys[len(keys)-1] == "&" || keys[len(keys)-1] == "corp") {
		keys = keys[:len(keys)-1]
		if keys[len(keys)-1] != "&" {
			st.local[strings.Join(keys, " ")] = m
		}
	}
}

func (st *state) seenKey(k string) {
	if st.seen == nil {
		st.seen = map[string]bool{}
	}
	st.seen[k] = true
}

func keyOf(m mention) string {
	if m.ticker != "" {
		return m.ticker
	}
	if m.canon != "" {
		if k, ok := privateKeys.Load(m.canon); ok {
			return k.(string)
		}
		k := "name:" + symbols.Normalize(m.canon)
		privateKeys.Store(m.canon, k)
		return k
	}
	return "name:" + symbols.Normalize(m.name)
}

// calendarWord are capitalised words that may follow a name without
// making it a product ("Buy Apple Tuesday").
var calendarWord = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true, "november": true, "december": true}

// privateKeys caches the merge keys of untradable directory names.
var privateKeys sync.Map

// isStopCap reports capitalised words that start sentences, not names.
func isStopCap(l string) bool {
	switch l {
	case "the", "a", "an", "and", "or", "but", "for", "in", "on", "at", "to", "of", "we", "i", "you", "it", "its",
		"this", "that", "these", "those", "buy", "sell", "hold", "avoid", "watch", "shares", "stock", "our", "my",
		"with", "as", "by", "from", "if", "when", "while", "why", "how", "what", "who", "is", "are", "was":
		return true
	}
	return false
}
