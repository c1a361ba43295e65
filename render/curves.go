package render

import "github.com/mmfld/playground/render/layout"

// curvesView draws the readouts against the step.
type curvesView struct{}

func (c *curvesView) queue(s *scene, area layout.Rect) {}
func (c *curvesView) text(s *scene, area layout.Rect)  {}
