package engine

import (
	"encoding/json"
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
//	preset=paper-e1-projected                     a preset (Presets) in place of c
//	config={"eta":0.01,"objective":"dirichlet"}   one JSON object, as for Patch
//	eta=0.01&objective=dirichlet&q=0.5,0.3,0.2    one parameter per field
//
// The preset comes first, then the JSON object, then the single parameters,
// each spelled as the JSON value its field's kind asks for. Validation is
// Patch's: a bad value gets the same *FieldError as from any other door, and
// c is returned unchanged with it. Parameters that are not config fields are
// refused too.
func (c Config) PatchQuery(query string) (Config, error) {
	values, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	if err != nil {
		return c, &FieldError{Field: "URL", Allowed: "must be a query string of config fields", Got: err.Error()}
	}
	next := c
	if name, ok := values["preset"]; ok {
		p, found := PresetByName(name[0])
		if !found {
			return c, &FieldError{Field: "preset", Allowed: "must be one of " + strings.Join(presetNames(), ", "), Got: strconv.Quote(name[0])}
		}
		next = p.Config
		delete(values, "preset")
	}
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
func (c Config) Query() string {
	def := Default()
	cv, dv := reflect.ValueOf(c), reflect.ValueOf(def)
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
		parts = append(parts, url.QueryEscape(name)+"="+url.QueryEscape(value))
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}
