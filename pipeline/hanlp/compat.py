"""Import HanLP offline, with ``HANLP_HOME`` set first and its known traps patched.

HanLP binds ``HANLP_HOME`` into default arguments at import time
(``hanlp.utils.io_util.get_resource(save_dir=hanlp_home())``), so the variable
must be set before the first ``import hanlp``; a later change is ignored.
This product never downloads at run time, so every HanLP route to the
network is closed here: ``download`` raises with the URL and the local path it
would have written, and the PyPI version check of HanLP's load-error handler
answers nothing.

Patches (HanLP 2.1.5, the newest release PyPI installs: 2.1.6 and 2.1.7 need
hanlp-common 0.0.24, which PyPI does not have), each idempotent and tested in
tests/components/test_hanlp_ner.py:

1. ``RNNTaggingModel`` builds its CRF as ``CRF(n_out, crf_constraints)``, so
   ``crf_constraints=None`` lands in the CRF's ``batch_first``. The BiLSTM's
   output is batch-first, so the CRF scores and decodes along the wrong axis:
   a model trains to dev F1 0. The patch sets ``crf.batch_first = True`` after
   the model is built (training and loading both build it).
2. ``transformers`` removed ``AdamW`` in 4.50 (it is not in 4.57 nor 5.x);
   HanLP's transformer training imports it. The patch aliases
   ``torch.optim.AdamW``, once ``transformers`` is imported (importing it
   only for this would cost seconds on every load).
3. HanLP's load-error handler imports ``pkg_resources`` (setuptools < 81) and
   asks PyPI for the newest HanLP. ``load_model`` (in ``components.hanlp_ner``)
   does not go through that handler, and the extra pins setuptools < 81 for
   users who call ``hanlp.load`` themselves.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional, Union

HANLP_HOME_ENV = "HANLP_HOME"
INSTALL_HINT = "install the optional extra: pip install -e '.[hanlp]' (or `make hanlp-setup`)"
_PATCHED = "_cppcc_patched"


class HanLPNotInstalled(ImportError):
    """The ``hanlp`` extra is not installed."""


def hanlp_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("hanlp") is not None


def import_hanlp(hanlp_home: Optional[Union[str, os.PathLike]] = None):
    """Import HanLP with ``HANLP_HOME`` set first, offline, with the patches applied.

    ``hanlp_home``: the folder HanLP resolves its resources in. If HanLP was
    already imported with another home, that is an error (HanLP would keep
    using the old one silently)."""
    wanted = str(Path(hanlp_home).expanduser().resolve()) if hanlp_home else None
    if "hanlp" in sys.modules:
        if wanted is not None and _bound_home() != wanted:
            raise RuntimeError(
                f"HanLP was imported with HANLP_HOME={_bound_home()} before this pipeline could set it to {wanted}; "
                "set HANLP_HOME before anything imports hanlp"
            )
    else:
        if wanted is not None:
            os.environ[HANLP_HOME_ENV] = wanted
        # Hugging Face libraries used by transformer-based HanLP models: local files only.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import hanlp
    except ImportError as e:  # hanlp itself, or one of its imports (torch)
        raise HanLPNotInstalled(f"HanLP cannot be imported ({e}); {INSTALL_HINT}") from e
    apply_patches()
    return hanlp


def _bound_home() -> str:
    from hanlp.utils import io_util

    return str(Path(io_util.get_resource.__defaults__[0]).expanduser().resolve())


class DownloadRefused(OSError):
    """HanLP tried to fetch a resource; this product never downloads at run time."""


def _refuse_download(url, save_path=None, *args, **kwargs):
    raise DownloadRefused(
        f"HanLP wanted to download {url}" + (f" to {save_path}" if save_path else "")
        + "; this pipeline never downloads: put the file there (HANLP_HOME) or point the config at a local model folder"
    )


def _no_pypi(*args, **kwargs):
    raise DownloadRefused("HanLP's PyPI version check is disabled (offline)")


def apply_patches() -> None:
    """Apply the patches described in the module docstring (idempotent)."""
    from hanlp.components.taggers.rnn.rnntaggingmodel import RNNTaggingModel
    from hanlp.utils import component_util, io_util

    if not getattr(RNNTaggingModel.__init__, _PATCHED, False):
        original = RNNTaggingModel.__init__

        def __init__(self, *args, **kwargs):
            original(self, *args, **kwargs)
            if self.crf is not None:
                self.crf.batch_first = True  # the BiLSTM output is (batch, seq, tags)

        setattr(__init__, _PATCHED, True)
        __init__.__wrapped__ = original
        RNNTaggingModel.__init__ = __init__

    for module in (io_util, component_util):
        if hasattr(module, "download"):
            module.download = _refuse_download
        for name in ("get_latest_info_from_pypi", "check_outdated"):
            if hasattr(module, name):
                setattr(module, name, _no_pypi)

    patch_transformers()


def patch_transformers() -> bool:
    """Alias ``transformers.AdamW`` to torch's if ``transformers`` is imported and lacks it."""
    transformers = sys.modules.get("transformers")
    if transformers is None:
        return False
    try:
        transformers.AdamW  # noqa: B018 (a lazy module: the attribute may exist without being loaded)
        return True
    except (AttributeError, ImportError):
        import torch

        transformers.AdamW = torch.optim.AdamW
        return True
