// Package backtest runs a portfolio that follows a list of signals, computes
// its metrics against a benchmark, and scores every signal in an event study.
//
// No look-ahead: a signal trades only on a bar that starts after its
// publication (see [data.Calendar.FirstSessionAfter]).
package backtest
