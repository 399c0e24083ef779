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
# pytest-xdist: one worker per core unless JOBS says otherwise; idle workers take tests from busy ones
# (worksteal), so a slow test near the end does not leave a core idle
PYTEST_JOBS := -n $(if $(JOBS),$(JOBS),auto) --dist worksteal
# Every step of `make test` records its wall time in _build/timings/steps.json (`make readme` tabulates it).
TIMED := $(PYTHON) tools/timed.py

.PHONY: help install book test chromium-start pytest lint student notebooks bench lock readme clean distclean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

# The installer: uv (pinned here; it downloads, unpacks and byte-compiles on every core, about twice as fast as
# pip on 2 cores), installed into .venv by pip. `make install INSTALLER=pip` uses pip alone.
INSTALLER ?= uv
UV_VERSION := 0.13.9
# uv does not read pip's configuration: pass it pip's find-links (where this project's machines keep the CPU
# build of torch), PIP_EXTRA_INDEX_URL (the README's way to the CPU build elsewhere) and pip's certificate
# bundle. Evaluated only when the install runs. Like pip, uv then takes each package's best match from all
# the indexes (by default it would stop at the first index that lists the package at all).
FIND_LINKS = $(or $(PIP_FIND_LINKS),$(shell $(PYTHON) -m pip config get global.find-links 2>/dev/null))
ifneq ($(PIP_CERT),)
export SSL_CERT_FILE ?= $(PIP_CERT)
endif
PIN_FLAGS := $(if $(CONSTRAINTS),-c $(CONSTRAINTS),)

$(STAMP): pyproject.toml requirements-lock.txt
	@$(TIMED) --start install
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
ifeq ($(INSTALLER),pip)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet $(PIN_FLAGS) -e '.[dev]'
else ifeq ($(INSTALLER),uv)
	$(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --quiet --python $(PY) --compile-bytecode --index-strategy unsafe-best-match \
	  $(foreach d,$(FIND_LINKS),--find-links $(d)) $(foreach u,$(PIP_EXTRA_INDEX_URL),--extra-index-url $(u)) \
	  $(PIN_FLAGS) -e '.[dev]'
else
	$(error INSTALLER must be uv or pip, got '$(INSTALLER)')
endif
	@echo "Installed into $(VENV):"; $(PY) -m pip freeze --exclude-editable | sed 's/^/  /'
	@touch $@
	@$(TIMED) --stop install

install: $(STAMP)  ## create .venv (python3 -m venv) and install the project with the locked versions

book: install  ## set up and build the full book into _build/html (quick=False; NOCACHE=1 re-executes all)
	$(TIMED) book -- $(PY) tools/build.py $(BUILD_FLAGS)

CHECK_BROWSER ?= 1
HTML_CHECK_FLAGS := $(if $(filter 0,$(CHECK_BROWSER)),--no-browser,)

# Chromium is installed (if missing) in the background while .venv is created, and waited for before pytest,
# whose browser tests need it. Listed before `install` so that it starts first.
chromium-start:
	$(if $(filter 0,$(CHECK_BROWSER)),@true,@tools/ensure_chromium.sh --start)

test: chromium-start install  ## pytest, lint, every notebook in quick mode, the book build, HTML+browser checks, determinism, student edition
	$(if $(filter 0,$(CHECK_BROWSER)),@echo "NOTE: browser checks skipped (CHECK_BROWSER=0)",$(TIMED) chromium -- tools/ensure_chromium.sh --wait)
	$(TIMED) pytest -- $(PY) -m pytest $(PYTEST_JOBS)
	$(TIMED) lint -- $(PY) tools/lint.py
	@# both editions from one execution (the student edition only strips solutions), rendered side by side
	$(TIMED) book-quick -- $(PY) tools/build.py --quick --both $(BUILD_FLAGS)
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
