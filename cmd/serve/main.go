// Command serve serves the built browser playground (build/web by default)
// on the local machine:
//
//	go run ./cmd/serve -dir build/web -addr localhost:8080
//
// It is a plain static file server: it makes no network calls of its own,
// sends application/wasm for .wasm files (net/http knows the type), asks
// browsers to revalidate every file so a rebuild shows on reload, and sends
// a precompressed main.wasm.br or main.wasm.gz, when one sits beside
// main.wasm, is not older than it, and the browser accepts it.
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
	"strings"
	"syscall"
	"time"
)

func main() {
	dir := flag.String("dir", "build/web", "directory holding index.html, sim.html, main.wasm and wasm_exec.js")
	addr := flag.String("addr", "localhost:8080", "address to listen on (host:port)")
	flag.Parse()
	log.SetFlags(0)

	if _, err := os.Stat(path.Join(*dir, "main.wasm")); err != nil {
		log.Fatalf("serve: %s has no main.wasm: build it first with `make web` (%v)", *dir, err)
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
// original, best first: main.wasm.br, then main.wasm.gz.
var precompressed = []struct{ encoding, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// newHandler serves the files of dir. A request for a .wasm file is answered
// with a precompressed sibling (name.br, name.gz) when one exists and the
// request accepts that encoding.
func newHandler(dir string) http.Handler {
	root := http.Dir(dir)
	files := http.FileServer(root)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		name := path.Clean("/" + r.URL.Path)
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.HasSuffix(name, ".wasm") {
			h.Add("Vary", "Accept-Encoding")
			for _, pc := range precompressed {
				if !accepts(r.Header.Get("Accept-Encoding"), pc.encoding) {
					continue
				}
				f, err := root.Open(name + pc.suffix)
				if err != nil {
					continue
				}
				st, err := f.Stat()
				if err != nil || st.IsDir() || stale(root, name, st) {
					f.Close()
					continue
				}
				h.Set("Content-Type", "application/wasm")
				h.Set("Content-Encoding", pc.encoding)
				http.ServeContent(w, r, name, st.ModTime(), f)
				f.Close()
				return
			}
		}
		files.ServeHTTP(w, r)
	})
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
