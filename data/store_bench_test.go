package data

import (
	"fmt"
	"math"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// storeCPU returns the CPU time (user + system) this process has used, so
// that benchmarks can report it next to wall time on a shared machine.
func storeCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// storeBenchBars returns n weekday bars from 2000-01-03 with a random-walk
// close, a dividend every 63 bars: realistic values (no repeated numbers
// that SQLite would store smaller).
func storeBenchBars(n int, seed float64) []Bar {
	bars := make([]Bar, 0, n)
	p := 50 + seed
	d := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	for i := 0; len(bars) < n; i++ {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			p *= 1 + 0.02*math.Sin(float64(i)*0.7+seed)
			b := Bar{Date: d, Open: p * 0.995, High: p * 1.01, Low: p * 0.985, Close: p, AdjClose: p * 0.97, Volume: math.Round(1e6 + 1e5*math.Cos(float64(i)))}
			if len(bars)%63 == 62 {
				b.Dividend = 0.25
			}
			bars = append(bars, b)
		}
		d = d.AddDate(0, 0, 1)
	}
	return bars
}

const (
	storeBenchTickers = 500
	storeBenchDays    = 5000
)

// BenchmarkStoreImport writes 500 tickers × 5,000 days (2.5 million rows),
// one PutBars (one transaction) per ticker, into a new store each round.
func BenchmarkStoreImport(b *testing.B) {
	series := make([][]Bar, storeBenchTickers)
	for i := range series {
		series[i] = storeBenchBars(storeBenchDays, float64(i))
	}
	ctx := b.Context()
	b.ReportAllocs()
	round := 0
	var elapsed, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", round)))
		if err != nil {
			b.Fatal(err)
		}
		round++
		b.StartTimer()
		start, c0 := time.Now(), storeCPU()
		for i, bars := range series {
			if err := s.PutBars(ctx, fmt.Sprintf("T%03d", i), "csv", bars); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		cpu += storeCPU() - c0
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	n := float64(storeBenchTickers * storeBenchDays * round)
	b.ReportMetric(n/elapsed.Seconds(), "rows/s")
	b.ReportMetric(n/cpu.Seconds(), "rows/cpu-s")
}

// BenchmarkStoreLoadAll reads all 2.5 million bars of 500 tickers back into
// memory as Series, as a backtest does.
func BenchmarkStoreLoadAll(b *testing.B) {
	ctx := b.Context()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := range storeBenchTickers {
		if err := s.PutBars(ctx, fmt.Sprintf("T%03d", i), "csv", storeBenchBars(storeBenchDays, float64(i))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	rows, loops := 0, 0
	c0 := storeCPU()
	for b.Loop() {
		loops++
		all, err := s.LoadAll(ctx, nil, Range{})
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, ser := range all {
			rows += ser.Len()
		}
	}
	if rows != storeBenchTickers*storeBenchDays {
		b.Fatalf("loaded %d rows, want %d", rows, storeBenchTickers*storeBenchDays)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64((storeCPU()-c0).Milliseconds())/float64(loops), "cpu-ms/op")
}

// BenchmarkStoreAppend is a daily refresh of a full store: 500 tickers of
// 5,000 bars each get their last 4 bars again and one new bar, one PutBars
// per ticker. Each write rewrites the ticker's whole bars record, so this
// is the price of keeping every bar in one record per ticker.
func BenchmarkStoreAppend(b *testing.B) {
	ctx := b.Context()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	series := make([][]Bar, storeBenchTickers)
	for i := range series {
		series[i] = storeBenchBars(storeBenchDays+1000, float64(i))
		if err := s.PutBars(ctx, fmt.Sprintf("T%03d", i), "csv", series[i][:storeBenchDays]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	day := storeBenchDays
	var elapsed, cpu time.Duration
	for b.Loop() {
		if day == len(series[0]) {
			b.Fatal("out of bars")
		}
		start, c0 := time.Now(), storeCPU()
		for i, bars := range series {
			if err := s.PutBars(ctx, fmt.Sprintf("T%03d", i), "yahoo", bars[day-4:day+1]); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		cpu += storeCPU() - c0
		day++
	}
	writes := float64(storeBenchTickers * (day - storeBenchDays))
	b.ReportMetric(elapsed.Seconds()*1e3/writes, "ms/ticker")
	b.ReportMetric(cpu.Seconds()*1e3/writes, "cpu-ms/ticker")
}
