# Two commands set everything up on a fresh Debian machine:
#   make run   - install, migrate, load the demo contest, serve on http://127.0.0.1:5000
#   make test  - install everything the tests need (browser, fonts, LibreOffice, PostgreSQL) and run them
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app contest
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Many tests wait on LibreOffice, espeak-ng, Chromium or OCR: two processes keep both cores busy.
TEST_WORKERS ?= 2

RUN_PACKAGES  := fonts-wqy-microhei libharfbuzz-subset0 espeak-ng sox lame opus-tools
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils libreoffice-calc libreoffice-writer \
                 tesseract-ocr tesseract-ocr-chi-sim \
                 postgresql

.PHONY: run test bench install db system-run system-test clean

run: system-run install db
	$(FLASK) run --host $(HOST) --port $(PORT) --no-reload

db: install
	$(FLASK) db upgrade
	$(FLASK) audio synth set_a
	$(FLASK) demo load

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system-run:
	sh scripts/system-packages.sh $(RUN_PACKAGES)

system-test:
	sh scripts/system-packages.sh $(TEST_PACKAGES)

# Every test on SQLite, then every test that touches a database again on a throwaway
# PostgreSQL cluster (scripts/pg-test-server.sh), stopped whatever the outcome.
test: system-test install
	$(BIN)/pytest -n $(TEST_WORKERS)
	url=$$(sh scripts/pg-test-server.sh start) && \
	  CONTEST_TEST_DATABASE=$$url $(BIN)/pytest -n $(TEST_WORKERS) -p no:cacheprovider; \
	  status=$$?; sh scripts/pg-test-server.sh stop; exit $$status

bench: system-test install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
