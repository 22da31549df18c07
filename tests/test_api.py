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


def test_every_error_of_the_errors_module_is_in_its_all_and_the_package():
    from orgchart import errors

    defined = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ == errors.__name__
    }
    assert defined == set(errors.__all__)
    assert defined <= set(oc.__all__)


def test_no_module_shares_its_name_with_a_name_of_the_package():
    """``import orgchart.x as m`` gives the module x, never a function of the same
    name re-exported by the package (``oc.page``, ``oc.merge``, ``oc.render``)."""
    modules = {info.name for info in pkgutil.iter_modules(oc.__path__)}
    assert not modules & set(oc.__all__)


def test_every_module_has_a_docstring_and_all():
    # Read, not imported: orgchart.sphinx needs the docs extras, this test must not
    # (walk_packages imports the subpackages, such as orgchart.dot, to list theirs).
    root = Path(oc.__path__[0])
    for info in pkgutil.walk_packages(oc.__path__, prefix="orgchart."):
        path = root.joinpath(*info.name.split(".")[1:])
        path = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), info.name
        if info.name != "orgchart.__main__":
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
