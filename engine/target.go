package engine

import (
	"github.com/mmfld/playground/engine/stat"
)

// TargetOf returns the target of the run c describes, or nil when it is not
// known exactly (see stat.Target). c must be valid.
func TargetOf(c Config) *stat.Target {
	e, ok := objectiveOn(&c)
	if !ok || e.target == nil {
		return nil
	}
	return e.target(&c, newMirror(&c))
}

// sameTarget reports whether a and b have the same target (the fields
// TargetOf reads), so the exact draws can be kept.
func sameTarget(a, b *Config) bool {
	if a.Domain != b.Domain || a.Objective != b.Objective || a.Dim != b.Dim {
		return false
	}
	d, _ := domainOf(a.Domain)
	e, _ := objectiveOn(a)
	for _, names := range [][]string{d.fields, e.fields, e.targetReads} {
		for _, name := range names {
			if f := specByName(name); !f.same(a, b) {
				return false
			}
		}
	}
	return true
}
