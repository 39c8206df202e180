package data

import "time"

// Series is a ticker's bars as parallel slices, ready for computation.
// Dates are ascending session dates at 00:00 UTC; missing values are NaN.
type Series struct {
	Ticker                                   string
	Dates                                    []time.Time
	Open, High, Low, Close, AdjClose, Volume []float64
}

// Len returns the number of bars.
func (s *Series) Len() int { return len(s.Dates) }

// NewSeries builds a Series from bars in ascending date order, keeping only
// valid bars (see [Bar.Valid]).
func NewSeries(ticker string, bars []Bar) *Series {
	s := &Series{Ticker: ticker}
	n := 0
	for _, b := range bars {
		if b.Valid() {
			n++
		}
	}
	s.grow(n)
	for _, b := range bars {
		if !b.Valid() {
			continue
		}
		s.Dates = append(s.Dates, b.Date)
		s.Open = append(s.Open, b.Open)
		s.High = append(s.High, b.High)
		s.Low = append(s.Low, b.Low)
		s.Close = append(s.Close, b.Close)
		s.AdjClose = append(s.AdjClose, b.AdjClose)
		s.Volume = append(s.Volume, b.Volume)
	}
	return s
}

// grow gives every column of s room for n bars, empty.
func (s *Series) grow(n int) {
	s.Dates = make([]time.Time, 0, n)
	s.Open = make([]float64, 0, n)
	s.High = make([]float64, 0, n)
	s.Low = make([]float64, 0, n)
	s.Close = make([]float64, 0, n)
	s.AdjClose = make([]float64, 0, n)
	s.Volume = make([]float64, 0, n)
}

// Adjusted returns a copy of s in total-return terms: where the adjusted
// close is finite and positive, every price of the bar is scaled by
// f = adj_close / close (open·f, high·f, low·f, close becomes adj_close).
// Bars without an adjusted close are kept unscaled.
func (s *Series) Adjusted() *Series {
	out := &Series{
		Ticker:   s.Ticker,
		Dates:    s.Dates,
		Open:     make([]float64, s.Len()),
		High:     make([]float64, s.Len()),
		Low:      make([]float64, s.Len()),
		Close:    make([]float64, s.Len()),
		AdjClose: s.AdjClose,
		Volume:   s.Volume,
	}
	for i := range s.Dates {
		f := 1.0
		if a := s.AdjClose[i]; finitePositive(a) {
			f = a / s.Close[i]
		}
		out.Open[i] = s.Open[i] * f
		out.High[i] = s.High[i] * f
		out.Low[i] = s.Low[i] * f
		out.Close[i] = s.Close[i] * f
		if finitePositive(s.AdjClose[i]) {
			out.Close[i] = s.AdjClose[i]
		}
	}
	return out
}

// Index returns the position of date d in s and whether it is there.
// It is a binary search: Dates must be ascending.
func (s *Series) Index(d time.Time) (int, bool) {
	lo, hi := 0, len(s.Dates)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.Dates[m].Before(d) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(s.Dates) && s.Dates[lo].Equal(d)
}
