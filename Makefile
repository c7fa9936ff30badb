# icsportal: the two everyday commands are `make demo` and `make test`.
# The interpreter comes from .python-version through pyenv when it is there,
# otherwise from PYTHON (make test PYTHON=/usr/bin/python3.13).

PY_VERSION := $(shell cat .python-version 2>/dev/null)
PYENV_PYTHON := $(shell command -v pyenv >/dev/null 2>&1 && p="$$(pyenv root)/versions/$(PY_VERSION)/bin/python" && [ -x "$$p" ] && echo "$$p")
PYTHON ?= $(if $(PYENV_PYTHON),$(PYENV_PYTHON),python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
NHSUK_FRONTEND_VERSION := 10.6.1

.PHONY: help venv demo test test-postgres lint serve vendor bench bench-search clean audit audit-if-reachable bandit backup restore bench-resilience soak bench-edits

help:
	@echo "make demo           set up, load demo content and serve on http://127.0.0.1:$(PORT)"
	@echo "make test           run the whole suite (DATABASE_URL selects the database)"
	@echo "make test-postgres  run the suite on a throwaway PostgreSQL cluster"
	@echo "make serve          gunicorn with production settings"
	@echo "make bench          the performance benchmark (docs/performance.md)"
	@echo "make vendor         refresh static/vendor/nhsuk-frontend from npm"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "icsportal needs Python 3.12 or newer; found " + sys.version.split()[0] + ". Install it (pyenv install $(PY_VERSION)) or pass PYTHON=/path/to/python3.12+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

demo: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_demo_admin
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint bandit audit-if-reachable
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: venv
	.ci/with-postgres $(MAKE) test

serve: venv
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/gunicorn icsportal.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-$$((2 * $$(nproc) + 1))} --access-logfile -

bench: venv
	.ci/bench

vendor:
	.ci/vendor-nhsuk-frontend $(NHSUK_FRONTEND_VERSION)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Dependencies with a known vulnerability fail `make audit`; so does a vulnerability
# service that cannot be reached. `make test` only warns in that second case.
audit: venv
	PYTHON=$(BIN)/python .ci/audit

audit-if-reachable: venv
	PYTHON=$(BIN)/python .ci/audit --if-reachable

bandit: venv
	$(BIN)/bandit -r icsportal people bulletins governance -q -x '*/migrations/*'

# A single archive of the database and the media folder under backups/.
backup: venv
	$(BIN)/python .ci/backup

# make restore ARCHIVE=backups/icsportal-....tar.gz (replaces the database and media).
restore: venv
	$(BIN)/python .ci/restore $(ARCHIVE)

# Restart PostgreSQL under gunicorn load; failed requests and recovery time go to
# docs/reliability.md. Needs the PostgreSQL server binaries.
bench-resilience: venv
	$(BIN)/python .ci/bench-resilience

# SOAK_SECONDS (600) at SOAK_CONNECTIONS (64) over every public page type: zero 5xx
# and worker memory sampled every 30 s, recorded in docs/reliability.md.
soak: venv
	$(BIN)/python .ci/soak

# A cached article and meeting under wrk load while another process saves an article
# at 0, 1 and 5 saves a second, the page cache in Redis; recorded in docs/performance.md.
# Needs the PostgreSQL server binaries, redis-server and wrk.
bench-edits: venv
	$(BIN)/python .ci/bench-edits

# Times the site search at each of BENCH_SCALES (docs/performance.md); no gunicorn.
bench-search: venv
	.ci/bench --search-only $${BENCH_SEARCH_REPS:-100}
