// Package control turns the desktop app's keys and flags into the commands
// every front end shares: app.Session's play, pause, step and reset, and
// configuration changes that engine validates. It imports no ebiten, so it
// is tested without a display; the desktop app only maps ebiten's key codes
// to the key names here.
package control

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/objective/xor"
)

// Binding is one key of the desktop app and the command it runs.
type Binding struct {
	// Key is the key's name as ebiten spells it (ebiten.Key's String and
	// UnmarshalText): "Space", "ArrowRight", "R", "BracketLeft".
	Key string
	// Label is how the help line writes the key.
	Label string
	// Help says what the key does, in a few words.
	Help string

	do   func(s *app.Session) (string, error)
	view func(v View) string // for a key that changes the view instead
}

// View is the part of the picture a key may change rather than the run:
// the curves view and its scale (render.Game implements it).
type View interface {
	Curves() bool
	SetCurves(on bool)
	LogScale() bool
	SetLogScale(on bool)
}

// bindings is the one table of keys.
var bindings = []Binding{
	{Key: "Space", Label: "space", Help: "play/pause", do: toggle},
	{Key: "ArrowRight", Label: "→", Help: "one step", do: step},
	{Key: "R", Label: "R", Help: "reset", do: reset},
	{Key: "X", Label: "X", Help: "domain", do: cycleDomain},
	{Key: "M", Label: "M", Help: "mirror map", do: cycleMirror},
	{Key: "O", Label: "O", Help: "objective", do: cycleObjective},
	{Key: "A", Label: "A", Help: "algorithm", do: cycleAlgorithm},
	{Key: "D", Label: "D", Help: "dimension", do: cycleDim},
	{Key: "P", Label: "P", Help: "preset", do: cyclePreset},
	{Key: "C", Label: "C", Help: "compare", do: toggleCompare},
	{Key: "G", Label: "G", Help: "curves", view: toggleCurves},
	{Key: "L", Label: "L", Help: "log scale", view: toggleLog},
	{Key: "BracketLeft", Label: "[", Help: "η ÷ 2", do: func(s *app.Session) (string, error) { return scaleEta(s, 0.5) }},
	{Key: "BracketRight", Label: "]", Help: "η × 2", do: func(s *app.Session) (string, error) { return scaleEta(s, 2) }},
}

// Bindings returns the keys of the desktop app, in the order the help line
// lists them.
func Bindings() []Binding { return slices.Clone(bindings) }

// Apply runs the command bound to the named key on s and returns a short
// message saying what happened (for the screen). A change the engine
// refuses returns its *engine.FieldError and changes nothing; a key with no
// binding, or one that changes the view (see Press), is an error too.
func Apply(key string, s *app.Session) (string, error) {
	for _, b := range bindings {
		if b.Key == key && b.do != nil {
			return b.do(s)
		}
	}
	return "", fmt.Errorf("control: no command on the run for key %q", key)
}

// Press runs the command bound to the named key: on s (Apply), or on v for
// a key that changes the view (G the curves, L their scale).
func Press(key string, s *app.Session, v View) (string, error) {
	for _, b := range bindings {
		if b.Key == key && b.view != nil {
			return b.view(v), nil
		}
	}
	return Apply(key, s)
}

// toggleCurves turns the curves view on or off.
func toggleCurves(v View) string {
	v.SetCurves(!v.Curves())
	if v.Curves() {
		return "curves on"
	}
	return "curves off"
}

// toggleLog switches the curves between a log and a linear scale.
func toggleLog(v View) string {
	v.SetLogScale(!v.LogScale())
	if v.LogScale() {
		return "curves: log scale"
	}
	return "curves: linear scale"
}

// HelpLine returns the keys and what they do, in one line.
func HelpLine() string {
	var b strings.Builder
	for i, k := range bindings {
		if i > 0 {
			b.WriteString("   ")
		}
		b.WriteString(k.Label)
		b.WriteString("  ")
		b.WriteString(k.Help)
	}
	return b.String()
}

func toggle(s *app.Session) (string, error) {
	s.Toggle()
	if s.Playing() {
		return "playing", nil
	}
	return "paused", nil
}

func step(s *app.Session) (string, error) {
	m := s.Step(1)
	return "step " + strconv.FormatInt(m.Step, 10), nil
}

func reset(s *app.Session) (string, error) {
	s.Reset()
	return "reset: particles redrawn from seed " + strconv.FormatInt(s.Config().Seed, 10), nil
}

// cycleDomain moves to the next domain; its default mirror map and
// objective come with it, and the particles restart.
func cycleDomain(s *app.Session) (string, error) {
	return cycle(s, "domain", func(engine.Config) []string { return engine.Domains },
		func(c engine.Config) string { return c.Domain },
		func(c engine.Config) string {
			return "domain: " + c.Domain + " (" + c.Mirror + " map, " + c.Objective + ")"
		})
}

// cycleMirror moves to the next mirror map the domain allows.
func cycleMirror(s *app.Session) (string, error) {
	return cycle(s, "mirror", func(c engine.Config) []string { return engine.ChoicesFor(c.Domain).Mirrors },
		func(c engine.Config) string { return c.Mirror },
		func(c engine.Config) string { return "mirror map: " + c.Mirror })
}

// cycleObjective moves to the next objective the domain allows.
func cycleObjective(s *app.Session) (string, error) {
	return cycle(s, "objective", func(c engine.Config) []string { return engine.ChoicesFor(c.Domain).Objectives },
		func(c engine.Config) string { return c.Objective },
		func(c engine.Config) string { return "objective: " + c.Objective })
}

// cycleAlgorithm moves to the next algorithm the domain and objective
// allow (engine.AlgorithmsFor).
func cycleAlgorithm(s *app.Session) (string, error) {
	return cycle(s, "algorithm", engine.AlgorithmsFor,
		func(c engine.Config) string { return c.Algorithm },
		func(c engine.Config) string { return "algorithm: " + c.Algorithm })
}

// cycle sets the enum field to the value after the current one (get) among
// those the running config allows (values), and says what it did (say).
func cycle(s *app.Session, field string, values func(engine.Config) []string, get, say func(engine.Config) string) (string, error) {
	c := s.Config()
	cfg, err := setNext(s, field, values(c), get(c))
	if err != nil {
		return "", err
	}
	return say(cfg), nil
}

// setNext sets the enum field to the name after cur in names (Next),
// through the session's validated PatchConfig.
func setNext(s *app.Session, field string, names []string, cur string) (engine.Config, error) {
	return s.PatchConfig([]byte(`{` + strconv.Quote(field) + `:` + strconv.Quote(Next(names, cur)) + `}`))
}

// cycleDim moves to the next dimension d of the simplex, wrapping from
// engine.MaxDim to engine.MinDim (xor.MinDim for xor); the particles
// restart.
func cycleDim(s *app.Session) (string, error) {
	d := s.Config().Dim + 1
	if d > engine.MaxDim {
		d = engine.MinDim
		if s.Config().Objective == engine.ObjectiveXOR {
			d = xor.MinDim
		}
	}
	cfg, err := s.PatchConfig([]byte(`{"dim":` + strconv.Itoa(d) + `}`))
	if err != nil {
		return "", err
	}
	return "dimension d = " + strconv.Itoa(cfg.Dim) + ": particles restarted", nil
}

// cyclePreset switches to the preset after the one the session runs (the
// first if it runs none).
func cyclePreset(s *app.Session) (string, error) {
	ps := engine.Presets()
	cur := s.Config()
	i := slices.IndexFunc(ps, func(p engine.Preset) bool { return reflect.DeepEqual(p.Config, cur) })
	p := ps[(i+1)%len(ps)]
	if err := s.ApplyLink("preset=" + p.Name); err != nil { // a preset may compare two runs
		return "", err
	}
	return "preset: " + p.Title, nil
}

// toggleCompare starts comparing the run with the other kind of method on
// the same objective (a mirror method against projected MFLD, a primal one
// against MMFLD), or ends the comparison.
func toggleCompare(s *app.Session) (string, error) {
	if s.Comparing() {
		if _, err := s.Compare(nil); err != nil {
			return "", err
		}
		return "comparison ended", nil
	}
	other := engine.AlgorithmProjected
	if !engine.IsMirror(s.Config().Algorithm) {
		other = engine.AlgorithmMMFLD
	}
	b, err := s.Compare([]byte(`{"algorithm":"` + other + `"}`))
	if err != nil {
		return "", err
	}
	return "comparing with " + b.Algorithm, nil
}

// scaleEta multiplies the step size η by f, clamped to [engine.MinEta,
// engine.MaxEta], through the session's validated PatchConfig.
func scaleEta(s *app.Session, f float64) (string, error) {
	eta := s.Config().Eta
	next := min(max(eta*f, engine.MinEta), engine.MaxEta)
	cfg, err := s.PatchConfig([]byte(`{"eta":` + strconv.FormatFloat(next, 'g', -1, 64) + `}`))
	if err != nil {
		return "", err
	}
	msg := "η = " + strconv.FormatFloat(cfg.Eta, 'g', 4, 64)
	switch cfg.Eta {
	case engine.MinEta:
		msg += " (the smallest allowed)"
	case engine.MaxEta:
		msg += " (the largest allowed)"
	}
	return msg, nil
}

// Next returns the name after cur in names, wrapping round; the first name
// if cur is not among them.
func Next(names []string, cur string) string {
	if len(names) == 0 {
		return cur
	}
	i := slices.Index(names, cur)
	return names[(i+1)%len(names)]
}

// LoadConfig returns the configuration named by the -config flag: engine's
// Default patched with a JSON object, given either literally (arg starts
// with '{') or as the path of a file holding it. An empty arg is the
// default. engine validates the result; its *engine.FieldError comes back
// wrapped with where the JSON came from.
func LoadConfig(arg string) (engine.Config, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return engine.Default(), nil
	}
	data, from := []byte(arg), "-config"
	if !strings.HasPrefix(arg, "{") {
		var err error
		if data, err = os.ReadFile(arg); err != nil {
			return engine.Config{}, err
		}
		from = arg
		data = bytes.TrimSpace(data)
	}
	cfg, err := engine.Default().Patch(data)
	if err != nil {
		return engine.Config{}, fmt.Errorf("%s: %w", from, err)
	}
	return cfg, nil
}
