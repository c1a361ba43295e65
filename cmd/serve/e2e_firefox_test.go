//go:build unix

package main

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// firefoxPath is the Firefox to drive: $MMFLD_FIREFOX, else Debian's
// firefox-esr; "" when there is none.
func firefoxPath() string {
	if p := os.Getenv("MMFLD_FIREFOX"); p != "" {
		return p
	}
	for _, name := range []string{"firefox-esr", "/usr/bin/firefox-esr"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// firefoxTests is how many tests test/firefox/firefox.test.mjs holds (its
// subtests counted): fewer passing means some did not run.
const firefoxTests = 7

// TestBrowserFirefox runs test/firefox/firefox.test.mjs (Node's test runner)
// against the bundle TestMain built, served here: the playground in
// Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core, under
// Xvfb (its own xvfb-run, with a screen larger than the page). `make test`
// installs firefox-esr and runs `npm ci` in test/firefox first; without
// them the test is skipped, saying what to install.
func TestBrowserFirefox(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	firefox := firefoxPath()
	if firefox == "" {
		t.Skip("Firefox not found: install Debian's firefox-esr (`sudo apt-get install firefox-esr`, or `make deps-test`), or set MMFLD_FIREFOX")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: install Node.js (`sudo apt-get install nodejs npm`, or `make deps-test`)")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "test", "firefox"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "puppeteer-core")); err != nil {
		t.Skipf("puppeteer-core is not installed in %s: run `npm ci` there (`make deps-firefox`)", dir)
	}
	if site.err != nil {
		t.Fatalf("building the web bundle: %v", site.err)
	}
	srv := httptest.NewServer(newHandler(site.dir))
	t.Cleanup(srv.Close)

	args := []string{node, "--test", "--test-reporter=tap", "firefox.test.mjs"}
	if xvfb, err := exec.LookPath("xvfb-run"); err == nil {
		args = append([]string{xvfb, "-a", "-s", "-screen 0 1400x1000x24"}, args...)
	} else if os.Getenv("DISPLAY") == "" {
		t.Skip("Firefox draws WebGL2 only with a display: install xvfb and xauth (`make deps-test`), or set DISPLAY")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "MMFLD_URL="+srv.URL+"/", "MMFLD_FIREFOX="+firefox, "HOME="+t.TempDir())
	// Its own process group, so that a timeout ends Xvfb and Firefox too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s\n%s", args, out)
	if err != nil {
		t.Fatalf("the Firefox test failed after %v: %v", time.Since(start).Round(time.Millisecond), err)
	}
	count := func(what string) int {
		m := regexp.MustCompile(`(?m)^# ` + what + ` (\d+)$`).FindSubmatch(out)
		if m == nil {
			return -1
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}
	if pass, fail := count("pass"), count("fail"); pass < firefoxTests || fail != 0 {
		t.Errorf("the Firefox test passed %d and failed %d tests, want %d passed and none failed", pass, fail, firefoxTests)
	}
	t.Logf("the Firefox test took %v", time.Since(start).Round(time.Millisecond))
}
