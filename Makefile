# Two commands do everything on a fresh clone: `make annotate` and `make test`.
# Real file targets: a second run reuses the venv and the verified pkuseg model.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HANLP_VENV := .venv-hanlp
HANLP_PY := $(HANLP_VENV)/bin/python
HANLP_STAMP := $(HANLP_VENV)/.installed
HANLP_MODEL := models/hanlp_ner
PKUSEG := models/pkuseg/default/features.pkl
# The compact memory-mapped copy of the pkuseg model that the tokenizer uses (built from PKUSEG).
COMPACT := models/pkuseg/default/compact/meta.json
OUT := out
MODEL := models/cppcc_zh
NER := models/ner
FORMATS := jsonl,conll,relations
# make bench and make crossval* write here (git-ignored); metrics/ keeps the runs the README quotes.
RESULTS := training/metrics

.PHONY: all setup annotate test lint bench vectors train model-update crossval crossval-dev crossval-rescore model clean hanlp-setup hanlp-model verify-segmenter

all: annotate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e ".[dev,tables,dask,train]"
	touch $(STAMP)

# The optional HanLP extra lives in its own venv: with torch installed, thinc
# imports it whenever spaCy loads (+1.7 s on every start), which users of the
# default install must not pay. torch first, pinned: 2.13.0 is the CPU wheel on
# this machine's disk (an unpinned torch would pull a CUDA build of several GB).
$(HANLP_STAMP): pyproject.toml
	$(PYTHON) -m venv $(HANLP_VENV)
	$(HANLP_PY) -m pip install -q torch==2.13.0
	$(HANLP_PY) -m pip install -q -e ".[dev,hanlp]"
	touch $(HANLP_STAMP)

hanlp-setup: $(HANLP_STAMP)

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

test: setup $(HANLP_STAMP)
	$(PY) -m pytest -q
	$(HANLP_PY) -m pytest -q tests/components/test_hanlp_ner.py

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests scripts

bench: setup
	$(PY) -m pipeline bench --json-out $(RESULTS)/bench.json

# In-domain floret vectors from corpus/external/{gov_reports,cpc_docs} (git-ignored, rebuilt here).
VECTORS := training/vectors/model/vocab/vectors
TRAINED := training/ner/model-best
DEV_GOLD := ../shared/dev/gold.jsonl

vectors: $(VECTORS)

$(VECTORS): pipeline/training/vectors.py | setup
	$(PY) -m pip install -q -e ".[train]"
	$(PY) -m pipeline vectors --output training/vectors

# Train the NER (seeds + external corpora, never the dev set) into $(TRAINED);
# the committed models/ner changes only with `make model-update`.
train: $(VECTORS)
	$(PY) -m pipeline train --output training/ner

# Copy the trained NER over the committed one and re-assemble the product model.
model-update:
	test -d $(TRAINED)/ner
	rm -rf $(NER)
	cp -r $(TRAINED) $(NER)
	$(MAKE) model

# The product pipeline: configs/pipeline.cfg with the trained NER sourced in.
model: setup
	rm -rf $(MODEL)
	$(PY) -m spacy assemble configs/pipeline.cfg $(MODEL) --paths.ner_model $(NER)

# A HanLP BiLSTM-CRF NER trained on corpus/ (pipeline/hanlp/train.py), for
# configs/hanlp.cfg; users with their own HanLP model point the config at it.
hanlp-model: setup $(HANLP_STAMP)
	$(HANLP_PY) -m pipeline.hanlp.train --output $(HANLP_MODEL)

# Leave-one-group-out: rules alone, NER alone, rules + NER per merger policy.
# Fold models go to training/cv/, scores to $(RESULTS)/ (both ignored).
# Without ../shared/dev: leave one seed document out.
crossval: $(VECTORS)
	$(PY) -m pipeline crossval --out $(RESULTS)/crossval_seeds.json

crossval-dev: $(VECTORS)
	test -f $(DEV_GOLD)
	$(PY) -m pipeline crossval --dev $(DEV_GOLD) --out $(RESULTS)/crossval.json

# After the rules change: score the fold models of the last crossval-dev again (no
# training; the no-dev run takes the `make train` model if there is one).
crossval-rescore:
	$(PY) -m pipeline crossval --dev $(DEV_GOLD) --out $(RESULTS)/crossval.json --reuse \
		$(if $(wildcard $(TRAINED)/ner),--no-dev-model $(TRAINED))

clean:
	rm -rf $(OUT) .cache training corpus/*.spacy .pytest_cache
