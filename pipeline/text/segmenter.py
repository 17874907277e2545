"""pkuseg inference over a compact, memory-mapped copy of the model.

spacy-pkuseg keeps its model as Python objects: ``features.pkl`` unpickles into
a dict of 2.64 M strings plus a 1.12 M-string bigram set that inference never
reads (seconds and ~750 MB per process). :func:`convert` turns the verified
model once into integer tables (``.npy`` files opened with ``mmap_mode="r"``,
so processes share the pages): every feature string becomes a key built from
symbol ids (characters) and word ids (a trie of the model's words), so lookups
are exact (no hashing) and vectorised over a whole text. The per-character
weights are summed in spacy-pkuseg's feature order and its compiled Viterbi
(``spacy_pkuseg.inference.run_viterbi``) decodes them, so the segmentation is
the reference's; ``scripts/convert_pkuseg.py --verify`` checks that on a corpus.
The post-processing dictionary is stored the same way (a sorted array of
64-bit substring hashes, confirmed against the word itself on a hit).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

FORMAT = "pipeline.compact-pkuseg.v1"
KEYWORDS = "-._,|/*:"
NUM = set("0123456789." "几二三四五六七八九十千万亿兆零" "１２３４５６７８９０％")
LETTER = set("ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ" "ａｂｃｄｅｆｇｈｉｇｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ" "／・－")
WORD_MAX, WORD_MIN = 6, 2
LENGTHS = tuple(range(WORD_MAX, WORD_MIN - 1, -1))  # 6..2, spacy-pkuseg's order
POST_MAX = 7  # the post-processor merges up to 7 words
SYM_BITS = 21
DICT_BITS = 24
BATCH_CHARS = 50_000
PAD = WORD_MAX + 1  # sentinel positions between pieces: no feature window spans two pieces
NOWORD = 0
# Feature templates on characters: (name, offset of the first symbol, number of symbols),
# in the order spacy-pkuseg appends them after the "$$" feature.
CHAR_TEMPLATES = (("c.", 0, 1), ("c-1.", -1, 1), ("c-1c.", -1, 2), ("c1.", 1, 1),
                  ("cc1.", 0, 2), ("c-2.", -2, 1), ("c-2c-1.", -2, 2), ("c2.", 2, 1))
_M64 = (1 << 64) - 1
_HASH_P = 0x9E3779B97F4A7C15  # odd, so it has an inverse mod 2**64
_HASH_Q = pow(_HASH_P, -1, 1 << 64)


# ---------------------------------------------------------------- conversion

def _node_strings(s: str) -> Optional[List[str]]:
    """Split a string into pkuseg "nodes" (characters after keyword renaming and number/letter
    normalisation), or None if no input text can produce it."""
    out, i = [], 0
    while i < len(s):
        if s.startswith("**Num", i):
            out.append("**Num")
            i += 5
        elif s.startswith("**Letter", i):
            out.append("**Letter")
            i += 8
        else:
            c = s[i]
            if c in KEYWORDS or c in NUM or c in LETTER:
                return None  # a node is never one of these characters
            out.append(c)
            i += 1
    return out


def _poly_hash(codes: np.ndarray) -> int:
    h, q = 0, 1
    for c in codes.tolist():
        h = (h + c * q) & _M64
        q = (q * _HASH_Q) & _M64
    return h


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def convert(src: Path, dest: Path, dict_path: Optional[Path] = None, dtype: str = "indexed") -> Dict:
    """Build the compact model in ``dest`` from a spacy-pkuseg model folder ``src``."""
    t0 = time.perf_counter()
    src, dest = Path(src), Path(dest)
    with open(src / "features.pkl", "rb") as f:
        data = pickle.load(f)
    feature_to_idx: Dict[str, int] = data["feature_to_idx"]
    tag_to_idx: Dict[str, int] = data["tag_to_idx"]
    unigram = set(data["unigram"])
    del data  # the bigram set is only used in training
    npz = np.load(src / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    w = npz["w"]
    assert w.shape[0] == n_tag * (n_feature + n_tag)

    # Symbols: every node string that occurs in a feature or a reachable word.
    symbols: Dict[str, int] = {}

    def sym(node: str) -> int:
        if node not in symbols:
            symbols[node] = len(symbols) + 1
        return symbols[node]

    # Words: the unigram entries that a slice of 2..6 nodes can equal, in a trie of symbols.
    # Level-1 trie nodes are the symbol ids; deeper nodes are numbered after all symbols.
    word_nodes: Dict[str, List[int]] = {}
    for word in unigram:
        nodes = _node_strings(word)
        if nodes is not None and WORD_MIN <= len(nodes) <= WORD_MAX:
            word_nodes[word] = [sym(n) for n in nodes]
    char_feats: List[Tuple[int, Tuple[int, ...], int]] = []  # (template, symbols, feature idx)
    rest_feats: Dict[str, List[Tuple[str, int]]] = {"w-1.": [], "w1.": [], "ww.l.": [], "ww.r.": []}
    unreachable = 0
    templates = sorted(enumerate(CHAR_TEMPLATES), key=lambda t: -len(t[1][0]))
    for feat, idx in feature_to_idx.items():
        if feat == "$$":
            continue
        if feat.startswith("w"):
            for prefix in ("ww.l.", "ww.r.", "w-1.", "w1."):
                if feat.startswith(prefix):
                    rest_feats[prefix].append((feat[len(prefix):], idx))
                    break
            else:
                unreachable += 1
            continue
        for t, (name, _, width) in templates:
            if feat.startswith(name):
                rest = feat[len(name):]
                if width == 1:
                    nodes = _node_strings(rest)
                    if nodes is not None and len(nodes) == 1:
                        char_feats.append((t, (sym(nodes[0]),), idx))
                    else:
                        unreachable += 1
                else:  # "a.b": a and b are single nodes, never "." (renamed to "&")
                    found = False
                    for k, ch in enumerate(rest):
                        if ch != ".":
                            continue
                        a, b = _node_strings(rest[:k]), _node_strings(rest[k + 1:])
                        if a is not None and b is not None and len(a) == 1 and len(b) == 1:
                            char_feats.append((t, (sym(a[0]), sym(b[0])), idx))
                            found = True
                    unreachable += not found
                break
        else:
            unreachable += 1
    n_sym = len(symbols) + 1
    assert n_sym < (1 << SYM_BITS)

    # The trie.
    edges: Dict[Tuple[int, int], int] = {}
    next_node = n_sym
    word_id: Dict[str, int] = {}
    for word, syms in sorted(word_nodes.items()):
        node = syms[0]
        for s in syms[1:]:
            key = (node, s)
            if key not in edges:
                edges[key] = next_node
                next_node += 1
            node = edges[key]
        word_id[word] = node
    # An out-of-range slice is "" in spacy-pkuseg, itself a unigram entry in the default model.
    empty_id = next_node
    n_nodes = next_node + 1
    if "" in unigram:
        word_id[""] = empty_id
    out_of_range = empty_id if "" in unigram else NOWORD
    is_word = np.zeros(n_nodes, dtype=bool)
    for wid in word_id.values():
        is_word[wid] = True
    edge_keys = np.array([(p << SYM_BITS) | s for p, s in edges], dtype=np.int64)
    edge_child = np.array(list(edges.values()), dtype=np.int32)
    order = np.argsort(edge_keys)
    edge_keys, edge_child = edge_keys[order], edge_child[order]

    # Rows: the reachable features keep their relative order (spacy-pkuseg numbers them by
    # frequency, so the hot rows share pages); the last row is zeros for "no feature".
    used: Dict[int, None] = {0: None}
    for _, _, idx in char_feats:
        used[idx] = None
    word_feats: Dict[str, List[Tuple[int, int]]] = {}
    for prefix in ("w-1.", "w1."):
        pairs = []
        for rest, idx in rest_feats[prefix]:
            if rest in word_id:
                pairs.append((word_id[rest], idx))
                used[idx] = None
            else:
                unreachable += 1
        word_feats[prefix] = pairs
    pair_feats: Dict[str, List[Tuple[int, int, int]]] = {}
    pre_ids = dict(word_id)
    pre_ids["**noWord"] = NOWORD
    for prefix in ("ww.l.", "ww.r."):
        triples = []
        for rest, idx in rest_feats[prefix]:
            found = False
            for k, ch in enumerate(rest):
                if ch == "*" and rest[:k] in pre_ids and rest[k + 1:] in pre_ids:
                    triples.append((pre_ids[rest[:k]], pre_ids[rest[k + 1:]], idx))
                    found = True
            if found:
                used[idx] = None
            else:
                unreachable += 1
        pair_feats[prefix] = triples
    old_rows = np.array(sorted(used), dtype=np.int64)
    row_of = np.full(n_feature, -1, dtype=np.int64)
    row_of[old_rows] = np.arange(len(old_rows))
    zero_row = len(old_rows)
    node_w = w[: n_feature * n_tag].reshape(n_feature, n_tag)
    kept = node_w[old_rows]
    if dtype == "indexed":
        # The default model has only ~22 k distinct weights: uint16 codes into a float64 table
        # are exact (spacy-pkuseg's very values) at a quarter of the size.
        values, codes = np.unique(np.concatenate([kept.ravel(), [0.0]]), return_inverse=True)
        if len(values) > 1 << 16:
            dtype = "float64"
    if dtype == "indexed":
        weights = np.zeros((zero_row + 1, n_tag), dtype=np.uint16)
        weights[:zero_row] = codes[:-1].reshape(kept.shape)
        weights[zero_row] = codes[-1]
        changed = 0
    else:
        weights = np.zeros((zero_row + 1, n_tag), dtype=dtype)
        weights[:zero_row] = kept
        changed = int(np.count_nonzero(weights[:zero_row].astype(np.float64) != kept))
    edge = np.ones((n_tag, n_tag), dtype=np.float64)
    backoff = n_feature * n_tag
    for s in range(n_tag):
        for s_pre in range(n_tag):
            edge[s_pre, s] += w[backoff + s * n_tag + s_pre]

    arrays: Dict[str, np.ndarray] = {"weights": weights, "edge": edge, "edge_keys": edge_keys,
                                     "edge_child": edge_child}
    if dtype == "indexed":
        arrays["weight_values"] = values.astype(np.float64)
    # Character → symbol over all code points, with keyword renaming and number/letter
    # normalisation folded in (0 = a character no feature or word contains).
    codes = np.zeros(0x110000, dtype=np.int32)
    for node, s in symbols.items():
        if len(node) == 1:
            codes[ord(node)] = s
    amp = symbols.get("&", 0)
    for c in KEYWORDS:
        codes[ord(c)] = amp
    for c in NUM - set(KEYWORDS):
        codes[ord(c)] = symbols.get("**Num", 0)
    for c in LETTER - set(KEYWORDS):
        codes[ord(c)] = symbols.get("**Letter", 0)
    arrays["codes"] = codes
    for t, (_, _, width) in enumerate(CHAR_TEMPLATES):
        feats = [(s, idx) for tt, s, idx in char_feats if tt == t]
        if width == 1:
            dense = np.full(n_sym, zero_row, dtype=np.int32)
            for (a,), idx in feats:
                dense[a] = row_of[idx]
            arrays[f"char_{t}"] = dense
        else:
            keys = np.array([(a << SYM_BITS) | b for (a, b), _ in feats], dtype=np.int64)
            rows = np.array([row_of[idx] for _, idx in feats], dtype=np.int32)
            order = np.argsort(keys)
            assert len(np.unique(keys)) == len(keys)
            arrays[f"char_{t}_keys"], arrays[f"char_{t}_rows"] = keys[order], rows[order]
    for name, prefix in (("wm1", "w-1."), ("w1", "w1.")):
        dense = np.full(n_nodes, zero_row, dtype=np.int32)
        for wid, idx in word_feats[prefix]:
            dense[wid] = row_of[idx]
        arrays[name] = dense
    for name, prefix in (("wwl", "ww.l."), ("wwr", "ww.r.")):
        triples = pair_feats[prefix]
        keys = np.array([(a << 32) | b for a, b, _ in triples], dtype=np.int64)
        rows = np.array([row_of[idx] for _, _, idx in triples], dtype=np.int32)
        order = np.argsort(keys)
        assert len(np.unique(keys)) == len(keys)
        arrays[f"{name}_keys"], arrays[f"{name}_rows"] = keys[order], rows[order]
        can_pre = np.zeros(n_nodes, dtype=bool)
        can_post = np.zeros(n_nodes, dtype=bool)
        can_pre[[a for a, _, _ in triples]] = True
        can_post[[b for _, b, _ in triples]] = True
        arrays[f"{name}_pre"], arrays[f"{name}_post"] = can_pre, can_post
    arrays["word_of_node"] = np.where(is_word, np.arange(n_nodes), NOWORD).astype(np.int32)

    # The post-processing dictionary (spacy-pkuseg's dicts/default.pkl).
    if dict_path is None:
        import spacy_pkuseg

        dict_path = Path(spacy_pkuseg.__file__).parent / "dicts" / "default.pkl"
    with open(dict_path, "rb") as f:
        dict_words = sorted(set(pickle.load(f).strip().split("\n")))
    hashes = np.array([_poly_hash(np.array([ord(c) for c in word], dtype=np.uint64)) for word in dict_words],
                      dtype=np.uint64)
    order = np.argsort(hashes, kind="stable")
    assert len(np.unique(hashes)) == len(hashes), "two dictionary words share a hash"
    arrays["dict_hashes"] = hashes[order]
    sorted_words = [dict_words[i] for i in order]
    arrays["dict_cps"] = np.frombuffer("".join(sorted_words).encode("utf-32-le"), dtype=np.uint32)
    arrays["dict_starts"] = np.concatenate([[0], np.cumsum([len(w) for w in sorted_words])]).astype(np.int64)
    # A 2 MB bitmap over the top 24 bits of the hashes rejects most non-words before the search.
    bloom = np.zeros(1 << DICT_BITS, dtype=bool)
    bloom[(hashes >> np.uint64(64 - DICT_BITS)).astype(np.int64)] = True
    arrays["dict_bloom"] = np.packbits(bloom, bitorder="little")

    dest.mkdir(parents=True, exist_ok=True)
    for name, arr in arrays.items():
        np.save(dest / f"{name}.npy", np.ascontiguousarray(arr))
    meta = {
        "format": FORMAT,
        "source": {name: sha256(src / name) for name in ("features.pkl", "weights.npz")},
        "dict_sha256": sha256(Path(dict_path)),
        "dtype": dtype,
        "n_tag": n_tag,
        "tags": sorted(tag_to_idx, key=tag_to_idx.get),
        "n_features": n_feature,
        "rows": zero_row,
        "symbols": n_sym - 1,
        "words": len(word_id),
        "trie_nodes": n_nodes,
        "empty_id": empty_id,
        "out_of_range": out_of_range,
        "unreachable_features": unreachable,
        "weights_changed_by_dtype": changed,
        "dict_words": len(dict_words),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (dest / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False))
    return meta


# ---------------------------------------------------------------- inference

def _lookup(keys: np.ndarray, rows: np.ndarray, query: np.ndarray, missing: int) -> np.ndarray:
    """Rows of ``query`` in the sorted ``keys`` (``missing`` where absent)."""
    if not len(query):
        return np.empty(0, dtype=np.int32)
    pos = np.searchsorted(keys, query)
    pos[pos >= len(keys)] = 0
    return np.where(keys[pos] == query, rows[pos], missing)


def _word_ends(starts: np.ndarray, piece: np.ndarray, piece_end: np.ndarray) -> np.ndarray:
    """End of each word: the next word's start, or its piece's end."""
    e = np.empty_like(starts)
    e[:-1] = starts[1:]
    if len(e):
        e[-1] = piece_end[piece[-1]]
    last = np.nonzero(piece[:-1] != piece[1:])[0]
    e[last] = piece_end[piece[last]]
    return e


class CompactSegmenter:
    """A drop-in for ``spacy_pkuseg.pkuseg(...)`` (default user dict, no POS) with ``cut``;
    stateless after loading, so threads may share it."""

    def __init__(self, path: os.PathLike):
        path = Path(path)
        self.path = path
        self.meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if self.meta.get("format") != FORMAT:
            raise ValueError(f"{path} is not a compact pkuseg model ({FORMAT})")
        # Plain ndarray views of the maps (memmap's own __getitem__ costs per call).
        a = {p.stem: np.load(p, mmap_mode="r").view(np.ndarray) for p in path.glob("*.npy")}
        self.a = a
        self.zero_row = int(self.meta["rows"])
        self.out_of_range = int(self.meta["out_of_range"])
        self.edge = np.ascontiguousarray(a["edge"], dtype=np.float64)
        b_tags = [i for i, t in enumerate(self.meta["tags"]) if "B" in t]
        self.is_begin = np.zeros(len(self.meta["tags"]), dtype=bool)
        self.is_begin[b_tags] = True
        from spacy_pkuseg.inference import run_viterbi

        self._viterbi = run_viterbi

    # -- features and Viterbi, over many pieces at once (separated by PAD sentinels)
    def _rows(self, sym: np.ndarray, is_pad: np.ndarray) -> np.ndarray:
        """Feature rows ``(69, N)`` per position, in spacy-pkuseg's order (pads: rubbish)."""
        a, n, zero = self.a, len(sym), self.zero_row
        s = np.zeros(n + 2 * PAD, dtype=np.int64)
        s[PAD:PAD + n] = sym
        rows = np.empty((69, n), dtype=np.int32)
        rows[0] = 0  # "$$" is feature 0, row 0
        for t, (_, off, width) in enumerate(CHAR_TEMPLATES):
            first = s[PAD + off:PAD + off + n]
            if width == 1:
                rows[t + 1] = a[f"char_{t}"][first]
            else:
                second = s[PAD + off + 1:PAD + off + 1 + n]
                ok = (first > 0) & (second > 0)
                rows[t + 1] = zero
                rows[t + 1, ok] = _lookup(a[f"char_{t}_keys"], a[f"char_{t}_rows"],
                                          (first[ok] << SYM_BITS) | second[ok], zero)
        # Word ids of the slices: words[k, PAD + start] for a slice of LENGTHS[k] nodes; a slice
        # that runs into a sentinel is out of range ("" in spacy-pkuseg).
        edge_keys, edge_child, word_of = a["edge_keys"], a["edge_child"], a["word_of_node"]
        words = np.full((len(LENGTHS), n + 2 * PAD), self.out_of_range, dtype=np.int64)
        pads = np.concatenate([[0], np.cumsum(is_pad)])
        node = sym
        for size in range(2, WORD_MAX + 1):
            m = n - size + 1
            if m <= 0:
                break
            node = node[:m]
            ok = node > 0
            nxt = np.zeros(m, dtype=np.int64)
            nxt[ok] = _lookup(edge_keys, edge_child, (node[ok] << SYM_BITS) | sym[size - 1:size - 1 + m][ok], 0)
            node = nxt
            w = word_of[node]
            inside = pads[size:size + m] == pads[:m]
            words[WORD_MAX - size, PAD:PAD + m] = np.where(inside, w, self.out_of_range)
        i = np.arange(PAD, PAD + n)
        ls = np.array(LENGTHS)[:, None]
        k = np.arange(len(LENGTHS))[:, None]
        pre_in = words[k, i - ls + 1]  # (5, N)
        post_in = words[:, PAD:PAD + n]
        pre_ex = words[k, i - ls]
        post_ex = words[:, PAD + 1:PAD + 1 + n]
        rows[9:14] = a["wm1"][pre_in]
        rows[14:19] = a["w1"][post_in]
        for base, name, pres, posts in ((19, "wwl", pre_ex, post_in), (44, "wwr", pre_in, post_ex)):
            ok = a[f"{name}_pre"][pres][:, None, :] & a[f"{name}_post"][posts][None, :, :]  # (5, 5, N)
            block = np.full(ok.shape, zero, dtype=np.int32)
            if ok.any():
                keys = (pres[:, None, :] << 32) | posts[None, :, :]
                block[ok] = _lookup(a[f"{name}_keys"], a[f"{name}_rows"], keys[ok], zero)
            rows[base:base + 25] = block.reshape(25, n)
        return rows

    def _scores(self, rows: np.ndarray, keep: np.ndarray) -> np.ndarray:
        """Node scores ``(n, tags)`` of the kept positions: the weights added in spacy-pkuseg's
        order (``np.add.at`` is unbuffered and goes through the indices in order; a missing
        feature adds nothing), in float64 as spacy-pkuseg does."""
        r = rows[:, keep].T  # (n, 69), row-major: each position's features in order
        present = r != self.zero_row
        pos = np.nonzero(present)[0]
        scores = np.zeros((r.shape[0], self.edge.shape[0]), dtype=np.float64)
        w = self.a["weights"][r[present]]
        values = self.a.get("weight_values")
        np.add.at(scores, pos, values[w] if values is not None else w.astype(np.float64))
        return scores

    # -- post-processing dictionary: substring hashes, confirmed char by char
    @staticmethod
    def _hashes(cps: np.ndarray):
        n = len(cps)
        with np.errstate(over="ignore"):
            qpow = np.cumprod(np.full(n + 1, _HASH_Q, dtype=np.uint64)) * np.uint64(_HASH_P)
            ppow = np.cumprod(np.full(n + 1, _HASH_P, dtype=np.uint64)) * np.uint64(_HASH_Q)
            prefix = np.zeros(n + 1, dtype=np.uint64)
            prefix[1:] = np.cumsum(cps.astype(np.uint64) * qpow[:n])
        return prefix, ppow

    def _in_dict(self, cps, prefix, ppow, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Whether each substring ``cps[starts[k]:ends[k]]`` is a dictionary word."""
        a = self.a
        hashes, d_starts, d_cps = a["dict_hashes"], a["dict_starts"], a["dict_cps"]
        with np.errstate(over="ignore"):
            h = (prefix[ends] - prefix[starts]) * ppow[starts]
        top = (h >> np.uint64(64 - DICT_BITS)).astype(np.int64)
        hit = (a["dict_bloom"][top >> 3] >> (top & 7)) & 1 == 1
        cand = np.nonzero(hit)[0]
        if not len(cand):
            return hit
        hc = h[cand]
        pos = np.minimum(np.searchsorted(hashes, hc), len(hashes) - 1)
        lengths = ends[cand] - starts[cand]
        ok = (hashes[pos] == hc) & (d_starts[pos + 1] - d_starts[pos] == lengths)
        k = np.nonzero(ok)[0]
        if len(k):
            ln = lengths[k]
            heads = np.cumsum(ln) - ln
            offs = np.arange(int(ln.sum())) - np.repeat(heads, ln)
            same = cps[np.repeat(starts[cand[k]], ln) + offs] == d_cps[np.repeat(d_starts[pos[k]], ln) + offs]
            bad = np.add.reduceat((~same).astype(np.int64), heads)
            ok[k[bad > 0]] = False
        hit[cand] = ok
        return hit

    def _post_process(self, cps: np.ndarray, starts: np.ndarray, piece: np.ndarray,
                      piece_end: np.ndarray) -> np.ndarray:
        """spacy-pkuseg's Postprocesser over all words (``starts`` in ``cps``, ``piece`` ids):
        for m = 7..2, scanning left to right, merge m words of a piece into one when that is a
        dictionary word and not all of the m are. A merge at window j moves the scan to j + m,
        whose windows are untouched, so one vectorised pass per m is exact."""
        prefix, ppow = self._hashes(cps)
        sizes = range(POST_MAX, 1, -1)
        hits: Dict[int, np.ndarray] = {}
        while True:
            e = _word_ends(starts, piece, piece_end)
            # One lookup for the single words and every window size still to do.
            todo = [m for m in sizes if m not in hits and len(starts) >= m]
            spans = [(starts, e)] + [(starts[:len(starts) - m + 1], e[m - 1:]) for m in todo]
            found = self._in_dict(cps, prefix, ppow, np.concatenate([x for x, _ in spans]),
                                  np.concatenate([y for _, y in spans]))
            single, off = found[:len(starts)], len(starts)
            for m in todo:
                k = len(starts) - m + 1
                hits[m] = found[off:off + k]
                off += k
            changed = False
            for m in sizes:
                if m not in hits:
                    continue
                merged = hits.pop(m)
                if not merged.any():
                    continue
                same_piece = piece[m - 1:] == piece[:len(piece) - m + 1]
                run = np.convolve(single.astype(np.int64), np.ones(m, dtype=np.int64), mode="valid")
                cand = np.nonzero(merged & same_piece & (run < m))[0]
                if not len(cand):
                    continue
                keep = np.ones(len(starts), dtype=bool)
                nxt = 0
                for j in cand.tolist():
                    if j >= nxt:
                        keep[j + 1:j + m] = False
                        nxt = j + m
                starts, piece = starts[keep], piece[keep]
                hits = {mm: v for mm, v in hits.items() if mm > m}  # smaller windows: look up again
                sizes = range(m - 1, 1, -1)
                changed = True
                break
            if not changed:
                return starts

    # -- public API
    def word_starts(self, pieces: List[str]) -> List[List[int]]:
        """Start offsets of the words of each whitespace-free, non-empty piece."""
        if any(p.split() != [p] for p in pieces):
            raise ValueError("pieces must be non-empty and contain no whitespace (use cut)")
        # Batches of ~BATCH_CHARS: the vectorised pass needs ~0.7 kB per character.
        out: List[List[int]] = []
        batch: List[str] = []
        size = 0
        for p in pieces:
            if batch and size + len(p) > BATCH_CHARS:
                out.extend(self._word_starts(batch))
                batch, size = [], 0
            batch.append(p)
            size += len(p)
        if batch:
            out.extend(self._word_starts(batch))
        return out

    def _word_starts(self, pieces: List[str]) -> List[List[int]]:
        sep = "\x00" * PAD
        joined = sep.join(pieces)
        cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        lens = np.array([len(p) for p in pieces], dtype=np.int64)
        heads = np.concatenate([[0], np.cumsum(lens[:-1] + PAD)])
        is_pad = np.ones(len(cps), dtype=bool)
        piece_of = np.repeat(np.arange(len(pieces)), lens)
        pos = np.repeat(heads, lens) + (np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens))
        is_pad[pos] = False
        sym = self.a["codes"][cps].astype(np.int64)
        sym[is_pad] = 0
        rows = self._rows(sym, is_pad)
        scores = self._scores(rows, ~is_pad)
        # Viterbi per piece (spacy-pkuseg's compiled decoder); the first character starts a word.
        begin = np.zeros(len(pos), dtype=bool)
        offs = np.concatenate([[0], np.cumsum(lens)])
        for k in range(len(pieces)):
            a, b = int(offs[k]), int(offs[k + 1])
            if b > a:
                _, states = self._viterbi(scores[a:b], self.edge)
                begin[a:b] = self.is_begin[np.asarray(states)]
                begin[a] = True
        starts = pos[begin]
        starts = self._post_process(cps, starts, piece_of[begin], heads + lens)
        piece_of_start = np.searchsorted(heads, starts, side="right") - 1
        local = (starts - heads[piece_of_start]).tolist()
        cuts = np.searchsorted(piece_of_start, np.arange(len(pieces) + 1)).tolist()
        return [local[cuts[k]:cuts[k + 1]] for k in range(len(pieces))]

    def cut_many(self, pieces: List[str]) -> List[List[str]]:
        """Words of each whitespace-free piece (as spacy-pkuseg's ``_cut`` + post-processing),
        all pieces in one vectorised pass."""
        out = []
        for piece, starts in zip(pieces, self.word_starts(pieces)):
            ends = starts[1:] + [len(piece)]
            out.append([piece[a:b] for a, b in zip(starts, ends)])
        return out

    def cut(self, txt: str) -> List[str]:
        """spacy-pkuseg's ``cut``: the text split at whitespace, each part segmented."""
        return [w for words in self.cut_many(txt.split()) for w in words]
