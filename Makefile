# The README's commands (`make help` lists them). Everything installs into .venv from the pinned
# requirements; system packages (wrk, Chromium, Java, PostgreSQL) are listed in the README and installed
# by .ci/run, never here.
PYTHON ?= python3
PORT ?= 8000
# Extra pytest arguments, e.g. PYTEST_ARGS="-k search" or "--ignore=tests/browser".
PYTEST_ARGS ?=
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Development commands run with DEBUG on; tests and `make check-deploy` do not.
DEV := DJANGO_DEBUG=True
FIXTURES := $(sort $(basename $(notdir $(wildcard fixtures/*.json))))
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)
# The browser checks' npm tools are installed by `make test` when npm is here; without them (or without
# Chromium) the checks are skipped, and `make test` says so.
NPM := $(shell command -v npm 2>/dev/null)

.PHONY: help bench bench-uncached bench-sqlite explain search-eval loadtest cluster serve demo-data superuser run test setup install install-dev browser-tools screenshots seed messages compile-messages lint format check check-deploy reference-fixtures clean
.DEFAULT_GOAL := run

# $(call require,COMMAND,DEBIAN PACKAGE): stop with a message naming the package when COMMAND is missing.
define require
	@command -v $(1) >/dev/null || { echo "make $@ needs $(1), which is not installed. Install the Debian package $(2): apt-get install $(2)" >&2; exit 1; }
endef

run: setup ## Set everything up and serve the site on http://127.0.0.1:8000 (PORT=8080 for another port)
	$(DEV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-dev compile-messages $(if $(NPM),browser-tools) ## Run the whole test suite (SQLite, or DATABASE_URL), browser checks included
	@$(BIN)/python -m tests.browser.tools
	$(BIN)/pytest $(PYTEST_ARGS)

help: ## List the targets
	@awk 'BEGIN { FS = ":[^#]*## " } /^[a-z][a-z-]*:.*## / { printf "  %-20s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

browser-tools: node_modules/.package-lock.json ## axe-core and the Nu HTML Checker from npm (package-lock.json), for the browser checks

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

# Throwaway data: the tests' in-memory SQLite database with the fixtures, served by their live server.
# CI=true turns a missing tool into a failure rather than a skip.
screenshots: install-dev compile-messages browser-tools ## Home, list and detail pages at phone and desktop widths, in screenshots/
	rm -rf screenshots
	env -u DATABASE_URL CI=true SCREENSHOTS=screenshots $(BIN)/pytest -q tests/browser/test_responsive.py
	@echo "Screenshots: $$(ls screenshots | tr '\n' ' ')"

setup: install compile-messages ## Migrate the database and load the fixtures
	$(DEV) $(MANAGE) migrate --no-input
	$(MAKE) --no-print-directory seed

superuser: setup ## Create a staff account for /admin/
	$(DEV) $(MANAGE) createsuperuser

seed: ## Load the reference lists and the source documents (idempotent)
	$(DEV) $(MANAGE) loaddata $(FIXTURES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime ## Create .venv and install the site's pinned requirements
install-dev: $(VENV)/.dev ## The same with the development requirements (tests, lint, fixture building)

compile-messages: $(COMPILED) ## Compile the gettext catalogues (Babel; no GNU gettext needed)

# Each catalogue compiled when its .po changed, and left alone otherwise: CI's two test passes share them.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.runtime
	$(BIN)/pybabel compile --input-file $< --output-file $@ --statistics

messages: install-dev ## Collect new interface strings into locale/ (needs GNU gettext)
	$(DEV) $(MANAGE) makemessages --all --no-location --ignore=.venv --ignore=staticfiles

lint: install-dev ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev ## Django's checks and a migration check
	$(DEV) $(MANAGE) check
	$(DEV) $(MANAGE) makemigrations --check --dry-run

check-deploy: install ## Django's deployment checks with production settings
	DJANGO_SECRET_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-key-for-the-check \
		DJANGO_ALLOWED_HOSTS=catalogue.example.org $(MANAGE) check --deploy --fail-level WARNING

reference-fixtures: install-dev ## Rebuild fixtures/reference.json from sources/reference/
	$(DEV) $(MANAGE) build_reference_fixtures

demo-data: setup ## Add generated demo records (N=1000 practices) to the development database
	$(DEV) $(MANAGE) generate_demo_data --practices $(or $(N),1000) --projects $(or $(M),200)

# Production settings on this machine: gunicorn, PostgreSQL, whitenoise's hashed static files.
SERVE_ENV := DATABASE_URL=$(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/catalogue) \
	DJANGO_SECRET_KEY=$(or $(DJANGO_SECRET_KEY),local-serve-only-$(shell hostname)-not-a-production-secret) \
	DJANGO_SECURE_SSL_REDIRECT=False DJANGO_SECURE_COOKIES=False
serve: install compile-messages ## Serve with gunicorn and the production settings on PostgreSQL
	$(SERVE_ENV) $(BIN)/python bench/createdb.py
	$(SERVE_ENV) $(MANAGE) migrate --no-input
	$(SERVE_ENV) $(MANAGE) loaddata $(FIXTURES)
	$(SERVE_ENV) $(MANAGE) collectstatic --no-input -v0
	$(SERVE_ENV) $(BIN)/gunicorn -c config/gunicorn.py config.wsgi

bench: install compile-messages ## Benchmark the production stack at 100,000 practices (needs PostgreSQL and wrk)
	$(call require,wrk,wrk)
	$(BIN)/python bench/run.py

bench-uncached: install compile-messages ## Server times without the page cache at 100,000 practices: one request at a time, then 10 clients on 2 workers
	$(call require,wrk,wrk)
	$(BIN)/python bench/run.py --uncached --one-at-a-time 40
	$(BIN)/python bench/run.py --uncached --workers 2

bench-sqlite: install compile-messages ## The embedded default (SQLite, no Redis, so no page cache) at 1,000 practices, one request at a time
	$(BIN)/python bench/run.py --sqlite --practices 1000 --projects 200 --uncached --one-at-a-time 40

# Its own SQLite file: the seeds among generated demo records, so that a hit means ranking above them.
SEARCH_EVAL_DB := search-eval.sqlite3
search-eval: install ## Search quality on bench/search_queries.json: hits@5, MRR, time a query (seeds among 1,000 demo practices)
	rm -f $(SEARCH_EVAL_DB)
	DATABASE_URL=sqlite:///$(CURDIR)/$(SEARCH_EVAL_DB) $(MANAGE) migrate --no-input -v0
	DATABASE_URL=sqlite:///$(CURDIR)/$(SEARCH_EVAL_DB) $(MANAGE) loaddata -v0 $(FIXTURES)
	DATABASE_URL=sqlite:///$(CURDIR)/$(SEARCH_EVAL_DB) $(MANAGE) generate_demo_data --practices 1000 --projects 200
	DATABASE_URL=sqlite:///$(CURDIR)/$(SEARCH_EVAL_DB) $(MANAGE) search_eval --show-misses

explain: install ## The query plans of list, facet and search queries on the benchmark database
	$(BIN)/python bench/explain.py

loadtest: install compile-messages ## 50 clients for 60 s on the cluster at 100,000 practices while an editor publishes (needs wrk, nginx, root)
	$(call require,wrk,wrk)
	$(call require,nginx,nginx-light)
	$(BIN)/python bench/loadtest.py

cluster: install compile-messages ## nginx, two app servers, a PostgreSQL replica and Redis on http://127.0.0.1:8080 (needs nginx, root)
	$(call require,nginx,nginx-light)
	$(BIN)/python bench/cluster.py

clean: ## Remove .venv, the SQLite database, collected static files, npm tools and compiled catalogues
	rm -rf $(VENV) .venv-runtime staticfiles db.sqlite3 search-eval.sqlite3 bench-sqlite.sqlite3* node_modules screenshots
	find locale -name '*.mo' -delete
