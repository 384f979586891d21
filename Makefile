# Two commands for a newcomer:
#   make run   - install, migrate, load the demo data and serve on http://127.0.0.1:$(PORT)
#                (SQLite, tasks in-process, e-mails on the console)
#   make test  - install and run the whole suite on PostgreSQL and Redis, plus the gates
#                (prints the 15 slowest tests)
# For the inner loop: make test-fast - the gates and the unit and page tests, without the
# browser tests (e2e) and those that start a real worker or server (worker).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/lib/chromium/chromium

# Production settings, only to run `check --deploy` (no server is started with them).
DEPLOY_CHECK_ENV := DJANGO_SETTINGS_MODULE=nqt.settings.production \
	SECRET_KEY=deploy-check-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))') \
	ALLOWED_HOSTS=parrainage.example.org SITE_URL=https://parrainage.example.org \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/nqt \
	REDIS_URL=redis://127.0.0.1:6379/0 \
	EMAIL_URL=smtp://localhost:25 \
	LEGAL_ADDRESS=x LEGAL_DIRECTOR=x LEGAL_HOST=x CONTACT_EMAIL=contact@example.org \
	DPO_EMAIL=dpo@example.org

.PHONY: install lock run test test-fast lint check-services browser bench load messages vendor clean

# Locked dependencies (`make lock` regenerates them from pyproject.toml's ranges): base.txt for
# the image, dev.txt (base + dev tools) for the venv. The app itself is installed without deps.
LOCK_BASE := requirements/base.txt
LOCK_DEV := requirements/dev.txt
# Locust and its dependencies for `make load`, pinned to dev.txt's versions where they share a
# package, installed into a venv of their own: locust brings gevent and a pytest plugin, which
# must not reach the test suite's venv.
LOCK_LOAD := requirements/load.txt
LOAD_VENV ?= var/load-venv
LOAD_STAMP := $(LOAD_VENV)/.installed-stamp
UV_VERSION := 0.13.9
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-unknown-linux-gnu --custom-compile-command 'make lock'

$(STAMP): $(LOCK_DEV) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK_DEV)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

# uv only resolves the lock; it is not needed to install from it.
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) pyproject.toml requirements/build.in -o $(LOCK_BASE)
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra dev -c $(LOCK_BASE) -o $(LOCK_DEV)
	$(UV_COMPILE) requirements/load.in -c $(LOCK_DEV) -o $(LOCK_LOAD)

# PORT goes to the settings too (nqt.settings.local), for the links in e-mails.
run: install
	$(BIN)/python manage.py migrate --noinput
	PORT=$(PORT) $(BIN)/python manage.py seed_demo
	@mkdir -p var
	@echo "Running Celery beat's daily jobs once (reminders, purges); e-mails in var/periodic-jobs.log"
	PORT=$(PORT) $(BIN)/python manage.py run_periodic_jobs > var/periodic-jobs.log
	@sed -n '/^Periodic jobs run once:/,$$p' var/periodic-jobs.log
	PORT=$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

check-services: install
	@$(BIN)/python bin/check_services.py

# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
browser:
	@test -x $(CHROMIUM) || { \
		echo "Installing Debian's chromium for the browser tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
		{ $$SUDO apt-get update >/dev/null && $$SUDO apt-get install -y --no-install-recommends chromium >/dev/null; }; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python bin/check_translations.py
	$(DEPLOY_CHECK_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

test: install check-services browser lint
	$(BIN)/pytest --create-db --durations=15

# The markers are declared in pyproject.toml; bench stays out as in every run.
test-fast: install check-services lint
	$(BIN)/pytest --create-db -m "not e2e and not worker and not bench"

bench: install check-services
	$(BIN)/pytest tests/bench -m bench -s --create-db

$(LOAD_STAMP): $(LOCK_LOAD)
	@test -x $(LOAD_VENV)/bin/python || $(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK_LOAD)
	@touch $(LOAD_STAMP)

# 50 users for 5 minutes against gunicorn (production settings, TLS on loopback), a worker and
# beat, on a fresh PostgreSQL database (nqt_load) and a private Redis restarted once midway;
# then the database invariants. A short run: LOAD_USERS=10 LOAD_TIME=60s make load.
load: install check-services $(LOAD_STAMP)
	$(BIN)/python bin/load.py --locust $(LOAD_VENV)/bin/locust

messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=static/vendor --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

vendor:
	bin/vendor.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 var .pytest_cache .ruff_cache
