# rencai — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
# Test processes; the PostgreSQL CI leg uses 3 (its workers wait on the database).
PYTEST_WORKERS ?= 2
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)

.PHONY: run test lint fix typecheck checks messages translations openapi pytest e2e bench install clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load demo data once, serve web + Huey worker on :8000
run: install
	@mkdir -p var
	$(MANAGE) compilemessages --ignore=.venv -v 0
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo
	$(MANAGE) rebuild_search_index --if-needed --quiet
	$(VENV)/bin/honcho start -f Procfile

## make test: lint, types, Django checks, migrations, translations, OpenAPI, pytest (+ browser)
test: install lint typecheck checks translations openapi pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fix: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: install
	$(VENV)/bin/mypy rencai

checks: install
	$(MANAGE) check
	DEBUG=false SECRET_KEY=ci-check-only-0123456789abcdefghijklmnopqrstuvwxyz \
	  FIELD_ENCRYPTION_KEYS=ci1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY= \
	  BLIND_INDEX_KEYS=ci1:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA= \
	  ALLOWED_HOSTS=rencai.example OPERATOR_USCC=91110000600037341L \
	  HR_LICENCE_NO=ci ICP_LICENCE_NO=ci SECURE_SSL_REDIRECT=true \
	  SMS_PROVIDER=rencai.providers.sms.sandbox.SandboxSmsProvider \
	  IDENTITY_PROVIDER=rencai.providers.identity.sandbox.SandboxIdentityProvider \
	  FACE_PROVIDER=rencai.providers.face.sandbox.SandboxFaceProvider \
	  VIRTUAL_NUMBER_PROVIDER=rencai.providers.virtual_number.sandbox.SandboxVirtualNumberProvider \
	  EMAIL_PROVIDER=django EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
	  $(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

## make messages: refresh the zh_Hans catalog from the code (then translate the new entries)
messages: install
	$(MANAGE) makemessages -l zh_Hans --no-location --no-obsolete --ignore=.venv --ignore=var
	$(PY) scripts/check_translations.py --normalise-only

translations: install
	$(MANAGE) makemessages -l zh_Hans --no-location --no-obsolete --ignore=.venv --ignore=var -v 0
	$(PY) scripts/check_translations.py
	$(MANAGE) compilemessages --ignore=.venv -v 0

openapi: install
	$(PY) scripts/openapi.py --check

pytest: install
	$(VENV)/bin/pytest --numprocesses $(PYTEST_WORKERS) --cov=rencai --cov-report=term:skip-covered --cov-fail-under=90

e2e: install
	$(VENV)/bin/pytest tests/e2e

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
