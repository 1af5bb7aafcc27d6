# auditlog — run `make help` for the targets.

GO       ?= go
BIN      ?= bin/auditlog
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
FUZZTIME ?= 60s
BENCH    ?= .
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
VHS      ?= github.com/charmbracelet/vhs@v0.10.0

.PHONY: help build demo test bench fuzz lint screenshots clean

help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Build bin/auditlog.
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/auditlog

demo: build ## Open the explorer on the embedded demo data.
	./$(BIN) --demo

test: ## go vet, every test with the race detector (includes the tmux smoke test), demo.tape validated.
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 15m ./...
	$(GO) run $(VHS) validate demo.tape

bench: ## Run the benchmarks with -benchmem (BENCH=regexp to narrow).
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem ./...

fuzz: ## Fuzz the filter parser for FUZZTIME (default 60s).
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./filters

lint: ## gofmt, go vet and staticcheck.
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1)
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

screenshots: build ## Render the README's pictures to docs/ (needs tmux and freeze).
	@command -v freeze >/dev/null || test -x "$$($(GO) env GOPATH)/bin/freeze" || $(GO) install github.com/charmbracelet/freeze@v0.2.2
	scripts/screenshots.sh $(BIN) docs

clean: ## Remove build output.
	rm -rf bin
