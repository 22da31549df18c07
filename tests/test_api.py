"""The public API: every name of __all__ resolves, and DESIGN.md's names are there."""

import importlib
import pkgutil

import pytest

import orgchart as oc


def test_all_is_sorted_and_resolves():
    assert list(oc.__all__) == sorted(oc.__all__)
    for name in oc.__all__:
        assert getattr(oc, name) is not None, name


def test_version():
    assert isinstance(oc.__version__, str) and oc.__version__.count(".") == 2


@pytest.mark.parametrize(
    "name",
    ["Person", "Unit", "Post", "Snapshot", "ChangeSet", "diff", "OrgChartError", "ConflictError"],
)
def test_design_names(name):
    assert name in oc.__all__


def test_strategies_is_reachable_as_an_attribute():
    assert callable(oc.strategies.snapshots)


def test_every_error_is_an_orgchart_error():
    from orgchart import errors

    for name in errors.__all__:
        assert issubclass(getattr(errors, name), oc.OrgChartError)


def test_every_module_has_a_docstring_and_all():
    for info in pkgutil.iter_modules(oc.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"orgchart.{info.name}")
        assert module.__doc__, info.name
        if info.name not in {"__main__"}:
            assert hasattr(module, "__all__"), info.name
