// Package rng holds the engine's random numbers: the counter-keyed
// xoshiro256++ streams every draw of a run comes from, their ziggurat
// normals, and the few laws drawn outside a step (gamma, Dirichlet) and the
// normal density, distribution and quantile they need, all in pure Go so
// that native and WebAssembly builds draw the same bits.
package rng

import (
	"math"
	"math/bits"

	"github.com/mmfld/playground/engine/internal/purefloat"
)

// Stream is the random source of one block of particles in one step: the
// xoshiro256++ generator (Blackman & Vigna, "Scrambled linear pseudorandom
// number generators", ACM TOMS 2021), seeded by SplitMix64 from the key
// (seed, step, block).
//
// Why a Stream per (step, block) and not one generator per System: a step
// splits the particles into blocks of integrate.BlockSize that the workers take in any
// order; keying each block's numbers by where they are used, not by who draws
// them, makes the trajectory the same bits for 1 worker or 8, natively and
// in WebAssembly. Why xoshiro256++ and not math/rand/v2's PCG: PCG needs a
// 128-bit product, which WebAssembly computes in software, and a call through
// the rand.Source interface per number; xoshiro is four shifts, xors and adds,
// inlined into the loops below. Reseeding costs four SplitMix64 rounds, once
// per block of 256 particles.
//
// The zero value is not seeded; call reseed first.
type Stream struct {
	s0, s1, s2, s3 uint64
}

// splitMix64 advances the SplitMix64 state x and returns its next output
// (Steele, Lea & Flood 2014; the seeding routine Vigna recommends for xoshiro).
func splitMix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Reseed starts the Stream of block b of step k of a run seeded with seed.
// Distinct keys give unrelated streams: the key is hashed through SplitMix64
// one part at a time before the state is drawn from it.
func (r *Stream) Reseed(seed uint64, k int64, b int) {
	x := seed
	x = splitMix64(&x) ^ uint64(k)
	x = splitMix64(&x) ^ uint64(b)
	r.s0, r.s1, r.s2, r.s3 = splitMix64(&x), splitMix64(&x), splitMix64(&x), splitMix64(&x)
}

// Next returns the next 64 random bits.
func (r *Stream) Next() uint64 {
	out := bits.RotateLeft64(r.s0+r.s3, 23) + r.s0
	t := r.s1 << 17
	r.s2 ^= r.s0
	r.s3 ^= r.s1
	r.s1 ^= r.s2
	r.s0 ^= r.s3
	r.s2 ^= t
	r.s3 = bits.RotateLeft64(r.s3, 45)
	return out
}

// Uniform returns a number uniform on (0, 1): the top 53 bits plus half an
// ulp, so that log of it is finite.
func (r *Stream) Uniform() float64 {
	return (float64(r.Next()>>11) + 0.5) * 0x1p-53
}

// The ziggurat of the standard normal density with zigLayers layers
// (Marsaglia & Tsang, "The ziggurat method for generating random
// variables", J. Stat. Softw. 5(8), 2000): zigR is the start of the tail,
// zigV the area of each layer. The tables are built at start-up with the
// engine's pure-Go exp and log, so native and WebAssembly builds hold the
// same bits.
const (
	zigLayers = 128
	zigR      = 3.442619855899
	zigV      = 9.91256303526217e-3
	// zigScale is 2⁵⁵: the signed 56-bit integer j of a draw, scaled by
	// zigW[i] = xᵢ/2⁵⁵, gives a point uniform in layer i's rectangle.
	zigScale = 0x1p55
)

// zigK[i] is the integer threshold below which |j| lies in layer i's core
// (no density test needed), zigW[i] the scale of j in layer i, zigF[i] the
// density e^{−xᵢ²/2} at the layer's edge.
var zigK, zigW, zigF = zigTables()

func zigTables() (k [zigLayers]uint64, w, f [zigLayers]float64) {
	dn, tn := zigR, zigR
	q := zigV / purefloat.Exp(-0.5*dn*dn)
	k[0] = uint64(dn / q * zigScale)
	k[1] = 0
	w[0] = q / zigScale
	w[zigLayers-1] = dn / zigScale
	f[0] = 1
	f[zigLayers-1] = purefloat.Exp(-0.5 * dn * dn)
	for i := zigLayers - 2; i >= 1; i-- {
		dn = math.Sqrt(-2 * purefloat.Log(zigV/dn+purefloat.Exp(-0.5*dn*dn)))
		k[i+1] = uint64(dn / tn * zigScale)
		tn = dn
		f[i] = purefloat.Exp(-0.5 * dn * dn)
		w[i] = dn / zigScale
	}
	return k, w, f
}

// Normals fills dst with independent standard normal numbers.
//
// The loop holds the ziggurat's common case inline (ZigFast: one draw, two
// table reads, a compare and a product; about 98.8% of draws) with the
// stream's state in registers (Xoshiro); only the rest calls normalSlow,
// with the state handed back and forth. In WebAssembly a call costs far
// more than this whole case, which is why the block is filled in one call
// rather than one call a number.
func (r *Stream) Normals(dst []float64) {
	s0, s1, s2, s3 := r.State()
	for i := range dst {
		var u uint64
		u, s0, s1, s2, s3 = Xoshiro(s0, s1, s2, s3)
		if v, ok := ZigFast(u); ok {
			dst[i] = v
			continue
		}
		r.SetState(s0, s1, s2, s3)
		dst[i] = r.NormalSlow(u)
		s0, s1, s2, s3 = r.State()
	}
	r.SetState(s0, s1, s2, s3)
}

// Normal returns one standard normal number.
func (r *Stream) Normal() float64 {
	var v [1]float64
	r.Normals(v[:])
	return v[0]
}

// normalSlow finishes a ziggurat draw that fell outside layer l's core: in
// the base layer, a draw from the tail beyond zigR (Marsaglia 1964); in the
// others, the density test in the wedge, and otherwise a fresh draw.
func (r *Stream) normalSlow(j int64, l uint64) float64 {
	for {
		x := float64(j) * zigW[l]
		if l == 0 {
			for {
				x = -purefloat.Log(r.Uniform()) / zigR
				y := -purefloat.Log(r.Uniform())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		if zigF[l]+r.Uniform()*(zigF[l-1]-zigF[l]) < purefloat.Exp(-0.5*x*x) {
			return x
		}
		u := r.Next()
		l = u & (zigLayers - 1)
		j = int64(u) >> 8
		a := uint64(j)
		if j < 0 {
			a = uint64(-j)
		}
		if a < zigK[l] {
			return float64(j) * zigW[l]
		}
	}
}

// ZigFast is the ziggurat's common case for the 64 random bits u: the
// normal number Normals makes of u and true, or false if u falls outside
// its layer's core (then NormalSlow(u) finishes the draw). Small enough for
// Go to inline, for loops that draw a particle's numbers as they go (the
// fused MMFLD step on Δ², mirror.EntropicSimplex.MMFLDBlock).
func ZigFast(u uint64) (float64, bool) {
	l := u & (zigLayers - 1)
	j := int64(u) >> 8
	a := uint64(j)
	if j < 0 {
		a = uint64(-j)
	}
	return float64(j) * zigW[l], a < zigK[l]
}

// NormalSlow finishes the draw of the random bits u that ZigFast refused,
// drawing more numbers from r as Normals does.
func (r *Stream) NormalSlow(u uint64) float64 {
	return r.normalSlow(int64(u)>>8, u&(zigLayers-1))
}

// State returns the stream's four words, for a loop that keeps them in
// registers (Xoshiro) and hands them back with SetState.
func (r *Stream) State() (s0, s1, s2, s3 uint64) { return r.s0, r.s1, r.s2, r.s3 }

// SetState makes s0 … s3 the stream's state (from State and Xoshiro).
func (r *Stream) SetState(s0, s1, s2, s3 uint64) { r.s0, r.s1, r.s2, r.s3 = s0, s1, s2, s3 }

// Xoshiro is Next on a state held in four values, not in a Stream: it
// returns the 64 random bits and the new state. A loop that draws many
// numbers keeps the state in registers with it, where Next loads and
// stores the stream's four words for every number.
func Xoshiro(s0, s1, s2, s3 uint64) (out, t0, t1, t2, t3 uint64) {
	out = bits.RotateLeft64(s0+s3, 23) + s0
	t := s1 << 17
	s2 ^= s0
	s3 ^= s1
	s1 ^= s2
	s0 ^= s3
	s2 ^= t
	s3 = bits.RotateLeft64(s3, 45)
	return out, s0, s1, s2, s3
}
