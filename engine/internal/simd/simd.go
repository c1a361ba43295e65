// Package simd holds the engine's hottest loops, over points of two
// coordinates stored interleaved, each written in Go, the definition of
// its bits, and on amd64 with AVX2 run four points at a time in assembly
// with the same bits (simd_amd64.s): the same operations in the same order,
// rounded as Go rounds them (the assembly uses no FMA, and Go fuses no
// multiply and add in WebAssembly or on amd64 at GOAMD64=v1, the default,
// which the Makefile sets; at v3 it does, and TestAVX2MatchesGo, which
// checks the equality bit for bit, says so). WebAssembly runs the Go loops.
//
// The loops are those of the reference workload, meanmatch on the simplex
// Δ² with MMFLD (`make bench`; dual points 2 numbers a point, primal points
// and normal numbers 3): the MMFLD moves (Moves, for
// mirror.EntropicSimplex.MMFLDBlock), the softmax ∇φ*(y) (Softmax, its
// ConjBlock), meanmatch's chart gradient (BarrierGrad) and the sums behind
// its mean (Sum3); and the Gaussian kernel's sums over pairs of points of
// the plane, mmd's exact sums (KernelTile2, for objective/mmd).
//
// Why one package for loops that belong to a map and to two objectives: the
// vector loops share their transposes and their exponential, macros of one
// assembly file, and Go assembly shares nothing across packages.
package simd

import (
	"math"
	"unsafe"

	"github.com/mmfld/playground/engine/internal/purefloat"
)

// DualBound and MoveBound are the simplex's dual region and trust region,
// mirror.DualBound and mirror.MoveBound (which are these, and say why):
// constants here because the loops compare against them, and in
// WebAssembly a comparison with a constant is cheaper than with a variable
// (7% of movesGo's time).
const (
	DualBound = 300
	MoveBound = 20
)

// Moves is one MMFLD step's moves for the n = len(y)/2 dual points of Δ² in
// y, moved in place, with the chart gradients g (2 a point) and the normals
// xi (3 a point); sq = √(2λη):
//
//	Y' = Y + cut(−η g),  Y⁺ = Y' + cut(sq √Z (ξᵢ/hᵢ − ξ₃)),  hᵢ = e^{Y'ᵢ/2},  Z = 1 + h₁² + h₂²,
//
// where cut(v) + y is moveCut's (v cut to ±MoveBound, the sum to
// ±DualBound, each cut counted), and √Z (ξᵢ/hᵢ − ξ₃) = ξᵢ/√X̃ᵢ − ξ₃/√X̃₃ is
// the simplex's noise at X̃ = ∇φ*(Y') (mirror.EntropicSimplex.MMFLDBlock
// derives it). A point whose move is not finite keeps its dual point and is
// counted. It returns the cuts and the points kept. |Y'| ≤ DualBound
// keeps the exponents inside purefloat.ExpFast's range. tmp (3 a point) is
// scratch, and so is g after it is read (the AVX2 loops keep Y' there).
func Moves(y, g, xi, tmp []float64, eta, sq float64) (cuts, rejected int) {
	n := min(len(y)/2, len(g)/2, len(xi)/3, len(tmp)/3)
	n4 := vecPoints(n)
	if n4 > 0 {
		cuts, rejected = movesVec(y, g, xi, tmp, n4, eta, sq)
	}
	c, r := movesGo(y[2*n4:2*n], g[2*n4:2*n], xi[3*n4:3*n], eta, sq)
	return cuts + c, rejected + r
}

// Softmax writes x = ∇φ*(y) = (e^{y₁}, e^{y₂}, 1)/Z, Z = 1 + e^{y₁} + e^{y₂},
// for the points y of Δ²'s dual region |yᵢ| ≤ 300 (the unshifted softmax of
// mirror's Simplex.gradConj: every e^{yᵢ} is finite there).
func Softmax(x, y []float64) {
	n := min(len(x)/3, len(y)/2)
	n4 := vecPoints(n)
	if n4 > 0 {
		softmaxVec(x, y, n4)
	}
	softmaxGo(x[3*n4:3*n], y[2*n4:2*n])
}

// BarrierGrad writes meanmatch's chart gradient on Δ² for the primal points
// x (3 a point), 2 numbers a point into dst:
//
//	gⱼ = cⱼ − (β/xⱼ − β/x₃),  j = 1, 2,
//
// where c is the mean-field part, the same for every point (objective's
// meanMatch.Grad).
func BarrierGrad(dst, x []float64, c0, c1, beta float64) {
	n := min(len(dst)/2, len(x)/3)
	n4 := vecPoints(n)
	if n4 > 0 {
		barrierGradVec(dst, x, n4, c0, c1, beta)
	}
	barrierGradGo(dst[2*n4:2*n], x[3*n4:3*n], c0, c1, beta)
}

// Sum3 returns the sums of the three coordinates of the points of Δ² in x
// (3 a point), for meanmatch's mean, the one pass of a step that no block
// owns (the workers wait for it). The numbers are added in twelve
// independent sums, a[k] of the x[i] with i ≡ k (mod 12), over the whole
// fours of points, and the sums of each coordinate then as
// (a[c] + a[c+3]) + (a[c+6] + a[c+9]), the points left over added last:
// twelve chains of additions where one a coordinate would wait on each
// addition's latency, and four lanes of three vectors in AVX2.
func Sum3(x []float64) (m0, m1, m2 float64) {
	n := len(x) / 12 * 12
	var a [12]float64
	if n > 0 && useAVX2 {
		sum12AVX2(&a, &x[0], n)
	} else {
		sum12Go(&a, x[:n])
	}
	m0 = (a[0] + a[3]) + (a[6] + a[9])
	m1 = (a[1] + a[4]) + (a[7] + a[10])
	m2 = (a[2] + a[5]) + (a[8] + a[11])
	for xs := x[n:]; len(xs) >= 3; xs = xs[3:] {
		m0, m1, m2 = m0+xs[0], m1+xs[1], m2+xs[2]
	}
	return m0, m1, m2
}

// sum12Go adds x[i] to a[i mod 12], len(x) a multiple of 12: Sum3's sums in
// Go.
func sum12Go(a *[12]float64, x []float64) {
	a0, a1, a2, a3, a4, a5 := a[0], a[1], a[2], a[3], a[4], a[5]
	a6, a7, a8, a9, a10, a11 := a[6], a[7], a[8], a[9], a[10], a[11]
	for ; len(x) >= 12; x = x[12:] {
		a0, a1, a2, a3 = a0+x[0], a1+x[1], a2+x[2], a3+x[3]
		a4, a5, a6, a7 = a4+x[4], a5+x[5], a6+x[6], a7+x[7]
		a8, a9, a10, a11 = a8+x[8], a9+x[9], a10+x[10], a11+x[11]
	}
	*a = [12]float64{a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11}
}

// KernelTile2 evaluates k(xᵢ, xⱼ) = e^{−|xᵢ − xⱼ|² inv2h2} for the points
// xᵢ of a and xⱼ of b (2 numbers each; with diag, b is a and only the pairs
// j > i), and adds k·(xᵢ − xⱼ) to gaᵢ and k to saᵢ, and, if gb is not nil,
// −k·(xᵢ − xⱼ) to gbⱼ and k to sbⱼ (with diag, gb and sb are ga and sa):
// mmd's kernelTile for the plane. A row's sums over j are taken in four
// lanes, lane l holding the j ≡ j₀ + l (mod 4) of the whole fours from j₀,
// then (l₀ + l₁) + (l₂ + l₃), the j left over added last, one at a time.
// The exponential is purefloat.Exp (its fast case, ExpFast, written out in
// the loops; the rest, below ExpFastLo, never on the unit box).
func KernelTile2(ga, sa, gb, sb, a, b []float64, inv2h2 float64, diag bool) {
	na, nb := len(a)/2, len(b)/2
	if na == 0 || nb == 0 {
		return
	}
	_, _, _ = ga[2*na-1], sa[na-1], b[2*nb-1]
	if gb != nil {
		_, _ = gb[2*nb-1], sb[nb-1]
	}
	for i := range na {
		j0 := 0
		if diag {
			j0 = i + 1
		}
		x0, x1 := a[2*i], a[2*i+1]
		var acc [12]float64 // the lanes of s, g₀, g₁
		j := j0
		if fours := (nb - j0) / 4; fours > 0 {
			var bj, gbj, sbj []float64 = b[2*j0:], nil, nil
			if gb != nil {
				gbj, sbj = gb[2*j0:], sb[j0:]
			}
			kernelRows(&acc, x0, x1, bj, gbj, sbj, fours, inv2h2)
			j += 4 * fours
		}
		s := (acc[0] + acc[1]) + (acc[2] + acc[3])
		g0 := (acc[4] + acc[5]) + (acc[6] + acc[7])
		g1 := (acc[8] + acc[9]) + (acc[10] + acc[11])
		for ; j < nb; j++ {
			k, u0, u1 := kernelPoint(x0, x1, b[2*j], b[2*j+1], inv2h2)
			s += k
			g0 += u0
			g1 += u1
			if gb != nil {
				gb[2*j] -= u0
				gb[2*j+1] -= u1
				sb[j] += k
			}
		}
		ga[2*i] += g0
		ga[2*i+1] += g1
		sa[i] += s
	}
}

// pairTerms returns x − b and x − b' for the point b at p and the point b'
// 64 bytes (four points) on, and the exponents −|x − b|² inv2h2 of both.
func pairTerms(x0, x1 float64, p unsafe.Pointer, inv2h2 float64) (u0, u1, v0, v1, e, h float64) {
	bj, bk := (*[2]float64)(p), (*[2]float64)(unsafe.Add(p, 64))
	u0, u1 = x0-bj[0], x1-bj[1]
	v0, v1 = x0-bk[0], x1-bk[1]
	return u0, u1, v0, v1, -(u0*u0 + u1*u1) * inv2h2, -(v0*v0 + v1*v1) * inv2h2
}

// kernelPoint returns k = e^{−|x − b|² inv2h2} and k·(x − b).
func kernelPoint(x0, x1, b0, b1, inv2h2 float64) (k, u0, u1 float64) {
	u0, u1 = x0-b0, x1-b1
	k = purefloat.Exp(-(u0*u0 + u1*u1) * inv2h2)
	return k, k * u0, k * u1
}

// kernelFoursGo is KernelTile2's whole fours of one row in Go: the points
// b (2 numbers each) in fours, and their sums gb and sb when not nil; acc
// holds the lanes of s, g₀ and g₁. It takes the lanes one after the other
// (lane l: the points 4f + l), each with its three sums in registers, which
// gives each lane's sums in the same order as four lanes side by side, and
// the same bits.
func kernelFoursGo(acc *[12]float64, x0, x1 float64, b, gb, sb []float64, fours int, inv2h2 float64) {
	_ = b[8*fours-1]
	if gb != nil {
		_, _ = gb[8*fours-1], sb[4*fours-1]
	}
	for l := range 4 {
		acc[l], acc[4+l], acc[8+l] = kernelLane(acc[l], acc[4+l], acc[8+l], x0, x1, b[2*l:], gb, sb, l, fours, inv2h2)
	}
}

// kernelLane adds lane l's pairs to its sums s, g₀, g₁ and returns them: the
// points b[8f], b[8f+1] for f < fours (b starts at the lane's first point),
// and gb, sb at the points 4f + l. The points are reached by pointer
// arithmetic after kernelFoursGo has checked the slices' lengths (indexing
// cost a bounds check each and left too few registers), two pairs an
// iteration (two exponentials in flight), the sums taken in the order of
// one pair at a time; a pair whose exponent is below ExpFastLo sends the
// rest of the lane to a loop that calls purefloat.Exp (in WebAssembly a
// call in the loop would keep every value on the stack).
func kernelLane(s, g0, g1, x0, x1 float64, b, gb, sb []float64, l, fours int, inv2h2 float64) (float64, float64, float64) {
	bp := unsafe.Pointer(&b[0])
	var gp, sp unsafe.Pointer
	if gb != nil {
		gp, sp = unsafe.Pointer(&gb[2*l]), unsafe.Pointer(&sb[l])
	}
	f := 0
	if gp == nil {
		for ; f+1 < fours; f += 2 { // as below, without gb and sb
			u0, u1, v0, v1, e, h := pairTerms(x0, x1, unsafe.Add(bp, f*64), inv2h2)
			if e < purefloat.ExpFastLo || h < purefloat.ExpFastLo {
				break
			}
			k, m := purefloat.ExpOf(purefloat.ExpParts(e)), purefloat.ExpOf(purefloat.ExpParts(h))
			s += k
			g0 += k * u0
			g1 += k * u1
			s += m
			g0 += m * v0
			g1 += m * v1
		}
	} else {
		for ; f+1 < fours; f += 2 {
			u0, u1, v0, v1, e, h := pairTerms(x0, x1, unsafe.Add(bp, f*64), inv2h2)
			if e < purefloat.ExpFastLo || h < purefloat.ExpFastLo {
				break
			}
			k, m := purefloat.ExpOf(purefloat.ExpParts(e)), purefloat.ExpOf(purefloat.ExpParts(h))
			s += k
			u0, u1 = k*u0, k*u1
			g0 += u0
			g1 += u1
			s += m
			v0, v1 = m*v0, m*v1
			g0 += v0
			g1 += v1
			gj := (*[2]float64)(unsafe.Add(gp, f*64))
			gk := (*[2]float64)(unsafe.Add(gp, f*64+64))
			gj[0] -= u0
			gj[1] -= u1
			gk[0] -= v0
			gk[1] -= v1
			*(*float64)(unsafe.Add(sp, f*32)) += k
			*(*float64)(unsafe.Add(sp, f*32+32)) += m
		}
	}
	for ; f < fours; f++ {
		bj := (*[2]float64)(unsafe.Add(bp, f*64))
		k, u0, u1 := kernelPoint(x0, x1, bj[0], bj[1], inv2h2)
		s += k
		g0 += u0
		g1 += u1
		if gp != nil {
			gj := (*[2]float64)(unsafe.Add(gp, f*64))
			gj[0] -= u0
			gj[1] -= u1
			*(*float64)(unsafe.Add(sp, f*32)) += k
		}
	}
	return s, g0, g1
}

// movesGo is Moves in Go, the definition of its bits.
func movesGo(y, g, xi []float64, eta, sq float64) (cuts, rejected int) {
	n := min(len(y)/2, len(g)/2, len(xi)/3)
	if n == 0 {
		return 0, 0
	}
	// The points are reached by pointer arithmetic from the slices' first
	// elements: with the slices' three lengths and capacities live as well,
	// Go runs out of registers and reloads them from the stack every point,
	// and slicing (or converting) a point costs a bounds check and a cap mask
	// each (measured with callgrind: 45 instructions a point). n bounds every
	// point i < n inside both slices.
	yb, gb := unsafe.Pointer(&y[0]), unsafe.Pointer(&g[0])
	nb := unsafe.Pointer(&xi[0])
	for i := range n {
		yi := (*[2]float64)(unsafe.Add(yb, i*2*8))
		gi := (*[2]float64)(unsafe.Add(gb, i*2*8))
		ni := (*[3]float64)(unsafe.Add(nb, i*3*8))
		// The drift move Y'.
		p0, c0 := moveCut(yi[0], -eta*gi[0])
		p1, c1 := moveCut(yi[1], -eta*gi[1])
		cuts += c0 + c1
		n0, n1, n2 := ni[0], ni[1], ni[2]
		q0, q1 := yi[0], yi[1] // Y⁺, if the moves are finite
		if p0 == p0 && p1 == p1 {
			h0 := purefloat.ExpOf(purefloat.ExpParts(0.5 * p0))
			h1 := purefloat.ExpOf(purefloat.ExpParts(0.5 * p1))
			s := sq * math.Sqrt(1+h0*h0+h1*h1)
			last := n2
			// The noise move Y⁺.
			v0, c0 := moveCut(p0, s*(n0/h0-last))
			v1, c1 := moveCut(p1, s*(n1/h1-last))
			cuts += c0 + c1
			if v0 == v0 && v1 == v1 {
				q0, q1 = v0, v1
			} else {
				rejected++
			}
		} else {
			// integrate's MMFLD phases give X̃ and ζ all NaN here: the noise
			// move cuts nothing, and the point stays.
			rejected++
		}
		yi[0], yi[1] = q0, q1
	}
	return cuts, rejected
}

// moveCut returns y + v, v first cut to ±MoveBound and the sum then to
// ±DualBound, and the number of cuts (mirror's MoveBlock rule for one
// coordinate). NaN passes through uncounted. (Cutting |v| with math.Abs and
// Copysign instead puts it over Go's inlining budget: 8% slower. Testing
// the common case first with two comparisons of magnitudes, the rest in a
// function kept out of line, is 20% slower natively and in WebAssembly: Go
// then keeps the loop's values on the stack around the call.)
func moveCut(y, v float64) (float64, int) {
	c := 0
	if v > MoveBound {
		v, c = MoveBound, 1
	} else if v < -MoveBound {
		v, c = -MoveBound, 1
	}
	v += y
	if v > DualBound {
		v, c = DualBound, c+1
	} else if v < -DualBound {
		v, c = -DualBound, c+1
	}
	return v, c
}

// softmaxGo is Softmax in Go, written out: the inner loops over two
// coordinates cost more than their arithmetic in WebAssembly. The loop
// walks by reslicing (x = x[3:]) so that the compiler sees every index in
// range and checks none.
func softmaxGo(x, y []float64) {
	for xs, ys := x, y; len(xs) >= 3 && len(ys) >= 2; xs, ys = xs[3:], ys[2:] {
		e0 := purefloat.ExpOf(purefloat.ExpParts(ys[0]))
		e1 := purefloat.ExpOf(purefloat.ExpParts(ys[1]))
		inv := 1 / (1 + e0 + e1) // gradConj's sum, in its order
		xs[0], xs[1], xs[2] = e0*inv, e1*inv, inv
	}
}

// barrierGradGo is BarrierGrad in Go.
func barrierGradGo(dst, x []float64, c0, c1, beta float64) {
	for len(x) >= 3 && len(dst) >= 2 {
		b := beta / x[2]
		dst[0] = c0 - (beta/x[0] - b)
		dst[1] = c1 - (beta/x[1] - b)
		x, dst = x[3:], dst[2:]
	}
}
