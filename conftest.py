"""Give nbval the recorded outputs of the notebooks' checked cells (cell tag
``nbval-check-output``): see ``tools/expected_outputs.py``, loaded here as a pytest plugin.

Test tiers (markers registered in pyproject.toml): ``notebook`` for every nbval cell and every
test that needs the built book or runs notebooks, ``browser`` for Chromium, ``node`` for the
views' JavaScript under Node (it reads the working tree's gru_viz/static). ``make test`` runs all;
``make test-fast`` runs the rest, the unit tiers, in well under a minute."""
import pytest

pytest_plugins = ["tools.expected_outputs", "tools.executed_notebooks"]

BOOK_FIXTURES = {"built_book", "book", "saved_views"}


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if str(item.fspath).endswith(".ipynb") or fixtures & {"built_book", "book"}:
            item.add_marker(pytest.mark.notebook)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if "node" in fixtures:
            item.add_marker(pytest.mark.node)
