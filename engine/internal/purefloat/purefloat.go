// Package purefloat holds the engine's exponential, logarithm, hypotenuse
// and hyperbolic tangent, written in Go rather than taken from package math,
// whose Exp, Log and Hypot are assembly on amd64 (Exp using FMA where the
// processor has it) and pure Go in
// WebAssembly: the two builds' results then differ in the last bit now and
// then, and a mean-field system, where every particle feels every other,
// amplifies such differences step by step. With these, the native and the
// browser build compute the same bits (TestTrajectoryAgreement), at about the
// speed of package math (BenchmarkPureFloat). Their accuracy (TestPureFloat):
// within 3 ulp of math.Exp, equal to math.Log and math.Hypot on 2·10⁵ random
// arguments. They are also right where amd64's assembly is not: math.Exp
// returns +Inf from about 709.5 on (e^x overflows at 709.78), and math.Log
// of the smallest subnormal 2⁻¹⁰⁷⁴ returns −709.09 instead of −744.44.
package purefloat

import "math"

// expTable holds 2^{j/64}, j = 0 … 63 (math.Exp2 is pure Go on amd64).
var expTable = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 64)
	}
	return t
}()

// ExpNeg returns e^{−t}; see Exp.
func ExpNeg(t float64) float64 { return Exp(-t) }

// Exp returns e^x, within 3 ulp of math.Exp (in the subnormal range, of the smallest
// subnormal):
// e^x = 2^q·2^{j/64}·e^r with x = k·ln2/64 + r, k = 64q + j, |r| ≤ ln2/128,
// ln2/64 split in two so that k·(ln2/64)_hi is exact (Cody–Waite, as
// math.Exp and Tang 1989), and e^r by its Taylor polynomial of degree 5
// (remainder < r⁶/720 < 4·10⁻¹⁷); 2^q is applied in two factors where it
// is outside the normal range, so the result overflows to +Inf or underflows
// through the subnormals to 0 as it should.
func Exp(x float64) float64 {
	if x >= ExpFastLo && x <= ExpFastHi {
		return ExpOf(ExpParts(x)) // ExpFast, inline: one call, not two
	}
	const overflow = 7.09782712893383973096e+02 // the largest x with e^x finite
	switch {
	case math.IsNaN(x):
		return x
	case x > overflow:
		return math.Inf(1)
	case x < -746:
		return 0
	}
	q, j, p := ExpParts(x)
	// 2^q is below the normal range or near its top: scale by 2^{q−q/2}
	// (exact) and then by 2^{q/2}, rounding once.
	q1 := q / 2
	return math.Float64frombits(uint64(q1+1023)<<52) * (math.Float64frombits(uint64(q-q1+1023)<<52) * (expTable[j] * p))
}

// ExpFastLo and ExpFastHi bound the arguments for which 2^q of Exp is a
// normal number between 2⁻¹⁰²² and 2¹⁰⁰⁰: there e^x is ExpFast(x).
const ExpFastLo, ExpFastHi = -707, 693

// ExpFast returns Exp(x) for x in [ExpFastLo, ExpFastHi], without the
// checks.
func ExpFast(x float64) float64 { return ExpOf(ExpParts(x)) }

// ExpOf returns 2^q · 2^{j/64} · p for q in the normal range (ExpParts).
func ExpOf(q, j int, p float64) float64 {
	return math.Float64frombits(uint64(q+1023)<<52) * (expTable[j&63] * p)
}

// ExpParts' constants, named for the vector loops that compute its bits
// four numbers at a time (engine/internal/simd's AVX2 loops).
const (
	ExpInvL  = 64 / math.Ln2
	ExpLn2Hi = 6.93147180369123816490e-01 / 64 // math.Exp's Ln2Hi: its low 21 bits are 0
	ExpLn2Lo = 1.90821492927058770002e-10 / 64
	ExpShift = 0x1.8p52 // adding it rounds a number below 2⁵¹ to an integer
)

// ExpTable returns the table ExpOf reads, 2^{j/64} for j = 0 … 63, for
// vector loops that look it up themselves. It must not be written.
func ExpTable() *[64]float64 { return &expTable }

// ExpParts splits e^x = 2^q · 2^{j/64} · p (see Exp).
func ExpParts(x float64) (q, j int, p float64) {
	kf := x*ExpInvL + ExpShift - ExpShift // round(x·64/ln2), an integer-valued float
	r := (x - kf*ExpLn2Hi) - kf*ExpLn2Lo
	m := int(kf)
	return m >> 6, m & 63, 1 + r*(1+r*(1./2+r*(1./6+r*(1./24+r*(1./120))))) // m = 64q + j, 0 ≤ j < 64
}

// Min and Max return the smaller and the larger of a and b by one
// comparison each: Go's min and max of floats are runtime calls in
// WebAssembly (runtime.fmin64 and fmax64; they were 12% of the readouts'
// time there, under Node's profiler). For numbers they agree with min and
// max but for the sign of a zero, which follows the order of the
// arguments; a NaN a is returned, a NaN b is not.
func Min(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

// Max: see Min.
func Max(a, b float64) float64 {
	if b > a {
		return b
	}
	return a
}

// frexpNormal returns math.Frexp(x) for a normal x > 0: x = frac·2^exp
// with frac in [½, 1); ok is false for a subnormal x, which it leaves to
// math.Frexp. math.Frexp is a call (Go does not inline it), which in
// WebAssembly costs more than the rest of Log.
func frexpNormal(x float64) (frac float64, exp int, ok bool) {
	b := math.Float64bits(x)
	return math.Float64frombits(b&^(0x7ff<<52) | 0x3fe<<52), int(b>>52) - 1022, b>>52 != 0
}

// Log returns the natural logarithm of x, the same bits as math.Log's Go
// version (FreeBSD's e_log.c, which math.Log follows).
func Log(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01 // 0x3fe62e42fee00000
		ln2Lo = 1.90821492927058770002e-10 // 0x3dea39ef35793c76
		l1    = 6.666666666666735130e-01   // 0x3FE5555555555593
		l2    = 3.999999999940941908e-01   // 0x3FD999999997FA04
		l3    = 2.857142874366239149e-01   // 0x3FD2492494229359
		l4    = 2.222219843214978396e-01   // 0x3FCC71C51D8E78AF
		l5    = 1.818357216161805012e-01   // 0x3FC7466496CB03DE
		l6    = 1.531383769920937332e-01   // 0x3FC39A09D078C69F
		l7    = 1.479819860511658591e-01   // 0x3FC2F112DF3E5244
	)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	f1, ki, ok := frexpNormal(x)
	if !ok {
		f1, ki = math.Frexp(x)
	}
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (l1 + s4*(l3+s4*(l5+s4*l7)))
	t2 := s4 * (l2 + s4*(l4+s4*l6))
	R := t1 + t2
	hfsq := 0.5 * f * f
	return k*ln2Hi - ((hfsq - (s*(hfsq+R) + k*ln2Lo)) - f)
}

// Hypot returns √(p² + q²) without overflow or underflow, as
// p·√(1 + (q/p)²) with p ≥ q ≥ 0 (math.Hypot's Go version).
func Hypot(p, q float64) float64 {
	p, q = math.Abs(p), math.Abs(q)
	switch {
	case math.IsInf(p, 1) || math.IsInf(q, 1):
		return math.Inf(1)
	case math.IsNaN(p) || math.IsNaN(q):
		return math.NaN()
	}
	if p < q {
		p, q = q, p
	}
	if p == 0 {
		return 0
	}
	q /= p
	return p * math.Sqrt(1+q*q)
}

// Tanh returns tanh z = −expm1(−2|z|)/(2 + expm1(−2|z|)) with the sign
// of z, accurate to a few ulp everywhere (math.Expm1 is Go on every
// platform; math.Tanh calls math.Exp).
func Tanh(z float64) float64 {
	e := math.Expm1(-2 * math.Abs(z))
	return math.Copysign(-e/(2+e), z)
}
