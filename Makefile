# Two commands do all set-up on a fresh Debian 12 machine:
#   make run    the portal with demo data on http://127.0.0.1:8000
#   make test   every check and test, on SQLite and on PostgreSQL
PYTHON ?= /usr/bin/python3
VENV := .venv
DEBIAN_PACKAGES := python3-venv postgresql-15
# Browser tests and PDF checks: Debian's Chromium (never downloaded by Playwright), pdftotext, fonts.
TEST_PACKAGES := chromium poppler-utils fonts-liberation redis-server

.PHONY: run test setup clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/debian-packages.sh
	scripts/debian-packages.sh $(DEBIAN_PACKAGES)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

run: setup
	$(VENV)/bin/python manage.py migrate --verbosity 0
	$(VENV)/bin/python manage.py load_frameworks
	$(VENV)/bin/python manage.py demo_users
	@# The PDF worker, the notification worker and the dashboard worker run beside the server and stop with it
	@# (mail goes to this terminal: the console backend in development).
	$(VENV)/bin/python manage.py render_pdfs --loop & worker=$$!; \
	$(VENV)/bin/python manage.py send_notifications --loop & notifier=$$!; \
	$(VENV)/bin/python manage.py count_dashboards --loop & counter=$$!; \
	trap 'kill $$worker $$notifier $$counter 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/python manage.py runserver 127.0.0.1:8000

test: setup
	scripts/debian-packages.sh $(TEST_PACKAGES)
	scripts/test.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
