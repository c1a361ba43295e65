package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws a one-line progress bar with the time left on a writer
// (stderr): the work done (particle-steps) out of the planned total, the
// elapsed time and the time left at the average speed so far,
//
//	[##########..........]  50%  e1 projected β=0  step 1200/4000  0:42 elapsed, 0:42 left
//
// redrawn in place (carriage return) at most every interval. A nil
// *progress draws nothing, so callers need not check whether it is on.
type progress struct {
	w        io.Writer
	total    int64
	done     int64
	start    time.Time
	last     time.Time
	interval time.Duration
	now      func() time.Time // time.Now; a test may fix it
	width    int              // the longest line drawn, to blank it on the next
}

// newProgress returns a progress bar on w for total units of work, or nil
// (no bar) unless forced or w is a terminal.
func newProgress(w io.Writer, total int64, forced bool) *progress {
	if !forced && !isTerminal(w) {
		return nil
	}
	p := &progress{w: w, total: max(total, 1), interval: 200 * time.Millisecond, now: time.Now}
	p.start = p.now()
	return p
}

// isTerminal reports whether w is a character device (a terminal), without
// any terminal library: an *os.File whose mode has os.ModeCharDevice.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// add records n more units of work done and redraws the bar if interval
// has passed since the last drawing; what says what is running.
func (p *progress) add(n int64, what string) {
	if p == nil {
		return
	}
	p.done += n
	if t := p.now(); t.Sub(p.last) >= p.interval || p.done >= p.total {
		p.last = t
		p.draw(what)
	}
}

// draw writes the bar.
func (p *progress) draw(what string) {
	const cells = 24
	frac := min(float64(p.done)/float64(p.total), 1)
	filled := int(frac * cells)
	elapsed := p.now().Sub(p.start)
	left := "?"
	if p.done > 0 {
		left = clock(time.Duration(float64(elapsed) * (1 - frac) / frac))
	}
	line := fmt.Sprintf("[%s%s] %3.0f%%  %s  %s elapsed, %s left", strings.Repeat("#", filled), strings.Repeat(".", cells-filled),
		100*frac, what, clock(elapsed), left)
	pad := max(p.width-len([]rune(line)), 0)
	p.width = max(p.width, len([]rune(line)))
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
}

// finish ends the bar's line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	fmt.Fprintln(p.w)
}

// clock formats d as m:ss, or h:mm:ss from an hour on.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
