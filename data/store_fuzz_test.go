package data

import (
	"math"
	"testing"
	"time"
)

// FuzzStoreSnapshot checks that a columnar copy read back from disk never
// panics whatever its bytes, and that encoding round-trips.
func FuzzStoreSnapshot(f *testing.F) {
	f.Add([]byte(nil), int64(0), 1.5, 2.0)
	f.Add([]byte(storeSnapMagic+"\x01\x00\x00\x00"), int64(-25000), math.NaN(), math.Inf(1))
	good := (&storeSnapshot{}).merge([]Bar{storeBar("2024-01-02", 3), storeBar("2024-01-03", 4)}).encode()
	f.Add(good, int64(19000), 0.0, -1.0)
	f.Add(good[:len(good)-1], int64(1), 1.0, 1.0)
	f.Fuzz(func(t *testing.T, blob []byte, days int64, a, b float64) {
		// Arbitrary bytes: an error or a snapshot, never a panic.
		if snap, err := decodeSnapshot(blob); err == nil {
			for i := range snap.len() {
				_ = snap.bar(i)
			}
		}
		if _, err := storeSeries("X", blob, Range{From: time.Unix(days*86400%(1<<40), 0)}); err != nil {
			_ = err
		}
		// A snapshot made of bars round-trips bit for bit.
		d := time.Unix((days%200000)*86400, 0).UTC()
		bars := []Bar{{Date: d, Open: a, High: b, Low: a, Close: b, AdjClose: a, Volume: b, Dividend: a, Split: b}}
		got, err := decodeSnapshot((&storeSnapshot{}).merge(bars).encode())
		if err != nil || got.len() != 1 || !storeSameBar(got.bar(0), bars[0]) {
			t.Fatalf("round trip of %+v: %+v, %v", bars[0], got, err)
		}
	})
}
