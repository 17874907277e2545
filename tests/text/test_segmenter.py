"""The compact segmenter gives spacy-pkuseg's words: on a small random model (every feature
template, numbers, letters, keyword characters, the empty and the "**noWord" words) and on
the real model over the corpus."""

import contextlib
import io
import pickle
import random

import numpy as np
import pytest

from pipeline.paths import PROJECT_ROOT
from pipeline.text.segmenter import CompactSegmenter, convert

CHARS = "政协会议召开主席北京市区县的了1２三A－-.*:年月日　"
REAL = PROJECT_ROOT / "models" / "pkuseg" / "default"


def _reference(path):
    import spacy_pkuseg

    with contextlib.redirect_stderr(io.StringIO()):
        return spacy_pkuseg.pkuseg(str(path))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A random pkuseg model over a few characters, in spacy-pkuseg's files, and its compact form."""
    rng = random.Random(7)
    root = tmp_path_factory.mktemp("tiny")
    src, dest = root / "src", root / "compact"
    src.mkdir()
    nodes = ["政", "协", "会", "议", "召", "开", "主", "席", "北", "京", "市", "区", "县", "的", "了",
             "年", "月", "日", "&", "**Num", "**Letter"]
    words = {"".join(rng.choice(nodes) for _ in range(rng.randint(2, 6))) for _ in range(150)}
    words |= {"政协", "会议", "召开", "主席", "北京", "北京市", "**Num年", "政协会议", "", "1年", "A-"}
    feats = ["$$"]
    for name in ("c.", "c-1.", "c1.", "c-2.", "c2."):
        feats += [name + n for n in nodes if rng.random() < 0.8]
    for name in ("c-1c.", "cc1.", "c-2c-1."):
        feats += [f"{name}{a}.{b}" for a in nodes for b in nodes if rng.random() < 0.3]
    reach = [w for w in words if w and "1" not in w and "-" not in w]
    feats += ["w-1." + w for w in reach if rng.random() < 0.7] + ["w1." + w for w in reach if rng.random() < 0.7]
    pool = reach + ["**noWord", ""]
    for name in ("ww.l.", "ww.r."):
        feats += list({f"{name}{rng.choice(pool)}*{rng.choice(pool)}" for _ in range(400)})
    feats = list(dict.fromkeys(feats))
    data = {"unigram": sorted(words), "bigram": [], "feature_to_idx": {f: i for i, f in enumerate(feats)},
            "tag_to_idx": {t: i for i, t in enumerate(["B", "B_single", "I", "I_end", "I_first"])}}
    with open(src / "features.pkl", "wb") as f:
        pickle.dump(data, f)
    w = np.round(np.random.default_rng(3).normal(size=5 * (len(feats) + 5)), 2)  # few distinct values
    np.savez(src / "weights.npz", sizes=np.array([5, len(feats)]), w=w)
    dict_path = root / "dict.pkl"
    with open(dict_path, "wb") as f:
        pickle.dump("\n".join(["政协会议", "北京市", "召开会议", "主席"]), f)
    meta = convert(src, dest, dict_path=dict_path)
    ref = _reference(src)
    ref.postprocesser.other_words = {"政协会议", "北京市", "召开会议", "主席"}
    return ref, CompactSegmenter(dest), meta


def test_tiny_model_every_feature_reachable_or_counted(tiny):
    _, _, meta = tiny
    assert meta["unreachable_features"] == 0 and meta["weights_changed_by_dtype"] == 0


def test_tiny_model_same_words_as_spacy_pkuseg(tiny):
    ref, seg, _ = tiny
    rng = random.Random(11)
    texts = ["".join(rng.choice(CHARS) for _ in range(rng.randint(0, 60))) for _ in range(400)]
    texts += ["政协会议召开", "北京市政协主席", "2024年3月", "A-1.2:3*4", " 政协　会议 ", "", "、"]
    for text in texts:
        assert seg.cut(text) == ref.cut(text), text
    # All pieces in one pass give what each piece gives alone.
    pieces = [t for text in texts for t in text.split()]
    assert seg.cut_many(pieces) == [seg.cut(p) for p in pieces]


@pytest.mark.slow
@pytest.mark.skipif(not (REAL / "compact" / "meta.json").exists(), reason="run `make setup`")
def test_real_model_same_words_as_spacy_pkuseg():
    """Every line of corpus/raw and the policy documents (~70 k characters); `make
    verify-segmenter` does the same on 3 M characters."""
    ref, seg = _reference(REAL), CompactSegmenter(REAL / "compact")
    lines = [line for d in ("corpus/raw", "corpus/external/cpc_docs") for p in sorted((PROJECT_ROOT / d).glob("*"))
             if p.suffix in (".txt", ".md") for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sum(map(len, lines)) > 60_000
    got = seg.cut_many([p for line in lines for p in line.split()])
    expected = [ref.cut(p) for line in lines for p in line.split()]
    assert got == expected


def test_batches_do_not_change_words(tiny, monkeypatch):
    import pipeline.text.segmenter as segmenter

    _, seg, _ = tiny
    rng = random.Random(5)
    pieces = ["".join(rng.choice(CHARS.replace("　", "")) for _ in range(rng.randint(1, 40))) for _ in range(200)]
    whole = seg.word_starts(pieces)
    monkeypatch.setattr(segmenter, "BATCH_CHARS", 30)
    assert seg.word_starts(pieces) == whole
    with pytest.raises(ValueError):
        seg.word_starts(["政协 会议"])
