# A thin wrapper around CMake and CTest; see README.md.
BUILD  ?= build
ASAN   ?= build-asan
JOBS   ?= $(shell nproc)

.PHONY: all deps build demo test test-plain test-sanitize bench fuzz clean

all: build

deps:
	@scripts/install-deps

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# ./run demo (the README's first command) installs what is missing, then
# runs this: build, and tell the NATO 2024 story.
demo: deps build
	@scripts/nato-story $(BUILD)/assent

# ./run test (the README's second command): the whole suite, plain and
# under the sanitizers.
test: deps
	@$(MAKE) --no-print-directory test-plain test-sanitize

test-plain: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-sanitize:
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DASSENT_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	@cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run $(BUILD)

# libFuzzer on the event parser and the fold, by hand (needs clang).
FUZZ_SECONDS ?= 120
fuzz:
	@CC=clang cmake -S . -B build-fuzz -DASSENT_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target fuzz_events
	@mkdir -p build-fuzz/corpus && cp fuzz/corpus/* build-fuzz/corpus/
	build-fuzz/fuzz/fuzz_events build-fuzz/corpus -dict=fuzz/events.dict \
	  -max_len=4096 -max_total_time=$(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz
