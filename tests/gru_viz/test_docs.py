"""Every public name of gru_viz has a docstring, and so has every public method of its classes;
the API reference page documents every public name."""
import inspect
from pathlib import Path

import pytest

import gru_viz

# Modules whose classes' methods are checked here (views and models have their own tests).
OWN_MODULES = {f"gru_viz.{m}" for m in ("gates", "trace", "influence", "plots", "values",
                                         "widgets", "lang")}
API_PAGE = Path(__file__).resolve().parents[2] / "book" / "en" / "api.md"


@pytest.mark.parametrize("name", sorted(gru_viz.__all__))
def test_public_name_has_a_docstring(name):
    obj = getattr(gru_viz, name)
    if not (inspect.isclass(obj) or callable(obj)):
        return                                        # data such as CONVENTIONS
    assert (obj.__doc__ or "").strip(), f"gru_viz.{name} has no docstring"
    if inspect.isclass(obj) and obj.__module__ in OWN_MODULES:
        for attr, member in vars(obj).items():
            if attr.startswith("_") or not (callable(member) or isinstance(member, property)
                                            or isinstance(member, classmethod)):
                continue
            assert (getattr(member, "__doc__", None) or "").strip(), \
                f"gru_viz.{name}.{attr} has no docstring"


@pytest.mark.parametrize("name", sorted(gru_viz.__all__))
def test_api_page_documents_every_public_name(name):
    text = API_PAGE.read_text(encoding="utf-8")
    assert f"gru_viz.{name}\n" in text or f"gru_viz.views.{name}\n" in text
