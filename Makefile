# Two commands do all the set-up: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck format migrate demo worker messages loadtest bench

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The web server and a Celery worker with beat on the filesystem queue (var/queue): Lapkin and e-mails are
# handled in the background as in production. Ctrl-C stops both.
run: demo
	@echo "SAKIP on http://$(HOST):$(PORT)/ — demo logins (password sakip-demo): perencana, kepala, admin, auditor"
	$(PY) manage.py run_local $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The whole project (but migrations, tests and benchmarks) in mypy's strict mode with django-stubs (pyproject.toml).
typecheck: install
	$(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The whole suite on SQLite; again on PostgreSQL when SAKIP_TEST_POSTGRES_URL is set (.ci/run sets it and
# SAKIP_TEST_REDIS_URL, which the tests that need a real Celery worker use).
test: lint typecheck
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest
	@if [ -n "$$SAKIP_TEST_POSTGRES_URL" ]; then \
	  echo "== again on PostgreSQL"; \
	  DATABASE_URL="$$SAKIP_TEST_POSTGRES_URL" $(PY) -m pytest -m "not browser"; \
	fi

worker: install
	$(VENV)/bin/celery -A sakip worker --loglevel=info

# Refresh the catalogues after changing user-facing text, translate, then compile (the .mo files are committed).
messages: install
	$(PY) manage.py makemessages -l en -l id --no-obsolete -i ".venv/*" -i "benchmarks/*" -i "tests/*" -i "media/*" -i "staticfiles/*"
	$(PY) manage.py compilemessages -l en -l id -i .venv

# 50 planners saving and 10 heads reading against gunicorn (4 workers) on a throwaway PostgreSQL for 60 s, then
# concurrent saves of one month; fails unless every acknowledged save is stored and each race has one winner.
loadtest: install
	$(PY) benchmarks/loadtest.py

# Every benchmark figure in one table, on a throwaway SQLite file and a throwaway PostgreSQL cluster, each against
# a hand-written baseline: benchmarks/results/bench.md and bench.json. BENCH_SCALE=0.2 for a smaller agency.
bench: install
	$(PY) benchmarks/bench.py
