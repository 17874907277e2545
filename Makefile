# Two commands do everything on a fresh clone: `make annotate` and `make test`.
# Real file targets: a second run reuses the venv and the verified pkuseg model.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PKUSEG := models/pkuseg/default/features.pkl
# The compact memory-mapped copy of the pkuseg model that the tokenizer uses (built from PKUSEG).
COMPACT := models/pkuseg/default/compact/meta.json
OUT := out
MODEL := models/cppcc_zh
NER := models/ner
FORMATS := jsonl,conll,relations

.PHONY: all setup annotate test lint bench train crossval model clean verify-segmenter

all: annotate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e ".[dev,dask]"
	touch $(STAMP)

$(PKUSEG): scripts/fetch_pkuseg.py | $(STAMP)
	$(PY) scripts/fetch_pkuseg.py --dest models/pkuseg/default --cache .cache/pkuseg

$(COMPACT): $(PKUSEG) scripts/convert_pkuseg.py pipeline/text/segmenter.py
	$(PY) scripts/convert_pkuseg.py --src models/pkuseg/default --dest models/pkuseg/default/compact --force

setup: $(STAMP) $(PKUSEG) $(COMPACT)

# The compact segmenter against spacy-pkuseg, word for word, on 3 M characters (the external
# corpus, the same lines in Traditional script, lines spliced together).
verify-segmenter: setup
	$(PY) scripts/convert_pkuseg.py --src models/pkuseg/default --dest models/pkuseg/default/compact \
		--verify corpus/external corpus/raw --min-chars 3000000

annotate: setup
	$(PY) -m pipeline annotate corpus/raw -o $(OUT) --format $(FORMATS)

test: setup
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests scripts

bench: setup
	$(PY) -m pipeline bench --json-out metrics/bench.json

# Retrain the NER from corpus/ (gold + silver), then re-assemble the product model.
train: setup
	$(PY) -m pipeline train --output $(NER)
	$(MAKE) model

# The product pipeline: configs/pipeline.cfg with the trained NER sourced in.
model: setup
	rm -rf $(MODEL)
	$(PY) -m spacy assemble configs/pipeline.cfg $(MODEL) --paths.ner_model $(NER)

crossval: setup
	$(PY) -m pipeline crossval

clean:
	rm -rf $(OUT) .cache training corpus/*.spacy .pytest_cache
