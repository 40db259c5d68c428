# A thin wrapper around CMake and CTest; see README.md.
BUILD  ?= build
ASAN   ?= build-asan
JOBS   ?= $(shell nproc)

.PHONY: all deps build demo test test-plain test-sanitize bench fuzz fuzz-short clean

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
	@$(MAKE) --no-print-directory test-plain test-sanitize fuzz-short

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

# libFuzzer on each target (fuzz/CMakeLists.txt), by hand for FUZZ_SECONDS
# each (needs clang); findings go to build-fuzz/findings-TARGET/.
FUZZ_SECONDS ?= 120
FUZZ_TARGETS = events rules snapshot http
fuzz:
	@CC=clang cmake -S . -B build-fuzz -DASSENT_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target $(FUZZ_TARGETS:%=fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	  c=fuzz/corpus; [ $$t = events ] || c=fuzz/corpus-$$t; \
	  mkdir -p build-fuzz/corpus-$$t build-fuzz/findings-$$t && \
	  cp $$c/* build-fuzz/corpus-$$t/ && \
	  build-fuzz/fuzz/fuzz_$$t build-fuzz/corpus-$$t $$c \
	    $$( [ $$t = events ] && echo -dict=fuzz/events.dict ) \
	    -max_len=65536 -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/findings-$$t/ || exit 1; \
	done

# The suite's short run of each target, when clang's libFuzzer is there.
fuzz-short:
	@if scripts/have-libfuzzer; then \
	  $(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-60}; \
	else echo "fuzz: clang with libFuzzer is not installed: skipped"; fi

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz
