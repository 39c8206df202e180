package signals_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tipster/tipster/signals"
)

// generaliseCase is an article (title and text) and the calls it must give.
// Each rule has the phrasing that motivated it, two or three sentences in
// other words that it must also catch, and a negative twin that must not.
type generaliseCase struct {
	name  string
	title string
	text  string
	want  []want
}

func runGeneralise(t *testing.T, tests []generaliseCase) {
	t.Helper()
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := extractText(e, tt.title, tt.text)
			var got []want
			for _, r := range x.Recommendations {
				got = append(got, want{keyOf(r), r.Action, r.Strength})
			}
			slices.SortFunc(got, func(a, b want) int { return strings.Compare(a.key, b.key) })
			if !slices.Equal(got, tt.want) {
				t.Errorf("Extract(%q, %q) = %v, want %v", tt.title, tt.text, got, tt.want)
				for _, r := range x.Recommendations {
					t.Logf("  %+v", r)
				}
			}
		})
	}
}

func TestExtractListIntro(t *testing.T) {
	b := func(k string) want { return want{k, signals.Buy, signals.Normal} }
	runGeneralise(t, []generaliseCase{
		{"intro sentence then table", "", "These are the ten stocks we would buy for 2025, in no particular order.\n\n# | Company | Ticker | Sector\n1 | Amazon | AMZN | Consumer\n2 | Visa | V | Financials\n",
			[]want{b("AMZN"), b("V")}},
		{"here are names I'd own, bullets", "", "Here are four names I'd own through the cycle:\n- Costco (COST)\n- Deere (DE)\n",
			[]want{b("COST"), b("DE")}},
		{"below, companies we would add, numbered", "", "Below are the companies we would add this quarter.\n1. Nike (NKE): the turnaround is early.\n2. Starbucks (SBUX): traffic is back.\n",
			[]want{b("NKE"), b("SBUX")}},
		{"counted stocks to buy, pipe table", "", "Our five stocks to buy for the second half of the year follow.\n| Name | Ticker |\n| Oracle | ORCL |\n| Adobe | ADBE |\n",
			[]want{b("ADBE"), b("ORCL")}},
		{"title with relative clause", "4 Stocks I'd Buy and Hold for a Decade", "4 Stocks I'd Buy and Hold for a Decade\n\n1. Costco\n\nCostco (COST) renews 90% of members.\n\n2. Visa\n\nVisa (V) takes a toll on every swipe.\n",
			[]want{b("COST"), b("V")}},
		{"runners-up are not listed", "", "These are three stocks I'd buy:\n1. Costco (COST)\n2. Visa (V)\nHome Depot (HD) and Lowe's (LOW) came close to making the list.\n",
			[]want{b("COST"), b("V")}},
		// negative twins
		{"twin: largest weights table", "", "These are the ten stocks with the largest weights in the index.\n\n# | Company | Ticker\n1 | Amazon | AMZN\n2 | Visa | V\n", nil},
		{"twin: stocks analysts like", "", "Here are the stocks analysts like most this month:\n- Costco (COST)\n- Deere (DE)\n", nil},
		{"twin: retrospective", "", "Costco (COST) and Visa (V) beat the index last year.\nAll three were stocks we owned in 2024.\n", nil},
	})
}

func TestExtractPhrasings(t *testing.T) {
	w := func(k string, a signals.Action, s signals.Strength) want { return want{k, a, s} }
	n := signals.Normal
	runGeneralise(t, []generaliseCase{
		// a core holding: keep it
		{"core holding", "", "Costco (COST) remains a core holding: renewal rates are above 90%.", []want{w("COST", signals.Hold, n)}},
		{"core holding own 1", "", "Visa (V) stays one of our core holdings after the quarter.", []want{w("V", signals.Hold, n)}},
		{"core holding own 2", "", "We treat Deere (DE) as a core position and see no reason to change that.", []want{w("DE", signals.Hold, n)}},
		{"twin: not a core holding", "", "Costco (COST) is not a core holding for us.", nil},
		// conditional buys: the condition is noted, the action is buy
		{"buyers on weakness", "", "Home Depot (HD) is a different story. We don't own it yet, but we'd be buyers on weakness.", []want{w("HD", signals.Buy, n)}},
		{"buyers own 1", "", "We would be buyers of Nike (NKE) on any weakness below $60.", []want{w("NKE", signals.Buy, n)}},
		{"buyers own 2", "", "Add on dips: Adobe (ADBE) is cheaper than it has been in a decade.", []want{w("ADBE", signals.Buy, n)}},
		{"buyers own 3", "", "I'd be a buyer of Starbucks (SBUX) under $80.", []want{w("SBUX", signals.Buy, n)}},
		{"twin: buyers narrated", "", "Dip buyers on weakness lifted Home Depot (HD) 2% on Friday.", nil},
		{"twin: would not be a buyer", "", "I would not be a buyer of Starbucks (SBUX) at these prices.", []want{w("SBUX", signals.Avoid, signals.Weak)}},
		// favourite name: top-idea language
		{"favourite name", "", "Our favourite name in the sector remains Eli Lilly (NYSE: LLY).", []want{w("LLY", signals.Buy, signals.Strong)}},
		{"favourite own 1", "", "My favorite idea for the next year is Uber (UBER).", []want{w("UBER", signals.Buy, signals.Strong)}},
		{"favourite own 2", "", "Among the banks, our favourite pick is JPMorgan (JPM).", []want{w("JPM", signals.Buy, signals.Strong)}},
		{"twin: last year's favourite", "", "Last year's favourite name, for the record, was Netflix (NFLX).", nil},
		{"twin: last year's best idea", "", "Last year's best idea, for the record, was Netflix.", nil},
		// moving to the sidelines: a move to neutral
		{"sidelines", "", "We're moving to the sidelines on Novo Nordisk (NVO) until management lays out a plan.", []want{w("NVO", signals.Hold, n)}},
		{"sidelines own 1", "", "After the run we move to the sidelines on Moderna (MRNA).", []want{w("MRNA", signals.Hold, n)}},
		{"sidelines own 2", "", "We are stepping to the sidelines on Target (TGT) for now.", []want{w("TGT", signals.Hold, n)}},
		{"twin: investors on the sidelines", "", "Investors moved to the sidelines on Moderna (MRNA) ahead of the data.", nil},
		// preferences in a private bank's list
		{"most least preferred", "", "- Most preferred: BNP Paribas (EPA: BNP).\n- Least preferred: Commerzbank (ETR: CBK).", []want{w("BNP", signals.Buy, n), w("CBK", signals.Sell, n)}},
		{"preferred own", "", "Among US utilities, NextEra (NEE) is most preferred and Dominion (D) least preferred.", []want{w("D", signals.Sell, n), w("NEE", signals.Buy, n)}},
		{"twin: preferred stock", "", "Wells Fargo (WFC) issued $2 billion of preferred stock.", nil},
		// a post: loading more, watching for a break
		{"loading more", "", "$PLTR loading more under 150.", []want{w("PLTR", signals.Buy, n)}},
		{"loading own", "", "$AMD loading more on this dip, gov pipeline huge.", []want{w("AMD", signals.Buy, n)}},
		{"watching for", "", "$SOFI watching for a clean break above 30 before I add.", []want{w("SOFI", signals.Watch, n)}},
		{"watching own", "", "$HOOD watching for a retest of 100, not there yet.", []want{w("HOOD", signals.Watch, n)}},
		{"twin: traders watching", "", "Traders are watching for a break above 30 in SoFi (SOFI).", nil},
		// an IBD buy zone: actionable now; wait for a base
		{"actionable", "", "The buy zone runs to 160.02, so ANET stock is actionable now.", []want{w("ANET", signals.Buy, n)}},
		{"actionable own", "", "Axon (AXON) is actionable now after clearing its buy point.", []want{w("AXON", signals.Buy, n)}},
		{"wait for a base", "", "Celestica (CLS) is extended. Wait for a new base before buying CLS.", []want{w("CLS", signals.Watch, n)}},
		{"wait own", "", "Wait for a proper base before buying Celsius (CELH).", []want{w("CELH", signals.Watch, n)}},
		{"wait own 2", "", "We'd wait for the next earnings report before buying Nike (NKE).", []want{w("NKE", signals.Watch, n)}},
		{"twin: narrated wait", "", "Investors wait for the Fed before buying Celsius (CELH).", nil},
		// downgrade lands on the rating
		{"we downgrade to hold", "", "We downgrade Nike (NKE) to Hold.", []want{w("NKE", signals.Hold, n)}},
		{"downgrade own", "", "We cut Target (TGT) to Neutral from Buy.", []want{w("TGT", signals.Hold, n)}},
		{"twin: downgrade from hold", "", "Nike (NKE) was upgraded to Buy from Hold.", []want{w("NKE", signals.Buy, n)}},
	})
}

func TestExtractNotAdvice(t *testing.T) {
	w := func(k string, a signals.Action, s signals.Strength) want { return want{k, a, s} }
	n := signals.Normal
	runGeneralise(t, []generaliseCase{
		// a question in a headline is not advice; the answer in the body is
		{"quoted headline question", "", "Mailbag: \"Should I sell Apple before the iPhone cycle peaks?\"\n\nOur answer: we are not sellers of Apple (AAPL).", []want{w("AAPL", signals.Hold, n)}},
		{"question own 1", "", "Reader question: 'Is it time to dump Intel (INTC)?'", nil},
		{"question own 2", "", "**Should you buy Nvidia (NVDA) before earnings?**", nil},
		{"not sellers own", "", "We are not sellers of Microsoft (MSFT) at this level.", []want{w("MSFT", signals.Hold, n)}},
		{"twin: answer in quotes", "", "Our answer: \"Sell Intel (INTC).\"", []want{w("INTC", signals.Sell, n)}},
		// a rank scale explained is not the company's rank
		{"zacks scale", "", "Lowe's (LOW) reports Tuesday. The combination of a positive Earnings ESP and a Zacks Rank #1 (Strong Buy), 2 (Buy) or 3 (Hold) increases the odds of an earnings beat.", nil},
		{"zacks scale own 1", "", "Target (TGT) reports next week. Stocks with a Zacks Rank #1 or 2 tend to beat.", nil},
		{"zacks scale own 2", "", "Deere (DE) is on the calendar. A Zacks Rank of #4 (Sell) or 5 (Strong Sell) suggests caution.", nil},
		{"twin: actual rank", "", "Lowe's (LOW) has a Zacks Rank #3 (Hold) at present.", []want{w("LOW", signals.Hold, n)}},
		// aphorisms: no company is the object
		{"aphorism", "", "Walmart (WMT) rose 2%. \"It's a classic risk-off day — sell what's worked, buy what's boring,\" said one trader.", nil},
		{"aphorism own 1", "", "Costco (COST) gained. The desk's motto held: buy whatever is hated.", nil},
		{"aphorism own 2", "", "Deere (DE) slipped. Sell winners, buy laggards, as the old rule goes.", nil},
		{"twin: named object", "", "Walmart (WMT) rose 2%. Sell Walmart into the rally.", []want{w("WMT", signals.Sell, n)}},
		// an event to watch is not a stock to watch
		{"event watch", "", "Tuesday — Home Depot reports before the bell; keep an eye on the Pro segment commentary.", nil},
		{"event watch own 1", "", "Nvidia (NVDA) reports Wednesday; monitor the data-centre guidance.", nil},
		{"event watch own 2", "", "Oracle (ORCL) is up next. Keep a close eye on the backlog figure.", nil},
		{"twin: watch the stock", "", "Home Depot (HD) reports Tuesday; keep an eye on the stock.", []want{w("HD", signals.Watch, n)}},
		// shopping advice
		{"product verdict", "", "Google (GOOGL) makes the Pixel 10.\n\nVerdict: buy it if you want the smartest camera.", nil},
		{"product own 1", "", "The Galaxy from Samsung Electronics (KRX: 005930) is fine. Buy it if you need the zoom.", nil},
		{"product own 2", "", "Apple (AAPL) updated the MacBook Air. Buy one unless you need more ports.", nil},
		{"twin: stock verdict", "", "Google (GOOGL) makes the Pixel 10.\n\nVerdict: buy the shares below $180.", []want{w("GOOGL", signals.Buy, n)}},
		// a disclosed personal trade
		{"personal trade", "", "For transparency: I sold my small personal holding of Tesla (TSLA) in July.", nil},
		{"personal own 1", "", "I trimmed my personal stake in Apple (AAPL) for tax reasons.", nil},
		{"personal own 2", "", "We sold Intel (INTC) in a personal account; we are not suggesting anything.", nil},
		{"twin: advice trade", "", "I sold Tesla (TSLA) today; robotaxi hype is ahead of reality.", []want{w("TSLA", signals.Sell, n)}},
		// "it" is the subject, not a name in an if-clause
		{"antecedent", "", "I'll start with Union Pacific (UNP). Volumes bottomed, and if the merger talk with Norfolk Southern (NSC) becomes a deal, the network is transcontinental. I'd buy it here.", []want{w("UNP", signals.Buy, n)}},
		{"antecedent own 1", "", "Our pick is Visa (V). If Mastercard (MA) loses the lawsuit, the whole industry reprices. We'd buy it anyway.", []want{w("V", signals.Buy, n)}},
		{"antecedent own 2", "", "Consider Deere (DE). Unless Caterpillar (CAT) cuts prices first, margins hold up. I would add to it.", []want{w("DE", signals.Buy, n)}},
		{"twin: antecedent is the name", "", "Norfolk Southern (NSC) is cheap. I'd buy it here.", []want{w("NSC", signals.Buy, n)}},
		// a list of someone else's: adding a name to it is no buy
		{"add to that list", "", "HOLT: I'd add Boeing (BA) to that list.", nil},
		{"twin: add to position", "", "I'd add Boeing (BA) on weakness below $150.", []want{w("BA", signals.Buy, n)}},
		// a subject summarising two calls: the second clause has its own subject
		{"summary subject", "Footwear update: we downgrade Nike — Lulu stays a Buy", "We downgrade Nike (NKE) to Hold.\n\nLululemon (LULU) stays a Buy.", []want{w("LULU", signals.Buy, n), w("NKE", signals.Hold, n)}},
		{"summary own", "Retail: Target cut — Costco stays a Buy", "We cut Target (TGT) to Neutral.", []want{w("COST", signals.Buy, n), w("TGT", signals.Hold, n)}},
		{"twin: dash item", "", "Kering (EPA: KER) — Downgrade to Reduce (from Hold).", []want{w("KER", signals.Sell, n)}},
	})
}

func TestExtractBuiltinNames(t *testing.T) {
	b := func(k string) want { return want{k, signals.Buy, signals.Normal} }
	runGeneralise(t, []generaliseCase{
		{"quanta", "", "Buy Quanta Services for the grid build-out.", []want{b("PWR")}},
		{"stellantis", "", "We would buy Stellantis below €9.", []want{b("STLA")}},
		{"medical properties", "", "Avoid Medical Properties Trust until the tenant issues are fixed.", []want{{"MPW", signals.Avoid, signals.Normal}}},
		{"twin: quanta is not a word", "", "Quanta of energy are discrete, physicists buy that.", nil},
	})
}

func TestExtractMorePhrasings(t *testing.T) {
	w := func(k string, a signals.Action, s signals.Strength) want { return want{k, a, s} }
	n := signals.Normal
	runGeneralise(t, []generaliseCase{
		// sellers of X: the mirror of buyers of X
		{"sellers of", "", "Shell (LON: SHEL) fell 1.2%. We'd be sellers of Shell into any strength above 2,800p.", []want{w("SHEL", signals.Sell, n)}},
		{"sellers own 1", "", "I would be a seller of Intel (INTC) on any bounce.", []want{w("INTC", signals.Sell, n)}},
		{"sellers own 2", "", "We'd be sellers of Peloton (PTON) here.", []want{w("PTON", signals.Sell, n)}},
		{"twin: sellers narrated", "", "Sellers of Shell (SHEL) pushed the stock down 2%.", nil},
		// taking some off the table: a partial sale
		{"off the table", "", "$TSLA trimmed a chunk into this pop. Bullish long term, taking some off the table.", []want{w("TSLA", signals.Sell, signals.Weak)}},
		{"off own 1", "", "Nvidia (NVDA) has doubled; take some chips off the table.", []want{w("NVDA", signals.Sell, signals.Weak)}},
		{"off own 2", "", "After the run in Palantir (PLTR) it is sensible to take some off the table.", []want{w("PLTR", signals.Sell, signals.Weak)}},
		{"twin: sales off the table", "", "A sale of Palantir (PLTR) to a rival is off the table, the CEO said.", nil},
		// wouldn't chase: advice against buying now, said mildly
		{"wouldn't chase", "", "Sandisk (SNDK) has tripled. We wouldn't chase it here.", []want{w("SNDK", signals.Avoid, signals.Weak)}},
		{"chase own 1", "", "I would not chase Celsius (CELH) after a 40% week.", []want{w("CELH", signals.Avoid, signals.Weak)}},
		{"chase own 2", "", "Carvana (CVNA) is up fivefold and we won't chase it.", []want{w("CVNA", signals.Avoid, signals.Weak)}},
		{"twin: chasing narrated", "", "Retail traders chased Carvana (CVNA) higher all week.", nil},
		// a common-word name coordinated with another company is the company
		{"coordinated names", "", "Upstart and Affirm trade richer with worse credit. For what it's worth I'd avoid Upstart.", []want{w("UPST", signals.Avoid, n)}},
		{"coordinated own 1", "", "Target and Walmart both report this week. I'd buy Target before the print.", []want{w("TGT", signals.Buy, n)}},
		{"coordinated own 2", "", "Visa, Mastercard and Amex dominate card networks. We'd buy Visa.", []want{w("V", signals.Buy, n)}},
		{"twin: common word alone", "", "Target the long end of the curve; we'd avoid Target here.", nil},
		// a modal subject before an advice verb opens its clause
		{"i'd be a buyer", "", "Elevance Health (ELV) is at ten times earnings. I'd be a buyer.", []want{w("ELV", signals.Buy, n)}},
		{"i'd own 1", "", "Union Pacific (UNP) looks cheap. We'd add here.", []want{w("UNP", signals.Buy, n)}},
		{"twin: i'd be a buyer of something else", "", "Elevance Health (ELV) is at ten times earnings.\n\nI'd be a buyer of the sector ETF instead.", nil},
		// a forum quip
		{"joke", "", "> Just buy VOO lol", nil},
		{"joke own 1", "", "Sell everything and buy Nvidia (NVDA) /s", nil},
		{"joke own 2", "", "Just short Tesla (TSLA) lmao", nil},
		{"twin: no joke", "", "> Just buy VOO and forget about it.", []want{w("VOO", signals.Buy, n)}},
	})
}

func TestExtractAnswers(t *testing.T) {
	w := func(k string, a signals.Action) want { return want{k, a, signals.Normal} }
	runGeneralise(t, []generaliseCase{
		{"roundtable picks", "", "MODERATOR: Let's get to picks. Maren?\n\nHOLT: I'll start with something unfashionable: Union Pacific (UNP). Rail volumes bottomed. My second is Intercontinental Exchange (ICE) — a toll road on volatility.\n\nPIKE: My actual picks. First, Constellation Brands (STZ). Beer depletions are weak.\n",
			[]want{w("ICE", signals.Buy), w("STZ", signals.Buy), w("UNP", signals.Buy)}},
		{"names to avoid", "", "MODERATOR: Any names you'd avoid?\n\nFERRER: Stellantis. It will get cheaper.\n\nHOLT: I'd add Boeing (BA) to that list.\n",
			[]want{w("BA", signals.Avoid), w("STLA", signals.Avoid)}},
		{"answers own 1", "", "Q: Which stocks would you buy with new money?\n\nA: Costco (COST). And next, Deere (DE).\n",
			[]want{w("COST", signals.Buy), w("DE", signals.Buy)}},
		{"answers own 2", "", "HOST: What would you sell today?\n\nGUEST: Intel (INTC). Then my next one is Peloton (PTON).\n",
			[]want{w("INTC", signals.Sell), w("PTON", signals.Sell)}},
		{"answers own 3", "", "Our picks:\n\nFirst, Visa (V).\n\nSecond, Adobe (ADBE).\n",
			[]want{w("ADBE", signals.Buy), w("V", signals.Buy)}},
		// twins: a question that asks for no action; a new topic ends the answers
		{"twin: question without action", "", "HOST: Which stocks fell most this week?\n\nGUEST: Intel (INTC). It lost 9%.\n", nil},
		{"twin: topic changed", "", "MODERATOR: Any names you'd avoid?\n\nFERRER: Stellantis.\n\nMODERATOR: How do you see the Fed this year?\n\nFERRER: Boeing (BA). Everyone talks about it.\n",
			[]want{w("STLA", signals.Avoid)}},
		{"twin: no picks asked", "", "Stellantis (STLA). The automaker reported on Tuesday.\n\nFirst, Constellation Brands (STZ).\n", nil},
	})
}

func TestExtractAttachment(t *testing.T) {
	w := func(k string, a signals.Action) want { return want{k, a, signals.Normal} }
	runGeneralise(t, []generaliseCase{
		// the object of the verb is a company's thing, not the company
		{"possessive object", "Why we sold Walgreens' last dividend and what replaced it", "Readers keep asking about the pharmacy slot.\n", nil},
		{"possessive own 1", "", "We sold Apple's bonds and kept what replaced them.", nil},
		{"possessive own 2", "", "I bought Nike's new runners and returned them.", nil},
		{"twin: possessive shares", "", "We sold Apple's shares today and kept the cash.", []want{w("AAPL", signals.Sell)}},
		// a headline's company is not what an entity-less call means when
		// the paragraph has just named another
		{"recent name over headline", "Why we sold Walgreens' last dividend", "Its replacement is Realty Income (O). We're initiating a position with a full weight. Buy below $60.\n\nWe also looked at Medical Properties Trust. Steer clear — the tenant problems are not solved.\n",
			[]want{w("MPW", signals.Avoid), w("O", signals.Buy)}},
		{"recent own 1", "Nike: the turnaround we passed on", "We looked at Adidas (ADS) instead. Buy below €180.\n", []want{w("ADS", signals.Buy)}},
		{"recent own 2", "Costco after the split", "Our other retail name is Walmart (WMT). Hold it for the long term.\n", []want{w("WMT", signals.Hold)}},
		{"twin: headline company", "Costco after the split", "Membership renewals stayed above 90%.\n\nHold for the long term.\n", []want{w("COST", signals.Hold)}},
	})
}

func TestExtractKeepAndLimits(t *testing.T) {
	w := func(k string, a signals.Action, s signals.Strength) want { return want{k, a, s} }
	n := signals.Normal
	runGeneralise(t, []generaliseCase{
		// keep what you have
		{"comfortable holding", "", "Nvidia (NVDA) stays our largest position, and we are comfortable holding the rest.", []want{w("NVDA", signals.Hold, n)}},
		{"continue to own", "", "Broadcom (AVGO), the other custom-silicon name, we continue to own at a full weight.", []want{w("AVGO", signals.Hold, n)}},
		{"keep own 1", "", "We continue to hold Deere (DE) through the farm downturn.", []want{w("DE", signals.Hold, n)}},
		{"keep own 2", "", "I'm happy holding Visa (V) for another decade.", []want{w("V", signals.Hold, n)}},
		{"twin: comfortable narrated", "", "Investors seem comfortable holding Nvidia (NVDA) into the print.", nil},
		// a trim forced by a position limit is not a view
		{"limit trim", "", "We trimmed our stake in Nvidia (NVDA) after the results. Nothing was wrong, but the holding had grown to 14% of the fund and our risk limit is 10%.", nil},
		{"limit own 1", "", "We trimmed Apple (AAPL) to rebalance after the rally; the thesis is intact.", nil},
		{"limit own 2", "", "I trimmed Costco (COST) because it breached my single-stock limit.", nil},
		{"twin: view trim", "", "We trimmed our stake in Nvidia (NVDA) after the results; the guide looks too high.", []want{w("NVDA", signals.Sell, signals.Weak)}},
	})
}

func TestExtractSameSentenceStrength(t *testing.T) {
	w := func(k string, s signals.Strength) want { return want{k, signals.Buy, s} }
	runGeneralise(t, []generaliseCase{
		{"rating and top pick", "", "Barclays (LON: BARC) rose 1.1% after RBC Capital Markets reiterated its Outperform rating and named the lender its top pick among UK banks.", []want{w("BARC", signals.Strong)}},
		{"own 1", "", "Jefferies kept its Buy rating on Deere (DE) and called it a conviction buy for 2026.", []want{w("DE", signals.Strong)}},
		{"own 2", "", "UBS reiterated Overweight on Visa (V), its top pick in payments.", []want{w("V", signals.Strong)}},
		{"twin: strong in another sentence", "", "UBS reiterated Overweight on Visa (V).\n\nLast year it was the bank's top pick in payments, but no longer.", []want{w("V", signals.Normal)}},
	})
}

func TestExtractRatingOn(t *testing.T) {
	w := func(k string, a signals.Action) want { return want{k, a, signals.Normal} }
	runGeneralise(t, []generaliseCase{
		{"rating on after another name", "", "Also: Evercore ISI initiated Reddit (RDDT) at In Line, its equivalent of a neutral rating; and Truist reiterated Buy on Eli Lilly (LLY) ahead of the launch.", []want{w("LLY", signals.Buy), w("RDDT", signals.Hold)}},
		{"own 1", "", "Pinterest (PINS) fell 3%, while Citi kept its Sell rating on Snap (SNAP).", []want{w("SNAP", signals.Sell)}},
		{"own 2", "", "After Deere (DE) reported, Baird reiterated Neutral on shares of Caterpillar (CAT).", []want{w("CAT", signals.Hold)}},
		{"twin: rating before on a date", "", "Baird upgraded Deere (DE) to Outperform on Tuesday.", []want{w("DE", signals.Buy)}},
	})
}

func TestExtractLabelsAndWatchlist(t *testing.T) {
	w := func(k string, a signals.Action) want { return want{k, a, signals.Normal} }
	runGeneralise(t, []generaliseCase{
		// a label that ends in the writer's advice verb is the call
		{"what I'd avoid", "", "What I'd avoid: Warner Bros. Discovery (WBD). Too much debt.", []want{w("WBD", signals.Avoid)}},
		{"label own 1", "", "What we would buy now: Deere (DE), on the farm-cycle bottom.", []want{w("DE", signals.Buy)}},
		{"label own 2", "", "Names to sell: Peloton (PTON).", []want{w("PTON", signals.Sell)}},
		{"twin: label negated", "", "What we would not buy: Deere (DE) is the exception.", []want{{"DE", signals.Avoid, signals.Weak}}},
		{"twin: label that is no verb", "", "What I'd like to see: Deere (DE) guiding higher.", nil},
		// "On the watchlist." after a company: the word is no company
		{"on the watchlist", "", "Rollins (ROL) kills termites. I love it but it trades at 50 times earnings. On the watchlist.", []want{w("ROL", signals.Watch)}},
		{"watchlist own 1", "", "Copart (CPRT) is a great business at a full price. On my watchlist.", []want{w("CPRT", signals.Watch)}},
		{"watchlist own 2", "", "Fastenal (FAST) rarely gets cheap. On our watchlist for a pullback.", []want{w("FAST", signals.Watch)}},
		{"twin: On Holding named", "", "On Holding (ONON) sells running shoes.", nil},
	})
}

// TestExtractRunOnSentences checks that a "sentence" of hundreds of
// thousands of tokens (no full stop) is read in linear time: every check
// per call or per token reads a bounded window, never the whole sentence
// again. A quadratic reading of these inputs takes minutes.
func TestExtractRunOnSentences(t *testing.T) {
	if testing.Short() {
		t.Skip("long inputs")
	}
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	for name, s := range map[string]string{
		"mentions in an if clause": "if " + strings.Repeat("Apple ", 40000) + "buy it.",
		"ratings after dashes":     strings.Repeat("Apple — Lulu stays a Buy ", 10000),
		"imperatives":              strings.Repeat("Buy Apple ", 20000),
		"scale labels":             strings.Repeat("Zacks Rank #1 (Strong Buy), 2 (Buy) or 3 (Hold) ", 5000),
		"answers":                  strings.Repeat("Any names you'd avoid? Stellantis. First, Apple. ", 5000),
		"coordinated names":        strings.Repeat("Upstart and Affirm and Target and ", 8000),
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			extractText(e, "", s)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%d bytes took %v: not linear", len(s), d)
			}
		})
	}
}

// TestExtractManyDisowned checks that many own-trade disclaimers among many
// first-person trades stay linear.
func TestExtractManyDisowned(t *testing.T) {
	if testing.Short() {
		t.Skip("long input")
	}
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	s := strings.Repeat("I bought Apple (AAPL) today. This is not a recommendation. We sold Intel (INTC). ", 5000)
	start := time.Now()
	x := extractText(e, "", s)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("%d bytes took %v: not linear", len(s), d)
	}
	if len(x.Recommendations) != 0 {
		t.Errorf("got %d recommendations, want none: every trade is within two sentences of a disclaimer", len(x.Recommendations))
	}
}
