# The two commands of the README:
#   make run   — set up, build, and run huifangd on the embedded default with a demo sink
#   make test  — set up, build, and run every test
SWIFT ?= swift

.PHONY: setup build run test check-config verify-unit clean

setup:
	@scripts/setup

build: setup
	$(SWIFT) build

run: build
	@scripts/run-demo

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

check-config: build
	$$($(SWIFT) build --show-bin-path)/huifangd --config config/huifang.toml --check-config

verify-unit:
	systemd-analyze verify systemd/huifangd.service

clean:
	rm -rf .build var
