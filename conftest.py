"""Load the project's nbval plugin, ``tools/nbval_plugin.py``: it gives nbval the recorded outputs
of the notebooks' checked cells (cell tag ``nbval-check-output``) and keeps nbval's executions
as executed notebooks for the quick book build.

Test tiers (markers registered in pyproject.toml): ``notebook`` for every nbval cell and every
test that needs the built book or runs notebooks, ``browser`` for Chromium, ``node`` for the
views' JavaScript under Node (it reads the working tree's gru_viz/static). ``make test`` runs all;
``make test-fast`` runs the rest, the unit tiers, in well under a minute."""
import pytest

pytest_plugins = ["tools.nbval_plugin"]


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if str(item.fspath).endswith(".ipynb") or fixtures & {"built_book", "book"}:
            item.add_marker(pytest.mark.notebook)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if "node" in fixtures:
            item.add_marker(pytest.mark.node)
