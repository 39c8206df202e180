// Package data holds Tipster's market data: daily bars, the providers that
// fetch them (Yahoo Finance, CSV files), the embedded SQLite store that keeps
// them, series validation, and the trading calendar built from the bars.
//
// Conventions: a bar's Date is the session date at midnight UTC (a date, not
// an instant); instants are UTC; New York session rules live only in
// [Calendar]. Missing values are NaN and never zero.
package data
