package backtest

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Statistics of a sample, used by the event study's aggregates. Each takes
// the sample as given (no NaN filtering: the caller passes scored values).

// sampleMeanSD returns the mean and the sample (n-1) standard deviation of
// x, with a second pass to correct rounding (as gonum's stat.MeanStdDev).
// The deviation is NaN for n < 2.
func sampleMeanSD(x []float64) (mean, sd float64) {
	n := float64(len(x))
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= n
	if len(x) < 2 {
		return mean, math.NaN()
	}
	var ss, comp float64
	for _, v := range x {
		d := v - mean
		ss += d * d
		comp += d
	}
	return mean, math.Sqrt((ss - comp*comp/n) / (n - 1))
}

// TStat returns the one-sample t-statistic of the mean of x against 0,
//
//	mean(x) / (sd(x) / √n),  sd the sample (n-1) standard deviation.
//
// NaN for n < 2; ±Inf when every value is the same non-zero number.
func TStat(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	m, sd := sampleMeanSD(x)
	return m / (sd / math.Sqrt(float64(len(x))))
}

// Median returns the median of x (the mean of the two middle values when n
// is even), NaN when x is empty. x is reordered.
func Median(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	hi := selectKth(x, n/2)
	if n%2 == 1 {
		return hi
	}
	// The lower middle is the largest value left of position n/2.
	lo := x[0]
	for _, v := range x[1 : n/2] {
		if v > lo {
			lo = v
		}
	}
	return (lo + hi) / 2
}

// selectKth reorders x so that x[k] is the value that would be there if x
// were sorted, everything before it ≤ and everything after ≥, and returns
// it (Hoare's quickselect with a median-of-three pivot).
func selectKth(x []float64, k int) float64 {
	lo, hi := 0, len(x)-1
	for hi > lo {
		if hi-lo < 16 {
			slices.Sort(x[lo : hi+1])
			return x[k]
		}
		mid := int(uint(lo+hi) >> 1)
		// Median of three as the pivot.
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		p := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < p {
				i++
			}
			for x[j] > p {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return x[k]
		}
	}
	return x[k]
}

// bootstrapSmallN is the largest sample whose bootstrap interval is
// computed by Monte Carlo resampling; larger samples use the saddlepoint
// approximation of the same distribution (see [BootstrapMeanCI]). From
// n = 10 on, the saddlepoint endpoints are within about 0.05 standard
// errors of the mean of a 100,000-resample Monte Carlo, and within 0.02 on
// the test samples of TestBootstrapMeanCI; the worst case is a small
// sample with one outlier (n = 10: 0.044 in an audit against 400,000
// resamples). That is below the Monte Carlo error of the 2,000 resamples a
// resampling implementation typically draws (about 0.07 standard errors).
const bootstrapSmallN = 9

// BootstrapMeanCI returns the percentile bootstrap interval at level (0.95
// for 95%) of the mean of x: the (1-level)/2 and (1+level)/2 quantiles of
// the distribution of the mean of n values drawn from x with replacement.
//
//   - n < 10: Monte Carlo with resamples draws, from a PCG generator
//     seeded with (seed, stream) (math/rand/v2), indices drawn exactly
//     uniformly; quantiles with linear interpolation between order
//     statistics. Same inputs, same interval.
//   - n ≥ 10: the saddlepoint (Lugannani–Rice) approximation of that
//     same bootstrap distribution of the mean (Davison and Hinkley 1988,
//     "Saddlepoint approximations in resampling methods", Biometrika 75),
//     i.e. the limit of infinitely many resamples: its error is far below
//     the Monte Carlo error of a few thousand resamples at these sizes, and
//     its cost is O(n) instead of O(n × resamples). resamples and the seed
//     do not enter.
//
// NaN, NaN when n < 2 or resamples < 1; the mean twice when every value is
// the same.
func BootstrapMeanCI(x []float64, level float64, resamples int, seed, stream uint64) (lo, hi float64) {
	if len(x) < 2 || resamples < 1 {
		return math.NaN(), math.NaN()
	}
	if len(x) <= bootstrapSmallN {
		return bootstrapMC(x, level, resamples, rand.NewPCG(seed, stream))
	}
	return saddlepointMeanCI(x, level)
}

// bootstrapMC is the Monte Carlo percentile bootstrap of the mean of x.
func bootstrapMC(x []float64, level float64, resamples int, src *rand.PCG) (lo, hi float64) {
	var mc mcScratch
	l, h := mc.run([][]float64{x}, level, resamples, src)
	return l[0], h[0]
}

// mcScratch holds the buffers of Monte Carlo bootstraps, reused across
// groups.
type mcScratch struct {
	means, heap, lo, hi []float64
}

// run resamples the indices 0…n-1 with replacement resamples times and,
// for each sample in xs (all of length n, the same events measured at
// different horizons), returns the level percentile interval of the
// resampled means.
func (mc *mcScratch) run(xs [][]float64, level float64, resamples int, src *rand.PCG) (lo, hi []float64) {
	k, n := len(xs), len(xs[0])
	if cap(mc.means) < k*resamples {
		mc.means = make([]float64, k*resamples)
	}
	means := mc.means[:k*resamples] // sample j's means at [j·resamples, (j+1)·resamples)
	clear(means)
	if n > 1<<16 {
		r := rand.New(src)
		for b := range resamples {
			for range n {
				i := r.IntN(n)
				for j, x := range xs {
					means[j*resamples+b] += x[i]
				}
			}
		}
	} else {
		// Four 16-bit draws per 64-bit output; Lemire's multiply-shift with
		// rejection keeps each index exactly uniform on [0, n).
		un := uint64(n)
		thresh := (1<<16 - un) % un
		var word uint64
		left := 0
		for b := range resamples {
			for d := 0; d < n; {
				if left == 0 {
					word, left = src.Uint64(), 4
				}
				m := (word & 0xffff) * un
				word >>= 16
				left--
				if m&0xffff < thresh {
					continue
				}
				i := m >> 16
				for j, x := range xs {
					means[j*resamples+b] += x[i]
				}
				d++
			}
		}
	}
	mc.lo, mc.hi = mc.lo[:0], mc.hi[:0]
	a := (1 - level) / 2
	for j := range xs {
		m := means[j*resamples : (j+1)*resamples]
		for b := range m {
			m[b] /= float64(n)
		}
		l, h := mc.tails(m, a)
		mc.lo, mc.hi = append(mc.lo, l), append(mc.hi, h)
	}
	return mc.lo, mc.hi
}

// tails returns the a and 1-a quantiles of x (linear interpolation
// between order statistics, numpy's default) from the few smallest and
// largest values, kept in a bounded heap: O(len(x)) for small a.
func (mc *mcScratch) tails(x []float64, a float64) (lo, hi float64) {
	last := float64(len(x) - 1)
	pos := a * last
	k := int(pos)
	s := mc.smallest(x, k+2, 1) // ascending
	lo = s[k]
	if f := pos - float64(k); f > 0 && k+1 < len(s) {
		lo += f * (s[k+1] - s[k])
	}
	pos = (1 - a) * last
	k = int(pos)
	r := len(x) - 1 - k          // rank of order statistic k from the top
	l := mc.smallest(x, r+1, -1) // the r+1 largest, descending
	hi = l[r]
	if f := pos - float64(k); f > 0 && r >= 1 {
		hi += f * (l[r-1] - l[r])
	}
	return lo, hi
}

// smallest returns the m smallest values of sign·x, times sign, in
// ascending order of sign·x (so sign -1 gives the m largest, descending),
// through a bounded max-heap.
func (mc *mcScratch) smallest(x []float64, m int, sign float64) []float64 {
	m = min(m, len(x))
	h := mc.heap[:0]
	for _, v := range x {
		v *= sign
		if len(h) < m {
			h = append(h, v)
			for c := len(h) - 1; c > 0; { // sift up
				p := (c - 1) / 2
				if h[p] >= h[c] {
					break
				}
				h[p], h[c] = h[c], h[p]
				c = p
			}
			continue
		}
		if v >= h[0] {
			continue
		}
		h[0] = v
		for p := 0; ; { // sift down
			c := 2*p + 1
			if c >= m {
				break
			}
			if c+1 < m && h[c+1] > h[c] {
				c++
			}
			if h[p] >= h[c] {
				break
			}
			h[p], h[c] = h[c], h[p]
			p = c
		}
	}
	slices.Sort(h)
	for i := range h {
		h[i] *= sign
	}
	mc.heap = h
	return h
}

// normQuantile returns Φ⁻¹(p) for the standard normal.
func normQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

// normCDF returns Φ(z).
func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// saddlepointMeanCI returns the (1∓level)/2 quantiles of the bootstrap
// distribution of the mean of x by the Lugannani–Rice saddlepoint
// approximation. With y = x - mean(x) and the tilted moments
// M(s) = (1/n)Σe^{s·y}, m(s) = Σy·e^{s·y}/Σe^{s·y},
// v(s) = Σy²e^{s·y}/Σe^{s·y} - m(s)²:
//
//	P(mean* - mean ≤ m(s)) ≈ Φ(w) + φ(w)(1/w - 1/u),
//	w = sign(s)·√(2n(s·m(s) - log M(s))),  u = s·√(n·v(s)),
//
// solved for s at each tail probability (safeguarded Newton).
func saddlepointMeanCI(x []float64, level float64) (lo, hi float64) {
	n := float64(len(x))
	mean, _ := sampleMeanSD(x)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	var v0 float64
	for _, v := range x {
		y := v - mean
		ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		v0 += y * y
	}
	v0 /= n
	if v0 == 0 || ymax <= ymin {
		return mean, mean
	}
	a := (1 - level) / 2
	lo = mean + saddleQuantile(x, mean, ymin, ymax, v0, a)
	hi = mean + saddleQuantile(x, mean, ymin, ymax, v0, 1-a)
	return lo, hi
}

// saddleQuantile returns the p-quantile of mean* - mean (see
// saddlepointMeanCI).
func saddleQuantile(x []float64, mean, ymin, ymax, v0, p float64) float64 {
	n := float64(len(x))
	z := normQuantile(p)
	// tail returns the approximate F(s) = P(mean* - mean ≤ m(s)), m(s) and
	// dF/ds. With dw/ds = n·s·v/w, du/ds = √(nv) + s·n·κ₃/(2√(nv)) (κ₃ the
	// tilted third central moment) and φ'(w) = -w·φ(w):
	//
	//	dF/ds = φ(w)·(dw/ds·(w/u - 1/w²) + du/ds/u²).
	tail := func(s float64) (prob, m, dprob float64) {
		c := s * ymax
		if s < 0 {
			c = s * ymin
		}
		var m0, m1, m2, m3 float64
		for _, v := range x {
			y := v - mean
			e := math.Exp(s*y - c)
			ey := e * y
			m0 += e
			m1 += ey
			m2 += ey * y
			m3 += ey * y * y
		}
		m = m1 / m0
		e2, e3 := m2/m0, m3/m0
		vs := max(e2-m*m, 0)
		k3 := e3 - 3*m*e2 + 2*m*m*m
		logM := math.Log(m0/n) + c
		w := math.Copysign(math.Sqrt(max(2*n*(s*m-logM), 0)), s)
		u := s * math.Sqrt(n*vs)
		phi := math.Exp(-w*w/2) / math.Sqrt(2*math.Pi)
		if math.Abs(w) < 1e-6 || u == 0 {
			sd := math.Sqrt(v0 / n)
			return normCDF(m / sd), m, phi / sd * vs
		}
		dw := n * s * vs / w
		du := math.Sqrt(n*vs) + s*n*k3/(2*math.Sqrt(n*vs))
		return normCDF(w) + phi*(1/w-1/u), m, phi * (dw*(w/u-1/(w*w)) + du/(u*u))
	}
	// Start from the Cornish–Fisher quantile of the mean,
	// t ≈ (z + γ(z²-1)/(6√n))·σ/√n with γ the skewness, at s ≈ t/σ² (the
	// second-order inverse of m(s) ≈ σ²s + κ₃s²/2); then Newton steps on s,
	// kept inside a bracket of the root (bisecting when a step leaves it).
	// A tail probability within 1e-7 of p puts the quantile within about
	// 1e-6 standard errors, far inside the approximation's own error.
	var m3 float64
	for _, v := range x {
		y := v - mean
		m3 += y * y * y
	}
	m3 /= n
	gamma := m3 / math.Pow(v0, 1.5)
	q := (z + gamma*(z*z-1)/(6*math.Sqrt(n))) * math.Sqrt(v0/n)
	s := q/v0 - m3*q*q/(2*v0*v0*v0)
	lo, hi := math.Inf(-1), math.Inf(1) // F(lo) < p < F(hi)
	best, bestF := math.NaN(), math.Inf(1)
	for range 50 {
		f, m, df := tail(s)
		f -= p
		if math.Abs(f) < bestF {
			best, bestF = m, math.Abs(f)
		}
		if bestF < 1e-7 {
			break
		}
		if f < 0 {
			lo = s
		} else {
			hi = s
		}
		next := s - f/df
		if !(next > lo && next < hi) || math.IsNaN(next) {
			switch {
			case math.IsInf(hi, 1):
				next = s + math.Abs(s) + 1/math.Sqrt(v0*n)
			case math.IsInf(lo, -1):
				next = s - math.Abs(s) - 1/math.Sqrt(v0*n)
			default:
				next = (lo + hi) / 2
			}
		}
		s = next
	}
	return best
}
