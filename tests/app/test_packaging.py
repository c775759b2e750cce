"""The package metadata installs without setuptools' deprecation warnings."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_license_is_an_spdx_expression_with_a_setuptools_that_reads_it() -> None:
    # A table (`{ text = ... }`) made setuptools warn four times on every install.
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert data["project"]["license"] == "AGPL-3.0-or-later"
    # SPDX strings need setuptools 77 (PEP 639); older ones refuse them.
    (requirement,) = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
    found = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", requirement)
    assert found is not None and int(found.group(1)) >= 77
