//go:build !race

package main

// pricesRace is true in -race builds; see prices_race_test.go.
const pricesRace = false
