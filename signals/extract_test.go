package signals_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tipster/tipster/data/symbols"
	"github.com/tipster/tipster/signals"
	"github.com/tipster/tipster/signals/article"
)

func ExampleNormalize() {
	a, s, _ := signals.Normalize("Consider a small position")
	fmt.Println(a, s)
	// Output: buy weak
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		phrase string
		action signals.Action
		str    signals.Strength
		ok     bool
	}{
		{"Consider a small position", signals.Buy, signals.Weak, true},
		{"Strong Buy", signals.Buy, signals.Strong, true},
		{"Buy", signals.Buy, signals.Normal, true},
		{"Outperform", signals.Buy, signals.Normal, true},
		{"Overweight", signals.Buy, signals.Normal, true},
		{"Accumulate", signals.Buy, signals.Normal, true},
		{"Add", signals.Buy, signals.Normal, true},
		{"top pick", signals.Buy, signals.Strong, true},
		{"conviction buy", signals.Buy, signals.Strong, true},
		{"load up", signals.Buy, signals.Strong, true},
		{"initiate a position", signals.Buy, signals.Normal, true},
		{"Market Perform", signals.Hold, signals.Normal, true},
		{"Neutral", signals.Hold, signals.Normal, true},
		{"Equal-weight", signals.Hold, signals.Normal, true},
		{"Equal weight", signals.Hold, signals.Normal, true},
		{"Sector Perform", signals.Hold, signals.Normal, true},
		{"hold for the long term", signals.Hold, signals.Normal, true},
		{"Underperform", signals.Sell, signals.Normal, true},
		{"Underweight", signals.Sell, signals.Normal, true},
		{"Reduce", signals.Sell, signals.Weak, true},
		{"Sell", signals.Sell, signals.Normal, true},
		{"Strong Sell", signals.Sell, signals.Strong, true},
		{"trim", signals.Sell, signals.Weak, true},
		{"take profits", signals.Sell, signals.Normal, true}, // closing the position; "take some profits" is the partial, weak one
		{"take some profits", signals.Sell, signals.Weak, true},
		{"no longer recommend", signals.Sell, signals.Normal, true},
		{"Zacks Rank #1 (Strong Buy)", signals.Buy, signals.Strong, true},
		{"Zacks Rank #2", signals.Buy, signals.Normal, true},
		{"Zacks Rank #3 (Hold)", signals.Hold, signals.Normal, true},
		{"Zacks Rank #4", signals.Sell, signals.Normal, true},
		{"Zacks Rank #5 (Strong Sell)", signals.Sell, signals.Strong, true},
		{"stay away", signals.Avoid, signals.Normal, true},
		{"steer clear of", signals.Avoid, signals.Normal, true},
		{"we would not buy", signals.Avoid, signals.Weak, true},
		{"don't buy", signals.Avoid, signals.Normal, true},
		{"wouldn't touch it", signals.Avoid, signals.Normal, true},
		{"keep an eye on", signals.Watch, signals.Normal, true},
		{"on our watchlist", signals.Watch, signals.Normal, true},
		{"wait for a pullback", signals.Watch, signals.Normal, true},
		{"Hold for long-term upside if the deal closes, but avoid until regulatory clarity emerges", signals.Avoid, signals.Normal, true},
		{"", "", "", false},
		{"the quarterly report", "", "", false},
		{"Zacks Rank #9", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.phrase, func(t *testing.T) {
			a, s, ok := signals.Normalize(tt.phrase)
			if a != tt.action || s != tt.str || ok != tt.ok {
				t.Errorf("Normalize(%q) = %s %s %v, want %s %s %v", tt.phrase, a, s, ok, tt.action, tt.str, tt.ok)
			}
		})
	}
}

// call is a wanted (ticker or entity, action, strength).
type want struct {
	key    string // ticker, or "~entity" for untradable ones
	action signals.Action
	str    signals.Strength
}

func keyOf(r signals.Recommendation) string {
	if r.Ticker != "" && !r.Proxy {
		return r.Ticker
	}
	return "~" + r.Entity
}

func extractText(e *signals.Extractor, title, text string) signals.Extraction {
	return e.Extract(article.Article{File: "test.txt", Title: title, Text: text})
}

func TestExtractSentences(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	tests := []struct {
		name string
		text string
		want []want
	}{
		// analyst ratings
		{"upgrade to overweight", "Morgan Stanley upgraded Nvidia (NASDAQ: NVDA) to Overweight from Equal-weight and raised its price target to $250 from $190.", []want{{"NVDA", signals.Buy, signals.Normal}}},
		{"downgrade to underweight", "Wells Fargo downgraded Lululemon (LULU) to Underweight, price target $150.", []want{{"LULU", signals.Sell, signals.Normal}}},
		{"raised to buy", "Citi raised Micron Technology (MU) to Buy from Neutral.", []want{{"MU", signals.Buy, signals.Normal}}},
		{"reiterated market perform", "Raymond James reiterated its Market Perform rating on Intel (INTC).", []want{{"INTC", signals.Hold, signals.Normal}}},
		{"initiated coverage", "Jefferies initiated coverage of Palantir with an Underperform rating.", []want{{"PLTR", signals.Sell, signals.Normal}}},
		{"strong buy", "We rate Apple a Strong Buy.", []want{{"AAPL", signals.Buy, signals.Strong}}},
		{"zacks rank 1", "Celsius Holdings (CELH) currently carries a Zacks Rank #1 (Strong Buy).", []want{{"CELH", signals.Buy, signals.Strong}}},
		{"zacks rank 4", "Ford (F) has a Zacks Rank #4 (Sell) right now.", []want{{"F", signals.Sell, signals.Normal}}},
		{"accumulate", "We keep our Accumulate rating on Costco.", []want{{"COST", signals.Buy, signals.Normal}}},
		{"neutral", "UBS maintained a Neutral rating on Tesla.", []want{{"TSLA", signals.Hold, signals.Normal}}},
		{"is a buy", "Carnival is a buy.", []want{{"CCL", signals.Buy, signals.Normal}}},
		{"top pick", "Eli Lilly remains our top pick for 2026.", []want{{"LLY", signals.Buy, signals.Strong}}},
		// plain-language advice
		{"consider a small position", "Consider a small position in Meta Platforms.", []want{{"META", signals.Buy, signals.Weak}}},
		{"load up", "Load up on Amazon before the holidays.", []want{{"AMZN", signals.Buy, signals.Strong}}},
		{"initiate", "We initiate a position in Broadcom (AVGO) today.", []want{{"AVGO", signals.Buy, signals.Normal}}},
		{"take profits", "Take profits in Nvidia after the run.", []want{{"NVDA", signals.Sell, signals.Normal}}},
		{"trim", "Trim your Apple position into strength.", []want{{"AAPL", signals.Sell, signals.Weak}}},
		{"stay away", "Stay away from GameStop.", []want{{"GME", signals.Avoid, signals.Normal}}},
		{"steer clear", "Steer clear of Rivian until the R2 ships.", []want{{"RIVN", signals.Avoid, signals.Normal}}},
		{"steer clear: the reason names another company", "Qualcomm (QCOM) keeps coming up in reader mail. Steer clear: the Apple modem loss is still ahead of it.", []want{{"QCOM", signals.Avoid, signals.Normal}}},
		{"avoid: the reason is about the named company", "Avoid: the Intel turnaround is years away.", []want{{"INTC", signals.Avoid, signals.Normal}}},
		{"take profits and close the position", "We are taking profits on Micron (MU) and closing the position.", []want{{"MU", signals.Sell, signals.Normal}}},
		{"taking profits alone is partial", "We are taking profits on Micron (MU).", []want{{"MU", signals.Sell, signals.Weak}}},
		{"keep an eye on", "Keep an eye on Oracle (ORCL) into earnings.", []want{{"ORCL", signals.Watch, signals.Normal}}},
		{"watchlist", "Adobe (ADBE) goes on our watchlist.", []want{{"ADBE", signals.Watch, signals.Normal}}},
		{"wait for a pullback", "Wait for a pullback in Costco before starting a position.", []want{{"COST", signals.Watch, signals.Normal}}},
		{"hold for the long term", "Hold Berkshire Hathaway for the long term.", []want{{"BRK-B", signals.Hold, signals.Normal}}},
		{"we recommend buying", "We recommend buying Microsoft (MSFT) below $400.", []want{{"MSFT", signals.Buy, signals.Normal}}},
		{"you should sell", "You should sell Intel now.", []want{{"INTC", signals.Sell, signals.Normal}}},
		{"imperative list", "Buy Nvidia, Apple and Microsoft.", []want{{"AAPL", signals.Buy, signals.Normal}, {"MSFT", signals.Buy, signals.Normal}, {"NVDA", signals.Buy, signals.Normal}}},
		{"cashtag first person", "$TSLA loading up before robotaxi day", []want{{"TSLA", signals.Buy, signals.Strong}}},
		{"label line", "Costco (COST): Wonderful business, silly price. Buy below $850.", []want{{"COST", signals.Buy, signals.Normal}}},
		{"negated buy", "Netflix (NFLX): We would not buy it here after a 90% run.", []want{{"NFLX", signals.Avoid, signals.Weak}}},
		{"wouldn't touch", "LCID is a lottery ticket. Wouldn't touch it.", []want{{"LCID", signals.Avoid, signals.Normal}}},
		{"private company", "Avoid OpenAI secondary shares until the restructuring is done.", []want{{"~OpenAI", signals.Avoid, signals.Normal}}},
		{"top adjective pick", "Vertex (VRTX): stays our top biotech pick for 2026.", []want{{"VRTX", signals.Buy, signals.Strong}}},
		{"compelling buy", "We think Alphabet is a compelling buy at current levels.", []want{{"GOOGL", signals.Buy, signals.Normal}}},
		{"post still holding", "$AVGO — still holding, not adding at 35x.", []want{{"AVGO", signals.Hold, signals.Normal}}},
		{"post took profits", "$SOFI up 60% since July, took profits on the whole position.", []want{{"SOFI", signals.Sell, signals.Normal}}},
		{"keep don't add", "Chipotle (CMG) moves from Buy to Hold. Don't add, but don't sell either.", []want{{"CMG", signals.Hold, signals.Normal}}},
		{"hedged buy yields", "Anthropic: watch for a listing; would be a buy at IPO if priced sensibly.", []want{{"~Anthropic", signals.Watch, signals.Normal}}},
		{"conviction list", "Goldman Sachs added Amazon (AMZN) and Boston Scientific (BSX) to its Conviction List.", []want{{"AMZN", signals.Buy, signals.Strong}, {"BSX", signals.Buy, signals.Strong}}},
		{"a consensus rating is a tally, not a call", `Intel has a consensus rating of "Reduce".`, nil},
		{"quoted rating change", `Oppenheimer downgraded Pfizer to "perform" from "outperform" on Friday.`, []want{{"PFE", signals.Hold, signals.Normal}}},
		{"own trade disowned in the next sentence", "This morning I bought 50 shares of Target (TGT) at $102.40. Let me be clear: this is not a recommendation.", nil},
		{"own trade disowned before it", "I tell you what I own so you know my biases, not so you copy them. This week I bought some Diageo (DEO) shares.", nil},
		{"portfolio move without a disclaimer", "This morning we bought 50 shares of Target (TGT) for the model portfolio.", []want{{"TGT", signals.Buy, signals.Normal}}},
		{"a dated trade log row", "| 2025-03-11 | Bought Costco | $905 | open, +9% |", nil},
		{"the author may hold positions", "The author may hold positions in Amazon (AMZN) and may trade them at any time.", nil},
		{"a pronoun is the object, the name after it the next call's", "My Tesla (TSLA) shares vested today. Sell it all and buy Costco (COST).", []want{{"COST", signals.Buy, signals.Normal}, {"TSLA", signals.Sell, signals.Strong}}},
		{"no longer recommend buying", "We no longer recommend buying PayPal (PYPL).", []want{{"PYPL", signals.Avoid, signals.Weak}}},
		{"nor ... to add", "Nestle (NESN) is not one to sell. Nor is it one to add.", []want{{"NESN", signals.Hold, signals.Normal}}},
		{"a counterfactual", "If an investor had bought $1000 of Amazon (AMZN) stock 15 years ago, it would be worth $28,108 today.", nil},
		{"a stop-loss lesson", "If Apple's shares fall to $207, your broker would sell your 100 shares at the best price available.", nil},
		{"a generic lesson after a name", "Nvidia (NVDA) is in the news every day. Don't buy a stock because it's in the news.", nil},
		{"a rating legend", "Nintendo (7974.T) rating definitions: Buy = expected total return above 15% over 12 months; Underweight = below 0%.", nil},
		{"a rating does not reach past a clause break", "Loop Capital reiterates a Buy on Meta Platforms ahead of earnings, while staying on the fence about Snap (SNAP).", []want{{"META", signals.Buy, signals.Normal}, {"SNAP", signals.Hold, signals.Normal}}},
		{"initiated at a rating", "We initiate Starbucks (SBUX) at Neutral.", []want{{"SBUX", signals.Hold, signals.Normal}}},
		{"an old call retold", "Two years ago I argued that Broadcom (AVGO) was underappreciated and that readers should buy it.", nil},
		{"a table's ticker in the next cell", "Tencent | HKG: 0700 | Most preferred — top pick | Games and ads compounding.", []want{{"0700.HK", signals.Buy, signals.Strong}}},
		{"can't recommend it", "Rivian (RIVN)? I can't recommend it.", []want{{"RIVN", signals.Avoid, signals.Normal}}},
		{"can't recommend it here", "Rivian (RIVN)? I can't recommend the stock here.", []want{{"RIVN", signals.Avoid, signals.Weak}}},
		{"avoid adding", "We would avoid adding to Novo Nordisk (NVO) until there is clarity on pricing.", []want{{"NVO", signals.Avoid, signals.Normal}}},
		{"two imperatives joined by a comma", "Dan, Ford (F) is not it. Sell Ford, buy General Motors (GM).", []want{{"F", signals.Sell, signals.Normal}, {"GM", signals.Buy, signals.Normal}}},
		{"a headline's noun phrase is no imperative", "Short sellers pile into Carvana, exit Tesla", nil},
		{"an imperative a few sentences after the name, same paragraph", "Chipotle (CMG)! The throughput is back. The stock got hit with the group. That's a gift. Buy, buy, buy!", []want{{"CMG", signals.Buy, signals.Normal}}},
		{"an analysts' tally with one count", "Of the 41 analysts who cover Oracle (ORCL), 31 rate it a Buy, according to FactSet.", nil},
		{"a rating among analysts", "While NVIDIA (NVDA) currently has a Moderate Buy rating among analysts, others look better.", nil},
		{"an explainer's example", "Suppose a firm rates a large software company such as Microsoft (MSFT) Overweight with a $600 price target.", nil},
		{"not initiating coverage", "We do not initiate on Nvidia (NVDA) in this report; it will be covered by our systems team.", nil},
		{"removed from the conviction list", "Lowe's Companies (LOW) was removed from the Conviction List.", nil},
		{"not buying more", "Income investors can hold Pfizer (PFE) — the dividend is covered — but I'm not buying more.", []want{{"PFE", signals.Hold, signals.Normal}}},
		{"sell a third", "Rheinmetall (ETR: RHM): we sell a third of the position and keep the rest.", []want{{"RHM", signals.Sell, signals.Weak}}},
		{"options are not the stock", "Sell puts on Cisco (CSCO) and get paid to wait.", nil},
		{"a past call quoted with a year", "In March 2020, I said \"back up the truck on Microsoft (MSFT).\"", nil},
		{"buy aggressively", "Realty Income (O) is the one to buy aggressively right now.", []want{{"O", signals.Buy, signals.Strong}}},
		{"we'd simply not start", "Shopify (SHOP) has done well; we'd simply not start a new position.", []want{{"SHOP", signals.Avoid, signals.Weak}}},
		{"a firm's strategists are not the stock", "Goldman Sachs strategists have been overweight Chinese equities since the spring.", nil},
		{"a home listing after Ltd.", "JPMorgan kept its overweight rating on Tencent Holdings Ltd. (HKG: 0700).", []want{{"0700.HK", signals.Buy, signals.Normal}}},
		{"the rating it did not get", "Palantir (PLTR) is richly valued, which is why it gets a Hold instead of a Buy on this list.", []want{{"PLTR", signals.Hold, signals.Normal}}},
		{"readers who are overweight", "We trimmed Nike (NKE) after the pop, and readers who are overweight should take some profits too.", []want{{"NKE", signals.Sell, signals.Weak}}},
		{"a company issuing shares", "Archer Aviation (ACHR) has no revenue, and they keep selling stock.", nil},
		{"an institution's trade after Inc.", "Westside Investment Management Inc. sold 1,900 shares of NVIDIA (NVDA) during the first quarter.", nil},
		{"a shopping deal", "Buy the Pixel 10 Pro at Best Buy (BBY) while the gift card offer lasts.", nil},
		{"the consensus widget", "Costco (COST)\nWall Street Rating: Buy\n", nil},
		{"the market's favorite", "TheStreet: Nvidia (NVDA) is the market's favorite stock.", nil},
		{"an allocation, not a company", "Marvell (MRVL) reports tonight. I'd stay overweight equities into year-end.", nil},
		{"a filing reported", "Bill Ackman's fund disclosed a new position in Amazon (AMZN).", nil},
		{"outperform as a verb", "That would mean the firm expects Apple (AAPL) to outperform the other hardware companies it covers.", nil},
		{"a lowercase rating after a change verb", "The brokerage also cut Meituan (HKG: 3690) to underweight.", []want{{"3690.HK", signals.Sell, signals.Normal}}},
		{"a brokerages' tally with quotes", "Of the 35 brokerages covering Nike (NKE), 21 rate the stock \"buy\" or higher, 13 \"hold\" and one \"sell\".", nil},
		{"the next Nvidia", "Nvidia (NVDA) rose 30-fold. The lesson isn't to buy the next Nvidia.", nil},
		{"a fund disclosure", "The Motley Fool recommends Intel (INTC) and recommends the following options: short November 2025 $21 calls on Intel.", nil},
		{"investors will be watching", "Oracle (ORCL) reports tonight. Investors will be watching for commentary on cloud demand.", nil},
		{"a syndication line", "Is AMD Stock a Buy Now? was originally published by The Motley Fool, which recommends Intel (INTC).", nil},
		{"a past Zacks Rank", "Nvidia (NVDA) carried a Zacks Rank #1 for much of 2023 as estimates soared.", nil},
		{"what a rating means", "Why \"Hold\" often means \"Sell\" for Apple (AAPL) watchers.", nil},
		{"N of the M analysts", "Nvidia (NVDA) — 58 of the 65 analysts who cover Nvidia now rate it a Buy, according to LSEG data.", nil},
		{"a coordinated list stops at a name with its own call", "Buy Salesforce (CRM) below $270, stay away from UnitedHealth (UNH), Nike (NKE) to Hold.", []want{{"CRM", signals.Buy, signals.Normal}, {"NKE", signals.Hold, signals.Normal}, {"UNH", signals.Avoid, signals.Normal}}},
		{"a video link", "Berkshire Hathaway (BRK.B) trimmed Apple again.\nWATCH: Berkshire's Apple sales explained\n", nil},
		{"a London symbol is not a US ticker", "Rolls-Royce trades well above defence peer BAE Systems (LSE: BA.), although BAE has had a strong year. We rate BAE Systems a Buy.", []want{{"BA", signals.Buy, signals.Normal}}},
		{"a trim level", "The Long Range trim level of the Tesla (TSLA) Model Y is the one to get.", nil},
		{"a sale told as past", "Netflix (NFLX)? We sold it in the summer, so that's a closed chapter.", nil},
		{"a ratings-history row", "Deutsche Bank (DB)\nMay 2025 Deutsche Bank Downgrade Buy Hold\n", nil},
		{"the previous rating", "Hudson Reit Research's rating on Realty Income (O): Hold\nPrevious rating: Buy (Apr. 2025)\n", []want{{"O", signals.Hold, signals.Normal}}},
		{"not a sell, not a buy either", "Occidental (OXY) is not a sell. It's not a buy either.", []want{{"OXY", signals.Hold, signals.Normal}}},
		{"not a name to back up the truck on", "UnitedHealth (UNH) is not a name to back up the truck on.", []want{{"UNH", signals.Avoid, signals.Normal}}},
		{"a trim for a position cap", "Trimmed Comfort Systems USA (FIX) back under our position cap: sizing, not a view.", nil},
		{"a wash-sale lesson", "Selling Nike (NKE) in your brokerage account and buying it in your IRA the same day is a wash sale.", nil},
		{"rating tally", "Of the 47 analysts who cover Apple, 25 rate the shares buy or strong buy, 18 hold and four sell.", nil},
		{"unknown company", "Buy Frobozz Widgets Inc. before the launch.", []want{{"~Frobozz Widgets", signals.Buy, signals.Normal}}},
		// hard negatives
		{"reported speech", "My dad says buy Apple and forget about it.", nil},
		{"buy point", "Meta Platforms (META) is working on a base with a 740.91 buy point.", nil},
		{"whether", "Whether Tencent is a buy now depends on the listing.", nil},
		{"short interest", "Short interest in Tesla fell to 2.4%.", nil},
		{"fed on hold", "The Federal Reserve remains on hold.", nil},
		{"credit outlook", "Fitch affirmed General Motors at BBB with a positive outlook.", nil},
		{"past trade story", "Four years ago today I bought GME at $347.", nil},
		{"name inside a name", "Best Buy Co. (NYSE: BBY) lowered its forecast.", nil},
		{"product", "Apple Watch Series 11 review: the one to buy if you are upgrading.", nil},
		{"company acts", "Apple will hold its annual event on September 9.", nil},
		{"stock forecast", "Tesla shares could add another 10% if deliveries beat.", nil},
		{"idiom", "Hold on, there is more: Meta also launched a new model.", nil},
		{"sentence subject", "We still like Costco but would wait for a better price.", []want{{"COST", signals.Watch, signals.Normal}}},
		{"corporate action", "Meta agreed to buy a stake in Scale AI for $14 billion.", nil},
		{"company will buy", "Microsoft will buy back $60 billion of its shares.", nil},
		{"market narration", "Investors sold off chip stocks on Tuesday as Nvidia fell 4%.", nil},
		{"insider sale", "Nvidia CEO Jensen Huang sold 100,000 shares under a 10b5-1 plan.", nil},
		{"question", "Should you buy Nvidia before earnings?", nil},
		{"hypothetical", "If you had bought Apple in 2010, you would have made 30 times your money.", nil},
		{"disclaimer", "This is not a recommendation to buy or sell Tesla.", nil},
		{"bnpl", "Affirm and Klarna dominate buy now, pay later checkouts.", nil},
		{"product", "Apple fans lined up to buy the new iPhone.", nil},
		{"mention only", "Meta's move contrasts with Microsoft (MSFT) and Alphabet (GOOGL), which rely on partners.", nil},
		{"bare capitalised word", "Target the long end of the curve. Block out the noise.", nil},
		{"price target only", "Goldman set a $300 price target on Apple.", nil},
		{"investors should monitor", "Investors should monitor antitrust reactions.", nil},
		{"headline case", "Why Delta Variant Fears Are Overblown", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := extractText(e, "", tt.text)
			var got []want
			for _, r := range x.Recommendations {
				got = append(got, want{keyOf(r), r.Action, r.Strength})
			}
			slices.SortFunc(got, func(a, b want) int { return strings.Compare(a.key, b.key) })
			if !slices.Equal(got, tt.want) {
				t.Errorf("Extract(%q) = %v, want %v", tt.text, got, tt.want)
				for _, r := range x.Recommendations {
					t.Logf("  %+v", r)
				}
			}
		})
	}
}

func TestExtractDetails(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	tests := []struct {
		name, text string
		ticker     string
		check      func(r signals.Recommendation) string
	}{
		{"conditions until", "Scale AI: Hold for long-term upside if the deal closes, but avoid until regulatory clarity emerges.", "", func(r signals.Recommendation) string {
			if r.Action != signals.Avoid || r.Conditions != "until regulatory clarity emerges" || r.Tradable || r.Reason != symbols.PrivateReason {
				return fmt.Sprintf("got %s %q tradable=%v reason=%q", r.Action, r.Conditions, r.Tradable, r.Reason)
			}
			if len(r.Notes) == 0 || !strings.HasPrefix(r.Notes[0], "hold") {
				return fmt.Sprintf("notes %q, want the hold noted", r.Notes)
			}
			return ""
		}},
		{"conditions below", "Buy Costco (COST) below $850.", "COST", func(r signals.Recommendation) string {
			if r.Conditions != "below $850" {
				return fmt.Sprintf("conditions %q", r.Conditions)
			}
			return ""
		}},
		{"pending", "We would buy Boeing (BA) pending FAA clarity on the 737 cap.", "BA", func(r signals.Recommendation) string {
			if r.Conditions != "pending FAA clarity on the 737 cap" {
				return fmt.Sprintf("conditions %q", r.Conditions)
			}
			return ""
		}},
		{"horizon", "We rate Visa (NYSE: V) a Buy with a price target of $400 over the next 12 months.", "V", func(r signals.Recommendation) string {
			if r.Horizon != "over the next 12 months" || r.PriceTarget != 400 {
				return fmt.Sprintf("horizon %q pt %v", r.Horizon, r.PriceTarget)
			}
			return ""
		}},
		{"pt shorthand", "Reiterate Buy on AMD (AMD), PT $250.", "AMD", func(r signals.Recommendation) string {
			if r.PriceTarget != 250 {
				return fmt.Sprintf("pt %v", r.PriceTarget)
			}
			return ""
		}},
		{"analyst and firm", "Morgan Stanley analyst Joseph Moore upgraded Nvidia (NVDA) to Overweight, raising the price target to $250 from $190.", "NVDA", func(r signals.Recommendation) string {
			if r.Firm != "Morgan Stanley" || r.Analyst != "Joseph Moore" || r.PriceTarget != 250 {
				return fmt.Sprintf("firm %q analyst %q pt %v", r.Firm, r.Analyst, r.PriceTarget)
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := extractText(e, "", tt.text)
			if len(x.Recommendations) != 1 {
				t.Fatalf("Extract(%q) gave %d recommendations, want 1: %+v", tt.text, len(x.Recommendations), x.Recommendations)
			}
			r := x.Recommendations[0]
			if r.Ticker != tt.ticker {
				t.Errorf("ticker %q, want %q", r.Ticker, tt.ticker)
			}
			if msg := tt.check(r); msg != "" {
				t.Errorf("Extract(%q): %s", tt.text, msg)
			}
			if r.Confidence <= 0 || r.Confidence > 1 {
				t.Errorf("confidence %v out of 0..1", r.Confidence)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{
		Aliases: map[string]string{"Zuck Holdings": "META", "Acme Rockets": "ACMR"},
		Proxies: map[string]string{"SpaceX": "SATS"},
	})
	tests := []struct {
		name, text string
		ticker     string
		tradable   bool
		proxy      bool
	}{
		{"exchange prefix", "Buy Exxon Mobil (NYSE:XOM).", "XOM", true, false},
		{"nasdaq colon", "Buy Apple (Nasdaq: AAPL).", "AAPL", true, false},
		{"parenthesised", "Buy Meta Platforms (META).", "META", true, false},
		{"cashtag", "Buy $META.", "META", true, false},
		{"explicit beats directory", "Buy Alphabet (GOOG) now.", "GOOG", true, false},
		{"share class by name", "Buy Alphabet Class C shares.", "GOOG", true, false},
		{"berkshire class b", "Buy Berkshire Hathaway (BRK.B).", "BRK-B", true, false},
		{"rename", "Buy Facebook (FB) before earnings.", "META", true, false},
		{"unknown explicit ticker", "Buy NetEase (NTES) on weakness.", "NTES", true, false},
		{"home listing", "Buy Toyota (7203.T) on weakness.", "7203.T", true, false},
		{"hong kong", "Buy Tencent (HKG: 0700).", "0700.HK", true, false},
		{"alias", "Buy Zuck Holdings today.", "META", true, false},
		{"alias unknown to directory", "Buy Acme Rockets.", "ACMR", true, false},
		{"proxy", "Buy SpaceX if you can get it.", "SATS", false, true},
		{"private", "Avoid Anthropic.", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := extractText(e, "", tt.text)
			if len(x.Recommendations) != 1 {
				t.Fatalf("Extract(%q) gave %+v, want one recommendation", tt.text, x.Recommendations)
			}
			r := x.Recommendations[0]
			if r.Ticker != tt.ticker || r.Tradable != tt.tradable || r.Proxy != tt.proxy {
				t.Errorf("Extract(%q) = ticker %q tradable %v proxy %v, want %q %v %v", tt.text, r.Ticker, r.Tradable, r.Proxy, tt.ticker, tt.tradable, tt.proxy)
			}
		})
	}
}

func TestMergeSectionOutranksRemark(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	text := `Tesla had a rough quarter. Some readers want to sell Tesla here; we understand.

Our rating

Tesla (TSLA): Buy. The robotaxi launch is the catalyst.`
	x := extractText(e, "", text)
	if len(x.Recommendations) != 1 {
		t.Fatalf("got %+v, want one recommendation", x.Recommendations)
	}
	r := x.Recommendations[0]
	if r.Action != signals.Buy || r.Ticker != "TSLA" {
		t.Errorf("got %s %s, want buy TSLA (the section call wins)", r.Action, r.Ticker)
	}
}

func TestListOfPicks(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	text := `# 3 Dividend Stocks to Buy Now

## 1. Johnson & Johnson (NYSE: JNJ)

The stock yields 3.4%.

## 2. Realty Income (NYSE: O)

Occupancy is 98.7%.

## 3. PepsiCo (NASDAQ: PEP)

The dividend has grown for 52 straight years.`
	x := extractText(e, "3 Dividend Stocks to Buy Now", text)
	var got []string
	for _, r := range x.Recommendations {
		got = append(got, r.Ticker+" "+string(r.Action))
	}
	slices.Sort(got)
	want := []string{"JNJ buy", "O buy", "PEP buy"}
	if !slices.Equal(got, want) {
		t.Errorf("list of picks = %v, want %v", got, want)
	}
	table := "Company | Ticker | Rating\nMicrosoft | MSFT | Buy\nNike | NKE | Sell\nVisa | V | Hold"
	x = extractText(e, "", table)
	got = got[:0]
	for _, r := range x.Recommendations {
		got = append(got, r.Ticker+" "+string(r.Action))
	}
	slices.Sort(got)
	want = []string{"MSFT buy", "NKE sell", "V hold"}
	if !slices.Equal(got, want) {
		t.Errorf("table of picks = %v, want %v", got, want)
	}
}

func TestSignalsAttribution(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	pub := time.Date(2026, 1, 13, 13, 12, 0, 0, time.UTC)
	a := article.Article{File: "a.html", Source: "Tickerwire", Author: "Rita Gomez", Published: pub, PublishedFrom: "header",
		Text: "Morgan Stanley analyst Joseph Moore upgraded Nvidia (NVDA) to Overweight.\n\nWe think you should buy Apple (AAPL) too."}
	x := e.Extract(a)
	sigs := x.Signals()
	if len(sigs) != 2 {
		t.Fatalf("got %d signals, want 2: %+v", len(sigs), sigs)
	}
	for _, s := range sigs {
		if !s.Published.Equal(pub) || s.Article != "a.html" || s.PublishedFrom != "header" || s.Evidence == "" {
			t.Errorf("signal %s lacks the article's metadata: %+v", s.Ticker, s)
		}
		switch s.Ticker {
		case "NVDA":
			if s.Source != "Morgan Stanley" || s.Author != "Joseph Moore" {
				t.Errorf("NVDA source/author = %q/%q, want Morgan Stanley/Joseph Moore", s.Source, s.Author)
			}
		case "AAPL":
			if s.Source != "Tickerwire" || s.Author != "Rita Gomez" {
				t.Errorf("AAPL source/author = %q/%q, want the article's", s.Source, s.Author)
			}
		}
	}
}

// sharedSeeds finds ../shared/seeds from the package directory.
func sharedSeeds(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs(".")
	for range 5 {
		p := filepath.Join(dir, "..", "shared", "seeds")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		dir = filepath.Dir(dir)
	}
	t.Skip("../shared/seeds not found")
	return ""
}

func TestSeeds(t *testing.T) {
	dir := sharedSeeds(t)
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	read := func(name string) signals.Extraction {
		arts, err := article.ReadFile(filepath.Join(dir, name), article.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != 1 {
			t.Fatalf("%s: %d articles", name, len(arts))
		}
		return e.Extract(arts[0])
	}
	t.Run("004", func(t *testing.T) {
		x := read("004_fea632da15b76e74.txt")
		if len(x.Recommendations) != 1 {
			t.Fatalf("got %+v, want one buy of META", x.Recommendations)
		}
		r := x.Recommendations[0]
		if r.Ticker != "META" || r.Action != signals.Buy || !r.Tradable {
			t.Errorf("got %s %s, want buy META", r.Action, r.Ticker)
		}
		if !strings.HasPrefix(r.Evidence, "Buy:") {
			t.Errorf("evidence %q, want the Recommendation section's Buy item", r.Evidence)
		}
	})
	t.Run("000", func(t *testing.T) {
		x := read("000_690a9cc8ba11dbf3.txt")
		if len(x.Recommendations) != 2 {
			t.Fatalf("got %+v, want META and Scale AI", x.Recommendations)
		}
		for _, r := range x.Recommendations {
			switch r.Entity {
			case "Meta Platforms":
				if r.Ticker != "META" || r.Action != signals.Buy || r.Strength != signals.Weak {
					t.Errorf("Meta: got %s %s %s, want META buy weak", r.Ticker, r.Action, r.Strength)
				}
			case "Scale AI":
				if r.Tradable || r.Reason != symbols.PrivateReason || r.Action != signals.Avoid || r.Conditions != "until regulatory clarity emerges" {
					t.Errorf("Scale AI: got %+v, want avoid until regulatory clarity emerges, not tradable", r)
				}
			default:
				t.Errorf("unexpected recommendation %+v", r)
			}
		}
	})
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Consider a small position", "Zacks Rank #", "Zacks Rank #1 (", "we would not", "but", "$", "(NASDAQ: ", "Buy $ME"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, st, ok := signals.Normalize(s)
		if ok {
			if _, err := signals.ParseAction(string(a)); err != nil {
				t.Errorf("Normalize(%q) gave action %q", s, a)
			}
			if _, err := signals.ParseStrength(string(st)); err != nil {
				t.Errorf("Normalize(%q) gave strength %q", s, st)
			}
		}
	})
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Recommendation:\n- Buy: Meta (NASDAQ: META).\n- Scale AI: avoid until clarity.",
		"Company | Ticker | Rating\nMicrosoft | MSFT | Buy",
		"# 3 Stocks to Buy\n## 1. Apple (AAPL)\n",
		"$", "(", "(NYSE:", "Zacks Rank #", "Buy: ", "\xff\xfe", "Buy them.", ":::",
	} {
		f.Add(s)
	}
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	f.Fuzz(func(t *testing.T, s string) {
		x := e.Extract(article.Article{Text: s, Title: s})
		for _, r := range x.Recommendations {
			if r.Confidence < 0 || r.Confidence > 1 {
				t.Errorf("confidence %v", r.Confidence)
			}
			if _, err := signals.ParseAction(string(r.Action)); err != nil {
				t.Errorf("action %q", r.Action)
			}
		}
		_ = x.Signals()
	})
}

func TestExtractConcurrent(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	texts := []string{
		"Recommendation:\n- Buy: Meta Platforms (NASDAQ: META).\n- Scale AI: avoid until clarity.",
		"Company | Ticker | Rating\nMicrosoft | MSFT | Buy\nNike | NKE | Sell",
		"Morgan Stanley upgraded Nvidia (NVDA) to Overweight.",
	}
	want := make([]int, len(texts))
	for i, s := range texts {
		want[i] = len(extractText(e, "", s).Recommendations)
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for k := 0; k < 50; k++ {
				i := (g + k) % len(texts)
				if got := len(extractText(e, "", texts[i]).Recommendations); got != want[i] {
					t.Errorf("concurrent Extract(%d) gave %d recommendations, want %d", i, got, want[i])
					return
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

// TestExtractResultsOutliveState checks that an extraction's strings stay
// the same after the extractor has read other articles: the extractor
// reuses its lower-case buffer between articles, and a result that sliced
// it would change under the caller.
func TestExtractResultsOutliveState(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	texts := []string{
		"Recommendation:\n- Buy: Meta Platforms (NASDAQ: META) below $700 over the next 12 months.\n- Scale AI: avoid until regulatory clarity.",
		"Morgan Stanley's Joseph Moore upgraded Nvidia (NVDA) to Overweight with a $200 price target.",
		"Company | Ticker | Rating\nMicrosoft | MSFT | Buy\nNike | NKE | Sell",
		"TESCO (LON: TSCO) IS A BUY. WE WOULD TRIM BARCLAYS (LON: BARC).",
	}
	var kept []signals.Extraction
	var want []string
	for _, s := range texts {
		x := extractText(e, "", s)
		kept = append(kept, x)
		want = append(want, fmt.Sprintf("%+v", x.Recommendations))
	}
	// Overwrite the buffer many times with text of other lengths and cases.
	for k := 0; k < 20; k++ {
		extractText(e, "", strings.Repeat("XYZZY PLUGH Buy Apple (AAPL). ", k+1))
	}
	for i, x := range kept {
		if len(x.Recommendations) == 0 {
			t.Fatalf("text %d: no recommendations; the test needs some", i)
		}
		if got := fmt.Sprintf("%+v", x.Recommendations); got != want[i] {
			t.Errorf("text %d changed after later extractions:\n got %s\nwant %s", i, got, want[i])
		}
	}
}

// TestLessDateOnly checks that a date-only signal orders as published at
// 16:00 New York time on its date (after the close), not at 00:00 UTC.
func TestLessDateOnly(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	dateOnly := signals.Signal{Published: time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC), DateOnly: true, Ticker: "MMM"}
	at := func(h, m int, ticker string) signals.Signal {
		return signals.Signal{Published: time.Date(2025, 6, 2, h, m, 0, 0, ny).UTC(), Ticker: ticker}
	}
	tests := []struct {
		name string
		a, b signals.Signal
		want bool
	}{
		{"before the open comes first", at(8, 0, "ZZZ"), dateOnly, true},
		{"in session comes first", at(15, 59, "ZZZ"), dateOnly, true},
		{"date-only before an evening call", dateOnly, at(20, 0, "AAA"), true},
		{"at 16:00 the ticker decides", at(16, 0, "AAA"), dateOnly, true},
		{"at 16:00 the ticker decides, other way", dateOnly, at(16, 0, "ZZZ"), true},
		{"not before an in-session call", dateOnly, at(11, 0, "AAA"), false},
	}
	for _, tt := range tests {
		if got := signals.Less(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Less = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRetrospective checks that a look back at past calls gives no calls,
// while a fresh section after it does.
// TestLocalListing checks that a headline's name takes the listing the
// article gives for it below.
func TestLocalListing(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	x := extractText(e, "Toyota: raising to Overweight as the yen does the heavy lifting",
		"We raise Toyota Motor (TYO: 7203) to Overweight from Neutral and lift our target price to ¥3,300.")
	var got []string
	for _, r := range x.Recommendations {
		got = append(got, r.Ticker+" "+string(r.Action))
	}
	if want := []string{"7203.T buy"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestShareClassListing checks that an explicit share class is the one the
// article's bare company name means.
func TestShareClassListing(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	x := extractText(e, "", "Alphabet. We own the class C shares (Nasdaq: GOOG), and they remain a core holding. Hold Alphabet.")
	var got []string
	for _, r := range x.Recommendations {
		got = append(got, r.Ticker+" "+string(r.Action))
	}
	if want := []string{"GOOG hold"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestPageFurnitureAndComments checks that lines of the page around the
// article, and other users' comments, give no calls.
func TestPageFurnitureAndComments(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	tests := []struct {
		name, text string
		want       []string
	}{
		{"related headline with its source and age", "We rate Costco (COST) a Buy.\n\n3 AI stocks to buy on the dip, according to analysts (Yahoo Finance, 3 hours ago)\nNvidia (NVDA) upgraded to Buy ahead of earnings (Oct 17)\n", []string{"COST buy"}},
		{"related headline ending in a date", "We rate Costco (COST) a Buy.\n\nPfizer (NYSE:PFE) Upgraded to \"Hold\" at Wall Street Zen Jul 16th, 2025\n", []string{"COST buy"}},
		{"site menu", "Home\nStocks to Buy Stocks to Sell Market News Crypto Experts Newsletters\n\nBeyond Meat (BYND) is a sell.\n", []string{"BYND sell"}},
		{"widgets", "Netflix (NFLX)\nNFLX -1.22% Add to/Remove from Watchlist\nBuy now\n\nNetflix missed on revenue.\n", nil},
		{"a rating scale table", "| Buy | Hold | Sell | Goldman Sachs, BofA |\n| Overweight | Equal-weight / Neutral | Underweight | Morgan Stanley |\n", nil},
		{"a picks table with a comment cell", "| Microsoft | MSFT | Buy | Azure capacity sold out through 2026 |\n", []string{"MSFT buy"}},
		{"a shop button", "We rate Costco (COST) a Buy.\n\n$999 at Best Buy (with activation) Buy now\n", []string{"COST buy"}},
		{"a site menu as the first line", "Stocks to Buy Stocks to Sell Market News Crypto Experts Newsletters\n\nBeyond Meat (BYND) is a sell.\n", []string{"BYND sell"}},
		{"an average rating", "The stock currently has an average rating of \"Moderate Buy\" and a consensus target price of $211.\n", nil},
		{"other users' comments", "r/stocks\nPosted by u/chiplet_charlie · 3 days ago\n\nI'm loading up on AMD (AMD).\n\nu/valuetrap_vinny · 2 days ago · 61 points\nSell AMD, buy QCOM.\n\nu/chiplet_charlie (OP) · 2 days ago\nI'd stay away from Intel (INTC).\n", []string{"AMD buy", "INTC avoid"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range extractText(e, "", tt.text).Recommendations {
			got = append(got, r.Ticker+" "+string(r.Action))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRetrospective(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"scorecard title", "Scorecard: How Our 2024 Calls Did",
			"THE CALLS\n\nBuy Broadcom (AVGO) — up 107%. Our best call.\n\nSell Intel (INTC) — down 60%. Grade: A.\n", nil},
		{"keeping score", "Keeping score: how our 2024 calls worked out",
			"## The middle\n\nNike (NKE): Our sell call in June worked modestly.\n\nWe recommended a starter position in Palantir in February.\n", nil},
		{"a fresh section after the record", "2024 in review",
			"## Our calls\n\nBuy Broadcom (AVGO) — up 107%.\n\n## New ideas for 2025\n\nWe are buying Costco (COST) today.\n", []string{"COST buy"}},
		{"a record heading mid-article", "",
			"We rate Apple (AAPL) a Buy.\n\n## Track record\n\nWe said sell Intel (INTC) in March.\n", []string{"AAPL buy"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range extractText(e, tt.title, tt.text).Recommendations {
			got = append(got, r.Ticker+" "+string(r.Action))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestForeignListingName checks that a home listing whose symbol is also a
// US ticker keeps the name the article gives, not the US company's.
func TestForeignListingName(t *testing.T) {
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	x := extractText(e, "", "We rate BAE Systems (LSE: BA.) a Buy.")
	if len(x.Recommendations) != 1 || x.Recommendations[0].Entity != "BAE Systems" || x.Recommendations[0].Ticker != "BA" {
		t.Errorf("got %+v, want one call on BAE Systems (BA), not Boeing", x.Recommendations)
	}
}
