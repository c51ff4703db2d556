"""The npm linters the layout tests run (awesome-lint, markdownlint-cli2), found in
``$SNN_PAPERS_NODE_TOOLS`` (a folder ``npm install --prefix`` filled; .ci/run sets it) or in
/tmp/npmtools. Missing tools fail a test under CI=true and skip it otherwise, with the reason,
as ``browser.require_browser`` does."""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "SNN_PAPERS_NODE_TOOLS"
KNOWN_FOLDER = Path("/tmp/npmtools")


def tool(name: str) -> Path:
    """The path of ``name`` (``awesome-lint``, ``markdownlint-cli2``); fails or skips the
    calling test when it is missing."""
    import pytest

    folders = [Path(os.environ[VARIABLE])] if os.environ.get(VARIABLE) else []
    folders.append(KNOWN_FOLDER)
    for folder in folders:
        path = folder / "node_modules" / ".bin" / name
        if path.exists():
            return path
    reason = (f"{name} is not installed (npm install --prefix DIR awesome-lint markdownlint-cli2,"
              f" then {VARIABLE}=DIR; .ci/run does)")
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)
