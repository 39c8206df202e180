package backtest

import (
	"time"

	"github.com/tipster/tipster/signals"
)

// Execution says at which price a signal's entry (and exit) fills.
type Execution string

// Execution modes.
const (
	// NextOpen fills at the open of the first session that starts after
	// publication (the default).
	NextOpen Execution = "next_open"
	// NextClose fills at the close of that same session.
	NextClose Execution = "next_close"
	// Hulbert fills before-open publications at that day's (high+low)/2,
	// in-session ones at that day's close, after-close ones at the next
	// session's (high+low)/2.
	Hulbert Execution = "hulbert"
)

// Sizing says how much equity a new position gets.
type Sizing string

// Sizing modes.
const (
	SizeEqual    Sizing = "equal"    // E / max_positions
	SizeStrength Sizing = "strength" // E / max_positions × weight[strength]
)

// PriceMode selects adjusted (total return) or raw prices.
type PriceMode string

// Price modes.
const (
	Adjusted PriceMode = "adjusted"
	Raw      PriceMode = "raw"
)

// AbnormalModel selects how the event study computes abnormal returns.
type AbnormalModel string

// Abnormal return models.
const (
	MarketAdjusted AbnormalModel = "market" // r - r_benchmark
	MarketModel    AbnormalModel = "market_model"
)

// Options configures one backtest. The zero value is not valid; start from
// [DefaultOptions].
type Options struct {
	Name      string
	Benchmark string
	Start     time.Time // first session date considered (zero: first bar)
	End       time.Time // last session date considered (zero: last bar)
	Capital   float64

	Execution   Execution
	DelayDays   int
	HoldingDays int

	Sizing          Sizing
	StrengthWeights map[signals.Strength]float64
	MaxPositions    int

	CommissionBps float64
	SlippageBps   float64
	CashRate      float64 // annual, fraction
	RiskFree      float64 // annual, fraction, for Sharpe/Sortino/alpha

	AllowShort bool
	HoldCloses bool

	// SameSourceExits: a sell or avoid (or a buy covering a short) closes
	// a position only when it comes from the source that opened it: "a
	// position closes after holding_days trading days unless a later
	// signal from the same source closes it first" (PRODUCT.md, "Following
	// the advice", the defaults). The default is true; false closes on
	// such a signal from any source. A hold under HoldCloses always needs
	// the same source.
	SameSourceExits bool

	// CloseDelisted sells a position at the close of its ticker's last bar
	// when the data ends before the backtest does (a delisting). Off by
	// default: PRODUCT.md values positions without a bar at their last
	// close and exits them only at a next bar.
	CloseDelisted bool

	StopLoss    float64 // fraction below entry, 0 = off, checked on closes
	TakeProfit  float64 // fraction above entry, 0 = off, checked on closes
	WholeShares bool
	Prices      PriceMode

	Horizons   []int
	Abnormal   AbnormalModel
	ScoreHolds bool // score hold and watch in the event study aggregates
	Bootstrap  int  // bootstrap resamples for intervals
	Seed       uint64
}

// DefaultOptions returns the defaults PRODUCT.md describes.
func DefaultOptions() Options {
	return Options{
		Name:        "backtest",
		Benchmark:   "SPY",
		Capital:     100000,
		Execution:   NextOpen,
		HoldingDays: 63,
		Sizing:      SizeEqual,
		StrengthWeights: map[signals.Strength]float64{
			signals.Strong: 1.5, signals.Normal: 1, signals.Weak: 0.5,
		},
		MaxPositions:    10,
		SameSourceExits: true,
		Prices:          Adjusted,
		Horizons:        []int{1, 5, 21, 63, 126},
		Abnormal:        MarketAdjusted,
		Bootstrap:       2000,
		Seed:            1,
	}
}

// Result is everything a backtest produces; reports read only this.
type Result struct {
	Options Options

	// Daily series, one entry per trading day from the first to the last.
	Dates             []time.Time
	Equity            []float64 // strategy equity at the close
	Benchmark         []float64 // benchmark equity at the close
	Drawdown          []float64 // equity / running max - 1, ≤ 0
	BenchmarkDrawdown []float64
	Exposure          []float64 // gross position value / equity at the close

	Trades  []Trade
	Skipped []Skip
	Signals []signals.Signal // the signals considered, sorted by [signals.Less]

	Metrics          Metrics
	BenchmarkMetrics Metrics

	Events []Event
	Study  Study

	Warnings []string
}

// Side of a position.
type Side string

// Sides.
const (
	Long  Side = "long"
	Short Side = "short"
)

// Trade is one position from entry to exit (or to the end, when Open).
type Trade struct {
	Ticker     string
	Side       Side
	Signal     signals.Signal
	EntryDate  time.Time
	EntryPrice float64 // fill price including slippage
	Shares     float64
	ExitDate   time.Time // zero when still open
	ExitPrice  float64   // last close when still open
	ExitReason string    // one of the Exit* constants: "holding period", "sell signal", "stop loss", "delisted", "open", …
	Open       bool
	PnL        float64 // after commission
	Return     float64 // PnL / cost of entry
}

// Skip is a signal that did not trade, with the reason.
type Skip struct {
	Signal signals.Signal
	Reason string
}

// Metrics are the headline numbers of an equity curve. Fractions, not
// percent; NaN where undefined (e.g. Sharpe of fewer than 2 days), ±Inf
// where empyrical gives it (Sortino without a losing day, profit factor
// without a loss). See [ComputeMetrics].
type Metrics struct {
	TotalReturn         float64
	CAGR                float64
	AnnualVolatility    float64
	Sharpe              float64
	Sortino             float64
	MaxDrawdown         float64 // negative fraction
	MaxDrawdownPeak     time.Time
	MaxDrawdownTrough   time.Time
	MaxDrawdownRecovery time.Time // zero when not recovered
	Calmar              float64
	Alpha               float64 // annualised, compounded (empyrical)
	Beta                float64
	InformationRatio    float64
	Exposure            float64 // mean daily gross exposure
	Turnover            float64 // annualised
	Trades              int
	HitRate             float64
	AvgTrade            float64
	BestTrade           float64
	WorstTrade          float64
	ProfitFactor        float64
}

// Event is one signal scored over each horizon.
type Event struct {
	Signal     signals.Signal
	EntryDate  time.Time
	EntryPrice float64
	Horizons   []HorizonReturn

	// BenchmarkPrice is the benchmark's price at entry, of the same kind
	// as EntryPrice (see [EventStudy]); NaN when there is none.
	BenchmarkPrice float64
	// Model is the abnormal-return model used for this event: MarketModel,
	// or MarketAdjusted (the default, or the fallback when the estimation
	// window is too short).
	Model AbnormalModel
	// Alpha (daily) and Beta of the market model; 0 and 1 under
	// MarketAdjusted.
	Alpha, Beta float64
}

// HorizonReturn is a signal's return over one horizon of trading days.
type HorizonReturn struct {
	Days            int
	Return          float64 // stock, entry price to the close Days sessions later
	BenchmarkReturn float64 // benchmark over the same window
	Abnormal        float64
	Signed          float64 // Abnormal × direction (buy +1, sell/avoid -1)
	Censored        bool    // the data ends before the horizon
}

// Study aggregates the events.
type Study struct {
	Horizons []int
	Groups   []Group
	Paths    []CARPath
	Warnings []string // e.g. market-model fallbacks, a missing benchmark
}

// Group is one aggregate (by action, source, author or overall) at one horizon.
type Group struct {
	By       string // "all", "action", "source", "author"
	Key      string // e.g. "buy", a source name; "all" for overall
	Horizon  int
	N        int // scored events
	Censored int
	Mean     float64
	Median   float64
	HitRate  float64
	TStat    float64
	CILow    float64 // bootstrap 95% interval of the mean
	CIHigh   float64
}

// CARPath is the average cumulative signed abnormal return by trading day
// 0…H for one action, with its 95% band.
type CARPath struct {
	Key             string
	N               int
	Mean, Low, High []float64
	Count           []int // events with data on each day (censoring thins the tail)
}
