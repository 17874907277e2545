# Two commands do everything on a fresh clone: `make annotate` and `make test`.
# Real file targets: a second run reuses the venv and the verified pkuseg model.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HANLP_STAMP := $(VENV)/.hanlp-installed
HANLP_MODEL := models/hanlp_ner
PKUSEG := models/pkuseg/default/features.pkl
OUT := out
MODEL := models/cppcc_zh
NER := models/ner
FORMATS := jsonl,conll,relations

.PHONY: all setup annotate test lint bench train crossval model clean hanlp-setup hanlp-model

all: annotate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e ".[dev,tables]"
	touch $(STAMP)

# The optional HanLP extra (tests run it; `make annotate` does not need it). torch
# first, pinned: 2.13.0 is the CPU wheel on this machine's disk (an unpinned torch
# would pull a CUDA build of several GB).
$(HANLP_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev,hanlp]"
	touch $(HANLP_STAMP)

hanlp-setup: $(HANLP_STAMP)

$(PKUSEG): scripts/fetch_pkuseg.py | $(STAMP)
	$(PY) scripts/fetch_pkuseg.py --dest models/pkuseg/default --cache .cache/pkuseg

setup: $(STAMP) $(PKUSEG)

annotate: setup
	$(PY) -m pipeline annotate corpus/raw -o $(OUT) --format $(FORMATS)

test: setup $(HANLP_STAMP)
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

# A HanLP BiLSTM-CRF NER trained on corpus/ (pipeline/hanlp/train.py), for
# configs/hanlp.cfg; users with their own HanLP model point the config at it.
hanlp-model: setup $(HANLP_STAMP)
	$(PY) -m pipeline.hanlp.train --output $(HANLP_MODEL)

crossval: setup
	$(PY) -m pipeline crossval

clean:
	rm -rf $(OUT) .cache training corpus/*.spacy .pytest_cache
