"""Where the project keeps what it does not commit (the pkuseg model)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PKUSEG_ENV = "PIPELINE_PKUSEG_MODEL"
DEFAULT_PKUSEG = "models/pkuseg/default"


def resolve_pkuseg(path: str | os.PathLike = DEFAULT_PKUSEG) -> Path:
    """Find the pkuseg model folder: the environment, then the path as given, then the project root."""
    candidates = []
    if os.environ.get(PKUSEG_ENV):
        candidates.append(Path(os.environ[PKUSEG_ENV]))
    p = Path(path)
    candidates.append(p)
    if not p.is_absolute():
        candidates.append(PROJECT_ROOT / p)
    for c in candidates:
        if (c / "features.pkl").exists() or (c / "features.msgpack").exists():
            return c
    raise FileNotFoundError(
        f"pkuseg model not found (looked in {', '.join(str(c) for c in candidates)}); "
        f"run `make setup` or set {PKUSEG_ENV}"
    )
