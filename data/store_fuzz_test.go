package data

import (
	"math"
	"testing"
	"time"
)

// FuzzStoreSnapshot checks that a bars record read back from disk never
// panics whatever its bytes, and that encoding round-trips (values,
// source and fetch time).
func FuzzStoreSnapshot(f *testing.F) {
	f.Add([]byte(nil), int64(0), 1.5, 2.0, "csv")
	f.Add([]byte(storeSnapMagic+"\x01\x00\x00\x00"), int64(-25000), math.NaN(), math.Inf(1), "")
	two := (&storeSnapshot{}).merge([]Bar{storeBar("2024-01-02", 3), storeBar("2024-01-03", 4)}, storeOrigin{"csv:a.csv", "2024-01-04T10:00:00Z"}, nil)
	good := two.merge([]Bar{storeBar("2024-01-03", 5)}, storeOrigin{"yahoo", "2024-01-05T10:00:00Z"}, nil).encode()
	f.Add(good, int64(19000), 0.0, -1.0, "yahoo")
	f.Add(good[:len(good)-1], int64(1), 1.0, 1.0, "x")
	f.Add(append(good[:len(good)-2:len(good)-2], 0xff, 0xff), int64(1), 1.0, 1.0, "x")
	f.Fuzz(func(t *testing.T, blob []byte, days int64, a, b float64, src string) {
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
		o := storeOrigin{source: src, fetched: "2024-01-05T10:00:00Z"}
		got, err := decodeSnapshot((&storeSnapshot{}).merge(bars, o, nil).encode())
		if err != nil || got.len() != 1 || !storeSameBar(got.bar(0), bars[0]) || len(got.origins) != 1 || got.origins[got.org[0]] != o {
			t.Fatalf("round trip of %+v from %+v: %+v, %v", bars[0], o, got, err)
		}
	})
}
