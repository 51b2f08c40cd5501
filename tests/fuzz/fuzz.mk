# Fuzzing with libFuzzer (clang): `make fuzz-build` builds the targets of
# tests/fuzz/ into build/fuzz/; `make fuzz` runs each for FUZZ_SECONDS
# (default 60).  Seeds are read from tests/fuzz/corpus/<target>/; what a run
# learns goes to build/fuzz/corpus-<target>/, crashes to build/fuzz/ as
# crash-*, leak-*, timeout-* (make them fixtures, see tests/fuzz/README).
# The library is compiled again with coverage and ASan + UBSan; libyaml and
# libgit2 are the system's, uninstrumented.
ifndef FUZZ_MK_INCLUDED
FUZZ_MK_INCLUDED = 1

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 16384
FUZZ_O ?= build/fuzz
FUZZ_TARGETS = fuzz_load fuzz_compare
FUZZ_SAN ?= -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O1 -g \
	      -Wall -Wextra -Wno-unused-parameter $(FUZZ_SAN) \
	      -DPLAN_VERSION='"fuzz"' -Itools/lib \
	      $(shell pkg-config --cflags libgit2 yaml-0.1 libcrypto libsodium 2>/dev/null)
FUZZ_LIBS = $(shell pkg-config --libs libgit2 yaml-0.1 libcrypto libsodium 2>/dev/null) \
	    -lpthread -lm
FUZZ_LIB_SRC = $(sort $(wildcard tools/lib/*.c))
FUZZ_LIB_OBJ = $(FUZZ_LIB_SRC:tools/lib/%.c=$(FUZZ_O)/lib/%.o)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_O)/%)

fuzz-build: $(FUZZ_BINS)

$(FUZZ_O)/lib/%.o: tools/lib/%.c tools/lib/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_O)/libplan.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(FUZZ_LIB_OBJ)

$(FUZZ_O)/%: tests/fuzz/%.c $(FUZZ_O)/libplan.a tools/lib/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-DFUZZ_SCHEMA_DIR='"$(CURDIR)/schema"' -o $@ $< \
		$(FUZZ_O)/libplan.a $(FUZZ_LIBS)

# Each target for FUZZ_SECONDS on one core, seeds first; a finding stops the
# run and fails make.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_O)/corpus-$$t || exit 2; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_O)/$$t -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$(FUZZ_MAX_LEN) -timeout=10 \
			-rss_limit_mb=2048 \
			-dict=tests/fuzz/yaml.dict -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_O)/$$t- \
			$(FUZZ_O)/corpus-$$t tests/fuzz/corpus/$$t \
			2>$(FUZZ_O)/$$t.log || \
			{ tail -n 60 $(FUZZ_O)/$$t.log; exit 1; }; \
		grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units)' \
			$(FUZZ_O)/$$t.log; \
	done

.PHONY: fuzz fuzz-build
endif
