//go:build js && wasm

// Command wasm is the browser build of the playground (build/web/main.wasm,
// loaded by web/sim.html inside the control panel's iframe).
//
// It reads the run's configuration from the frame's URL
// (engine.Config.PatchLink: ?config={...} and/or ?eta=0.01&q=0.5,0.3,0.2,
// and side B of a comparison, ?compare={...} or ?b.eta=0.001), starts it
// playing, defines the JavaScript API
// window.mmfld in the frame (see bridge) and runs the same render.Game as the
// desktop app. An invalid URL configuration is not fatal: the default runs
// and window.mmfld.urlError says what was refused, for the panel to show.
package main

import (
	"syscall/js"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render"
)

func main() {
	sess, err := app.NewSession(engine.Default())
	if err != nil {
		panic("mmfld: the default configuration is invalid: " + err.Error())
	}
	urlError := ""
	if err := sess.ApplyLink(js.Global().Get("location").Get("search").String()); err != nil {
		urlError = "URL configuration refused: " + err.Error() + "; running the default instead"
	}
	sess.Play()

	game := render.NewGame(sess)
	newBridge(sess, game, urlError).install()

	if err := render.Run(game); err != nil {
		panic(err)
	}
}
