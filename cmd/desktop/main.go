// Command desktop runs the MMFLD Playground in a window: the same game the
// browser runs, driven by keys instead of a control panel.
//
// Usage:
//
//	desktop [-config JSON-or-file] [-paused] [-screenshot out.png [-screenshot-after 3s]]
//
// -config patches engine's default run with a JSON object of config fields,
// given literally ('{"n": 20000, "algorithm": "projected"}') or as a file;
// engine validates it. Keys: space play/pause, → one step, R reset,
// O next objective, A next algorithm, [ and ] halve and double η.
// With -screenshot the app saves the picture after a while and quits.
package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/cmd/desktop/control"
	"github.com/mmfld/playground/render"
)

func main() {
	g, err := setup(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "desktop:", err)
		os.Exit(2)
	}
	ebiten.SetWindowTitle("MMFLD Playground")
	ebiten.SetWindowSize(render.Width, render.Height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	if err := render.Run(g); err != nil && !errors.Is(err, ebiten.Termination) {
		fmt.Fprintln(os.Stderr, "desktop:", err)
		os.Exit(1)
	}
}

// setup parses the flags and returns the game with its keys bound.
func setup(args []string) (*render.Game, error) {
	fs := flag.NewFlagSet("desktop", flag.ContinueOnError)
	config := fs.String("config", "", "a JSON object of config fields, or a file holding one, applied over the default run")
	paused := fs.Bool("paused", false, "start paused (space plays)")
	shot := fs.String("screenshot", "", "save the picture to this PNG file after -screenshot-after, then quit")
	after := fs.Duration("screenshot-after", 3*time.Second, "how long to run before -screenshot")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg, err := control.LoadConfig(*config)
	if err != nil {
		return nil, err
	}
	sess, err := app.NewSession(cfg)
	if err != nil {
		return nil, err
	}
	if !*paused {
		sess.Play()
	}
	g := render.NewGame(sess)
	g.HelpLine = control.HelpLine()
	keys, err := bindKeys()
	if err != nil {
		return nil, err
	}
	var screenshot func() error
	if *shot != "" {
		screenshot = screenshotter(g, *shot, *after)
	}
	g.OnUpdate = func() error {
		for _, k := range keys {
			if inpututil.IsKeyJustPressed(k.code) {
				msg, err := control.Press(k.name, sess, g)
				if err != nil {
					msg = err.Error()
				}
				g.Notify(msg)
			}
		}
		if screenshot != nil {
			return screenshot()
		}
		return nil
	}
	return g, nil
}

// key is a bound key: ebiten's code and control's name for it.
type key struct {
	code ebiten.Key
	name string
}

// bindKeys resolves control's key names to ebiten key codes.
func bindKeys() ([]key, error) {
	var keys []key
	for _, b := range control.Bindings() {
		var k ebiten.Key
		if err := k.UnmarshalText([]byte(b.Key)); err != nil {
			return nil, fmt.Errorf("key %q: %w", b.Key, err)
		}
		keys = append(keys, key{k, b.Key})
	}
	return keys, nil
}

// screenshotter returns an update hook that, once the game has run for
// after, captures the next frame into path and then ends the game.
func screenshotter(g *render.Game, path string, after time.Duration) func() error {
	start := time.Now()
	var requested bool
	var done atomic.Pointer[error]
	return func() error {
		if p := done.Load(); p != nil {
			if *p != nil {
				return *p
			}
			return ebiten.Termination
		}
		if !requested && time.Since(start) >= after {
			requested = true
			g.RequestCapture(func(img *image.RGBA) {
				err := writePNG(path, img)
				done.Store(&err)
			})
		}
		return nil
	}
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
