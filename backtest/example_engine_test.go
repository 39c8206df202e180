package backtest_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/tipster/tipster/backtest"
	"github.com/tipster/tipster/data"
)

// A call published at 06:55 New York time fills at that day's open; the
// same call known only by its date fills at the next session's open.
func ExampleEntry() {
	var bars []data.Bar
	for i, d := range []string{"2025-06-06", "2025-06-09", "2025-06-10"} {
		day, _ := time.Parse(time.DateOnly, d)
		p := 100 + float64(i)
		bars = append(bars, data.Bar{Date: day, Open: p, High: p + 1, Low: p - 1, Close: p + 0.5, AdjClose: p + 0.5})
	}
	meta := data.NewSeries("META", bars)
	cal := data.NewCalendar(meta.Dates)

	sigs, err := backtest.ReadSignalsCSV("calls.csv", strings.NewReader(
		"published,ticker,action\n2025-06-09T06:55:00-04:00,META,buy\n2025-06-09,META,buy\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sigs {
		f, err := backtest.Entry(s, cal, meta, backtest.DefaultOptions())
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(f.Date.Format(time.DateOnly), f.Price)
	}
	// Output:
	// 2025-06-09 101
	// 2025-06-10 102
}
