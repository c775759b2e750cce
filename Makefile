# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TRANSLATIONS := mentoring/translations
export FLASK_APP := mentoring:create_app

.PHONY: run test lint format translations extract-messages bench bench-all profile clean vendor-css screenshots

$(STAMP): pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -q -d $(TRANSLATIONS) 2>/dev/null || $(BIN)/pybabel compile -d $(TRANSLATIONS)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location --sort-output -o $(TRANSLATIONS)/messages.pot mentoring templates
	$(BIN)/pybabel update --no-fuzzy-matching -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

# The web server, the scheduler (reminders, the outbox sender) and a local mail catcher, from
# Procfile.dev; emails go to the catcher (nothing leaves the machine) and are read in a browser.
WEB_PORT ?= 5000
MAIL_CATCHER_PORT ?= 1025
MAIL_WEB_PORT ?= 1080
run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	@echo "Serving at http://127.0.0.1:$(WEB_PORT) — demo accounts are listed in README.md (password demo-pass-2026)"
	@echo "Admin and coordinator also need a code: .venv/bin/flask --app mentoring:create_app demo-code EMAIL"
	@echo "Emails the service sends: http://127.0.0.1:$(MAIL_WEB_PORT) — Ctrl-C stops everything"
	WEB_PORT=$(WEB_PORT) MAIL_WEB_PORT=$(MAIL_WEB_PORT) MAIL_SERVER=127.0.0.1 \
		MAIL_PORT=$(MAIL_CATCHER_PORT) OUTBOX_SEND_EVERY_SECONDS=5 \
		$(BIN)/honcho -f Procfile.dev start

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --ini .bandit -r mentoring matching notifications -q

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# SQLite first; then PostgreSQL too when TEST_DATABASE_URL is set.
test: lint translations
	@if [ -n "$$REQUIRE_FULL_TESTS" ] && [ -z "$$TEST_DATABASE_URL" ]; then \
		echo "REQUIRE_FULL_TESTS is set but TEST_DATABASE_URL is not"; exit 1; fi
	$(BIN)/mypy --strict matching notifications
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest $(if $(TEST_DATABASE_URL),-m "not postgres") $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL: $$TEST_DATABASE_URL"; \
		$(BIN)/python -m pytest -m "not browser" --ignore=tests/matching $(PYTEST_ARGS); fi

# Issue 15's rows on SQLite and PostgreSQL (BENCH_DATABASE_URL, else a database beside
# TEST_DATABASE_URL's), ending with one table: each row, its figure, its target, met or not.
# About 12 minutes on 2 cores: 300 requests a page at saturation, 3,000 reminders, match_pairs
# at 20,000 x 4,000. BENCH_PAIRS="50000 10000" measures it at the issue's national scale
# (about 20 minutes more); `make bench-all` runs every benchmark in full (about an hour).
BENCH_LOAD_ARGS ?= --requests 300
BENCH_REMINDERS ?= 3000
BENCH_PAIRS ?= 20000 4000
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	@summary=$$(mktemp) && export BENCH_SUMMARY=$$summary && status=0 && \
	for step in "bench_load.py $(BENCH_LOAD_ARGS)" \
		"bench_notifications.py --participants $(BENCH_REMINDERS)" \
		"bench_matching.py --scale-only --pairs $(BENCH_PAIRS)"; do \
		echo "== benchmarks/$$step"; $(BIN)/python benchmarks/$$step || status=1; done; \
	$(BIN)/python benchmarks/_summary.py $$summary; rm -f $$summary; exit $$status

# The load test with py-spy sampling the gunicorn workers during each page's row, on both
# databases: each row's top functions by self and inclusive time (the ratios are perturbed).
profile: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench_load.py --profile $(BENCH_LOAD_ARGS)

bench-all: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache

# Vendor the pinned Pico CSS release from the npm registry (checked against its integrity hash).
vendor-css:
	sh scripts/fetch_pico.sh
