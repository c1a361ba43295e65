// Package fonts holds the Go fonts (golang.org/x/image/font/gofont) the
// picture is drawn with: Go Regular, Go Bold and Go Mono, without their
// TrueType hinting.
//
// The renderer rasterises outlines unhinted (render/ttf, like
// x/image/font/sfnt, has no TrueType interpreter), so the glyphs'
// instructions and the tables only hinting reads are dead weight: more than half of each font, and about a
// third of the fonts' share of the compressed WebAssembly bundle. The files
// here are the gofont files with those removed (see unhinted in
// fonts_test.go, which checks that every glyph keeps its index, advance and
// outline, and that the files are up to date: `go test ./assets/fonts
// -update` rewrites them from the x/image version in go.mod). The fonts'
// licence (BSD-style, in golang.org/x/image/font/gofont) and their name
// tables are kept.
package fonts

import _ "embed"

// Regular, Bold and Mono are the TrueType files of Go Regular, Go Bold and
// Go Mono, unhinted. They must not be modified.
var (
	//go:embed go-regular.ttf
	Regular []byte
	//go:embed go-bold.ttf
	Bold []byte
	//go:embed go-mono.ttf
	Mono []byte
)
