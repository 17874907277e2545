import pytest

from pipeline.lexicons import LEXICON_DIR, LexiconError, read_list, read_sections


def test_lexicons_shipped_files_load():
    for name in ("org_lexicon.txt", "event_lexicon.txt"):
        assert read_sections(LEXICON_DIR / name)
    for name in ("formulas.txt", "places.txt"):
        assert read_list(LEXICON_DIR / name)


def test_lexicons_read_sections_joins_reopened_sections(tmp_path):
    path = tmp_path / "lex.txt"
    path.write_text("[a]\nx  # comment\n[b]\ny\n[a]\nz\n", encoding="utf-8")
    assert read_sections(path) == {"a": ["x", "z"], "b": ["y"]}


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("[a]\nx\ny\nx\n", "duplicate entry 'x' in [a] (first on line 2)"),
        ("x\n[a]\n", "entry 'x' before any [section]"),
    ],
)
def test_lexicons_read_sections_rejects(tmp_path, text, fragment):
    path = tmp_path / "lex.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        read_sections(path)
    assert fragment in str(err.value) and str(path) in str(err.value)


def test_lexicons_same_entry_in_two_sections_is_allowed(tmp_path):
    path = tmp_path / "lex.txt"
    path.write_text("[a]\nx\n[b]\nx\n", encoding="utf-8")
    assert read_sections(path) == {"a": ["x"], "b": ["x"]}


def test_lexicons_read_list_rejects_duplicates(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("# head\nx\ny\n\nx\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"list.txt:5: duplicate entry 'x' \(first on line 2\)"):
        read_list(path)
