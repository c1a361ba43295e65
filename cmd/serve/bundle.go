package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// DefaultBrotli is the brotli quality `make web` uses (andybalholm/brotli,
// the pure-Go encoder, with a 16 MiB window). Measured on the 2-core
// machine on a 17 MB main.wasm (2026-11-29): quality 6 takes 1.7 s for
// 3.39 MB, 9 takes 9.6 s for 3.32 MB, 10 takes 55 s for 2.99 MB and 11
// takes 2 min 14 s for 2.88 MB. 6 is the knee: within 2% of 9 at a fifth
// of the time, so `make web`, which every `make test` runs through the
// browser tests, stays quick. A release can ask for 11 (make web BROTLI=11).
const DefaultBrotli = 6

// brotliWindow is log₂ of the brotli window: 24, the format's largest
// (16 MiB), so matches reach across the whole of main.wasm.
const brotliWindow = 24

// hashedWasm matches the file names bundle gives main.wasm: main.<the first
// 12 hex digits of its SHA-256>.wasm. Files with such names never change,
// so the server lets browsers cache them for good.
var hashedWasm = regexp.MustCompile(`^main\.[0-9a-f]{12}\.wasm$`)

// wasmMeta is the element of sim.html that names the WebAssembly file
// sim.js loads; bundle rewrites its content to the hashed name.
var wasmMeta = regexp.MustCompile(`<meta name="mmfld-wasm" content="([^"]*)">`)

// wasmPreload is sim.html's preload of the same file, if it has one: the
// download starts as the page is parsed, before its scripts have loaded and
// sim.js asks for it. bundle points it at the hashed name too. It must
// match sim.js's fetch (the same URL, CORS mode, same-origin credentials:
// crossorigin), or the browser downloads the file twice and warns.
var wasmPreload = regexp.MustCompile(`<link rel="preload" href="[^"]*" as="fetch" type="application/wasm" crossorigin>`)

// bundle turns the plain build in dir (main.wasm from `go build`, and
// sim.html naming it) into the bundle the server sends:
//
//   - main.wasm is renamed main.<hash>.wasm, hash = the first 12 hex digits
//     of its SHA-256, so a browser may cache it for good and a rebuild gets
//     a new name;
//   - beside it main.<hash>.wasm.br (brotli at quality level, 0–11) and
//     main.<hash>.wasm.gz (gzip -9), made in parallel; when they already
//     exist for this hash they are kept (same name, same bytes);
//   - sim.html's <meta name="mmfld-wasm"> (and its wasm preload link, if
//     any) is rewritten to the new name;
//   - older main.*.wasm files and their compressed copies are removed.
//
// It returns the hashed name.
func bundle(dir string, level int) (string, error) {
	if level < brotli.BestSpeed || level > brotli.BestCompression {
		return "", fmt.Errorf("bundle: brotli level %d: must be an integer in [0, 11]", level)
	}
	plain := filepath.Join(dir, "main.wasm")
	wasm, err := os.ReadFile(plain)
	if err != nil {
		return "", fmt.Errorf("bundle: %w (build it with GOOS=js GOARCH=wasm go build -o %s ./cmd/wasm, or `make web`)", err, plain)
	}
	sum := sha256.Sum256(wasm)
	name := "main." + hex.EncodeToString(sum[:6]) + ".wasm"
	hashed := filepath.Join(dir, name)

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, c := range []struct {
		suffix   string
		compress func([]byte) ([]byte, error)
	}{
		{".br", func(b []byte) ([]byte, error) { return brotliBytes(b, level) }},
		{".gz", gzipBytes},
	} {
		if st, err := os.Stat(hashed + c.suffix); err == nil && st.Size() > 0 {
			continue // made by an earlier run for the same bytes
		}
		wg.Go(func() {
			z, err := c.compress(wasm)
			if err == nil {
				err = writeAtomic(hashed+c.suffix, z)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	if err := os.Rename(plain, hashed); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	if err := pointSimHTML(filepath.Join(dir, "sim.html"), name); err != nil {
		return "", err
	}
	// Remove the bundles of earlier builds.
	old, _ := filepath.Glob(filepath.Join(dir, "main.*.wasm*"))
	for _, f := range old {
		base := filepath.Base(f)
		if !strings.HasPrefix(base, name) && hashedWasm.MatchString(strings.TrimSuffix(strings.TrimSuffix(base, ".br"), ".gz")) {
			os.Remove(f)
		}
	}
	return name, nil
}

// pointSimHTML rewrites the one <meta name="mmfld-wasm" content="…"> of the
// page at path so that its content is name, and its wasm preload link, if
// it has one, so that its href is name.
func pointSimHTML(path, name string) error {
	page, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if n := len(wasmMeta.FindAllIndex(page, -1)); n != 1 {
		return fmt.Errorf("bundle: %s: want one <meta name=\"mmfld-wasm\" content=\"…\"> naming the wasm file, found %d", path, n)
	}
	page = wasmMeta.ReplaceAllLiteral(page, []byte(`<meta name="mmfld-wasm" content="`+name+`">`))
	if n := len(wasmPreload.FindAllIndex(page, -1)); n > 1 {
		return fmt.Errorf("bundle: %s: %d wasm preload links, want at most one", path, n)
	}
	page = wasmPreload.ReplaceAllLiteral(page, []byte(`<link rel="preload" href="`+name+`" as="fetch" type="application/wasm" crossorigin>`))
	return writeAtomic(path, page)
}

// wasmOf returns the WebAssembly file that dir's sim.html loads (the
// content of its <meta name="mmfld-wasm">), and an error when the page or
// that file is missing.
func wasmOf(dir string) (string, error) {
	page, err := os.ReadFile(filepath.Join(dir, "sim.html"))
	if err != nil {
		return "", err
	}
	m := wasmMeta.FindSubmatch(page)
	if m == nil {
		return "", fmt.Errorf("%s: no <meta name=\"mmfld-wasm\" content=\"…\"> naming the wasm file", filepath.Join(dir, "sim.html"))
	}
	name := string(m[1])
	if !fs.ValidPath(name) {
		return "", fmt.Errorf("%s: mmfld-wasm names %q, not a file of the site", filepath.Join(dir, "sim.html"), name)
	}
	if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		return "", err
	}
	return name, nil
}

func brotliBytes(data []byte, level int) ([]byte, error) {
	var b bytes.Buffer
	zw := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: level, LGWin: brotliWindow})
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func gzipBytes(data []byte) ([]byte, error) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeAtomic writes data to a temporary file beside path and renames it
// into place, so that a file under its final name is always whole (bundle
// trusts an existing .br or .gz of the same hash).
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
