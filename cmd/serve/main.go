// Command serve serves the built browser playground (build/web by default)
// on the local machine, and makes that build's compressed, content-hashed
// WebAssembly bundle:
//
//	go run ./cmd/serve -dir build/web -addr localhost:8080
//	go run ./cmd/serve -bundle build/web [-brotli 6]
//
// Serving, it is a plain static file server: it makes no network calls of
// its own, sends application/wasm for .wasm files, and sends main.<hash>.wasm
// as its brotli copy (.br, Content-Encoding: br) to browsers that accept br,
// else its gzip copy (.gz) to those that accept gzip, else as it is. The
// hashed wasm may be cached for good; every other file is revalidated on
// each load, so a rebuild shows on reload.
//
// With -bundle it does not serve: it turns the plain build in the directory
// (main.wasm just built by go build, and sim.html) into the bundle (see
// bundle) and exits. `make web` runs it after building main.wasm; it needs
// nothing but Go (the brotli encoder is pure Go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	dir := flag.String("dir", "build/web", "directory holding index.html, sim.html, the wasm sim.html names and wasm_exec.js")
	addr := flag.String("addr", "localhost:8080", "address to listen on (host:port)")
	bundleDir := flag.String("bundle", "", "instead of serving, hash and compress `dir`/main.wasm and point dir/sim.html at it")
	level := flag.Int("brotli", DefaultBrotli, "with -bundle: brotli quality, 0 (fastest) to 11 (smallest)")
	flag.Parse()
	log.SetFlags(0)

	if *bundleDir != "" {
		start := time.Now()
		name, err := bundle(*bundleDir, *level)
		if err != nil {
			log.Fatal(err)
		}
		for _, f := range []string{name, name + ".gz", name + ".br"} {
			if st, err := os.Stat(path.Join(*bundleDir, f)); err == nil {
				fmt.Printf("%-32s %6.2f MB\n", path.Join(*bundleDir, f), float64(st.Size())/1e6)
			}
		}
		fmt.Printf("bundled in %v (brotli quality %d)\n", time.Since(start).Round(10*time.Millisecond), *level)
		return
	}
	if _, err := wasmOf(*dir); err != nil {
		log.Fatalf("serve: %s is not a built playground: %v; build it first with `make web`", *dir, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("serve: %v", err)
	}
	fmt.Printf("MMFLD Playground: %s\n", siteURL(ln.Addr(), *addr))

	srv := &http.Server{Handler: newHandler(*dir), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("serve: %v", err)
	}
}

// siteURL is the address to print for the listener: the host as the user
// wrote it (localhost stays localhost), with the port actually bound (so
// -addr localhost:0 prints the chosen port).
func siteURL(bound net.Addr, requested string) string {
	host, _, err := net.SplitHostPort(requested)
	if err != nil || host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	port := ""
	if tcp, ok := bound.(*net.TCPAddr); ok {
		port = fmt.Sprint(tcp.Port)
	} else if _, p, err := net.SplitHostPort(bound.String()); err == nil {
		port = p
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// precompressed lists the encodings a file may be stored in beside the
// original, best first: name.br (brotli), then name.gz (gzip).
var precompressed = []struct{ encoding, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// Cache-Control values: a content-hashed file (main.<hash>.wasm) never
// changes under its name, so browsers may keep it for a year without
// asking again; everything else (the pages, wasm_exec.js) is revalidated
// on every load, so a rebuild shows on reload and points at the new wasm.
const (
	cacheForever    = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// contentSecurityPolicy is the Content-Security-Policy every response
// carries: the page runs only its own scripts and styles, from its own
// origin, with no inline script or style, no eval (WebAssembly compiles
// under 'wasm-unsafe-eval', which allows nothing else), no plugins, and
// connects, frames and loads images only from itself (data: and blob:
// images for the exported PNG). frame-ancestors is left open on purpose:
// any site may embed the playground (it holds no secrets and no user data).
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'"

// newHandler serves the files of dir. A .wasm file is sent as
// application/wasm, from a precompressed sibling (name.br, else name.gz)
// when one exists, is not older than it, and the request accepts that
// encoding, else as it is; a content-hashed one (main.<hash>.wasm) with
// cacheForever. Every other file, and every missing one, gets
// cacheRevalidate. Every response carries contentSecurityPolicy.
func newHandler(dir string) http.Handler {
	root := http.Dir(dir)
	files := http.FileServer(root)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		name := path.Clean("/" + r.URL.Path)
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.HasSuffix(name, ".wasm") {
			h.Add("Vary", "Accept-Encoding")
			if f, st, enc := openWasm(root, name, r.Header.Get("Accept-Encoding")); f != nil {
				defer f.Close()
				if hashedWasm.MatchString(path.Base(name)) {
					h.Set("Cache-Control", cacheForever)
				} else {
					h.Set("Cache-Control", cacheRevalidate)
				}
				h.Set("Content-Type", "application/wasm")
				if enc != "" {
					h.Set("Content-Encoding", enc)
					// ServeContent leaves the length out of encoded
					// responses; a whole one has the file's size, which
					// lets the page show the download's progress.
					if r.Header.Get("Range") == "" {
						h.Set("Content-Length", strconv.FormatInt(st.Size(), 10))
					}
				}
				http.ServeContent(w, r, name, st.ModTime(), f)
				return
			}
		}
		h.Set("Cache-Control", cacheRevalidate)
		files.ServeHTTP(w, r)
	})
}

// openWasm opens the best copy of the file name for a request with the
// given Accept-Encoding: a fresh precompressed sibling the request accepts
// (enc is its encoding), else the file itself (enc ""). It returns a nil
// file when neither exists.
func openWasm(root http.FileSystem, name, acceptEncoding string) (f http.File, st os.FileInfo, enc string) {
	for _, pc := range precompressed {
		if !accepts(acceptEncoding, pc.encoding) {
			continue
		}
		if f, st := openFile(root, name+pc.suffix); f != nil {
			if !stale(root, name, st) {
				return f, st, pc.encoding
			}
			f.Close()
		}
	}
	f, st = openFile(root, name)
	return f, st, ""
}

// openFile opens the regular file name of root, or returns nil.
func openFile(root http.FileSystem, name string) (http.File, os.FileInfo) {
	f, err := root.Open(name)
	if err != nil {
		return nil, nil
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return nil, nil
	}
	return f, st
}

// stale reports whether the compressed copy (stat) is older than the file
// name it was made from: after a bare `go build -o main.wasm` the old
// main.wasm.gz must not be served.
func stale(root http.FileSystem, name string, compressed os.FileInfo) bool {
	f, err := root.Open(name)
	if err != nil {
		return false // only the compressed copy exists
	}
	defer f.Close()
	st, err := f.Stat()
	return err == nil && st.ModTime().After(compressed.ModTime())
}

// accepts reports whether an Accept-Encoding header value allows enc
// (a listed coding without q=0).
func accepts(header, enc string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), enc) {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
