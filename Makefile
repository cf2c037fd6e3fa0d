# Two commands do all the set-up (see README.md):
#   make lab    install the student's coursekit into .venv and open the course in JupyterLab
#   make test   add the answer key and test tools (and the system packages the tests need) and
#               run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.installed
DIR    ?= release
PYTEST_ARGS ?=
export PATH := $(BIN):$(PATH)

.PHONY: lab test system-deps release validate bench clean

# The student's install (make lab): coursekit alone, with no answer key. setuptools is upgraded
# because the editable install builds without isolation and Python's bundled one is too old.
STUDENT := $(VENV)/.student
$(STUDENT): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.10 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77' wheel
	$(BIN)/python -m pip install --quiet -e .
	touch $(STUDENT)

# The instructor's and grader's install (make test): coursekit with its test extra and the
# answer key, coursekit-key (course/key).
$(STAMP): $(STUDENT) course/key/pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e course/key
	touch $(STAMP)

lab: $(STUDENT)
	$(BIN)/jupyter lab --notebook-dir=$(DIR)

# Debian packages the tests use: Chromium for the browser tests, bubblewrap for the grading
# sandbox, a Korean font so screenshots show the course's Korean terms, PostgreSQL (server and
# libpq) for the PostgreSQL gradebook test.
SYSTEM_PACKAGES := chromium bubblewrap fonts-nanum postgresql
system-deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "note: install$$missing with your package manager; the tests that need them will skip"; \
	  fi; \
	fi

# One BLAS thread: the tests' small matrices gain nothing from more, and on two cores spinning
# OpenBLAS threads slow the kernels and nbgrader runs beside them several-fold.
test: $(STAMP) system-deps
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

release: $(STAMP)
	$(BIN)/coursekit release

validate: $(STAMP)
	$(BIN)/coursekit validate

bench: $(STAMP)
	for f in bench/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build course/*.egg-info
