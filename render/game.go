// Package render draws read-only engine snapshots: the PRIMAL panel (the
// simplex with its particles) beside the DUAL panel (the same particles at
// y = ∇φ(x)). Game is the ebiten.Game that the browser and the desktop app
// both run.
package render

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/engine"
)

// Game runs one app.Session and draws it. Update advances the session by one
// frame; Draw only draws a snapshot.
type Game struct {
	sess *app.Session
	snap engine.Snapshot
}

// NewGame returns a Game that plays sess.
func NewGame(sess *app.Session) *Game { return &Game{sess: sess} }

// Session returns the session the game plays.
func (g *Game) Session() *app.Session { return g.sess }

// Update advances the session by one frame.
func (g *Game) Update() error {
	g.sess.Frame()
	return nil
}

// Draw draws the current snapshot (placeholder: to be replaced by the panels).
func (g *Game) Draw(screen *ebiten.Image) {
	g.sess.Snapshot(&g.snap)
}

// Layout returns a fixed logical size; ebiten letterboxes it into the window.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) { return 1200, 600 }
