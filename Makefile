# Two commands on a fresh clone (README.md): `make demo` and `make test`. Each creates or updates
# the project's venv itself when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

.PHONY: venv models demo test bench
venv: $(STAMP)

# The default classifiers, trained offline from the bundled bootstrap data (a few minutes, once;
# rebuilt only when their data or code changes).
models: $(STAMP)
	$(VENV)/bin/medcurate classifiers bootstrap > /dev/null

demo: models
	$(VENV)/bin/medcurate run --config configs/demo.yaml

test: models
	$(VENV)/bin/python -m pytest -q

bench: $(STAMP)
	$(VENV)/bin/python -m bench.spine_throughput
