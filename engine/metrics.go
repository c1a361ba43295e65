package engine

import (
	"encoding/json"
	"math"
	"slices"

	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective"
)

// Metrics are the live readouts of a System. Every number is finite.
type Metrics struct {
	// Step counts the steps taken since the particles were initialised.
	Step int64 `json:"step"`
	// Time is the simulated time Σ η over those steps.
	Time float64 `json:"time"`
	// F is the objective F(μ_N) of the empirical measure.
	F float64 `json:"F"`
	// Entropy is the Kozachenko–Leonenko estimate Ĥ of the differential
	// entropy H = −∫ μ log μ of the particles' law on the chart (Lebesgue
	// measure on the first d barycentric coordinates; uniform on Δ² has
	// H = log ½), from the first min(N, EntropyMaxPoints(d)) particles with
	// k = EntropyK neighbours; see KLEntropy. Absent when N ≤ k.
	Entropy Optional `json:"entropy,omitzero"`
	// L is the full objective L = F + λ·Ent = F − λĤ, with Ent(μ) = ∫ μ log μ
	// estimated as −Entropy. Absent when Entropy is.
	L Optional `json:"L,omitzero"`
	// EntropyTies counts the particles whose k-th neighbour distance was below
	// EntropyMinDist (duplicates); the estimate takes it as EntropyMinDist.
	EntropyTies int `json:"entropyTies"`
	// BoundaryMass is the fraction of particles with some barycentric
	// coordinate below BoundaryEps; on the other domains within BoundaryEps
	// times the domain's scale of the boundary (Domain.Distance; on the
	// spectraplex in the Frobenius norm, smallest eigenvalue below
	// BoundaryEps·√(d/(d+1))).
	BoundaryMass float64 `json:"boundaryMass"`
	// Outside counts particles that are now outside the algorithm's domain
	// or non-finite: for the mirror methods the open simplex (every xᵢ > 0),
	// for the primal ones the closed one (every xᵢ ≥ 0); Σx must be 1 within
	// 1e-9. It stays 0 for every method but mfld, whose escapes it counts.
	Outside int `json:"outside"`
	// Mean is the mean of the coordinates a particle shows (Primal): the d+1
	// barycentric ones on the simplex, on the spectraplex the mean matrix
	// E Σ ((d+1)² numbers, row by row, to compare with Σ* = diag(q)), the d
	// chart coordinates elsewhere.
	Mean []float64 `json:"mean"`
	// Cov is the covariance matrix of the coordinates Mean averages over
	// the particles, Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ / N, row by row ((d+1)² numbers on
	// the simplex, (d+1)⁴ on the spectraplex).
	Cov []float64 `json:"cov"`
	// MeanError, CovError and EnergyDistance compare the particles with the
	// target when it is known exactly (TargetOf: dirichlet's Dirichlet(α);
	// gaussian's and doublewell's truncated Gaussians and mixtures on the
	// plane, box, orthant, ball and polygon; interaction's N(c, s²I) on the
	// plane), and are absent otherwise (JSON leaves them out).
	//
	// MeanError is the Euclidean norm ‖Mean − E*x‖ over the coordinates
	// Mean has. On the ball and the polygon the target's mean and covariance
	// are those of TargetRefSamples exact draws (Target.Reference).
	MeanError Optional `json:"meanError,omitzero"`
	// CovError is the Frobenius norm ‖Cov − Cov*‖ of the difference from the
	// target's covariance (for Dirichlet(α), (αᵢα₀δᵢⱼ − αᵢαⱼ)/(α₀²(α₀+1))).
	CovError Optional `json:"covError,omitzero"`
	// EnergyDistance is E‖X−Z‖ − ½E‖X−X'‖ − ½E‖Z−Z'‖ in the coordinates
	// Mean has between the first min(N, EnergyParticles) particles and
	// EnergySamples exact draws from the target made from the fixed
	// EnergySeed; see EnergyDistance. Even for exact samples it is not 0 but
	// about ½(1/min(N, EnergyParticles) + 1/EnergySamples)·E‖X−X'‖: for
	// Dirichlet(2, 3, 4) at N ≥ 300, 8e-4 on average (sd 5e-4); 0.04 for the
	// uniform initial particles.
	EnergyDistance Optional `json:"energyDistance,omitzero"`
	// Accuracy is the fraction of the xor objective's XORTest fixed test
	// points that the network classifies correctly (sign f); absent for the
	// other objectives, whose F is not a training loss.
	Accuracy Optional `json:"accuracy,omitzero"`
	// StepsPerSecond is the measured simulation speed; the engine leaves it
	// 0 and the player that times the steps fills it in.
	StepsPerSecond float64 `json:"stepsPerSecond"`
	// Clamped counts dual moves cut to ±MoveBound and dual coordinates
	// clamped to ±DualBound since the particles were initialised.
	Clamped int64 `json:"clamped"`
	// Rejected counts particle moves refused because they were non-finite.
	Rejected int64 `json:"rejected"`
	// Floored counts barrier evaluations at a coordinate below FaceFloor
	// (only the primal methods reach a face).
	Floored int64 `json:"floored"`
	// Substeps is the mean number of diffusion substeps per particle in the
	// last step: 1 for the one-step methods, more for mmfld-substep.
	Substeps float64 `json:"substeps"`
	// N is the number of particles.
	N int `json:"n"`
}

// MetricsInto computes the metrics of the current particles into m, reusing
// m.Mean and m.Cov, and returns m. If m is nil a new Metrics is allocated.
//
// The readouts are computed once per state: they are kept until the
// particles or the config change (a Step, Reset or Reconfigure), so drawing
// and polling the same state again (a player records a state's readouts,
// then draws it) costs a copy.
func (s *System) MetricsInto(m *Metrics) *Metrics {
	if m == nil {
		m = &Metrics{}
	}
	if s.metricsVersion != s.version {
		s.measure(&s.metrics)
		s.metricsVersion = s.version
	}
	mean, cov := append(m.Mean[:0], s.metrics.Mean...), append(m.Cov[:0], s.metrics.Cov...)
	*m = s.metrics
	m.Mean, m.Cov = mean, cov
	return m
}

// measure computes the metrics of the current particles into m, reusing
// m.Mean and m.Cov (MetricsInto keeps them).
func (s *System) measure(m *Metrics) {
	g := s.diagnose()
	cov := append(m.Cov[:0], g.cov...)
	off, w := s.st.Map.Shown()
	p := s.st.P
	mean := m.Mean
	if cap(mean) < w {
		mean = make([]float64, w)
	}
	mean = mean[:w]
	clear(mean)
	s.st.Objective.Observe(s.st.X)
	open := isMirror(s.cfg.Algorithm)
	near := mirror.BoundaryEps * s.st.Map.Scale()
	counter, own := s.st.Map.(mirror.BoundaryCounter)
	outside, boundary := 0, 0
	for i := 0; i < len(s.st.X); i += p {
		xi := s.st.X[i : i+p]
		for j, v := range xi[off : off+w] {
			mean[j] += v
		}
		var out, close bool
		if own {
			out, close = counter.CountPoint(xi, open)
		} else {
			dist := s.st.Map.Distance(xi)
			out = !vec.AllFinite(xi) || dist < 0 || (open && !s.st.Map.Inside(xi))
			close = dist < near
		}
		if out {
			outside++
		}
		if close {
			boundary++
		}
	}
	for j := range mean {
		mean[j] /= float64(s.st.N)
	}
	f := finite(s.st.Objective.Value(s.st.X, s.barrierFloor()))
	*m = Metrics{
		Step:         s.step,
		Time:         s.time,
		F:            f,
		EntropyTies:  g.ties,
		BoundaryMass: float64(boundary) / float64(s.st.N),
		Outside:      outside,
		Mean:         mean,
		Cov:          cov,
		Clamped:      s.clamped,
		Rejected:     s.rejected,
		Floored:      s.floored,
		Substeps:     s.meanSubsteps(),
		N:            s.st.N,
	}
	if g.entropy.Valid {
		m.Entropy = Some(finite(g.entropy.Value))
		m.L = Some(finite(f - s.cfg.Lambda*g.entropy.Value))
	}
	if o, ok := s.st.Objective.(objective.Classifier); ok {
		m.Accuracy = Some(o.Accuracy(s.st.X, s.version))
	}
	if g.target != nil {
		m.MeanError = Some(finite(g.meanErr))
		m.CovError = Some(finite(g.covErr))
		m.EnergyDistance = Some(finite(g.energy))
	}
}

// Clone returns a copy of m that shares no slices with it.
func (m Metrics) Clone() Metrics {
	m.Mean = slices.Clone(m.Mean)
	m.Cov = slices.Clone(m.Cov)
	return m
}

// PrimalWidth returns how many coordinates Primal writes per particle: d+1
// barycentric ones on the simplex, the (d+1)² matrix entries on the
// spectraplex, the d chart coordinates elsewhere (Domain.Shown).
func (s *System) PrimalWidth() int {
	_, w := s.st.Map.Shown()
	return w
}

// Metrics returns the metrics of the current particles.
func (s *System) Metrics() Metrics { return *s.MetricsInto(nil) }

// finite maps NaN to 0 and ±Inf to ±MaxFloat64, so no readout is non-finite.
func finite(v float64) float64 {
	switch {
	case math.IsNaN(v):
		return 0
	case math.IsInf(v, 1):
		return math.MaxFloat64
	case math.IsInf(v, -1):
		return -math.MaxFloat64
	}
	return v
}

// Primal writes the particles' coordinates, particle by particle, into dst
// and returns it: N·(d+1) barycentric coordinates on the simplex, N·(d+1)²
// matrix entries (each particle's matrix Σ row by row) on the spectraplex,
// N·d chart coordinates elsewhere (the slacks a primal point carries are
// left out). dst follows vec.Grow's rule.
func (s *System) Primal(dst []float64) []float64 {
	off, w := s.st.Map.Shown()
	p := s.st.P
	dst = vec.Grow(dst, s.st.N*w)
	for i := range s.st.N {
		copy(dst[i*w:(i+1)*w], s.st.X[i*p+off:i*p+off+w])
	}
	return dst
}

// Spectrum writes the eigenvalues of each particle's matrix on the
// spectraplex, N·(d+1) numbers, each particle's in decreasing order, into dst
// and returns it; on the other domains it returns dst[:0]. nil dst
// allocates.
func (s *System) Spectrum(dst []float64) []float64 {
	sp, ok := s.st.Map.(mirror.Spectral)
	if !ok {
		return dst[:0]
	}
	k := sp.SpectrumLen()
	dst = vec.Grow(dst, s.st.N*k)
	for i := range s.st.N {
		sp.Spectrum(dst[i*k:(i+1)*k], s.st.X[i*s.st.P:(i+1)*s.st.P])
	}
	return dst
}

// Dual writes the N·d dual coordinates y = ∇φ(x), particle by particle, into
// dst and returns it; dst follows vec.Grow's rule.
func (s *System) Dual(dst []float64) []float64 {
	dst = vec.Grow(dst, len(s.st.Y))
	copy(dst, s.st.Y)
	return dst
}

// Snapshot is a read-only copy of a System's state for drawing: the renderer
// never touches a live System.
type Snapshot struct {
	Config Config
	Primal []float64 // N·(d+1) barycentric coordinates on the simplex, N·(d+1)² matrix entries on the spectraplex, N·d elsewhere
	Dual   []float64 // N·D dual coordinates, D the chart dimension (d, or (d+1)(d+2)/2 − 1 on the spectraplex)
	// Spectrum holds on the spectraplex the N·(d+1) eigenvalues of the
	// particles' matrices (System.Spectrum), for drawing; empty elsewhere.
	Spectrum []float64
	Metrics  Metrics
	// Playing says whether the player advances the System every frame; the
	// engine leaves it false and the player (app.Session) fills it in.
	Playing bool
	// Stopped, filled in by the player like Playing, says why the
	// simulation stopped ("" while it runs).
	Stopped string
	// Target is the mmd objective's target sample (System.TargetPoints),
	// empty for the other objectives.
	Target []float64
}

// SnapshotInto copies the state of s into dst, reusing its buffers.
func (s *System) SnapshotInto(dst *Snapshot) {
	s.cfg.copyInto(&dst.Config)
	dst.Primal = s.Primal(dst.Primal)
	dst.Dual = s.Dual(dst.Dual)
	dst.Target = s.TargetPoints(dst.Target)
	dst.Spectrum = s.Spectrum(dst.Spectrum)
	s.MetricsInto(&dst.Metrics)
}

// meanSubsteps returns the mean number of diffusion substeps per particle in the
// last step.
func (s *System) meanSubsteps() float64 {
	if s.lastSubsteps == 0 {
		return 1
	}
	return float64(s.lastSubsteps) / float64(s.st.N)
}

// TargetPoints writes the objective's target sample (objective.Targeted:
// mmd's ν_M) into dst and returns it: its points of Dim() chart coordinates
// each (on the simplex x₁ … x_d). For the other objectives it returns
// dst[:0]. dst follows vec.Grow's rule.
func (s *System) TargetPoints(dst []float64) []float64 {
	if o, ok := s.st.Objective.(objective.Targeted); ok {
		return o.TargetPoints(dst)
	}
	return dst[:0]
}

// Optional is a readout that only some runs have, such as an error against
// a target known only for some objectives. The zero value is absent. JSON
// spells a present value as a number and an absent one as null; Metrics
// tags its Optional fields omitzero, so an absent one is left out.
type Optional struct {
	Value float64
	Valid bool
}

// Some returns a present Optional holding v.
func Some(v float64) Optional { return Optional{Value: v, Valid: true} }

// IsZero reports whether o is absent (for the JSON tag option omitzero).
func (o Optional) IsZero() bool { return !o.Valid }

// MarshalJSON spells o as a number, or null when it is absent.
func (o Optional) MarshalJSON() ([]byte, error) {
	if !o.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(finite(o.Value))
}

// UnmarshalJSON reads a number (present) or null (absent).
func (o *Optional) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = Optional{}
		return nil
	}
	if err := json.Unmarshal(b, &o.Value); err != nil {
		return err
	}
	o.Valid = true
	return nil
}
