"""The public API: every name of __all__ resolves, and the names the design pins
(the model's classes, ``diff``, the base error and ``ConflictError``) are there."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

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
    # Read, not imported: orgchart.sphinx needs the docs extras, this test must not.
    for info in pkgutil.iter_modules(oc.__path__):
        tree = ast.parse(Path(oc.__path__[0], f"{info.name}.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), info.name
        if info.name != "__main__":
            assigned = {
                target.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            assert "__all__" in assigned, info.name


def test_the_core_modules_import_without_the_extras():
    # A fresh interpreter with sphinx, docutils and hypothesis made unimportable.
    code = (
        "import sys\n"
        "for name in ('sphinx', 'docutils', 'hypothesis', 'nbclient'):\n"
        "    sys.modules[name] = None\n"
        "import orgchart, orgchart.popolo, orgchart.synthetic, orgchart.seeds\n"
        "print(orgchart.seeds.alibaba())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "History" in result.stdout
