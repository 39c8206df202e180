package article

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time (user + system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds "MB/cpu-s": bytes read per second of CPU time, which,
// unlike MB/s, does not fall when other processes share the cores.
func reportCPU(b *testing.B, start time.Duration, size int) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/d.Seconds()/1e6, "MB/cpu-s")
	}
}

// bigText builds an n-byte plain-text article from the seed-like paragraphs
// in testdata, with a byline, dates in the body and a related list.
func bigText(tb testing.TB, n int) []byte {
	tb.Helper()
	var b bytes.Buffer
	b.WriteString("Why We Still Like Meta Platforms\nBy Jane Doe | Monday, Jun 9, 2025 6:55 am ET\n\n")
	for i := 0; b.Len() < n-200; i++ {
		fmt.Fprintf(&b, "Paragraph %d. Meta Platforms (NASDAQ: META) reported revenue of $%d million on June %d, 2025, and analysts at Example Securities reiterated an Outperform rating with a $%d price target; we think the shares can keep rising.\n\n", i, 1000+i%900, 1+i%28, 500+i%300)
		if i%50 == 49 {
			b.WriteString("Recommendation:\n- Buy: Meta for long-term investors.\n- Watch: Alphabet (GOOGL).\n\n")
		}
	}
	b.WriteString("Related articles\nNvidia hits a record Jun 3, 2025\n")
	for b.Len() < n {
		b.WriteByte('\n')
	}
	return b.Bytes()[:n]
}

func BenchmarkParseText(b *testing.B) {
	in := bigText(b, 1<<20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := Parse("bench/2025-06-09.txt", in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(in))
}

func BenchmarkParseSeed(b *testing.B) {
	in, err := os.ReadFile(sharedDir(b) + "/seeds/004_fea632da15b76e74.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := Parse("seeds/004.txt", in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(in))
}

func BenchmarkParseHTML(b *testing.B) {
	in, err := os.ReadFile("testdata/furniture.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := Parse("testdata/furniture.html", in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(in))
}

func BenchmarkParseTime(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := ParseTime("Monday, Jun 9, 2025 6:55 am ET"); !ok {
			b.Fatal("not ok")
		}
	}
}
