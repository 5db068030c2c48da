"""Where things live: the project's folders, resolved once from this file's location.

Returns nothing; exposes ``ROOT``, ``SEEDS_DIR``, ``FIGURES_DIR``, ``NOTEBOOKS_DIR`` and
``LEXICON_DIR`` as :class:`pathlib.Path` objects. ``FIGURES_DIR`` can be moved with the
environment variable ``ANALYSIS_FIGURES_DIR`` (to run the notebooks without touching the
project's ``figures/``); everything else is fixed.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
SEEDS_DIR = ROOT / "seeds"
NOTEBOOKS_DIR = ROOT / "notebooks"
LEXICON_DIR = PACKAGE_DIR / "lexicons"
FIGURES_DIR = Path(os.environ.get("ANALYSIS_FIGURES_DIR", ROOT / "figures"))
