# The two commands of the README:
#   make run   — set up, build, and run huifangd on the embedded default with a demo sink
#   make test  — set up, build, and run every test
SWIFT ?= swift
# make install [PREFIX=/usr/local] [DESTDIR=…] [CONFIGURATION=release] [BUILT=bin-dir: skip the build]
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
BUILT ?=
UNITDIR ?= $(PREFIX)/lib/systemd/system

.PHONY: setup build run test check-config verify-unit clean install

setup:
	@scripts/setup

build: setup
	$(SWIFT) build

run: build
	@scripts/run-demo

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) build --product generate-manual
	$(SWIFT) test --skip-build

# The shipped config names the demo's health-data key, made as `make run` makes it.
check-config: build
	@scripts/demo-key
	$$($(SWIFT) build --show-bin-path)/huifangd --config config/huifang.toml --check-config

verify-unit:
	systemd-analyze verify systemd/huifangd.service

clean:
	rm -rf .build var

# Installs the binaries, the unit (pointed at PREFIX), sysusers.d and tmpfiles.d files,
# man pages, shell completions, an example config and the docs. With BUILT, the binaries
# and argument-parser's generate-manual tool are taken from that directory as they are.
install:
	@[ -n "$(BUILT)" ] || $(SWIFT) build -c $(CONFIGURATION)
	@[ -n "$(BUILT)" ] || $(SWIFT) build -c $(CONFIGURATION) --product generate-manual
	bin=$${BUILT:-$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)} && \
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(UNITDIR) $(DESTDIR)$(PREFIX)/lib/sysusers.d $(DESTDIR)$(PREFIX)/lib/tmpfiles.d \
		$(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/doc/huifang $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d && \
	install -m 0755 $$bin/huifangd $$bin/huifangctl $(DESTDIR)$(PREFIX)/bin/ && \
	$$bin/huifangctl --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/huifangctl && \
	$$bin/huifangctl --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_huifangctl && \
	$$bin/huifangctl --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/huifangctl.fish && \
	scripts/make-manpages $$bin $$bin/generate-manual $(DESTDIR)$(PREFIX)/share/man/man1 >/dev/null && \
	chmod 0644 $(DESTDIR)$(PREFIX)/share/man/man1/huifangd.1 $(DESTDIR)$(PREFIX)/share/man/man1/huifangctl.1
	sed -e 's|/usr/local/bin/|$(PREFIX)/bin/|g' -e 's|/usr/local/share/doc/huifang|$(PREFIX)/share/doc/huifang|g' \
		systemd/huifangd.service > $(DESTDIR)$(UNITDIR)/huifangd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/huifangd.service
	install -m 0644 systemd/huifang.sysusers $(DESTDIR)$(PREFIX)/lib/sysusers.d/huifang.conf
	install -m 0644 systemd/huifang.tmpfiles $(DESTDIR)$(PREFIX)/lib/tmpfiles.d/huifang.conf
	install -m 0644 config/huifang.toml $(DESTDIR)$(PREFIX)/share/doc/huifang/huifang.toml.example
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/huifang/README.md
