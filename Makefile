# Work-plan tracker: build, test, check.  See README.md.

.SUFFIXES:

ifeq ($(origin CC),default)
CC = cc
endif
PKG_CONFIG ?= pkg-config
VERSION = 0.1.0

# SANITIZE=1 builds everything with ASan + UBSan into build/asan/.
ifeq ($(SANITIZE),1)
O ?= build/asan
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
OPT = -O1 -g
else
O ?= build/release
OPT = -O2 -g
endif
BIN = $(O)/bin
PREFIX ?= /usr/local
LOCALEDIR ?= $(PREFIX)/share/locale

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS_ALL = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(OPT) $(WARN) \
	     $(CPPFLAGS) \
	     $(SANFLAGS) -DPLAN_VERSION='"$(VERSION)"' \
	     -DPLAN_LOCALEDIR='"$(LOCALEDIR)"' -Itools/lib \
	     $(shell $(PKG_CONFIG) --cflags libgit2 yaml-0.1 libcrypto libsodium 2>/dev/null) $(CFLAGS)
LIBS = $(shell $(PKG_CONFIG) --libs libgit2 yaml-0.1 libcrypto libsodium 2>/dev/null) -lpthread -lm
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

LIB_SRC = $(sort $(wildcard tools/lib/*.c))
LIB_OBJ = $(LIB_SRC:tools/lib/%.c=$(O)/lib/%.o)
TOOLS = $(patsubst tools/%.c,%,$(wildcard tools/*.c))
TOOL_BINS = $(TOOLS:%=$(BIN)/%)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)

SCRIPTS = $(BIN)/init $(BIN)/install-hooks

all: deps-build $(TOOL_BINS) $(SCRIPTS) bin-links catalogues man

# plan init and the hooks' installer, beside the tools that run them
$(BIN)/init: tools/plan-init.sh
	@mkdir -p $(@D)
	@install -m 755 $< $@
$(BIN)/install-hooks: tools/install-hooks.sh
	@mkdir -p $(@D)
	@install -m 755 $< $@

# bin/ always holds the tools of the last plain build
bin-links: $(TOOL_BINS)
ifneq ($(SANITIZE),1)
	@mkdir -p bin
	@for t in $(TOOLS); do ln -sf ../$(BIN)/$$t bin/$$t; done
endif

deps-build:
	@sh tools/deps.sh build

# after deps-build: two apt-get runs at once would wait on dpkg's lock
deps-test: deps-build
	@sh tools/deps.sh test

# Each object depends on the headers it includes (-MMD, read back below)
# and is compiled only once the packages are there (| deps-build: under
# -j, apt-get never runs beside the compiler).  An object a build tree
# kept from before the headers were recorded has no .d file, so no header
# would ever rebuild it: DEPSTAMP, made once in each build tree, is newer
# than every such object.
DEPSTAMP = $(O)/.headers-recorded
$(DEPSTAMP):
	@mkdir -p $(@D)
	@touch $@

$(O)/lib/%.o: tools/lib/%.c $(DEPSTAMP) | deps-build
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(O)/libplan.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $(LIB_OBJ)

$(BIN)/%: tools/%.c $(O)/libplan.a $(DEPSTAMP) | deps-build
	@mkdir -p $(@D) $(O)/dep
	@echo "  CCLD    $@"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -MF $(O)/dep/$*.d -MT $@ -o $@ $< \
		$(O)/libplan.a $(LIBS) $(SANFLAGS) $(LDFLAGS)

$(O)/tests/%: tests/unit/%.c $(O)/libplan.a $(DEPSTAMP) | deps-test
	@mkdir -p $(@D) $(O)/dep
	@echo "  CCLD    $@"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -MF $(O)/dep/$*.d -MT $@ \
		-Wno-error=unused-function -o $@ $< $(O)/libplan.a \
		$(TEST_LIBS) $(LIBS) $(SANFLAGS) $(LDFLAGS) \
		$(shell sed -n 's,^/\* ldflags: \(.*\) \*/,\1,p' $<)

# Message catalogues: po/LANG.po -> $(O)/locale/LANG/LC_MESSAGES/plan.mo,
# found there by the tools of the build tree (see tools/lib/i18n.h).
# --check refuses a broken catalogue; tests/cli/i18n.sh refuses one with
# an untranslated or fuzzy message.
PO_LANGS = zh_CN
MO_FILES = $(PO_LANGS:%=$(O)/locale/%/LC_MESSAGES/plan.mo)
POT_SRC = $(sort $(wildcard tools/*.c tools/lib/*.c))

catalogues: $(MO_FILES)

$(O)/locale/%/LC_MESSAGES/plan.mo: po/%.po | deps-build
	@mkdir -p $(@D)
	@echo "  MSGFMT  $<"
	@msgfmt --check -o $@ $<

# make po: gather the messages from the sources and merge them into each
# po/LANG.po, whose new or changed entries then need a translator.
po:
	@xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
		--keyword=P_:1c,2 --keyword=render_tr:2 --keyword=render_ntr:2,3 \
		--keyword=ngettext:1,2 --add-comments=TRANSLATORS: \
		--package-name=plan --package-version=$(VERSION) \
		--no-wrap --sort-by-file -o po/plan.pot $(POT_SRC)
	@for l in $(PO_LANGS); do \
		msgmerge --quiet --update --backup=off --no-wrap \
			po/$$l.po po/plan.pot; done
	@msgfmt --check --statistics -o /dev/null po/zh_CN.po

# The plan office's report on this repository's own plan.
report: all
	@$(BIN)/validate && $(BIN)/summary

test: deps-test all $(UNIT_BINS)
	@sh tests/run.sh $(O)

check:
	$(MAKE) test SANITIZE=1

# build/demo: this plan with a year of reports in git (tools/demo.sh)
demo: all
	@sh tools/demo.sh

hooks: all
	@sh tools/install-hooks.sh

clean:
	rm -rf build bin

# Man pages: plan(1) and plan-CMD(1) written from each command's --help
# by tools/man.sh (so the two cannot disagree), plan-format(5) from man/.
MAN_CMDS = validate summary diff log audit import export init
MAN_PAGES = $(O)/man/plan.1 $(MAN_CMDS:%=$(O)/man/plan-%.1) \
	    $(O)/man/plan-format.5
desc_plan = a work plan kept as YAML files in git, checked and reported on
desc_validate = check every file of the plan: file, line and fix
desc_summary = the progress report, the period report and the year
desc_diff = what changed between two versions of the plan, field by field
desc_log = who changed which task's field from what to what, and when
desc_audit = prove from history that every change was allowed
desc_import = read a plan table in its published form
desc_export = write the plan back as such a table
desc_init = start a new plan repository

# the same in Chinese, from each command's --help in Chinese
MAN_ZH = $(O)/man/zh_CN/plan.1 $(MAN_CMDS:%=$(O)/man/zh_CN/plan-%.1) \
	 $(O)/man/zh_CN/plan-format.5
zhdesc_plan = 以 YAML 文件保存在 git 中、可检查可报告的工作计划
zhdesc_validate = 检查计划的每个文件：指明文件、行号和改法
zhdesc_summary = 进度报告、期间报告和全年情况
zhdesc_diff = 逐字段比较计划的两个版本
zhdesc_log = 谁在何时把哪个任务的字段从什么改成什么
zhdesc_audit = 根据历史证明每项变更都有权作出
zhdesc_import = 读取发布格式的计划表
zhdesc_export = 把计划写回这种表格
zhdesc_init = 建立新的计划仓库

man: $(MAN_PAGES) $(MAN_ZH)

$(O)/man/plan.1: $(BIN)/plan tools/man.sh
	@mkdir -p $(@D)
	@sh tools/man.sh plan "$(desc_plan)" $(BIN)/plan >$@.tmp && mv $@.tmp $@
$(O)/man/plan-%.1: $(BIN)/% tools/man.sh $(wildcard man/*.rules)
	@mkdir -p $(@D)
	@sh tools/man.sh plan-$* "$(desc_$*)" $(BIN)/$* >$@.tmp && mv $@.tmp $@
$(O)/man/plan-format.5: man/plan-format.5
	@mkdir -p $(@D)
	@cp $< $@
$(O)/man/zh_CN/plan.1: $(BIN)/plan tools/man.sh $(MO_FILES)
	@mkdir -p $(@D)
	@sh tools/man.sh plan "$(zhdesc_plan)" $(BIN)/plan zh >$@.tmp && \
		mv $@.tmp $@
$(O)/man/zh_CN/plan-%.1: $(BIN)/% tools/man.sh $(MO_FILES) \
			   $(wildcard man/zh_CN/*.rules)
	@mkdir -p $(@D)
	@sh tools/man.sh plan-$* "$(zhdesc_$*)" $(BIN)/$* zh >$@.tmp && \
		mv $@.tmp $@
$(O)/man/zh_CN/plan-format.5: man/zh_CN/plan-format.5
	@mkdir -p $(@D)
	@cp $< $@

# make install: the plan command in PREFIX/bin (and git-plan, so that
# `git plan` works), the tools it runs in PREFIX/libexec/plan, the
# default schemas, the message catalogues and the shell completion; all
# under DESTDIR when set, nothing outside.  make uninstall removes them.
BINDIR = $(PREFIX)/bin
LIBEXECDIR = $(PREFIX)/libexec/plan
DATADIR = $(PREFIX)/share/plan
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions
ZSHDIR = $(PREFIX)/share/zsh/site-functions
MANDIR = $(PREFIX)/share/man
SUBCOMMANDS = validate summary diff log audit import export

install: deps-build $(TOOL_BINS) $(SCRIPTS) catalogues man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) \
		$(DESTDIR)$(DATADIR)/schema $(DESTDIR)$(COMPLETIONDIR) \
		$(DESTDIR)$(ZSHDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/zh_CN/man1 $(DESTDIR)$(MANDIR)/zh_CN/man5
	install -m 644 $(O)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(O)/man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 $(O)/man/zh_CN/*.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/
	install -m 644 $(O)/man/zh_CN/*.5 $(DESTDIR)$(MANDIR)/zh_CN/man5/
	ln -sf plan.1 $(DESTDIR)$(MANDIR)/man1/git-plan.1
	ln -sf plan.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/git-plan.1
	install -m 755 $(BIN)/plan $(DESTDIR)$(BINDIR)/plan
	ln -sf plan $(DESTDIR)$(BINDIR)/git-plan
	for t in $(SUBCOMMANDS) init install-hooks; do \
		install -m 755 $(BIN)/$$t $(DESTDIR)$(LIBEXECDIR)/$$t; done
	install -m 644 schema/plan.schema.json schema/task.schema.json \
		schema/unit.schema.json $(DESTDIR)$(DATADIR)/schema/
	for l in $(PO_LANGS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(O)/locale/$$l/LC_MESSAGES/plan.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/plan.mo; done
	install -m 644 tools/completion.bash $(DESTDIR)$(COMPLETIONDIR)/plan
	install -m 644 tools/completion.zsh $(DESTDIR)$(ZSHDIR)/_plan

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/plan $(DESTDIR)$(BINDIR)/git-plan
	for t in $(SUBCOMMANDS) init install-hooks; do \
		rm -f $(DESTDIR)$(LIBEXECDIR)/$$t; done
	rm -f $(DESTDIR)$(DATADIR)/schema/plan.schema.json \
		$(DESTDIR)$(DATADIR)/schema/task.schema.json \
		$(DESTDIR)$(DATADIR)/schema/unit.schema.json \
		$(DESTDIR)$(COMPLETIONDIR)/plan $(DESTDIR)$(ZSHDIR)/_plan \
		$(DESTDIR)$(MANDIR)/man1/plan.1 $(DESTDIR)$(MANDIR)/man5/plan-format.5
	rm -f $(DESTDIR)$(MANDIR)/man1/git-plan.1 \
		$(DESTDIR)$(MANDIR)/zh_CN/man1/git-plan.1 \
		$(DESTDIR)$(MANDIR)/zh_CN/man1/plan.1 \
		$(DESTDIR)$(MANDIR)/zh_CN/man5/plan-format.5
	for t in $(MAN_CMDS); do rm -f $(DESTDIR)$(MANDIR)/man1/plan-$$t.1 \
		$(DESTDIR)$(MANDIR)/zh_CN/man1/plan-$$t.1; done
	for l in $(PO_LANGS); do \
		rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/plan.mo; done
	-rmdir $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)/schema \
		$(DESTDIR)$(DATADIR) 2>/dev/null

.PHONY: man all catalogues po demo bin-links deps-build deps-test report test check hooks clean bench install uninstall

bench: all
	@sh bench/run.sh

-include $(wildcard $(O)/lib/*.d $(O)/dep/*.d)
-include tests/fuzz/fuzz.mk
