# Worklane's two commands are `make run` and `make test`; the rest are for developers.
# Each target installs what it needs first (scripts/tools.sh is quick when nothing is missing).

SHELL := /bin/bash
.DEFAULT_GOAL := run
export CARGO_TERM_COLOR ?= never

.PHONY: run test app server bench bench-work-items bench-inbox bench-visibility bench-imports bench-orders bench-work-orders size lambda fmt lint

## Build the app and start Worklane on http://127.0.0.1:8080 with the embedded store.
run: app
	cargo build --release -p worklane-server --bin worklane
	./target/release/worklane

## Every suite: unit, API, store conformance on both engines, Lambda runtime, infra, browser.
test:
	scripts/tools.sh app
	scripts/tools.sh test
	scripts/build-app.sh
	scripts/test-all.sh

## The browser app, release-built and size-optimised, into target/site.
app:
	scripts/tools.sh app
	scripts/build-app.sh

## Contact reads on 100,000 contacts in the embedded engine: p50/p99.
bench:
	cargo run --release -p worklane-server --bin worklane-bench -- --contacts 100000

## My Work Items and a contact's WORK ITEM tab with 1,000 and with 1,000,000 work items.
bench-work-items:
	cargo run --release -p worklane-server --bin worklane-bench -- --contacts 10000 --work-items 1000
	cargo run --release -p worklane-server --bin worklane-bench -- --contacts 10000 --work-items 1000000

## A rep's Inbox pages and unread count with 1,000 and with 100,000 items.
bench-visibility:
	cargo run --release -p worklane-server --bin worklane-bench -- --visibility --contacts 100000 --samples 1000

## The imports: a 50-record run on each engine (DynamoDB on moto) with its store requests per
## record, and Admin → Imports with 10,000 runs logged.
bench-imports:
	cargo run --release -p worklane-server --bin worklane-bench -- --imports --samples 500 --data target/bench/imports.redb
	scripts/with-moto.sh sh -c 'cargo run --release -p worklane-server --features dynamodb-bench --bin worklane-bench -- --imports --dynamodb-endpoint $$WORKLANE_DYNAMODB_ENDPOINT'

## The nightly order validation: 10,000 calls with a linked order, the shop's orders synced,
## then one night's check with its store and shop requests per call.
bench-orders:
	cargo run --release -p worklane-server --bin worklane-bench -- --orders 10000 --data target/bench/orders.redb

bench-work-orders:
	cargo run --release -p worklane-server --bin worklane-bench -- --work-orders 10000 --samples 500 --data target/bench/work-orders.redb
	cargo run --release -p worklane-server --bin worklane-bench -- --work-orders 1000000 --samples 500 --data target/bench/work-orders.redb

bench-inbox:
	cargo run --release -p worklane-server --bin worklane-bench -- --contacts 1000 --inbox-items 1000
	cargo run --release -p worklane-server --bin worklane-bench -- --contacts 1000 --inbox-items 100000

## The app's transfer size (gzip), after building it.
size: app

## The arm64 Lambda bootstraps: the API, the reminders job and the imports (target/lambda/<name>/bootstrap).
lambda:
	scripts/tools.sh lambda
	PATH="$(CURDIR)/.tools/venv/bin:$$PATH" cargo lambda build --release --arm64 -p worklane-lambda --bin worklane-api-lambda
	PATH="$(CURDIR)/.tools/venv/bin:$$PATH" cargo lambda build --release --arm64 -p worklane-lambda --bin worklane-reminders
	PATH="$(CURDIR)/.tools/venv/bin:$$PATH" cargo lambda build --release --arm64 -p worklane-lambda --bin worklane-import
	PATH="$(CURDIR)/.tools/venv/bin:$$PATH" cargo lambda build --release --arm64 -p worklane-lambda --bin worklane-calls

fmt:
	cargo fmt --all

lint:
	scripts/lint.sh
