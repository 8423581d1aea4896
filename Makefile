# qmslint: `make test` is the one command that runs every check CI runs.
GO      ?= go
BIN     := bin/qmslint
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS := -X github.com/qmslint/qmslint/internal/cli.Version=$(VERSION)

.PHONY: all build test fmt-check vet gotest policy-test lint-qms docs bench bench-qms fuzz clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/qmslint

# Everything CI runs: formatting, vet, Go and Rego tests under the race
# detector, and the reference QMS linted clean by the built binary.
test: fmt-check vet gotest policy-test lint-qms

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

gotest:
	$(GO) test -race -count=1 -timeout 30m ./...
	# The resource promises of SECURITY.md, timed without the race
	# detector, which slows a stopping run several times over.
	$(GO) test -count=1 -run 'TestBombsStopWithinBudget|TestLongBuiltinStopsAtTheDeadline' ./cmd/qmslint

# The built-in rules' Rego tests through the CLI users run on their own
# packs, with the line coverage the rules must keep (at least 90%).
policy-test: build
	$(BIN) policy test --threshold 90 policies

# The reference QMS is a snapshot: its weekly restore-test and monitoring
# records are current as of QMS_DATE, so it is linted as of that day (a real
# QMS is linted as of today, and stale records are exactly what it flags).
QMS_DATE ?= 2026-11-24
lint-qms: build
	$(BIN) lint qms --date $(QMS_DATE) --fail-on observation

# Regenerates the pages made from rule metadata and the policy input model;
# tests fail when the committed pages differ from these.
docs: build
	$(BIN) policy doc > docs/rules.md
	$(BIN) policy doc --model > docs/policy-model.md
	@# adopting.md quotes real output on ../shared/corpora/qara-pulse; without
	@# the corpus (exit 2) the page is kept as it is.
	@$(GO) run ./internal/adoptdoc/gen > docs/adopting.md.new; rc=$$?; \
	if [ $$rc -eq 0 ]; then mv docs/adopting.md.new docs/adopting.md; else rm -f docs/adopting.md.new; [ $$rc -eq 2 ]; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The commands people wait on against the parse floor of ../shared/bench, on
# a generated corpus of BENCH_DOCS documents (1k, 10k, 40k), medians of
# BENCH_RUNS interleaved runs: the table of docs/performance.md. BENCH_COMPARE
# names a Git revision whose qmslint is measured beside this one.
BENCH_DOCS ?= 10k
BENCH_RUNS ?= 3
BENCH_COMPARE ?=
bench-qms:
	$(GO) run ./internal/benchqms -docs $(BENCH_DOCS) -runs $(BENCH_RUNS) -compare "$(BENCH_COMPARE)"

# Runs each fuzz target for FUZZTIME (default 1m).
FUZZTIME ?= 1m
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME) ./internal/yamlpos
	$(GO) test -run '^$$' -fuzz FuzzFrontMatter -fuzztime $(FUZZTIME) ./internal/load
	$(GO) test -run '^$$' -fuzz FuzzParseFile -fuzztime $(FUZZTIME) ./internal/load
	$(GO) test -run '^$$' -fuzz FuzzLintRepo -fuzztime $(FUZZTIME) ./internal/lint

clean:
	rm -rf bin dist
