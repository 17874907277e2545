"""Reading inputs: every input is a document or a clear error, whatever its encoding."""

import json
import os

import pytest

from pipeline.io import DecodeError, Document, ReadError, decode, iter_inputs

TEXT = "自治區政協召開會議，市政协开展调研。"


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        ("市政协召开主席会议，研究部署工作。".encode("gbk"), "gb18030"),
        ("市政协召开主席会议，研究部署工作。𠀀".encode("gb18030"), "gb18030"),
        ("自治區政協召開會議，研究部署工作。".encode("big5"), "big5"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_io_decode_detects(data, encoding):
    text, used = decode(data)
    assert used == encoding
    assert "会议" in text or "會議" in text


def test_io_bom_is_not_text():
    text, _ = decode(b"\xef\xbb\xbf" + "政协".encode())
    assert text == "政协"


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"\x00\x01\x02\x03binary\x00\x00", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"\x80\x80\x80\xff\xff" * 3, "undecodable"),
    ],
)
def test_io_decode_rejects(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_io_forced_encoding():
    data = "政協會議".encode("big5")
    assert decode(data, "big5")[0] == "政協會議"
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode(data, "utf-8")


def test_io_iter_inputs_every_input_accounted(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_bytes(TEXT.encode("gb18030"))
    (tmp_path / "sub" / "empty.txt").write_bytes(b"")
    (tmp_path / "sub" / "bin.txt").write_bytes(b"\x00\x00\x01PK\x03\x04")
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "j1", "text": TEXT}, ensure_ascii=False) + "\n{broken\n" + json.dumps({"id": "j3"}) + "\n",
        encoding="utf-8",
    )
    items = list(iter_inputs([tmp_path, tmp_path / "missing.txt"]))
    docs = {i.id: i for i in items if isinstance(i, Document)}
    errors = {i.source.rsplit("/", 1)[-1]: i for i in items if isinstance(i, ReadError)}
    assert set(docs) == {"a", "b", "empty", "j1"}
    assert docs["empty"].text == ""
    assert docs["b"].text == TEXT
    assert set(errors) == {"bin.txt", "docs.jsonl:2", "docs.jsonl:3", "missing.txt"}
    assert "binary" in errors["bin.txt"].error
    assert "invalid JSON" in errors["docs.jsonl:2"].error
    assert "no such file" in errors["missing.txt"].error


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_io_unreadable(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text(TEXT)
    p.chmod(0)
    (item,) = list(iter_inputs([p]))
    assert isinstance(item, ReadError) and "unreadable" in item.error


def test_io_unreadable_directory_entry(tmp_path):
    """A path that is neither file nor folder content (a broken link) is an error, not a skip."""
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    (item,) = list(iter_inputs([link]))
    assert isinstance(item, ReadError)


def test_io_duplicate_ids_made_unique(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "same.txt").write_text("甲")
    (tmp_path / "y" / "same.txt").write_text("乙")
    ids = [i.id for i in iter_inputs([tmp_path])]
    assert ids == ["same", "same#2"]


def test_io_large_single_line(tmp_path):
    text = "市政协召开会议，" * (5_000_000 // 24 + 1)
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    assert len(p.read_bytes()) >= 5_000_000
    (doc,) = list(iter_inputs([p]))
    assert isinstance(doc, Document) and doc.text == text


# --- hardening (issue 9): every input a Document or a ReadError, and the reading goes on ---


def test_io_non_utf8_file_name(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9-\xff.txt")
    with open(name, "wb") as f:
        f.write(TEXT.encode("utf-8"))
    (tmp_path / "next.txt").write_text(TEXT, encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    assert [type(i) for i in items] == [Document, Document]
    doc = items[0]
    assert doc.id == "caf\\xe9-\\xff" and doc.source.endswith("caf\\xe9-\\xff.txt")
    json.dumps(doc.source, ensure_ascii=False).encode("utf-8")  # writable


def test_io_jsonl_surrogates_nesting_and_bad_bytes_cost_one_line(tmp_path):
    p = tmp_path / "in.jsonl"
    lines = [
        b'{"id": "\\ud800x", "text": "\xe6\x94\xbf\xe5\x8d\x8f"}',  # a lone surrogate in the id
        b'{"id": "s", "text": "\\udc00\xe6\x94\xbf"}',  # and in the text
        b"[" * 100_000,  # nested too deeply for json
        b'{"id": "bad", "text": "\xff\xfe"}',  # not UTF-8
        json.dumps({"id": "sep", "text": "甲\u2028乙\u2029丙\x85丁\r戊"}, ensure_ascii=False).encode("utf-8"),
        b'{"id": "last", "text": "\xe6\x94\xbf"}',
    ]
    p.write_bytes(b"\n".join(lines) + b"\n")
    items = list(iter_inputs([p]))
    assert len(items) == len(lines)
    assert isinstance(items[0], Document) and items[0].id == "\\ud800x" and items[0].text == "政协"
    assert isinstance(items[1], ReadError) and "unpaired surrogate" in items[1].error
    assert isinstance(items[2], ReadError) and "nested too deeply" in items[2].error
    assert isinstance(items[3], ReadError) and "not valid utf-8" in items[3].error and items[3].source.endswith(":4")
    assert items[4].text == "甲\u2028乙\u2029丙\x85丁\r戊"  # split on \n only
    assert items[5].id == "last" and items[5].source.endswith("in.jsonl:6")


def test_io_duplicate_ids_never_collide(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text("".join(json.dumps({"id": i, "text": "甲"}) + "\n" for i in ["dup", "dup", "dup#2", "dup", "dup#3"]))
    ids = [i.id for i in iter_inputs([p])]
    assert len(set(ids)) == 5 and ids[:2] == ["dup", "dup#2"]


def test_io_dev_zero_and_fifo_are_errors(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text(TEXT)
    items = list(iter_inputs(["/dev/zero", tmp_path]))
    assert isinstance(items[0], ReadError) and "character device" in items[0].error
    kinds = {i.source.rsplit("/", 1)[-1]: i for i in items[1:]}
    assert isinstance(kinds["pipe.txt"], ReadError) and "FIFO" in kinds["pipe.txt"].error
    assert isinstance(kinds["ok.txt"], Document)


def test_io_folder_scan_reports_dangling_links_and_loops(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(TEXT)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    items = list(iter_inputs([tmp_path]))
    docs = [i.id for i in items if isinstance(i, Document)]
    errors = {i.source.rsplit("/", 1)[-1]: i.error for i in items if isinstance(i, ReadError)}
    assert docs == ["a", "b"]
    assert "broken symbolic link" in errors["gone.txt"]
    assert "loop" in errors["loop"]


@pytest.mark.parametrize(
    "text,codec",
    [
        ("こんにちは、世界。日本語のテキストです。", "shift_jis"),
        ("こんにちは、世界。日本語のテキストです。", "euc_jp"),
        ("안녕하세요 세계. 한국어 텍스트입니다.", "euc_kr"),
        ("Ça", "latin-1"),
        ("Café élevé", "latin-1"),
    ],
)
def test_io_implausible_decodes_rejected(text, codec):
    with pytest.raises(DecodeError, match="implausible|undecodable"):
        decode(text.encode(codec))


def test_io_short_big5_never_silent_mojibake():
    """2-character Big5 snippets: right, or a clear error; never the wrong text."""
    chars = "政協會議委員提案調研報告選舉國際經濟團結發展關係問題區縣時間學習"
    wrong = []
    for a in chars:
        for b in chars[::3]:
            try:
                text, _ = decode((a + b).encode("big5"))
            except DecodeError as e:
                assert "ambiguous" in str(e) or "implausible" in str(e)
                continue
            if text != a + b:
                wrong.append((a + b, text))
    assert wrong == []


def test_io_one_nul_byte_is_text():
    text, _ = decode("政协\x00会议".encode("utf-8"))
    assert text == "政协\x00会议"


def test_io_encoding_kept(tmp_path):
    (tmp_path / "b5.txt").write_bytes("自治區政協召開會議，研究部署工作。".encode("big5"))
    (doc,) = list(iter_inputs([tmp_path / "b5.txt"]))
    assert doc.encoding == "big5"
