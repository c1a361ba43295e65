package engine

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// PatchQuery applies the configuration spelled in a URL query string (with or
// without the leading "?") to c and returns the result. Three spellings are
// accepted and may be mixed:
//
//	preset=dirichlet                              a preset (Presets) in place of c
//	config={"eta":0.01,"objective":"dirichlet"}   one JSON object, as for Patch
//	eta=0.01&objective=dirichlet&q=0.5,0.3,0.2    one parameter per field
//
// The preset comes first, then the JSON object, then the single parameters,
// each spelled as the JSON value its field's kind asks for. Validation is
// Patch's: a bad value gets the same *FieldError as from any other door, and
// c is returned unchanged with it. Parameters that are not config fields are
// refused too. PatchQuery describes one run: a preset's comparison is left
// out (its side A is the run), and compare or b.field parameters are refused;
// PatchLink reads them.
func (c Config) PatchQuery(query string) (Config, error) {
	values, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	if err == nil {
		for name := range values {
			if name == "compare" || strings.HasPrefix(name, "b.") {
				return c, &FieldError{Field: name, Allowed: "describes a comparison, which this door cannot run (one run only)", Got: values.Get(name)}
			}
		}
	}
	a, _, err := c.PatchLink(query)
	return a, err
}

// PatchLink is PatchQuery for a link that may also describe a comparison
// (two runs side by side): side A is c patched as PatchQuery says, and side
// B, if the link asks for one, is A patched by the preset's comparison, then
// by a JSON object compare={...}, then by single parameters b.field=value:
//
//	preset=paper-e1&b.eta=0.001      the preset's two sides, B with η = 0.001
//	eta=0.01&compare={"algorithm":"projected"}
//	compare={}                       two sides running the same config
//
// b is nil when the link asks for no comparison. Validation is Patch's, as
// for PatchQuery; on error c is returned, and b is nil.
func (c Config) PatchLink(query string) (a Config, b *Config, err error) {
	values, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	if err != nil {
		return c, nil, &FieldError{Field: "URL", Allowed: "must be a query string of config fields", Got: err.Error()}
	}
	var comparePatches [][]byte // applied to A, in order, to make B
	bValues := url.Values{}
	for name, vs := range values {
		if field, ok := strings.CutPrefix(name, "b."); ok {
			bValues[field] = vs
			delete(values, name)
		}
	}
	next := c
	if name, ok := values["preset"]; ok {
		p, found := PresetByName(name[0])
		if !found {
			return c, nil, &FieldError{Field: "preset", Allowed: "must be one of " + strings.Join(presetNames(), ", "), Got: strconv.Quote(name[0])}
		}
		next = p.Config
		if p.Compare != nil {
			comparePatches = append(comparePatches, p.Compare)
		}
		delete(values, "preset")
	}
	if raw, ok := values["compare"]; ok {
		comparePatches = append(comparePatches, []byte(raw[0]))
		delete(values, "compare")
	}
	if next, err = next.patchValues(values); err != nil {
		return c, nil, err
	}
	if len(comparePatches) == 0 && len(bValues) == 0 {
		return next, nil, nil
	}
	side := next
	for _, patch := range comparePatches {
		if side, err = side.Patch(patch); err != nil {
			return c, nil, prefixField(err, "compare")
		}
	}
	if side, err = side.patchValues(bValues); err != nil {
		return c, nil, prefixField(err, "b.")
	}
	return next, &side, nil
}

// prefixField names a *FieldError's field as side B's: "b.eta", or
// "compare" for an error in the compare object itself.
func prefixField(err error, prefix string) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	e := *fe
	switch {
	case prefix == "compare" && e.Field == "config":
		e.Field = "compare"
	case prefix == "compare":
		e.Field = "b." + e.Field
	default:
		e.Field = prefix + e.Field
	}
	return &e
}

// patchValues applies config=... and one parameter per field to c, as
// PatchQuery describes.
func (c Config) patchValues(values url.Values) (Config, error) {
	next := c
	var err error
	if raw, ok := values["config"]; ok {
		if next, err = next.Patch([]byte(raw[0])); err != nil {
			return c, err
		}
		delete(values, "config")
	}
	if len(values) == 0 {
		return next, nil
	}
	patch := make(map[string]json.RawMessage, len(values))
	for name, vs := range values {
		patch[name] = valueJSON(name, strings.TrimSpace(vs[0]))
	}
	b, err := json.Marshal(patch)
	if err != nil {
		return c, &FieldError{Field: "URL", Allowed: "must be a query string of config fields", Got: err.Error()}
	}
	if next, err = next.Patch(b); err != nil {
		return c, err
	}
	return next, nil
}

// PatchStrings applies "field=value" settings (as from repeated command-line
// flags) to c, spelled as in PatchQuery.
func (c Config) PatchStrings(settings []string) (Config, error) {
	q := url.Values{}
	for _, s := range settings {
		name, value, ok := strings.Cut(s, "=")
		if !ok {
			return c, &FieldError{Field: s, Allowed: "must be written field=value", Got: s}
		}
		q.Set(strings.TrimSpace(name), value)
	}
	return c.PatchQuery(q.Encode())
}

// valueJSON spells a query value as the JSON its field's kind asks for: an
// enum as a string, a number or integer as a number, a vector as an array
// ("0.5,0.3,0.2" or "[0.5,0.3,0.2]"). A value not spelled as its kind asks,
// or a name that is no field, stays a JSON string for Patch to refuse with
// its own message.
func valueJSON(name, v string) json.RawMessage {
	var raw json.RawMessage
	if f := specByName(name); f != nil {
		switch f.Kind {
		case "number", "integer":
			if isJSONNumber(v) {
				raw = json.RawMessage(v)
			}
		case "vector":
			raw = vectorJSON(v)
		}
	}
	if raw == nil {
		raw, _ = json.Marshal(v) // a string always marshals
	}
	return raw
}

// vectorJSON spells "a,b,c" or "[a,b,c]" as a JSON array, or returns nil when
// an entry is not a number.
func vectorJSON(v string) json.RawMessage {
	v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
	var b strings.Builder
	b.WriteByte('[')
	for i, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if !isJSONNumber(p) {
			return nil
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(p)
	}
	b.WriteByte(']')
	return json.RawMessage(b.String())
}

// isJSONNumber reports whether s is exactly one JSON number literal (not
// NaN, Infinity, 0x10 or empty).
func isJSONNumber(s string) bool {
	if s == "" || !json.Valid([]byte(s)) {
		return false
	}
	return s[0] == '-' || (s[0] >= '0' && s[0] <= '9')
}

// Query spells the fields of c that differ from Default() as a URL query
// string (without "?"), in the one-parameter-per-field form PatchQuery reads:
// Default().PatchQuery(c.Query()) gives back c. Fields are in sorted order so
// that equal configs give equal links.
func (c Config) Query() string { return diffQuery(Default(), c, "") }

// LinkQuery spells a comparison of c (side A) with b (side B) as the query
// string PatchLink reads: c's Query, then B's fields that differ from c's as
// b.field=value. A nil b spells c alone; Default().PatchLink(c.LinkQuery(b))
// gives back c and b.
func (c Config) LinkQuery(b *Config) string {
	q := c.Query()
	if b == nil {
		return q
	}
	bq := diffQuery(c, *b, "b.")
	if bq == "" {
		bq = "compare=" + url.QueryEscape("{}") // the same config on both sides
	}
	if q == "" {
		return bq
	}
	return q + "&" + bq
}

// diffQuery spells the fields of c that differ from base, each name with
// prefix, in sorted order.
func diffQuery(base, c Config, prefix string) string {
	cv, dv := reflect.ValueOf(c), reflect.ValueOf(base)
	typ := cv.Type()
	var parts []string
	for i := range typ.NumField() {
		if reflect.DeepEqual(cv.Field(i).Interface(), dv.Field(i).Interface()) {
			continue
		}
		name := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]
		var value string
		switch v := cv.Field(i).Interface().(type) {
		case string:
			value = v
		case int:
			value = strconv.Itoa(v)
		case int64:
			value = strconv.FormatInt(v, 10)
		case float64:
			value = strconv.FormatFloat(v, 'g', -1, 64)
		case []float64:
			s := make([]string, len(v))
			for j, e := range v {
				s[j] = strconv.FormatFloat(e, 'g', -1, 64)
			}
			value = strings.Join(s, ",")
		}
		parts = append(parts, url.QueryEscape(prefix+name)+"="+url.QueryEscape(value))
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}
