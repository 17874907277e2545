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
