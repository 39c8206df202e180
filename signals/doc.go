// Package signals turns articles into dated recommendations: it reads the
// text, finds the advice, normalises it to an [Action] and [Strength],
// resolves the entity to a ticker, and returns [Signal] values.
//
// # Extraction
//
// [Extractor.Extract] reads an article line by line, once: each line is
// tokenised, the entities it names are found (explicit tickers first —
// "(NASDAQ: META)", "(META)", "$META", "NYSE:XOM", "(HKG: 0700)" — then
// config aliases, names the article tied to a ticker earlier, and the
// [symbols.Directory]), and each sentence holding an advice word is read
// against a lexicon of phrases ([Normalize] shows the mapping). A call counts
// only in the context it needs: analyst rating words ("Buy", "Neutral") after
// "to", "rates", "maintains", "our", "a … rating" or in a table cell; advice
// verbs as imperatives or after a modal ("you should", "we'd", "it's time
// to"); self-contained phrases ("consider a small position", "steer clear
// of") anywhere except in narration ("investors take profits").
//
// Not advice: questions and their disguises ("whether X is a buy", "asks if
// he should buy"), hypotheticals ("if you had bought", "would have"),
// disclaimers, corporate actions ("agreed to buy a stake", "buy back"),
// insider trades, reported speech ("my dad says buy"), "buy now, pay
// later", buy points and buy zones are not "buy" unless "in a buy zone",
// products ("Apple Watch", "the iPhone 17 Pro"). A forum post's "not
// financial advice" does not cancel the advice in it; the disclaimer
// sentence itself is skipped.
//
// Decisions where the phrasing is ambiguous:
//
//   - "we would not buy it here", "not a buy" → avoid, weak; "don't buy" →
//     avoid; "don't add", "would not add above 90p" → hold (keep, don't add);
//     "don't sell", "not selling" → hold.
//   - "wait for a pullback (before buying)" → watch; the buy it mentions is its
//     condition, not a call.
//   - "take profits" closes the position → sell; "take some profits", "trim",
//     "sell half" → sell, weak.
//   - "no longer recommend" → sell.
//   - "hold for the long term" → hold with horizon "long term".
//   - "top pick", "conviction buy", "load up", "back up the truck", a
//     conviction list → buy, strong; "consider a small position", "starter
//     position", "nibble" → buy, weak.
//   - Zacks Rank #1…#5 → strong buy, buy, hold, sell, strong sell.
//   - The writer's own trades count in posts ("Added more at 142", "I'm
//     loading up", "sold it in May") unless dated as a story ("four years
//     ago I bought"), disclosed as personal ("For transparency: I sold my
//     personal holding", "not suggesting anything"), or — for trims — explained
//     by a risk or position limit or a rebalance (risk management, not a view).
//   - "remains a core holding", "comfortable holding the rest", "continue to
//     own", "we are not sellers of X" → hold; "moving to the sidelines on X"
//     → hold (sell-side usage: to neutral, not a sell).
//   - "we'd be buyers on weakness", "add on dips", "I'd be a buyer" → buy
//     (the condition is kept); "we'd be sellers of X into strength" → sell;
//     "taking some off the table" → sell, weak; "wouldn't chase it" →
//     avoid, weak.
//   - "our favourite name/idea", like "top pick", → buy, strong — but not
//     when dated ("last year's best idea was Netflix"). A strong word in the
//     decisive call's own sentence for the same action makes it strong.
//   - "Most preferred" / "Least preferred" → buy / sell; a predicate call
//     ("NextEra is most preferred") is about the subject before it.
//   - "is actionable now" → buy; "watching for a break above 30", "wait for
//     a new base before buying X" → watch X.
//
// Also not advice: a question inside closing quotes (a mailbag headline:
// the answer in the body counts), a rank scale explained ("Zacks Rank #1
// (Strong Buy), 2 (Buy) or 3 (Hold) increases the odds"), verbs whose
// object is no company ("sell what's worked, buy what's boring"), an event
// to keep an eye on ("the Pro segment commentary"), shopping advice ("buy
// it if you want the smartest camera"), a possessive object ("we sold
// Walgreens' last dividend"), forum quips ending in "lol" or "/s".
//
// Records, tallies and lessons are not advice either:
//
//   - A look back at past calls: a title or heading with "scorecard",
//     "report card", "track record", "keeping score", "in review", or calls
//     / picks with "did", "fared", "worked" ("How our 2024 calls did")
//     makes its section, or with a title the whole article, a record; a
//     heading with fresh calls ("New ideas for 2025") ends it. An old call
//     retold ("two years ago I argued that readers should buy it": a past
//     verb of saying in a sentence dated in the past) is not a call.
//   - Rating tallies: two counts tied to rating words ("25 rate the shares
//     buy, 18 hold and four sell"), a tally row ("Sell: 1"), a consensus
//     rating ("a consensus rating of Buy"), a legend ("Buy = expected total
//     return above 15%").
//   - The writer's own trade disowned within two sentences ("This is not a
//     recommendation", "I'm not telling anyone else to buy it", "not so you
//     copy them"), a dated trade-log table row, "the author may hold
//     positions".
//   - Counterfactuals ("had bought … would be worth"), order-type lessons
//     ("your broker would sell"), and a generic object ("don't buy a stock
//     because it's in the news").
//
// Nor is the page around the article: related-article headlines stamped
// with a source, an age or a date, site menus, widgets ("Add to
// Watchlist", "Buy now", "Wall Street Rating: Buy", a ratings history),
// video links ("WATCH: …"), syndication lines, rating-scale tables, fund
// disclosures; nor other users' comments on a forum page (the poster's
// own, marked "(OP)", count). Also not advice: allocations ("overweight
// equities"), reported filings ("disclosed a new position"), others'
// favourites ("the market's favorite stock"), past ratings ("carried a
// Zacks Rank #1 for much of 2023", "Previous rating: Buy"), what a rating
// means, options ("sell puts"), a company issuing stock, "the next Nvidia".
//
// Further readings: "initiate X at Neutral" is the rating; "no longer
// recommend buying" → avoid, weak; "can't recommend it" → avoid, but "can't
// recommend the stock here" (at this price) → avoid, weak; "nor is it one
// to add" is negated; "on the fence about X" → hold; "Sell it all and buy
// VTI" sells the company referred to and buys VTI; "Sell Ford, buy GM" is
// two calls; "Steer clear: the Apple modem loss is still ahead of it" is
// about the company just named, not Apple; "taking profits and closing the
// position" is a full exit (sell, normal).
//
// # Entities and merging
//
// The object of an advice verb follows it ("Buy Nvidia, Apple and
// Microsoft" is three calls); a rating's stock precedes it ("upgraded
// Nvidia (NVDA) to Overweight"). A call with no entity of its own goes to
// the item's subject ("Scale AI: Hold …"), the table row's, the section
// heading's, or — for "it", "the stock", "them" — the entity just named
// (a private company has no shares, so "hold your shares" skips it).
// Lists ("3 Stocks to Buy Now", "3 Stocks I'd Buy", a "Sold:" heading, a
// "Watchlist") give their action to every listed entity without a call of
// its own; so does a sentence that introduces a list or table and names no
// company ("These are the ten stocks we would buy for 2025:", "Here are
// four names I'd own") — it must open with "these", "here", "below", "the
// following" or "our", count its members, or end with a colon. A line
// saying names "came close to making the list" adds none. Interviews give
// advice as answers: a question or "my picks" line that asks for names to
// buy, sell or avoid gives its action to the names given in answer
// ("Stellantis.", "First, X.", "My second is X", "I'd add X to that list")
// until a new question or heading.
//
// "It" is the sentence's subject, not a name in an "if" clause; an
// entity-less call right after a paragraph named another tradable company
// goes to that company rather than the headline's. A rating followed by
// "on X" rates X ("reiterated Buy on Eli Lilly") but not past a clause
// break ("…, while staying on the fence about Snap"). A name resolved
// through the directory takes the listing the article gave it elsewhere
// ("Toyota" in a headline, "Toyota Motor (TYO: 7203)" below → 7203.T), as
// does a table row's name with the ticker in the next cell; an explicit
// share class ("(Nasdaq: GOOG)") decides the class the company's name
// means; a non-US listing ("BAE Systems (LSE: BA.)") keeps the article's
// name, not the US company with the same symbol. A dash clause with its
// own subject ("Nike — Lulu stays a Buy") keeps its rating from the name
// before the dash. A common-word name coordinated with another company
// ("Upstart and Affirm") is the company.
//
// One recommendation per entity: the decisive call wins by, in order, the
// rank of where it was said (the verdict right after a recommendation label
// > a recommendation section — "Recommendation:", "Verdict", "Bottom line",
// "Our rating" — > labels and titles > body > generic list headings), the
// clause after "but" in the same sentence, unconditional over hedged ("if",
// "would be"), directional (buy, sell, avoid) over hold over watch, then
// confidence. The other calls are kept as Notes.
//
// An analyst rating the article reports is attributed to the firm and the
// analyst ([Extraction.Signals] sets Source and Author from them).
//
// # Confidence
//
// Confidence is 0.65–0.9 by the kind of call (first-person trade lowest,
// explicit analyst rating highest), +0.1 in a recommendation section, −0.1
// to −0.2 when the entity came from a subject or an anaphor rather than
// the sentence, −0.1 for a common-word name without a ticker; clamped to
// 0.05..0.99.
package signals
