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

// Stream is the random source of one block of particles in one step:
// four xoshiro256++ generators (Blackman & Vigna, "Scrambled linear
// pseudorandom number generators", ACM TOMS 2021), its lanes, each with a
// second one for the ziggurat's rare slow draws, seeded one after the other
// by SplitMix64 from the key (seed, step, block). Next and Uniform draw from
// lane 0; Normals fills each quarter of its destination from one lane.
//
// Why a Stream per (step, block) and not one generator per System: a step
// splits the particles into blocks of integrate.BlockSize that the workers take in any
// order; keying each block's numbers by where they are used, not by who draws
// them, makes the trajectory the same bits for 1 worker or 8, natively and
// in WebAssembly. Why xoshiro256++ and not math/rand/v2's PCG: PCG needs a
// 128-bit product, which WebAssembly computes in software, and a call through
// the rand.Source interface per number; xoshiro is four shifts, xors and adds,
// inlined into the loops below. Why four lanes: one xoshiro is a chain of
// dependent operations, a number every few cycles however wide the
// processor; four independent ones fill the four lanes of an AVX2 vector
// (normals_amd64.s draws four normal numbers at a time, the bits of
// normalsLane), while a scalar loop still draws a lane's quarter with the
// lane's state in registers. Why separate slow generators: the vector loop
// then never waits on a slow draw; it notes where they fall (misses), and
// they are finished after it. Reseeding costs 32 SplitMix64 rounds, once
// per block of 256 particles.
//
// The zero value is not seeded; call Reseed first.
type Stream struct {
	// s[w][l] is word w of lane l: a word of the four lanes is one vector.
	s [4][Lanes]uint64
	// slow[l] is the state of lane l's generator for slow draws.
	slow [Lanes][4]uint64
	// misses is the vector loop's note of the draws left to normalSlow.
	misses [missCap]miss
}

// Lanes is the number of a Stream's lanes.
const Lanes = 4

// miss notes four draws of the vector loop (one a lane), some of which fell
// outside their layers' cores: at is their place in the lanes' quarters,
// lanes has bit l set for each such draw, u holds the four draws' bits.
type miss struct {
	at, lanes int
	u         [Lanes]uint64
}

// missCap is the number of misses the vector loop notes before it hands
// them over: about 1 in 17 fours has one (1.5% of draws), so a block's 768
// normals have about 11.
const missCap = 64

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
// one part at a time before the lanes' states are drawn from it, lane 0
// first (lane 0 is the one-lane stream of earlier versions: Next and Uniform
// give the same numbers as they did), the slow generators after.
func (r *Stream) Reseed(seed uint64, k int64, b int) {
	x := seed
	x = splitMix64(&x) ^ uint64(k)
	x = splitMix64(&x) ^ uint64(b)
	for l := range Lanes {
		for w := range r.s {
			r.s[w][l] = splitMix64(&x)
		}
	}
	for l := range r.slow {
		for w := range r.slow[l] {
			r.slow[l][w] = splitMix64(&x)
		}
	}
}

// Next returns the next 64 random bits of lane 0.
func (r *Stream) Next() uint64 {
	var out uint64
	out, r.s[0][0], r.s[1][0], r.s[2][0], r.s[3][0] = xoshiro(r.s[0][0], r.s[1][0], r.s[2][0], r.s[3][0])
	return out
}

// nextSlow returns the next 64 random bits of lane l's slow generator.
func (r *Stream) nextSlow(l int) uint64 {
	g := &r.slow[l&(Lanes-1)]
	var out uint64
	out, g[0], g[1], g[2], g[3] = xoshiro(g[0], g[1], g[2], g[3])
	return out
}

// uniformSlow is Uniform from lane l's slow generator.
func (r *Stream) uniformSlow(l int) float64 {
	return (float64(r.nextSlow(l)>>11) + 0.5) * 0x1p-53
}

// Uniform returns a number uniform on (0, 1), from lane 0: the top 53 bits
// plus half an ulp, so that log of it is finite.
func (r *Stream) Uniform() float64 {
	return (float64(r.Next()>>11) + 0.5) * 0x1p-53
}

// The ziggurat of the standard normal density with zigLayers layers
// (Marsaglia & Tsang, "The ziggurat method for generating random
// variables", J. Stat. Softw. 5(8), 2000): zigR is the start of the tail,
// zigV the area of each layer. The tables are built at start-up with the
// engine's pure-Go exp and log, so native and WebAssembly builds hold the
// same bits.
//
// A draw's 64 bits u give the layer, its low 8 bits, and j = int64(u) >> 12,
// a signed integer of 52 bits: a float64 holds it exactly, and AVX2 turns
// it into one in two operations (normals_amd64.s). 256 layers rather than
// 128 nearly halve the draws that leave the common case (2.8% → 1.5%, by
// the tables; TestZigguratMisses), constants as numpy's ziggurat has them.
const (
	zigLayers = 256
	zigR      = 3.6541528853610088
	zigV      = 4.92867323399e-3
	// zigShift is the shift of u that leaves j.
	zigShift = 12
	// zigScale is 2⁵¹: j, scaled by zigW[i] = xᵢ/2⁵¹, gives a point
	// uniform in layer i's rectangle.
	zigScale = 0x1p51
)

// zigK[i] is the threshold below which |j| lies in layer i's core (no
// density test needed), an integer held as a float, zigW[i] the scale of j
// in layer i, zigF[i] the density e^{−xᵢ²/2} at the layer's edge.
var zigK, zigW, zigF = zigTables()

func zigTables() (k, w, f [zigLayers]float64) {
	dn, tn := zigR, zigR
	q := zigV / purefloat.Exp(-0.5*dn*dn)
	k[0] = math.Floor(dn / q * zigScale)
	k[1] = 0
	w[0] = q / zigScale
	w[zigLayers-1] = dn / zigScale
	f[0] = 1
	f[zigLayers-1] = purefloat.Exp(-0.5 * dn * dn)
	for i := zigLayers - 2; i >= 1; i-- {
		dn = math.Sqrt(-2 * purefloat.Log(zigV/dn+purefloat.Exp(-0.5*dn*dn)))
		k[i+1] = math.Floor(dn / tn * zigScale)
		tn = dn
		f[i] = purefloat.Exp(-0.5 * dn * dn)
		w[i] = dn / zigScale
	}
	return k, w, f
}

// Normals fills dst with independent standard normal numbers: with
// q = len(dst)/4, lane l fills dst[lq : (l+1)q] (normalsLane) and lane 0
// then the last len(dst) − 4q. On amd64 with AVX2 the four lanes draw
// together (normalsVec), with the same bits.
func (r *Stream) Normals(dst []float64) {
	q := len(dst) / Lanes
	if !normalsVec(r, dst[:Lanes*q], q) {
		for l := range Lanes {
			r.normalsLane(l, dst[l*q:(l+1)*q])
		}
	}
	r.normalsLane(0, dst[Lanes*q:])
}

// normalsLane fills dst with normal numbers drawn from lane l, the
// definition of their bits. The loop holds the ziggurat's common case inline
// (zigFast: one draw, two table reads, a compare and a product; about 98.5%
// of draws) with the lane's state in registers; only the rest calls
// normalSlow, which draws from the lane's slow generator and leaves the
// state alone. In WebAssembly a call costs far more than this whole case,
// which is why a lane's numbers are drawn in one call rather than one call
// a number.
func (r *Stream) normalsLane(l int, dst []float64) {
	l &= Lanes - 1
	s0, s1, s2, s3 := r.s[0][l], r.s[1][l], r.s[2][l], r.s[3][l]
	for i := range dst {
		var u uint64
		u, s0, s1, s2, s3 = xoshiro(s0, s1, s2, s3)
		if v, ok := zigFast(u); ok {
			dst[i] = v
			continue
		}
		dst[i] = r.normalSlow(l, u)
	}
	r.s[0][l], r.s[1][l], r.s[2][l], r.s[3][l] = s0, s1, s2, s3
}

// Normal returns one standard normal number (from lane 0).
func (r *Stream) Normal() float64 {
	var v [1]float64
	r.Normals(v[:])
	return v[0]
}

// normalSlow finishes the ziggurat draw of the bits u, drawn from lane
// lane, that fell outside its layer l's core: in the base layer, a draw
// from the tail beyond zigR (Marsaglia 1964); in the others, the density
// test in the wedge, and otherwise a fresh draw; further numbers come from
// the lane's slow generator.
func (r *Stream) normalSlow(lane int, u uint64) float64 {
	j, l := float64(int64(u)>>zigShift), u&(zigLayers-1)
	for {
		x := j * zigW[l]
		if l == 0 {
			for {
				x = -purefloat.Log(r.uniformSlow(lane)) / zigR
				y := -purefloat.Log(r.uniformSlow(lane))
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		if zigF[l]+r.uniformSlow(lane)*(zigF[l-1]-zigF[l]) < purefloat.ExpFast(-0.5*x*x) { // −x²/2 ≥ −zigR²/2: in ExpFast's range
			return x
		}
		u = r.nextSlow(lane)
		if v, ok := zigFast(u); ok {
			return v
		}
		j, l = float64(int64(u)>>zigShift), u&(zigLayers-1)
	}
}

// zigFast is the ziggurat's common case for the 64 random bits u: the
// normal number Normals makes of u and true, or false if u falls outside
// its layer's core (then normalSlow finishes the draw).
func zigFast(u uint64) (float64, bool) {
	l := u & (zigLayers - 1)
	j := float64(int64(u) >> zigShift)
	return j * zigW[l], math.Abs(j) < zigK[l]
}

// xoshiro is one step of xoshiro256++ on the state s0 … s3: it returns the
// 64 random bits and the new state.
func xoshiro(s0, s1, s2, s3 uint64) (out, t0, t1, t2, t3 uint64) {
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
