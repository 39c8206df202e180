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
//     ago I bought").
//
// # Entities and merging
//
// The object of an advice verb follows it ("Buy Nvidia, Apple and
// Microsoft" is three calls); a rating's stock precedes it ("upgraded
// Nvidia (NVDA) to Overweight"). A call with no entity of its own goes to
// the item's subject ("Scale AI: Hold …"), the table row's, the section
// heading's, or — for "it", "the stock", "them" — the entity just named
// (a private company has no shares, so "hold your shares" skips it).
// Lists ("3 Stocks to Buy Now", a "Sold:" heading, a "Watchlist") give
// their action to every listed entity without a call of its own.
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
