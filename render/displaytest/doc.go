// Package displaytest runs the tests that draw real frames: those of
// render and cmd/desktop carrying the build tag "display".
//
// A test binary that imports ebiten panics at package init when there is no
// display (ebiten has no headless mode), before TestMain could skip. So the
// drawing tests are kept out of plain builds by the tag, and this package,
// which does not import ebiten, runs them with `go test -tags display`
// whenever DISPLAY is set, as under `make test` (xvfb-run). Without a
// display its test skips, and `go test ./...` passes everywhere.
package displaytest
