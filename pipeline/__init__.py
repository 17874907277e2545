"""Information extraction from Chinese official texts (CPPCC reports, party and government news)."""

from . import _extensions  # noqa: F401
from .text.tokenizer import ViewTokenizer, create_view_tokenizer  # noqa: F401

__version__ = "0.1.0"
