package signals

import (
	"fmt"
	"strings"
	"time"

	"github.com/tipster/tipster/signals/article"
)

// Action is a recommendation normalised to one of five verbs.
type Action string

// The actions, as PRODUCT.md defines them.
const (
	Buy   Action = "buy"
	Sell  Action = "sell"
	Hold  Action = "hold"
	Avoid Action = "avoid"
	Watch Action = "watch"
)

// ParseAction parses one of the five action names, case-insensitively.
func ParseAction(s string) (Action, error) {
	switch a := Action(strings.ToLower(strings.TrimSpace(s))); a {
	case Buy, Sell, Hold, Avoid, Watch:
		return a, nil
	}
	return "", fmt.Errorf("unknown action %q (want buy, sell, hold, avoid or watch)", s)
}

// Direction is +1 for buy, -1 for sell and avoid, 0 for hold and watch: the
// sign with which a call's abnormal return is scored.
func (a Action) Direction() int {
	switch a {
	case Buy:
		return 1
	case Sell, Avoid:
		return -1
	}
	return 0
}

// Strength grades how strongly an action is recommended.
type Strength string

// The strengths.
const (
	Strong Strength = "strong"
	Normal Strength = "normal"
	Weak   Strength = "weak"
)

// ParseStrength parses a strength name; the empty string is Normal.
func ParseStrength(s string) (Strength, error) {
	switch st := Strength(strings.ToLower(strings.TrimSpace(s))); st {
	case "":
		return Normal, nil
	case Strong, Normal, Weak:
		return st, nil
	}
	return "", fmt.Errorf("unknown strength %q (want strong, normal or weak)", s)
}

// Signal is one dated, resolved recommendation: the unit the backtest trades
// and the event study scores.
//
// Published is an instant in UTC. When only the date is known, DateOnly is
// true and Published is that date at 00:00 UTC; the backtest then treats it
// as published after that day's close (PRODUCT.md, "Timing").
type Signal struct {
	Published time.Time
	DateOnly  bool

	Ticker   string // empty when not tradable
	Entity   string // the name as the article gives it
	Action   Action
	Strength Strength

	Conditions  string
	Horizon     string
	PriceTarget float64 // 0 when none stated

	Source string // newsletter, site or analyst firm
	Author string

	Tradable bool
	Reason   string // why not tradable ("not tradable: private company")
	Proxy    bool   // Ticker is a configured proxy for an untradable entity

	Article  string // file the signal came from, empty for CSV input
	Evidence string // the sentence that carries the advice
	// PublishedFrom says where the published time was found
	// (front matter, header, byline, body, page furniture, file name, config, csv).
	PublishedFrom string
	Confidence    float64 // 0..1
}

// Less orders signals by [Signal.OrderTime], then ticker: the order in
// which the backtest considers entries on the same day.
func Less(a, b Signal) bool { return Compare(&a, &b) < 0 }

// Compare is [Less] as a three-way comparison, for slices.SortFunc.
func Compare(a, b *Signal) int {
	if c := a.OrderTime().Compare(b.OrderTime()); c != 0 {
		return c
	}
	return strings.Compare(a.Ticker, b.Ticker)
}

// OrderTime is the instant a signal counts as published when signals are
// ordered: Published, or for a date-only signal 16:00 New York time on its
// date. A date-only signal is treated as published after that day's close
// (PRODUCT.md, "Timing"), so it comes after the signals published during
// that day's session, not before them (its Published, 00:00 UTC, is the
// evening before in New York).
func (s Signal) OrderTime() time.Time {
	if !s.DateOnly {
		return s.Published
	}
	y, m, d := s.Published.UTC().Date()
	return time.Date(y, m, d, 16, 0, 0, 0, article.NewYork)
}
