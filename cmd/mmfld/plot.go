package main

import (
	"image/color"
	"math"
	"os"
	"strconv"

	"github.com/mmfld/playground/engine"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The report's figures are drawn with gonum.org/v1/plot, which only this
// command imports (never the engine or the WebAssembly build).

// figW, figH are the figures' size in pixels at figDPI.
const (
	figW, figH = 800, 500
	figDPI     = 96
)

// palette holds the series colours: MMFLD blue, projected orange, then
// others (colour-blind safe, Okabe & Ito 2008).
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},
	color.RGBA{230, 159, 0, 255},
	color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255},
	color.RGBA{86, 180, 233, 255},
	color.RGBA{213, 94, 0, 255},
	color.RGBA{0, 0, 0, 255},
}

// newPlot returns a plot with a title and axis labels, its legend top right.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return p
}

// addLine adds the series (xs, ys) to p in colour c, dashed if dashed,
// named label in the legend (none if label is ""). Non-finite points, and
// non-positive ones on a logarithmic y axis, are left out.
func addLine(p *plot.Plot, label string, xs, ys []float64, c color.Color, dashed bool) error {
	_, logY := p.Y.Scale.(plot.LogScale)
	pts := make(plotter.XYs, 0, len(xs))
	for i := range xs {
		if math.IsNaN(ys[i]) || math.IsInf(ys[i], 0) || (logY && ys[i] <= 0) {
			continue
		}
		pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
	}
	if len(pts) == 0 {
		return nil
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.Color, l.Width = c, vg.Points(1.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	p.Add(l)
	if label != "" {
		p.Legend.Add(label, l)
	}
	return nil
}

// addPoints adds a scatter of (xs, ys) to p as dots of radius r points.
func addPoints(p *plot.Plot, label string, xs, ys []float64, c color.Color, r float64) error {
	pts := make(plotter.XYs, len(xs))
	for i := range xs {
		pts[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	s.GlyphStyle.Color, s.GlyphStyle.Radius, s.GlyphStyle.Shape = c, vg.Points(r), draw.CircleGlyph{}
	p.Add(s)
	if label != "" {
		p.Legend.Add(label, s)
	}
	return nil
}

// logY puts p's y axis on a logarithmic scale with decade ticks.
func logY(p *plot.Plot) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = decadeTicks{}
}

// decadeTicks marks the powers of ten of a logarithmic axis, labelled 1e-3
// and so on (every second or third one when there are many), with unlabelled
// ticks at 2…9 times each when there are few.
type decadeTicks struct{}

// Ticks returns the ticks in [min, max], both > 0.
func (decadeTicks) Ticks(lo, hi float64) []plot.Tick {
	a, b := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	step := 1 + (b-a)/8
	var ticks []plot.Tick
	for k := a; k <= b; k++ {
		v := math.Pow10(k)
		label := ""
		if k%step == 0 {
			label = strconv.FormatFloat(v, 'g', -1, 64)
		}
		if v >= lo && v <= hi {
			ticks = append(ticks, plot.Tick{Value: v, Label: label})
		}
		if step == 1 {
			for i := 2; i < 10; i++ {
				if w := float64(i) * v; w >= lo && w <= hi {
					ticks = append(ticks, plot.Tick{Value: w})
				}
			}
		}
	}
	return ticks
}

// savePNG draws the plots, tiled in rows, into one figW×figH PNG at path.
func savePNG(path string, rows ...[]*plot.Plot) error {
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(figW)/figDPI*vg.Inch, vg.Length(figH)/figDPI*vg.Inch), vgimg.UseDPI(figDPI))
	dc := draw.New(img)
	t := draw.Tiles{Rows: len(rows), Cols: len(rows[0]), PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(rows, t, dc)
	for i, r := range rows {
		for j, p := range r {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// series extracts the recorded times and one metric of a run.
func series(r *runResult, f func(m *engine.Metrics) float64) (ts, ys []float64) {
	for i := range r.Records {
		ts = append(ts, r.Records[i].Time)
		ys = append(ys, f(&r.Records[i]))
	}
	return ts, ys
}

// optional is o's value, NaN when absent.
func optional(o engine.Optional) float64 {
	if !o.Valid {
		return math.NaN()
	}
	return o.Value
}

// logX puts p's x axis on a logarithmic scale with decade ticks.
func logX(p *plot.Plot) {
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = decadeTicks{}
}

// addErrorBars adds the points (xs, ys) to p as dots of colour c with
// vertical bars ±se (one standard error each), named label in the legend.
// On a logarithmic y axis a bar reaching 0 or below is cut at a tenth of its
// point, and points ≤ 0 are left out.
func addErrorBars(p *plot.Plot, label string, xs, ys, se []float64, c color.Color) error {
	_, logY := p.Y.Scale.(plot.LogScale)
	var pts plotter.XYs
	var errs plotter.YErrors
	for i := range xs {
		if math.IsNaN(ys[i]) || math.IsInf(ys[i], 0) || (logY && ys[i] <= 0) {
			continue
		}
		low := se[i]
		if logY {
			low = min(low, 0.9*ys[i])
		}
		pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
		errs = append(errs, struct{ Low, High float64 }{low, se[i]})
	}
	if len(pts) == 0 {
		return nil
	}
	bars := &plotter.YErrorBars{XYs: pts, YErrors: errs, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1.2)}, CapWidth: vg.Points(5)}
	p.Add(bars)
	return addPoints(p, label, xsOf(pts), ysOf(pts), c, 3)
}

// xsOf returns the x coordinates of pts.
func xsOf(pts plotter.XYs) []float64 {
	out := make([]float64, len(pts))
	for i, q := range pts {
		out[i] = q.X
	}
	return out
}

// ysOf returns the y coordinates of pts.
func ysOf(pts plotter.XYs) []float64 {
	out := make([]float64, len(pts))
	for i, q := range pts {
		out[i] = q.Y
	}
	return out
}
