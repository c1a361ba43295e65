package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// writeSite writes a tiny site with a fake main.wasm into a temporary directory.
func writeSite(t *testing.T, gz bool) (dir string, wasm []byte) {
	t.Helper()
	dir = t.TempDir()
	wasm = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("mmfld"), 200)...)
	files := map[string][]byte{
		"index.html": []byte("<!doctype html><title>MMFLD Playground</title>"),
		"panel.js":   []byte("'use strict';"),
		"style.css":  []byte("body{}"),
		"main.wasm":  wasm,
	}
	if gz {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(wasm)
		zw.Close()
		files["main.wasm.gz"] = b.Bytes()
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The files were written in map order: give them one time, so that no
	// compressed copy looks older than main.wasm.
	now := time.Now()
	for name := range files {
		if err := os.Chtimes(filepath.Join(dir, name), now, now); err != nil {
			t.Fatal(err)
		}
	}
	return dir, wasm
}

func get(t *testing.T, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	// A bare transport: no transparent gzip decoding, so the test sees the
	// bytes and headers the server sent.
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

func TestServeTypes(t *testing.T) {
	dir, wasm := writeSite(t, false)
	ts := httptest.NewServer(newHandler(dir))
	defer ts.Close()

	for _, tc := range []struct {
		path, wantType string
	}{
		{"/", "text/html; charset=utf-8"},
		{"/panel.js", "text/javascript; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/main.wasm", "application/wasm"},
	} {
		res, body := get(t, ts.URL+tc.path, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", tc.path, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Type"); got != tc.wantType {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, got, tc.wantType)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", tc.path, got)
		}
		if got := res.Header.Get("Content-Security-Policy"); got != contentSecurityPolicy {
			t.Errorf("GET %s: Content-Security-Policy %q, want %q", tc.path, got, contentSecurityPolicy)
		}
		if tc.path == "/main.wasm" && !bytes.Equal(body, wasm) {
			t.Errorf("GET /main.wasm: body differs from the file")
		}
	}
	if res, _ := get(t, ts.URL+"/missing.js", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /missing.js: status %d, want 404", res.StatusCode)
	} else if res.Header.Get("Content-Security-Policy") != contentSecurityPolicy {
		t.Errorf("GET /missing.js: no Content-Security-Policy")
	}
	// The policy is strict: no inline script or style, no eval, no other
	// origin (TestBrowserSameOrigin checks that browsers enforce it).
	for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} {
		if strings.Contains(contentSecurityPolicy, bad) {
			t.Errorf("the Content-Security-Policy allows %s: %q", bad, contentSecurityPolicy)
		}
	}
}

// writeBundle writes a tiny site as `make web` leaves it: the pages, and a
// fake main.wasm (a wasm header and 64 KiB of varied bytes) bundled by
// bundle into main.<hash>.wasm with its .br and .gz.
func writeBundle(t *testing.T) (dir, name string, wasm []byte) {
	t.Helper()
	dir = t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	wasm = []byte("\x00asm\x01\x00\x00\x00")
	for len(wasm) < 64<<10 {
		wasm = append(wasm, "mmfld"[rng.IntN(5)], byte(rng.IntN(256)))
	}
	files := map[string]string{
		"index.html": "<!doctype html><title>MMFLD Playground</title>",
		"sim.html":   `<!doctype html><meta name="mmfld-wasm" content="main.wasm"><script src="sim.js" defer></script>`,
		"sim.js":     "'use strict';",
		"main.wasm":  string(wasm),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	name, err := bundle(dir, DefaultBrotli)
	if err != nil {
		t.Fatal(err)
	}
	return dir, name, wasm
}

// TestServeEncodings checks what the server sends for the hashed wasm to
// clients that accept brotli, only gzip, or neither, and for the pages.
func TestServeEncodings(t *testing.T) {
	dir, name, wasm := writeBundle(t)
	ts := httptest.NewServer(newHandler(dir))
	defer ts.Close()

	decoders := map[string]func([]byte) ([]byte, error){
		"br": func(b []byte) ([]byte, error) { return io.ReadAll(brotli.NewReader(bytes.NewReader(b))) },
		"gzip": func(b []byte) ([]byte, error) {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(zr)
		},
		"": func(b []byte) ([]byte, error) { return b, nil },
	}
	for _, tc := range []struct{ accept, want string }{
		{"gzip, deflate, br, zstd", "br"}, // Chromium's
		{"br", "br"},
		{"gzip;q=1.0, br;q=0.8", "br"}, // br is preferred whenever it is accepted
		{"gzip, deflate", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"", ""},
		{"identity", ""},
		{"gzip;q=0, br;q=0", ""},
		{"deflate", ""},
	} {
		res, body := get(t, ts.URL+"/"+name, map[string]string{"Accept-Encoding": tc.accept})
		h := res.Header
		if res.StatusCode != http.StatusOK {
			t.Errorf("Accept-Encoding %q: status %d", tc.accept, res.StatusCode)
			continue
		}
		if got := h.Get("Content-Encoding"); got != tc.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.want)
			continue
		}
		if got := h.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q, want application/wasm", tc.accept, got)
		}
		if got := h.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("Accept-Encoding %q: Cache-Control %q, want public, max-age=31536000, immutable", tc.accept, got)
		}
		if !strings.Contains(h.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: Vary %q lacks Accept-Encoding", tc.accept, h.Get("Vary"))
		}
		if got := h.Get("Content-Length"); got != strconv.Itoa(len(body)) {
			t.Errorf("Accept-Encoding %q: Content-Length %s for a %d-byte body", tc.accept, got, len(body))
		}
		plain, err := decoders[tc.want](body)
		if err != nil {
			t.Errorf("Accept-Encoding %q: decoding the %q body: %v", tc.accept, tc.want, err)
		} else if !bytes.Equal(plain, wasm) {
			t.Errorf("Accept-Encoding %q: the %q body decodes to %d bytes that differ from main.wasm's %d", tc.accept, tc.want, len(plain), len(wasm))
		}
		if tc.want != "" && len(body) >= len(wasm) {
			t.Errorf("Accept-Encoding %q: %s body of %d bytes, not smaller than the %d of main.wasm", tc.accept, tc.want, len(body), len(wasm))
		}
	}

	// The pages are revalidated on every load, so a rebuild shows; the page
	// that loads the wasm names the hashed file.
	for _, p := range []string{"/", "/sim.html", "/sim.js"} {
		res, body := get(t, ts.URL+p, map[string]string{"Accept-Encoding": "gzip, br"})
		if got := res.Header.Get("Cache-Control"); res.StatusCode != http.StatusOK || got != "no-cache" {
			t.Errorf("GET %s: status %d, Cache-Control %q; want 200 and no-cache", p, res.StatusCode, got)
		}
		if p == "/sim.html" && !strings.Contains(string(body), `content="`+name+`"`) {
			t.Errorf("GET /sim.html does not name %s: %s", name, body)
		}
	}
	// A hashed name that is not there is a plain 404, not cached for good
	// (net/http drops Cache-Control from error responses).
	res, _ := get(t, ts.URL+"/main.0123456789ab.wasm", map[string]string{"Accept-Encoding": "br"})
	if res.StatusCode != http.StatusNotFound || strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("GET a missing hashed wasm: status %d, Cache-Control %q; want 404, not immutable", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	// HEAD: the headers of GET, no body.
	req, _ := http.NewRequest(http.MethodHead, ts.URL+"/"+name, nil)
	req.Header.Set("Accept-Encoding", "br")
	head, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	head.Body.Close()
	if head.Header.Get("Content-Encoding") != "br" || head.Header.Get("Cache-Control") != cacheForever {
		t.Errorf("HEAD %s: Content-Encoding %q, Cache-Control %q", name, head.Header.Get("Content-Encoding"), head.Header.Get("Cache-Control"))
	}
}

// TestServePrecompressed checks an unhashed main.wasm with a gzip copy (a
// bare go build beside an old bundle): gzip when accepted, revalidated.
func TestServePrecompressed(t *testing.T) {
	dir, wasm := writeSite(t, true)
	ts := httptest.NewServer(newHandler(dir))
	defer ts.Close()

	res, body := get(t, ts.URL+"/main.wasm", map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if got := res.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip (there is no main.wasm.br)", got)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("unhashed main.wasm: Cache-Control %q, want no-cache", got)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := io.ReadAll(zr); err != nil || !bytes.Equal(plain, wasm) {
		t.Errorf("decompressed main.wasm.gz differs from main.wasm (%v)", err)
	}
}

// TestBundle checks what bundle leaves in the directory, and that a
// rebuild gets a new name and clears the old files.
func TestBundle(t *testing.T) {
	dir, name, wasm := writeBundle(t)
	sum := sha256.Sum256(wasm)
	if want := "main." + hex.EncodeToString(sum[:])[:12] + ".wasm"; name != want {
		t.Fatalf("bundle named the wasm %q, want %q", name, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "main.wasm")); !os.IsNotExist(err) {
		t.Errorf("main.wasm is still there after bundling (%v)", err)
	}
	got, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil || !bytes.Equal(got, wasm) {
		t.Errorf("%s does not hold main.wasm's bytes (%v)", name, err)
	}
	br, err := os.ReadFile(filepath.Join(dir, name+".br"))
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); err != nil || !bytes.Equal(plain, wasm) {
		t.Errorf("%s.br does not decode to main.wasm (%v)", name, err)
	}
	if got, err := wasmOf(dir); got != name || err != nil {
		t.Errorf("wasmOf(dir) = %q, %v; want %q", got, err, name)
	}

	// A rebuild: a new main.wasm and a fresh copy of the page, with a
	// preload link, which follows the meta.
	wasm2 := append(wasm, 1)
	os.WriteFile(filepath.Join(dir, "main.wasm"), wasm2, 0o644)
	os.WriteFile(filepath.Join(dir, "sim.html"), []byte(`<meta name="mmfld-wasm" content="main.wasm">`+
		`<link rel="preload" href="main.wasm" as="fetch" type="application/wasm" crossorigin>`), 0o644)
	name2, err := bundle(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	if name2 == name {
		t.Fatalf("a different main.wasm got the same name %s", name)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "main*"))
	want := []string{name2, name2 + ".br", name2 + ".gz"}
	for i := range left {
		left[i] = filepath.Base(left[i])
	}
	slices.Sort(left)
	if !slices.Equal(left, want) {
		t.Errorf("after a rebuild the directory holds %v, want %v", left, want)
	}
	if got, _ := wasmOf(dir); got != name2 {
		t.Errorf("after a rebuild sim.html names %q, want %q", got, name2)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "sim.html"))
	if want := `<link rel="preload" href="` + name2 + `" as="fetch" type="application/wasm" crossorigin>`; !strings.Contains(string(page), want) {
		t.Errorf("after a rebuild sim.html is %s, want its preload link %s", page, want)
	}
}

func TestBundleErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := bundle(dir, 12); err == nil || !strings.Contains(err.Error(), "brotli level 12") {
		t.Errorf("bundle at level 12: %v, want an error naming the brotli level", err)
	}
	if _, err := bundle(dir, 6); err == nil || !strings.Contains(err.Error(), "main.wasm") {
		t.Errorf("bundle without main.wasm: %v, want an error naming main.wasm", err)
	}
	os.WriteFile(filepath.Join(dir, "main.wasm"), []byte("\x00asm"), 0o644)
	os.WriteFile(filepath.Join(dir, "sim.html"), []byte(`<script src="main.wasm"></script>`), 0o644)
	if _, err := bundle(dir, 6); err == nil || !strings.Contains(err.Error(), "mmfld-wasm") {
		t.Errorf("bundle with a sim.html lacking the meta: %v, want an error naming mmfld-wasm", err)
	}
	if _, err := wasmOf(dir); err == nil {
		t.Errorf("wasmOf accepted a sim.html without the meta")
	}
	os.WriteFile(filepath.Join(dir, "sim.html"), []byte(`<meta name="mmfld-wasm" content="../main.wasm">`), 0o644)
	if _, err := wasmOf(dir); err == nil || !strings.Contains(err.Error(), "not a file of the site") {
		t.Errorf("wasmOf accepted ../main.wasm: %v", err)
	}
}

func TestServeSkipsStaleCompressedCopy(t *testing.T) {
	dir, wasm := writeSite(t, true)
	// main.wasm rebuilt after main.wasm.gz was made.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "main.wasm.gz"), old, old); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(newHandler(dir))
	defer ts.Close()
	res, body := get(t, ts.URL+"/main.wasm", map[string]string{"Accept-Encoding": "gzip"})
	if res.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, wasm) {
		t.Errorf("a main.wasm.gz older than main.wasm was served (Content-Encoding %q)", res.Header.Get("Content-Encoding"))
	}
}

func TestAccepts(t *testing.T) {
	for _, tc := range []struct {
		header, enc string
		want        bool
	}{
		{"gzip, deflate, br", "br", true},
		{"gzip, deflate, br", "gzip", true},
		{"GZIP", "gzip", true},
		{"gzip;q=0.5", "gzip", true},
		{"gzip;q=0", "gzip", false},
		{"gzip; q=0.0", "gzip", false},
		{"deflate", "gzip", false},
		{"", "gzip", false},
		{"xgzip", "gzip", false},
	} {
		if got := accepts(tc.header, tc.enc); got != tc.want {
			t.Errorf("accepts(%q, %q) = %v, want %v", tc.header, tc.enc, got, tc.want)
		}
	}
}

func TestSiteURL(t *testing.T) {
	bound := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 43210}
	for _, tc := range []struct{ requested, want string }{
		{"localhost:8080", "http://localhost:43210/"},
		{":8080", "http://localhost:43210/"},
		{"127.0.0.1:0", "http://127.0.0.1:43210/"},
	} {
		if got := siteURL(bound, tc.requested); got != tc.want {
			t.Errorf("siteURL(%v, %q) = %q, want %q", bound, tc.requested, got, tc.want)
		}
	}
}
