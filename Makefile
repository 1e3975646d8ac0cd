# The two commands the README promises: both set themselves up from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: pamphlets test check extract update clean visual-refresh serve browser-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

pamphlets: $(STAMP)
	$(PY) build_pdf.py --all

test: $(STAMP)
	$(PY) -m pytest

# The quick subset while working (under 30 s): everything but the tests that
# render real PDFs. `make test` (the full suite) is what CI runs.
check: $(STAMP)
	$(PY) -m pytest -q -m "not slow" -n 2

# Translators' round trip: re-extract the English text, merge it into every catalog.
extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg --sort-by-file \
		--project="Opioid withdrawal guide" --msgid-bugs-address="" \
		-c TRANSLATORS: -o locales/guide.pot .
	$(VENV)/bin/pybabel extract -F guide/web/babel.cfg --sort-by-file \
		--project="Opioid withdrawal guide (web page)" --msgid-bugs-address="" \
		-c TRANSLATORS: -o locales/web.pot guide/web
update: extract
	$(VENV)/bin/pybabel update -i locales/guide.pot -d locales -D guide
	$(VENV)/bin/pybabel update -i locales/web.pot -d locales -D web

# The web page on this computer: http://127.0.0.1:8000/
serve: $(STAMP)
	$(PY) build_pdf.py serve

# The browser tests alone (headless Chromium); CI=true makes a skip a failure.
browser-test: $(STAMP)
	CI=true $(PY) -m pytest -q -rs -m browser

clean:
	rm -rf $(VENV) dist

# After a deliberate change of the pamphlets' look: look at the new pages,
# then store new small reference renders for the visual regression test.
visual-refresh: $(STAMP)
	$(PY) -m tests.visual --refresh
