"""Where the stylesheet and the demo adapters live: top-level `assets/` in a checkout, `wizard/assets/`
in an installed wheel (pyproject maps the one onto the other)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find() -> Path:
    installed = _PACKAGE / "assets"
    if (installed / "wizard.tcss").is_file():
        return installed
    return _PACKAGE.parent / "assets"  # a checkout, or an editable install


ASSETS: Path = _find()
