# Two commands matter:  `make book` (set up + build the published book)  and  `make test` (all checks).
# Everything else is a building block of those two. Runs on a plain machine with Python 3.11.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed-stamp
# The lock pins every package. `make test CONSTRAINTS=` resolves the newest versions pyproject allows
# instead (the weekly CI job does this, so that dependency drift shows up before it bites).
CONSTRAINTS ?= requirements-lock.txt
# One BLAS thread per process: faster on small machines and bit-for-bit reproducible (override if you like).
export OMP_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS ?= 1
NB_SRC := $(shell find notebooks -name '*.md' -not -path '*/.ipynb_checkpoints/*' | sort)
# Executed notebooks are cached in _build/cache (keyed by a hash of their source, the package, data/ and the
# lock): `make book NOCACHE=1` executes every notebook afresh (the weekly CI job does). JOBS=n runs n
# notebooks at a time (default: the number of cores).
NOCACHE ?=
JOBS ?=
BUILD_FLAGS := $(if $(NOCACHE),--no-cache,) $(if $(JOBS),-j $(JOBS),)
# pytest-xdist: one worker per core unless JOBS says otherwise
PYTEST_JOBS := -n $(if $(JOBS),$(JOBS),auto)
# Every step of `make test` records its wall time in _build/timings/steps.json (`make readme` tabulates it).
TIMED := $(PYTHON) tools/timed.py

.PHONY: help install book test pytest lint student notebooks bench lock readme clean distclean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements-lock.txt
	@$(TIMED) --start install
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet $(if $(CONSTRAINTS),-c $(CONSTRAINTS),) -e '.[dev]'
	@echo "Installed into $(VENV):"; $(PY) -m pip freeze --exclude-editable | sed 's/^/  /'
	@touch $@
	@$(TIMED) --stop install

install: $(STAMP)  ## create .venv (python3 -m venv) and install the project with the locked versions

book: install  ## set up and build the full book into _build/html (quick=False; NOCACHE=1 re-executes all)
	$(TIMED) book -- $(PY) tools/build.py $(BUILD_FLAGS)

CHECK_BROWSER ?= 1
HTML_CHECK_FLAGS := $(if $(filter 0,$(CHECK_BROWSER)),--no-browser,)

test: install  ## pytest, lint, every notebook in quick mode, the book build, HTML+browser checks, determinism, student edition
	$(TIMED) pytest -- $(PY) -m pytest $(PYTEST_JOBS)
	$(TIMED) lint -- $(PY) tools/lint.py
	@# both editions from one execution (the student edition only strips solutions), rendered side by side
	$(TIMED) book-quick -- $(PY) tools/build.py --quick --both $(BUILD_FLAGS)
	$(if $(filter 0,$(CHECK_BROWSER)),@echo "NOTE: browser check skipped (CHECK_BROWSER=0)",tools/ensure_chromium.sh)
	$(TIMED) check-html -- $(PY) tools/check_html.py _build/book-quick/_build/html $(HTML_CHECK_FLAGS) $(if $(JOBS),-j $(JOBS),)
	$(TIMED) determinism -- $(PY) tools/check_determinism.py _build/stage-book-quick $(if $(JOBS),-j $(JOBS),)
	$(TIMED) check-html-student -- $(PY) tools/check_html.py _build/student-quick/_build/html --no-browser

lint: install  ## ruff over src, tests, tools and the notebooks' code cells (at most 100 characters a line)
	$(PY) tools/lint.py

pytest: install  ## only the unit and property tests (on every core; JOBS=n for n workers)
	$(PY) -m pytest $(PYTEST_JOBS)

student: install  ## the student edition (exercise solutions removed) into _build/student/_build/html
	$(PY) tools/build.py --student $(if $(QUICK),--quick,) $(BUILD_FLAGS)

notebooks: install  ## write the paired .ipynb next to every text notebook (git-ignored), to open in Jupyter
	@# --to ipynb writes only the .ipynb (--sync would also rewrite the committed .md sources)
	@for f in $(NB_SRC); do $(BIN)/jupytext --quiet --to ipynb "$$f"; done
	@echo "wrote $(words $(NB_SRC)) notebooks/**/*.ipynb (paired with their .md by notebooks/jupytext.toml)"

bench: install  ## performance and accuracy benchmarks (print tables and ratios; not part of test)
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b; done

lock: install  ## refresh requirements-lock.txt from the current environment (pip freeze)
	$(PY) tools/lock.py

readme: install  ## regenerate the README's tables (notebook parameters; timings from the last builds)
	$(PY) tools/readme_params.py --write

clean:  ## remove build products and generated notebooks (keeps .venv)
	rm -rf _build .pytest_cache .hypothesis
	find notebooks -name '*.ipynb' -delete
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +

distclean: clean  ## also remove the virtual environment
	rm -rf $(VENV) src/*.egg-info
