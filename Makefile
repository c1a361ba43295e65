# MMFLD Playground. The two commands a newcomer needs:
#   make serve   build the WebAssembly playground and serve it on http://localhost:$(PORT)
#   make test    every test: engine, browser (headless Chromium; Firefox under Xvfb), desktop render (Xvfb)
GO     ?= go
PORT   ?= 8080
BUILD  := build
WEBOUT := $(BUILD)/web
BROTLI ?= 6
GOROOT := $(shell $(GO) env GOROOT)
# GOAMD64=v1 (Go's default, set here in case the environment says otherwise): from v3
# on, Go fuses multiplies and adds into FMA instructions, and the native build would
# no longer compute the WebAssembly build's bits (TestTrajectoryAgreement) nor those of
# its own AVX2 loops (engine/internal/simd's TestAVX2MatchesGo).
export GOAMD64 := v1

# Debian packages the tests and the desktop build need (see shared platform notes).
DESKTOP_PKGS := libc6-dev libgl1-mesa-dev libxcursor-dev libxi-dev libxinerama-dev libxrandr-dev libxxf86vm-dev pkg-config
TEST_PKGS    := chromium firefox-esr xvfb xauth $(DESKTOP_PKGS)
# The Firefox test (test/firefox, run by cmd/serve's TestBrowserFirefox): puppeteer-core from npm,
# pinned by its package-lock.json; it downloads no browser (it drives Debian's firefox-esr).
FIREFOX_TEST := test/firefox

.PHONY: all serve web desktop test test-firefox deps-firefox test-native test-native-engine test-native-others test-native-long test-short test-wasm test-wasm-ref test-wasm-engine test-wasm-extreme test-wasm-app vet check-imports deps-test deps-desktop apt-install bench clean reproduce

all: web desktop

## web: the browser bundle in build/web: the pages, the lessons, wasm_exec.js from this Go, and the
## simulation as main.<hash>.wasm (hash: SHA-256 prefix, so browsers cache it for good) with
## its brotli (.br) and gzip (.gz) copies, which cmd/serve sends to browsers that accept them;
## sim.html is pointed at the hashed name. Only Go is needed: `serve -bundle` compresses in Go
## at brotli quality $(BROTLI) (a few seconds; BROTLI=11 is ~14% smaller and takes minutes).
## GOWASM=satconv,signext: saturating float→int and sign-extension ops (Chromium ≥ 75, Firefox
## ≥ 64, Safari ≥ 15), said to be 10–20% faster. WASM_GCFLAGS: the standard library is compiled
## without inlining, but for math and math/bits, whose small functions the engine's loops inline:
## ~10% off the brotli bundle (most of it in the parts only ebiten's shader compiler and
## encoding/json run). Sizes: see README ("The bundle").
WASM_GCFLAGS := -gcflags=std=-l -gcflags=math= -gcflags=math/bits=
web:
	@mkdir -p $(WEBOUT)
	cp web/*.html web/*.js web/*.css $(WEBOUT)/
	rm -rf $(WEBOUT)/lessons && cp -r web/lessons $(WEBOUT)/lessons
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" $(WEBOUT)/
	GOOS=js GOARCH=wasm GOWASM=satconv,signext $(GO) build -trimpath -ldflags="-s -w" $(WASM_GCFLAGS) -o $(WEBOUT)/main.wasm ./cmd/wasm
	$(GO) run ./cmd/serve -bundle $(WEBOUT) -brotli $(BROTLI)

## serve: build and serve the playground (PORT=... overrides 8080)
serve: web
	$(GO) run ./cmd/serve -dir $(WEBOUT) -addr localhost:$(PORT)

## desktop: the native app in build/mmfld-desktop
desktop: deps-desktop
	$(GO) build -trimpath -o $(BUILD)/mmfld-desktop ./cmd/desktop
	@echo "built $(BUILD)/mmfld-desktop"

## test: everything, including the slow statistical tests, the browser and the desktop render tests,
## every benchmark once, and the engine compiled to WebAssembly under Node, checked against the
## native build. Four parts run side by side (make -j4): the engine's native tests (whose parallel
## tests keep both cores busy) then the browser tests, the other native packages, the WebAssembly
## runs (single-threaded Node, filling the gaps, two at a time once a native part is done), and the
## browser's long session (10⁴ frames, three minutes of a browser presenting at 60 frames a second
## and using about one core); each part's output is printed whole when it ends (--output-sync),
## and make fails if any part fails.
test: deps-test deps-firefox vet check-imports
	@$(MAKE) --no-print-directory -j4 --output-sync=target test-native-engine test-native-others test-wasm test-native-long

## test-native: every package's tests, then each package's benchmarks once (-bench . -benchtime 1x,
## in the same test binaries: no second build, and no benchmark rots); the display tests and
## benchmarks (render/displaytest runs them with -tags display) under Xvfb. With -bench, one go test
## runs its packages one after another (cmd/go: "Force benchmarks to run in serial"), so the
## packages are split over two go test runs that make runs side by side: test-native-engine, the
## engine (most of the CPU work) and then the browser tests (cmd/serve, which mostly wait on
## Chromium: after the engine they see a less loaded machine), and test-native-others, the rest.
MODULE        = $(shell $(GO) list -m)
NATIVE_OTHERS = $(filter-out $(MODULE)/engine% $(MODULE)/cmd/serve,$(shell $(GO) list ./...))
XVFB          := xvfb-run -a -s "-screen 0 1280x720x24"
NATIVE_TEST   := $(XVFB) $(GO) test -count=1 -timeout 40m -bench . -benchtime 1x
test-native: test-native-engine test-native-others test-native-long

test-native-engine:
	$(NATIVE_TEST) -skip '^TestBrowserLongSession$$' ./engine/... ./cmd/serve/

## test-native-long: TestBrowserLongSession alone, from the start of make test (it is long, and
## mostly waits on the browser's frame rate); under Xvfb its Chromium draws with Mesa's llvmpipe.
test-native-long:
	$(XVFB) $(GO) test -count=1 -timeout 20m -run '^TestBrowserLongSession$$' ./cmd/serve/

test-native-others:
	$(NATIVE_TEST) $(NATIVE_OTHERS)

## test-wasm: the engine's packages' and app's quick tests under Node (GOOS=js GOARCH=wasm), and the
## native and WebAssembly builds' trajectories compared bit for bit. Node runs a test binary on one
## thread, so the engine's tests are split in two runs (TestExtremeParameters, the longest, and the
## rest) that make -j runs side by side once a job slot is free; -timeout 30m: one thread, shared.
WASM_TEST := GOOS=js GOARCH=wasm $(GO) test -count=1 -short -timeout 30m -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec"
test-wasm: test-wasm-engine test-wasm-extreme test-wasm-app

test-wasm-ref:
	@mkdir -p $(BUILD)
	$(GO) test -count=1 -run TestTrajectoryAgreement ./engine/ -args -trajectory.write=$(CURDIR)/$(BUILD)/trajectories.json

test-wasm-engine: test-wasm-ref
	$(WASM_TEST) -skip '^TestExtremeParameters$$' ./engine/ -args -trajectory.compare=$(CURDIR)/$(BUILD)/trajectories.json

test-wasm-extreme:
	$(WASM_TEST) -run '^TestExtremeParameters$$' ./engine/

test-wasm-app:
	$(WASM_TEST) ./app/ ./engine/mirror/ ./engine/objective/... ./engine/stat/ ./engine/integrate/ ./engine/internal/...

## test-firefox: the playground in Debian's firefox-esr alone (make test runs it with the browser
## tests of cmd/serve): over WebDriver BiDi (puppeteer-core), under Xvfb, on a bundle built by the test.
test-firefox: deps-test deps-firefox
	$(GO) test -count=1 -run '^TestBrowserFirefox$$' -v ./cmd/serve/

## test-short: the quick tests only (no display or browser needed for engine/app)
test-short:
	$(GO) test -short ./engine/... ./app/...

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./engine/... ./app/... ./render/... ./cmd/wasm/...

## check-imports: engine/ must import neither ebiten nor syscall/js (directly or through a
## non-standard dependency; on js/wasm the standard library itself uses syscall/js)
check-imports:
	@for os_arch in "" "GOOS=js GOARCH=wasm"; do \
	  bad=$$(env $$os_arch $(GO) list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' ./engine/... | grep hajimehoshi/ebiten | head -1 || true); \
	  bad="$$bad$$(env $$os_arch $(GO) list -deps -f '{{if not .Standard}}{{join .Imports "\n"}}{{end}}' ./engine/... | grep -x syscall/js || true)"; \
	  if [ -n "$$bad" ]; then echo "engine/ must not import ($$os_arch): $$bad"; exit 1; fi; \
	done; echo "engine/ imports neither ebiten nor syscall/js"

# deps-*: install missing Debian packages with apt when root; otherwise say what to install.
deps-test:
	@$(MAKE) --no-print-directory apt-install PKGS="$(TEST_PKGS) $$(command -v node >/dev/null || echo nodejs) $$(command -v npm >/dev/null || echo npm)"
# deps-firefox: test/firefox's node_modules, as its package-lock.json says (npm ci, again when the lock changes).
deps-firefox: deps-test $(FIREFOX_TEST)/node_modules/.package-lock.json
$(FIREFOX_TEST)/node_modules/.package-lock.json: $(FIREFOX_TEST)/package.json $(FIREFOX_TEST)/package-lock.json
	cd $(FIREFOX_TEST) && npm ci --no-audit --no-fund
	@touch $@
deps-desktop:
	@$(MAKE) --no-print-directory apt-install PKGS="$(DESKTOP_PKGS)"

apt-install:
	@missing=""; for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "missing Debian packages:$$missing"; \
	  echo "install them with: sudo apt-get install$$missing"; exit 1; \
	fi

## bench: the engine's speed beside its peers, one table (also written to build/bench.md): natively
## against a NumPy loop of the same algorithm, in WebAssembly under Node against a plain JavaScript
## loop in the same Node (bench/peer/), and the O(N^2) objectives at N = 4096; each figure the median
## of 3 runs (BENCH_RUNS=5 for more, odd) taken interleaved with its peer's. PYTHON must have NumPy
## (Debian's python3-numpy).
BENCH_PKGS := python3-numpy
BENCH_RUNS ?= 3
PYTHON     ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
bench:
	@$(MAKE) --no-print-directory apt-install PKGS="$(BENCH_PKGS) $$(command -v node >/dev/null || echo nodejs)"
	@mkdir -p $(BUILD)
	$(GO) build -o $(BUILD)/bench ./cmd/bench
	GOOS=js GOARCH=wasm GOWASM=satconv,signext $(GO) build -o $(BUILD)/bench.wasm ./cmd/bench
	$(BUILD)/bench -mode table -runs $(BENCH_RUNS) -wasm $(BUILD)/bench.wasm -wasmexec "$(GOROOT)/lib/wasm/go_js_wasm_exec" \
	  -node node -python "$(PYTHON)" -peers bench/peer -commit "$$(git describe --always --dirty 2>/dev/null)" -out $(BUILD)/bench.md

clean:
	rm -rf $(BUILD)

## reproduce: regenerate the paper's figures and report in docs/reproduce/ (REPORT.md, PNGs, data/):
## `mmfld reproduce`, the paper's N = 50,000 on Δ³; several minutes on 2 cores. The quick variant
## (`go run ./cmd/mmfld reproduce -quick -out DIR`) runs in seconds and in `make test`.
reproduce:
	$(GO) run ./cmd/mmfld reproduce -out docs/reproduce
