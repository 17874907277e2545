"""Command-line interface: ``python -m pipeline`` or ``cppcc-ie``."""

from . import annotate, bench, evaluate, report, tasks, train  # noqa: F401  (commands register on the app)
from ._util import app

__all__ = ["app"]
