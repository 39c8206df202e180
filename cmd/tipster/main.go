// Command tipster reads investment articles, extracts their recommendations,
// backtests them against historical prices and writes reports.
//
// See README.md for the commands and config.yaml for the batch format.
package main

import (
	"context"
	"os"

	_ "time/tzdata" // the New York session rules must not depend on the host's zone files
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
