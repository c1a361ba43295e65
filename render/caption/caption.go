// Package caption writes the short texts the picture labels a comparison
// with: what differs between the configs of its two sides. It imports no
// ebiten, so it is tested without a display.
package caption

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/mmfld/playground/engine"
)

// MostFields is the most differing fields a side's label names; more are
// summed up as "…".
const MostFields = 2

// symbols are the names a label gives a config's fields (by JSON name):
// the mathematics' letters where the README uses them.
var symbols = map[string]string{
	"lambda": "λ", "eta": "η", "beta": "β", "gamma": "γ", "kappa": "κ", "sigma": "σ",
	"n": "N", "dim": "d", "alpha": "α", "q": "q", "center": "c", "radius": "R",
	"hessianAt": "∇²φ at", "stepsPerFrame": "steps/frame", "bandwidth": "h",
}

// bare are the fields a label shows by their value alone: an algorithm or
// a map names itself.
var bare = map[string]bool{"algorithm": true, "objective": true, "domain": true}

// Sides returns the labels of the two sides of a comparison of a and b:
// "a: " and "b: " followed by the fields that differ (at most MostFields,
// the rest as "…"), each as its value ("mmfld", "entropic map") or
// "name = value" ("λ = 0.1"), in the order of engine.Config's fields.
// Equal configs are labelled "a: same config" and "b: same config".
func Sides(a, b *engine.Config) (la, lb string) {
	var pa, pb []string
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	t := va.Type()
	more := false
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		x, y := va.Field(i), vb.Field(i)
		if reflect.DeepEqual(x.Interface(), y.Interface()) {
			continue
		}
		if name == "seed" && len(pa) > 0 {
			continue // a seed that differs beside a method matters less
		}
		if len(pa) == MostFields {
			more = true
			break
		}
		pa = append(pa, field(name, x))
		pb = append(pb, field(name, y))
	}
	if len(pa) == 0 {
		return "a: same config", "b: same config"
	}
	tail := ""
	if more {
		tail = ", …"
	}
	return "a: " + strings.Join(pa, ", ") + tail, "b: " + strings.Join(pb, ", ") + tail
}

// field spells one field's value for a label.
func field(name string, v reflect.Value) string {
	val := value(v)
	switch {
	case bare[name]:
		return val
	case name == "mirror":
		return val + " map"
	}
	sym, ok := symbols[name]
	if !ok {
		sym = name
	}
	return sym + " = " + val
}

// value spells a field's value: numbers in the shortest form (4
// significant digits), lists in parentheses (the first three, then "…").
func value(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float64, reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', 4, 64)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Slice:
		var b strings.Builder
		b.WriteByte('(')
		for i := range v.Len() {
			if i == 3 {
				b.WriteString(", …")
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(value(v.Index(i)))
		}
		b.WriteByte(')')
		return b.String()
	}
	return "?"
}
