package layout

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestIntervalPlot(t *testing.T) {
	f := Screen(1200, 600, false)
	for _, panel := range []Rect{f.Primal, f.Dual} {
		hist, rug := IntervalPlot(panel, f.Legend.MaxY()+14)
		if !finiteRect(hist) || !finiteRect(rug) || hist.W < 400 || hist.H < 250 {
			t.Fatalf("IntervalPlot(%v) = %v, %v: too small", panel, hist, rug)
		}
		// Inside the panel, below the legend, the rug under the histogram.
		if hist.X < panel.X || hist.MaxX() > panel.MaxX() || hist.Y < f.Legend.MaxY() || rug.MaxY() > panel.MaxY() {
			t.Errorf("IntervalPlot(%v): hist %v, rug %v leave the panel or cover the legend", panel, hist, rug)
		}
		if rug.Y != hist.MaxY()+IntervalGap || rug.X != hist.X || rug.W != hist.W || rug.H != IntervalRug {
			t.Errorf("rug %v is not the strip below hist %v", rug, hist)
		}
	}
	// Degenerate panels give empty, finite rectangles.
	for _, panel := range []Rect{{}, {X: 5, Y: 5, W: 10, H: 10}} {
		hist, rug := IntervalPlot(panel, 130)
		if !finiteRect(hist) || !finiteRect(rug) || hist.W < 0 || hist.H < 0 {
			t.Errorf("IntervalPlot(%v) = %v, %v", panel, hist, rug)
		}
	}
}

func TestHistBins(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{-3, 8}, {0, 8}, {1, 8}, {64, 8}, {4000, 32}, {125000, 100}, {200000, 100},
	} {
		if got := HistBins(tc.n); got != tc.want {
			t.Errorf("HistBins(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
}

func TestBinIndex(t *testing.T) {
	for _, tc := range []struct {
		v, lo, hi float64
		bins, i   int
		ok        bool
	}{
		{0, 0, 1, 10, 0, true},
		{0.0999, 0, 1, 10, 0, true},
		{0.1, 0, 1, 10, 1, true},
		{0.55, 0, 1, 10, 5, true},
		{1, 0, 1, 10, 9, true}, // the right end belongs to the last bin
		{-1e-9, 0, 1, 10, 0, false},
		{1 + 1e-9, 0, 1, 10, 0, false},
		{math.NaN(), 0, 1, 10, 0, false},
		{math.Inf(1), 0, 1, 10, 0, false},
		{0.5, 1, 0, 10, 0, false}, // empty range
		{0.5, 0, 1, 0, 0, false},  // no bins
		{-2, -3, 5, 4, 0, true},
		{4.9, -3, 5, 4, 3, true},
	} {
		i, ok := BinIndex(tc.v, tc.lo, tc.hi, tc.bins)
		if i != tc.i || ok != tc.ok {
			t.Errorf("BinIndex(%v, %v, %v, %d) = %d, %v; want %d, %v", tc.v, tc.lo, tc.hi, tc.bins, i, ok, tc.i, tc.ok)
		}
	}
}

// TestHistogramDensity bins draws from a known law and checks that the
// densities integrate to the fraction inside the range and follow the
// density: for Uniform(0, 1) in 10 bins each bar is 1 within binomial
// noise, and strided values (pairs) read only their own coordinate.
func TestHistogramDensity(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 100000
	v := make([]float64, 2*n)
	for i := range n {
		v[2*i], v[2*i+1] = rng.Float64(), 7 // the second coordinate must be ignored
	}
	counts, outside := Histogram(nil, v, 2, 0, 0, 1, 10)
	if outside != 0 || len(counts) != 10 {
		t.Fatalf("Histogram: %d bins, %d outside", len(counts), outside)
	}
	sum := 0.0
	for _, c := range counts {
		sum += c
	}
	if sum != n {
		t.Fatalf("the counts add up to %v, want %d", sum, n)
	}
	peak := Densities(counts, n, 0, 1)
	// Each density is count/(n·0.1), count ~ Binomial(n, 0.1): SE of the
	// density √(0.1·0.9/n)/0.1 = 0.0095; 5 SE.
	for i, d := range counts {
		if math.Abs(d-1) > 5*0.0095 {
			t.Errorf("bin %d: density %.4f, want 1", i, d)
		}
		if d > peak {
			t.Errorf("bin %d: density %v above the reported peak %v", i, d, peak)
		}
	}
	// A narrower range: the bars' area is the fraction inside it (½ here,
	// up to binomial noise with SE √(¼/n) = 0.0016), the rest counted outside.
	counts, outside = Histogram(counts, v, 2, 0, 0.25, 0.75, 5)
	Densities(counts, n, 0.25, 0.75)
	area := 0.0
	for _, d := range counts {
		area += d * 0.1
	}
	if math.Abs(area-0.5) > 5*0.0016 || math.Abs(float64(outside)/n-0.5) > 5*0.0016 {
		t.Errorf("over [¼, ¾]: area %.4f, outside fraction %.4f; want ½ and ½", area, float64(outside)/n)
	}
	// Nothing to bin: all zero, no NaN.
	counts, outside = Histogram(counts, []float64{math.NaN()}, 1, 0, 0, 1, 4)
	if peak := Densities(counts, 0, 0, 1); peak != 0 || outside != 1 || counts[0] != 0 {
		t.Errorf("empty histogram: peak %v, outside %d, %v", peak, outside, counts)
	}
}

// TestHistogramAllocates: binning into a big enough slice allocates nothing.
func TestHistogramAllocates(t *testing.T) {
	v := make([]float64, 4000)
	for i := range v {
		v[i] = float64(i) / 4000
	}
	counts := make([]float64, 32)
	if n := testing.AllocsPerRun(10, func() { counts, _ = Histogram(counts, v, 1, 0, 0, 1, 32) }); n != 0 {
		t.Errorf("Histogram allocates %v times", n)
	}
}

func TestPeakTracker(t *testing.T) {
	var p PeakTracker
	if got := p.Update(math.NaN()); got != 1 {
		t.Errorf("first Update(NaN) = %v, want 1", got)
	}
	if got := p.Update(2); got != 2*Headroom {
		t.Fatalf("first Update(2) = %v, want %v", got, 2*Headroom)
	}
	// Growing is immediate; shrinking is gradual and monotone.
	if got := p.Update(4); got != 4*Headroom {
		t.Errorf("Update(4) = %v, want %v", got, 4*Headroom)
	}
	prev := p.Update(1)
	if !(prev < 4*Headroom && prev > Headroom) {
		t.Errorf("Update(1) after 4 = %v: want a partial shrink", prev)
	}
	for range 200 {
		got := p.Update(1)
		if got > prev {
			t.Fatalf("shrinking axis grew: %v after %v", got, prev)
		}
		prev = got
	}
	if math.Abs(prev-Headroom) > 1e-3 {
		t.Errorf("after 200 updates at peak 1 the axis shows %v, want %v", prev, Headroom)
	}
	if got := p.Update(math.Inf(1)); got != prev {
		t.Errorf("Update(+Inf) = %v, want the axis unchanged at %v", got, prev)
	}
	p.Reset()
	if got := p.Update(0.5); got != 0.5*Headroom {
		t.Errorf("after Reset, Update(0.5) = %v, want %v", got, 0.5*Headroom)
	}
}

func TestRugOffset(t *testing.T) {
	// In (0, 1), stable, and spread: every tenth of the band [0.04, 0.96]
	// the dots use holds about a tenth of 1000 consecutive particles.
	var tenths [10]int
	for i := range 1000 {
		v := RugOffset(i)
		if !(v > 0 && v < 1) || v != RugOffset(i) {
			t.Fatalf("RugOffset(%d) = %v", i, v)
		}
		tenths[min(int((v-0.04)/0.092), 9)]++
	}
	for k, c := range tenths {
		if c < 80 || c > 120 {
			t.Errorf("tenth %d of the rug holds %d of 1000 dots", k, c)
		}
	}
}
