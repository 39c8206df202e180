package reports

import (
	"path/filepath"
	"testing"
)

// BenchmarkWrite: every file of one 10-year daily backtest with 200 trades
// (5 PNGs rendered in parallel, report.html with them embedded, the data
// files), written and synced into a fresh folder. Target: < 500 ms.
func BenchmarkWrite(b *testing.B) {
	res := bigResult()
	parent := b.TempDir()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if err := Write(b.Context(), filepath.Join(parent, "r"), res, Options{Now: fixedNow, LogScale: true}); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time per report, user + system, all threads: the figure that does
	// not depend on how busy the shared machine is.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkCharts: each chart alone, to see where the time goes.
func BenchmarkCharts(b *testing.B) {
	res := bigResult()
	for _, bc := range []struct {
		name string
		fn   func() ([]byte, error)
	}{
		{"equity", func() ([]byte, error) { return EquityChart(res, "", true) }},
		{"drawdown", func() ([]byte, error) { return DrawdownChart(res, "") }},
		{"event_study", func() ([]byte, error) { return EventStudyChart(res, "") }},
		{"signals", func() ([]byte, error) { return SignalsChart(res, "", 63) }},
		{"monthly", func() ([]byte, error) { return MonthlyReturnsChart(res, "") }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := bc.fn(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkWriteData: the data files alone (no charts).
func BenchmarkWriteData(b *testing.B) {
	res := bigResult()
	parent := b.TempDir()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if err := WriteData(b.Context(), filepath.Join(parent, "d"), res, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}
