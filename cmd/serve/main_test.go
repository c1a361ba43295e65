package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
		if tc.path == "/main.wasm" && !bytes.Equal(body, wasm) {
			t.Errorf("GET /main.wasm: body differs from the file")
		}
	}
	if res, _ := get(t, ts.URL+"/missing.js", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /missing.js: status %d, want 404", res.StatusCode)
	}
}

func TestServePrecompressed(t *testing.T) {
	dir, wasm := writeSite(t, true)
	ts := httptest.NewServer(newHandler(dir))
	defer ts.Close()

	// A browser that accepts gzip gets main.wasm.gz, labelled as wasm.
	res, body := get(t, ts.URL+"/main.wasm", map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if got := res.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", got)
	}
	if got := res.Header.Get("Content-Type"); got != "application/wasm" {
		t.Errorf("Content-Type %q, want application/wasm", got)
	}
	if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary %q lacks Accept-Encoding", res.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, wasm) {
		t.Errorf("decompressed main.wasm.gz differs from main.wasm")
	}

	// A client that does not accept gzip (or refuses it with q=0) gets the raw file.
	for _, ae := range []string{"", "identity", "gzip;q=0, br;q=0"} {
		res, body = get(t, ts.URL+"/main.wasm", map[string]string{"Accept-Encoding": ae})
		if res.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, wasm) {
			t.Errorf("Accept-Encoding %q: got Content-Encoding %q and %d bytes, want the raw %d bytes",
				ae, res.Header.Get("Content-Encoding"), len(body), len(wasm))
		}
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
