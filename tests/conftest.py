"""Shared test set-up: hypothesis profiles.

``ci`` (the default) runs 200 examples per property; ``dev`` runs 20 for a
quick loop: ``HYPOTHESIS_PROFILE=dev make test``.
"""

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

import orgchart as oc

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden DOT files in tests/golden/ from the current output",
    )


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


#: What a docstring example calls when it runs the ``dot`` program (a doctest
#: carries no marker, so its text says whether it needs Graphviz).
DRAWS_WITH_DOT = ("oc.page(",)


def _needs_dot(item) -> bool:
    if "needs_dot" in item.keywords:
        return True
    examples = getattr(getattr(item, "dtest", None), "examples", ())
    return any(call in example.source for example in examples for call in DRAWS_WITH_DOT)


def pytest_collection_modifyitems(config, items):
    if shutil.which("dot"):
        return
    skip = pytest.mark.skip(reason="the Graphviz 'dot' program is not on PATH")
    for item in items:
        if _needs_dot(item):
            item.add_marker(skip)


@pytest.fixture
def applied(monkeypatch):
    """Counts every operation applied (checked, replayed or taken back) while the test runs."""
    count = {"ops": 0}
    for cls in (oc.Add, oc.Remove, oc.Update, oc.Appoint, oc.Vacate):
        for method in ("apply_to", "redo", "undo"):
            original = getattr(cls, method)

            def counting(self, org, original=original):
                count["ops"] += 1
                return original(self, org)

            monkeypatch.setattr(cls, method, counting)
    return count
