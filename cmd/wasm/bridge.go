//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"syscall/js"
	"unsafe"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render"
)

// version is the version of the JavaScript API (window.mmfld.version).
const version = "0.1.0"

// maxStep is the largest k that window.mmfld.step(k) accepts in one call;
// run(k) takes up to maxRun, in slices between frames.
const (
	maxStep = 100000
	maxRun  = 100000000
)

// bridge is window.mmfld: it turns JavaScript calls into app.Session
// commands and copies results out. Every method runs inside a js.FuncOf
// callback, so each one only takes the session's short mutex; none waits for
// the game loop. JavaScript runs the callbacks one at a time, so the reused
// buffers below need no lock of their own.
type bridge struct {
	sess     *app.Session
	game     *render.Game
	urlError string // why the page URL's configuration was refused, or ""

	options []byte // JSON of engine.OptionsList, fixed for the run, made on first use

	// lastChanged and lastReinit describe the last successful setConfig.
	lastChanged []string
	lastReinit  bool

	// Buffers reused by particles(), history() and frameTimes().
	primal, dual []float64
	points       []app.Point
	times        render.FrameTimes

	jsonParse, jsonStringify, jsError, object, float64Array, uint8Array, promise js.Value

	funcs []js.Func // kept alive for the life of the page
}

func newBridge(sess *app.Session, game *render.Game, urlError string) *bridge {
	b := &bridge{
		sess:     sess,
		game:     game,
		urlError: urlError,
	}
	g := js.Global()
	b.jsonParse = g.Get("JSON").Get("parse").Call("bind", g.Get("JSON"))
	b.jsonStringify = g.Get("JSON").Get("stringify").Call("bind", g.Get("JSON"))
	b.jsError = g.Get("Error")
	b.object = g.Get("Object")
	b.float64Array = g.Get("Float64Array")
	b.uint8Array = g.Get("Uint8Array")
	b.promise = g.Get("Promise")
	return b
}

// install defines window.mmfld, marks it ready and dispatches the
// "mmfld-ready" event on window.
func (b *bridge) install() {
	g := js.Global()
	// Go cannot throw into JavaScript from a js.FuncOf callback, so every
	// method returns an Error object on failure and sim.js's adaptor
	// (window.mmfldThrowing) throws it. sim.js writes it, not this program
	// with Function(): the page's Content-Security-Policy allows no eval.
	throwing := g.Get("mmfldThrowing")
	if throwing.Type() != js.TypeFunction {
		panic("mmfld: window.mmfldThrowing is not a function: load the program with web/sim.js")
	}

	api := b.object.New()
	api.Set("version", version)
	if b.urlError != "" {
		api.Set("urlError", b.urlError)
	} else {
		api.Set("urlError", js.Null())
	}
	method := func(name string, fn func(args []js.Value) (any, error)) {
		f := js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
			defer func() {
				if r := recover(); r != nil {
					result = b.jsError.New(fmt.Sprintf("mmfld.%s: %v", name, r))
				}
			}()
			v, err := fn(args)
			if err != nil {
				return b.jsError.New(err.Error())
			}
			return v
		})
		b.funcs = append(b.funcs, f)
		api.Set(name, throwing.Invoke(f))
	}

	method("options", func([]js.Value) (any, error) { return b.parse(b.optionsJSON()), nil })
	// sided makes a method whose one argument is an optional side.
	sided := func(get func(app.Side) (any, error)) func([]js.Value) (any, error) {
		return func(args []js.Value) (any, error) {
			side, err := sideArg(args, 0)
			if err != nil {
				return nil, err
			}
			v, err := get(side)
			if err != nil {
				return nil, err
			}
			return b.toJS(v), nil
		}
	}
	method("getConfig", sided(func(side app.Side) (any, error) { return b.sess.ConfigOf(side) }))
	method("setConfig", b.setConfig)
	method("compare", b.compare)
	method("load", b.load)
	method("comparing", func([]js.Value) (any, error) { return b.sess.Comparing(), nil })
	method("applyLink", func(args []js.Value) (any, error) {
		if len(args) == 0 || args[0].Type() != js.TypeString {
			return nil, &engine.FieldError{Field: "link", Allowed: "must be a query string, e.g. \"preset=paper-e1&b.eta=0.001\"", Got: describeArgs(args, 0)}
		}
		return nil, b.sess.ApplyLink(args[0].String())
	})
	method("parseLesson", func(args []js.Value) (any, error) {
		if len(args) == 0 || args[0].Type() != js.TypeString {
			return nil, &engine.FieldError{Field: "lesson", Allowed: "must be the text of a lesson's JSON", Got: describeArgs(args, 0)}
		}
		l, err := app.ParseLesson([]byte(args[0].String()))
		if err != nil {
			return nil, err
		}
		return b.toJS(l), nil
	})
	method("history", func(args []js.Value) (any, error) {
		side, err := sideArg(args, 0)
		if err != nil {
			return nil, err
		}
		if b.points, err = b.sess.History(side, b.points); err != nil {
			return nil, err
		}
		return b.toJS(b.points), nil
	})
	method("exportCSV", func(args []js.Value) (any, error) {
		if len(args) == 0 || args[0].Type() != js.TypeString {
			return nil, &engine.FieldError{Field: "what", Allowed: `must be "particles" or "history"`, Got: describeArgs(args, 0)}
		}
		side, err := sideArg(args, 1)
		if err != nil {
			return nil, err
		}
		return b.sess.ExportCSV(side, args[0].String())
	})
	method("lastChange", func([]js.Value) (any, error) {
		return b.toJS(struct {
			Changed []string `json:"changed"`
			Reinit  bool     `json:"reinit"`
		}{append([]string{}, b.lastChanged...), b.lastReinit}), nil
	})
	method("query", func([]js.Value) (any, error) {
		a := b.sess.Config()
		if !b.sess.Comparing() {
			return a.Query(), nil
		}
		c, err := b.sess.ConfigOf(app.B)
		if err != nil { // the comparison ended between the two calls
			return a.Query(), nil
		}
		return a.LinkQuery(&c), nil
	})
	method("play", func([]js.Value) (any, error) { b.sess.Play(); return nil, nil })
	method("pause", func([]js.Value) (any, error) { b.sess.Pause(); return nil, nil })
	method("reset", func([]js.Value) (any, error) { b.sess.Reset(); return nil, nil })
	method("playing", func([]js.Value) (any, error) { return b.sess.Playing(), nil })
	method("step", b.step)
	method("run", b.run)
	method("stopped", func([]js.Value) (any, error) {
		if why := b.sess.Stopped(); why != "" {
			return why, nil
		}
		return js.Null(), nil
	})
	method("metrics", sided(func(side app.Side) (any, error) { return b.sess.MetricsOf(side) }))
	method("particles", b.particles)
	method("view", b.view)
	method("fps", func([]js.Value) (any, error) { return b.game.FPS(), nil })
	method("frameTimes", func([]js.Value) (any, error) {
		b.game.FrameTimes(&b.times)
		return b.toJS(&b.times), nil
	})

	method("memory", func([]js.Value) (any, error) { return b.toJS(readMemory()), nil })

	api.Set("ready", true)
	g.Set("mmfld", api)
	g.Call("dispatchEvent", g.Get("Event").New("mmfld-ready"))
}

// optionsJSON returns the JSON of engine.OptionsList, marshalled on the
// first call (the panel asks for it once, when it builds).
func (b *bridge) optionsJSON() []byte {
	if b.options == nil {
		var err error
		if b.options, err = json.Marshal(engine.OptionsList()); err != nil {
			panic("mmfld: options do not marshal: " + err.Error())
		}
	}
	return b.options
}

// setConfig(partial, side) applies a partial config to side "a" (the
// default) or "b" and returns that side's full config. It throws, changing
// nothing, when engine.Config.Patch refuses the patch.
func (b *bridge) setConfig(args []js.Value) (any, error) {
	patch, err := b.patchArg(args, "config")
	if err != nil {
		return nil, err
	}
	side, err := sideArg(args, 1)
	if err != nil {
		return nil, err
	}
	before, err := b.sess.ConfigOf(side) // engine.Config.Patch refuses nulls (JSON.stringify's NaN and Infinity)
	if err != nil {
		return nil, err
	}
	after, err := b.sess.PatchConfigOf(side, patch)
	if err != nil {
		return nil, err
	}
	b.lastChanged, b.lastReinit = b.changes(before, after)
	return b.toJS(after), nil
}

// compare(patch) starts comparing: side "b" is the current config patched
// by patch (an object of config fields, validated like setConfig's), both
// sides restart from their seeds and run in lock-step, and it returns b's
// full config. compare(null) ends the comparison and returns null.
func (b *bridge) compare(args []js.Value) (any, error) {
	if len(args) > 0 && (args[0].IsNull() || args[0].IsUndefined()) {
		_, err := b.sess.Compare(nil)
		return js.Null(), err
	}
	patch, err := b.patchArg(args, "compare")
	if err != nil {
		return nil, err
	}
	c, err := b.sess.Compare(patch)
	if err != nil {
		return nil, err
	}
	return b.toJS(c), nil
}

// load(config) applies what the page's "Export config" saves: one config
// object (ending any comparison) or {a, b}, both sides from their seeds,
// all or nothing (app.Session.Load); it returns side a's full config.
func (b *bridge) load(args []js.Value) (any, error) {
	data, err := b.patchArg(args, "config")
	if err != nil {
		return nil, err
	}
	before := b.sess.Config()
	if err := b.sess.Load(data); err != nil {
		return nil, err
	}
	after := b.sess.Config()
	b.lastChanged, b.lastReinit = b.changes(before, after)
	return b.toJS(after), nil
}

// view([changes]) sets how the picture shows the session from an object
// of view fields, {curves: bool, log: bool}, each optional (absent fields
// keep their value), and returns the whole view. view() only returns it.
// A field of another name or kind is refused, naming it, and nothing
// changes.
func (b *bridge) view(args []js.Value) (any, error) {
	v := b.game.View()
	if len(args) > 0 && !args[0].IsUndefined() {
		o := args[0]
		if o.Type() != js.TypeObject || o.IsNull() || js.Global().Get("Array").Call("isArray", o).Bool() {
			return nil, &engine.FieldError{Field: "view", Allowed: "must be an object, e.g. {curves: true, log: false}", Got: describe(o)}
		}
		keys := js.Global().Get("Object").Call("keys", o)
		for i := range keys.Length() {
			k := keys.Index(i).String()
			f := o.Get(k)
			var dst *bool
			switch k {
			case "curves":
				dst = &v.Curves
			case "log":
				dst = &v.Log
			default:
				return nil, &engine.FieldError{Field: k, Allowed: "is not a view field (curves, log)", Got: describe(f)}
			}
			if f.Type() != js.TypeBoolean {
				return nil, &engine.FieldError{Field: k, Allowed: "must be true or false", Got: describe(f)}
			}
			*dst = f.Bool()
		}
		b.game.SetView(v)
	}
	return b.toJS(v), nil
}

// patchArg returns args[0], an object of config fields, as JSON, or an
// error naming field when it is not one.
func (b *bridge) patchArg(args []js.Value, field string) ([]byte, error) {
	if len(args) == 0 || args[0].Type() != js.TypeObject || js.Global().Get("Array").Call("isArray", args[0]).Bool() {
		return nil, &engine.FieldError{Field: field, Allowed: "must be an object of config fields, e.g. {eta: 0.001}", Got: describeArgs(args, 0)}
	}
	return []byte(b.jsonStringify.Invoke(args[0]).String()), nil // a throw (BigInt, cycle) is recovered as an Error
}

// sideArg reads the optional side argument args[i]: "a" (the default when
// absent) or "b".
func sideArg(args []js.Value, i int) (app.Side, error) {
	if len(args) <= i || args[i].IsUndefined() {
		return app.A, nil
	}
	if args[i].Type() != js.TypeString {
		return app.A, &engine.FieldError{Field: "side", Allowed: `must be "a" or "b"`, Got: describe(args[i])}
	}
	side, err := app.ParseSide(args[i].String())
	if err != nil {
		return app.A, &engine.FieldError{Field: "side", Allowed: `must be "a" or "b"`, Got: describe(args[i])}
	}
	return side, nil
}

// describeArgs spells args[i] for an error message, "nothing" when absent.
func describeArgs(args []js.Value, i int) string {
	if len(args) <= i {
		return "nothing"
	}
	return describe(args[i])
}

// changes lists the fields that differ between two configs, in the order of
// engine.OptionsList, and whether one of them re-initialises the particles
// (FieldSpec.Reinit).
func (b *bridge) changes(before, after engine.Config) (changed []string, reinit bool) {
	var x, y map[string]json.RawMessage
	bx, _ := json.Marshal(before)
	by, _ := json.Marshal(after)
	json.Unmarshal(bx, &x)
	json.Unmarshal(by, &y)
	for _, f := range engine.OptionsList().Fields {
		if string(x[f.Name]) != string(y[f.Name]) {
			changed = append(changed, f.Name)
			reinit = reinit || f.Reinit
		}
	}
	return changed, reinit
}

// step(k) advances k steps now (k defaults to 1) and returns the metrics.
// It throws, saying why, when the simulation has stopped.
func (b *bridge) step(args []js.Value) (any, error) {
	k, err := stepCount(args, maxStep)
	if err != nil {
		return nil, err
	}
	if why := b.sess.Stopped(); why != "" {
		return nil, fmt.Errorf("mmfld.step: %s; call mmfld.reset()", why)
	}
	return b.toJS(b.sess.Step(k)), nil
}

// run(k) returns a Promise of the metrics after k more steps (k defaults to
// 1), taken in slices between frames (app.Session.Run), so the page keeps
// drawing and answering meanwhile. The Promise rejects if the simulation
// stops or is reset first; a bad k throws at once.
func (b *bridge) run(args []js.Value) (any, error) {
	k, err := stepCount(args, maxRun)
	if err != nil {
		return nil, err
	}
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, settle []js.Value) any {
		resolve, reject := settle[0], settle[1]
		b.sess.Run(k, func(m engine.Metrics, err error) {
			executor.Release()
			if err != nil {
				reject.Invoke(b.jsError.New("mmfld.run: " + err.Error()))
				return
			}
			resolve.Invoke(b.toJS(m))
		})
		return nil
	})
	return b.promise.New(executor), nil
}

// stepCount reads the optional step count of step and run: an integer in
// [1, most], 1 when absent.
func stepCount(args []js.Value, most int) (int, error) {
	if len(args) == 0 || args[0].Type() == js.TypeUndefined {
		return 1, nil
	}
	v := args[0]
	bad := &engine.FieldError{Field: "k", Allowed: fmt.Sprintf("must be an integer in [1, %d]", most), Got: describe(v)}
	if v.Type() != js.TypeNumber {
		return 0, bad
	}
	f := v.Float()
	if f != math.Trunc(f) || f < 1 || f > float64(most) {
		return 0, bad
	}
	return int(f), nil
}

// particles(side) copies side's particles out in bulk: primal holds N·(d+1)
// barycentric coordinates (on the spectraplex N·(d+1)² matrix entries,
// elsewhere N·d chart coordinates) and dual the dual coordinates, particle
// by particle (engine.System.Primal, Dual).
func (b *bridge) particles(args []js.Value) (any, error) {
	side, err := sideArg(args, 0)
	if err != nil {
		return nil, err
	}
	cfg, err := b.sess.ConfigOf(side)
	if err != nil {
		return nil, err
	}
	if b.primal, b.dual, err = b.sess.ParticlesOf(side, b.primal, b.dual); err != nil {
		return nil, err
	}
	out := b.object.New()
	out.Set("primal", b.float64s(b.primal))
	out.Set("dual", b.float64s(b.dual))
	out.Set("n", cfg.N)
	out.Set("dim", cfg.Dim)
	return out, nil
}

// float64s returns a new Float64Array holding v, filled with one bulk copy
// through a Uint8Array over its buffer. WebAssembly and typed arrays on every
// browser are little-endian, so v's bytes are the array's bytes.
func (b *bridge) float64s(v []float64) js.Value {
	arr := b.float64Array.New(len(v))
	if len(v) > 0 {
		raw := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*8)
		js.CopyBytesToJS(b.uint8Array.New(arr.Get("buffer")), raw)
	}
	return arr
}

// toJS turns a small Go value into a plain JavaScript object by way of its
// JSON, so the JSON names of engine's types are the names JavaScript sees.
func (b *bridge) toJS(v any) js.Value {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // engine's values always marshal: metrics are finite
	}
	return b.parse(data)
}

func (b *bridge) parse(data []byte) js.Value { return b.jsonParse.Invoke(string(data)) }

// describe spells a JavaScript value for an error message.
func describe(v js.Value) string {
	switch v.Type() {
	case js.TypeNumber:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprint(f)
		}
		return fmt.Sprintf("%v", f)
	case js.TypeString:
		return fmt.Sprintf("%q", v.String())
	case js.TypeObject:
		if js.Global().Get("Array").Call("isArray", v).Bool() {
			return "an array"
		}
		return "an object"
	default:
		return v.Type().String()
	}
}

// memory is what mmfld.memory() returns: the Go heap after a collection and
// the memory Go has taken, in bytes, for a long session's test to watch. In
// WebAssembly, Go takes memory by growing the linear memory, which never
// shrinks: Sys growing is the page's memory growing.
type memory struct {
	Heap  uint64 `json:"heapBytes"` // live heap objects after the collection (runtime.MemStats.HeapAlloc)
	Sys   uint64 `json:"sysBytes"`  // all memory Go has taken (runtime.MemStats.Sys)
	NumGC uint32 `json:"numGC"`     // collections so far
}

// readMemory runs a garbage collection and reads the memory figures.
func readMemory() memory {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{Heap: ms.HeapAlloc, Sys: ms.Sys, NumGC: ms.NumGC}
}
