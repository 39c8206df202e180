package data_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the store's driver, registered as "sqlite"

	"github.com/tipster/tipster/data"
)

func ExampleOpen() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "tipster-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	s, err := data.Open(ctx, filepath.Join(dir, "store.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	err = s.PutBars(ctx, "meta", "csv", []data.Bar{
		{Date: day("2024-01-02"), Open: 351.32, High: 353.16, Low: 347.07, Close: 346.29, AdjClose: 345.63, Volume: 19042200},
		{Date: day("2024-01-03"), Open: 344.98, High: 347.95, Low: 343.18, Close: 344.47, AdjClose: 343.81, Volume: 15451100},
	})
	if err != nil {
		log.Fatal(err)
	}
	bars, err := s.Bars(ctx, "META", data.Range{From: day("2024-01-03")})
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range bars {
		fmt.Println(b.Date.Format(time.DateOnly), b.Close)
	}
	list, _ := s.List(ctx)
	fmt.Println(list[0].Ticker, list[0].Rows, list[0].Source)
	// Output:
	// 2024-01-03 344.47
	// META 2 csv
}
