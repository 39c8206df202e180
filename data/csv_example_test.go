package data_test

import (
	"fmt"
	"strings"

	"github.com/tipster/tipster/data"
)

func ExampleParseCSV() {
	in := "Date,Open,High,Low,Close,Adj Close,Volume\r\n" +
		"2024-06-11,121.77,122.87,118.74,120.91,120.85,222551200\r\n" +
		"2024-06-10,120.37,123.10,117.01,121.79,121.72,313434100\r\n" +
		"2024-06-12,oops,126.88,122.57,125.20,125.14,299595000\r\n"
	bars, bad, err := data.ParseCSV("NVDA.csv", strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range bars {
		fmt.Println(b.Date.Format("2006-01-02"), b.Close, b.AdjClose)
	}
	for _, e := range bad {
		fmt.Println("skipped:", e)
	}
	// Output:
	// 2024-06-10 121.79 121.72
	// 2024-06-11 120.91 120.85
	// skipped: NVDA.csv:4: column Open: bad number "oops"
}

func ExampleValidate() {
	bars, _, _ := data.ParseCSV("NVDA.csv", strings.NewReader("date,close\n2023-12-29,495.22\n2024-01-02,48.17\n2024-01-03,47.57\n"))
	for _, is := range data.Validate("NVDA", bars) {
		fmt.Println(is, "ratio", is.Ratio)
	}
	// Output:
	// NVDA 2024-01-02 split: close 495.22 on 2023-12-29 → 48.17 (×0.09727) looks like an unapplied 10:1 split ratio 10
}
