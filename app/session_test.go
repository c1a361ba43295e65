package app

import (
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/mmfld/playground/engine"
)

func newSession(t *testing.T) *Session {
	t.Helper()
	c := engine.Default()
	c.N = 200
	s, err := NewSession(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFrameStepsOnlyWhilePlaying(t *testing.T) {
	s := newSession(t)
	if s.Playing() || s.Frame() != 0 || s.Metrics().Step != 0 {
		t.Fatal("a new session must start paused")
	}
	s.Play()
	k := s.Config().StepsPerFrame
	if got := s.Frame(); got != k {
		t.Errorf("Frame() took %d steps, want stepsPerFrame = %d", got, k)
	}
	s.Toggle()
	if s.Playing() || s.Frame() != 0 {
		t.Error("Toggle did not pause")
	}
	if m := s.Step(7); m.Step != int64(k+7) {
		t.Errorf("Step(7) while paused: step = %d, want %d", m.Step, k+7)
	}
	s.Reset()
	if m := s.Metrics(); m.Step != 0 || m.Time != 0 {
		t.Errorf("after Reset: %+v", m)
	}
}

func TestPatchConfig(t *testing.T) {
	s := newSession(t)
	got, err := s.PatchConfig([]byte(`{"eta": 0.001, "objective": "dirichlet"}`))
	if err != nil || got.Eta != 0.001 || got.Objective != "dirichlet" || !reflect.DeepEqual(got, s.Config()) {
		t.Fatalf("PatchConfig = %+v, %v", got, err)
	}
	before := s.Config()
	_, err = s.PatchConfig([]byte(`{"eta": 0.002, "n": -5}`))
	var fe *engine.FieldError
	if !errors.As(err, &fe) || fe.Field != "n" {
		t.Errorf("PatchConfig(n=-5) error = %v, want a FieldError naming n", err)
	}
	if !reflect.DeepEqual(s.Config(), before) {
		t.Errorf("a refused patch changed the config to %+v", s.Config())
	}
}

func TestParticles(t *testing.T) {
	s := newSession(t)
	p, d := s.Particles(nil, nil)
	if len(p) != 200*3 || len(d) != 200*2 {
		t.Fatalf("Particles lengths %d, %d; want 600, 400", len(p), len(d))
	}
	for i := 0; i < len(p); i += 3 {
		if sum := p[i] + p[i+1] + p[i+2]; sum < 1-1e-12 || sum > 1+1e-12 {
			t.Fatalf("particle %d sums to %v", i/3, sum)
		}
	}
	// Buffers are reused when large enough.
	p2, _ := s.Particles(p, d)
	if &p2[0] != &p[0] {
		t.Error("Particles did not reuse the buffer it was given")
	}
}

// TestConcurrentUse drives a session from a "game loop" and an "API caller"
// at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	s := newSession(t)
	s.Play()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		var snap engine.Snapshot
		for range 50 {
			s.Frame()
			s.Snapshot(&snap)
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 50 {
			s.Step(1)
			s.Metrics()
			if _, err := s.PatchConfig([]byte(`{"beta": 0.2}`)); err != nil {
				t.Error(err)
			}
			if i%10 == 0 {
				s.Reset()
			}
		}
	}()
	wg.Wait()
}

// TestMetricsShareNothing: metrics handed out by Step and Metrics keep their
// values while the session moves on (their slices are copies).
func TestMetricsShareNothing(t *testing.T) {
	s := newSession(t)
	a, b := s.Step(3), s.Metrics()
	keepA, keepB := a.Clone(), b.Clone()
	s.Step(20)
	s.Metrics()
	s.Snapshot(&engine.Snapshot{})
	if !reflect.DeepEqual(a, keepA) || !reflect.DeepEqual(b, keepB) {
		t.Errorf("metrics changed after the session moved on:\n%+v\n%+v", a, b)
	}
	if len(a.Cov) != 9 || !a.Entropy.Valid {
		t.Errorf("Step metrics lack the covariance or the entropy: %+v", a)
	}
}
