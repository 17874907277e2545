"""DATE component: wraps the pure finder ``pipeline.rules.dates``.

The finder holds the grammar of dates, times, durations and relative time and
their ISO 8601 values (see its docstring); this component only carries the
settings (``resolve_relative``: resolve 今年/昨日/这一年 against the byline date;
``bare_years``: tag a year written without 年) and writes the finder's matches
to ``doc.spans[span_key]``.
"""

from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..rules.dates import cn_or_int, document_date, find_dates, iso, with_time  # noqa: F401  (re-exported)
from .rule_tagger import Match, ViewRuleTagger


@Language.factory(
    "date_tagger",
    assigns=["doc.spans"],
    default_config={"span_key": "dates", "resolve_relative": True, "bare_years": True},
)
def make_date_tagger(nlp: Language, name: str, span_key: str, resolve_relative: bool, bare_years: bool):
    return DateTagger(nlp, name, span_key=span_key, resolve_relative=resolve_relative, bare_years=bare_years)


class DateTagger(ViewRuleTagger):
    def __init__(self, nlp, name, *, span_key="dates", resolve_relative=True, bare_years=True):
        super().__init__(nlp, name, span_key=span_key, cfg={"resolve_relative": resolve_relative, "bare_years": bare_years})

    def find(self, text: str, doc: Doc) -> Iterable[Match]:
        return find_dates(text, resolve_relative=self.cfg["resolve_relative"], bare_years=self.cfg["bare_years"])
