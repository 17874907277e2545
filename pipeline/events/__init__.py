"""Event extraction, split the way medspaCy splits context rules.

- ``lexicon``: the sectioned word lists (``lexicons/data/event_lexicon.txt``), compiled once.
- ``spans``: view-offset entities and triggers, interval lookups by bisection.
- ``clauses``: sentence, clause and subject analysis (bounded scopes, so the
  work per trigger does not grow with the document).
- ``triggers``: finding and licensing triggers (compounds, concepts, titles,
  negations, groups, back-references, headings, exhortations).
- ``rules``: declarative marker rules (direction, scope, terminators) that the
  role modules read instead of one method per case.
- ``roles``: one module per role (agent, meeting, time, count, topic, place)
  and ``share`` for fillers stated once for coordinated triggers.
- ``calibration``: per-rule confidences measured on a gold set.
- ``extractor``: runs the steps over one Doc and writes the output schema.
"""

from .extractor import EventExtractor
from .lexicon import DEFAULT_LEXICON, EVENT_TYPES, ROLES, read_lexicon

__all__ = ["EventExtractor", "DEFAULT_LEXICON", "EVENT_TYPES", "ROLES", "read_lexicon"]
