//go:build race

package main

// pricesRace is true in -race builds, where SQLite (transpiled to Go) runs
// about ten times slower: the subprocess tests use smaller files then.
const pricesRace = true
