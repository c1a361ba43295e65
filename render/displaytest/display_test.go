//go:build !display

package displaytest

import (
	"flag"
	"os"
	"os/exec"
	"testing"
)

// packages are the packages whose tests need a display.
var packages = []string{
	"github.com/mmfld/playground/render",
	"github.com/mmfld/playground/cmd/desktop",
}

// TestDisplay runs the display-tagged tests of packages in a child
// `go test`, when there is a display to draw on.
func TestDisplay(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip(`no DISPLAY: the drawing tests need X; run them with make test, or
	xvfb-run -a -s "-screen 0 1280x720x24" go test -tags display ./render/ ./cmd/desktop/`)
	}
	goBin, err := exec.LookPath("go") // go test puts its own go first on PATH
	if err != nil {
		t.Skipf("no go command to run the drawing tests: %v", err)
	}
	args := []string{"test", "-tags", "display", "-count=1", "-timeout", "15m"}
	if testing.Short() {
		args = append(args, "-short")
	}
	if testing.Verbose() {
		args = append(args, "-v")
	}
	// Under -bench (make test runs every benchmark once: -bench . -benchtime
	// 1x) the drawing benchmarks run too, with the same pattern and time.
	if bench := flag.Lookup("test.bench").Value.String(); bench != "" {
		args = append(args, "-bench", bench, "-benchtime", flag.Lookup("test.benchtime").Value.String())
	}
	cmd := exec.Command(goBin, append(args, packages...)...)
	out, err := cmd.CombinedOutput()
	t.Logf("go %v\n%s", args[1:], out)
	if err != nil {
		t.Fatalf("drawing tests failed: %v", err)
	}
}
