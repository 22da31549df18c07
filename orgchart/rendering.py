"""Running Graphviz: the only module that starts the ``dot`` program.

:func:`render` writes a diagram to a file (SVG, PNG, PDF, or the DOT text
itself); :func:`svg` draws the SVG that notebooks show (registered with
:mod:`orgchart.display`, which falls back to text when Graphviz is not
installed).

>>> import tempfile
>>> from pathlib import Path
>>> import orgchart as oc
>>> org = oc.Snapshot.build(units=[oc.Unit("g", "Group")])
>>> with tempfile.TemporaryDirectory() as folder:
...     path = oc.render(org, Path(folder) / "org.dot")
...     path.read_text().startswith("digraph orgchart {")
True
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
from pathlib import Path
from typing import Any

from .changes import ChangeSet
from .display import register_drawer
from .dot import to_dot
from .errors import ExecutableNotFoundError, RenderError, ValidationError
from .files import write_atomically
from .model import Snapshot
from .tenures import Timeline

__all__ = ["FORMATS", "pipe", "render", "svg", "svg_markup"]

#: Output formats by file suffix.
FORMATS = ("svg", "png", "pdf", "dot")
PROGRAM = "dot"
TIMEOUT_SECONDS = 120


def pipe(source: str, format: str) -> bytes:
    """Run ``dot -T<format>`` on DOT text and return what it prints."""
    if format not in FORMATS or format == "dot":
        raise ValidationError.field("format", format, "one of 'svg', 'png', 'pdf'")
    try:
        result = subprocess.run(
            [PROGRAM, f"-T{format}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise ExecutableNotFoundError(PROGRAM) from error
        raise RenderError(f"could not run {PROGRAM!r}: {error}") from error
    except subprocess.TimeoutExpired as error:
        raise RenderError(f"{PROGRAM!r} took longer than {TIMEOUT_SECONDS} s") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"{PROGRAM!r} failed (exit {result.returncode}): {message}")
    return result.stdout


_PROLOG = re.compile(r"\A.*?(?=<svg)", re.DOTALL)


def svg_markup(source: str) -> str:
    """The SVG of DOT text, ready to put inside an HTML page: the ``<svg>``
    element alone, without the XML declaration, doctype and comments before it."""
    return _PROLOG.sub("", pipe(source, "svg").decode("utf-8"), count=1)


def svg(obj: Any, **options: Any) -> str:
    """The diagram of ``obj`` as SVG text."""
    return pipe(to_dot(obj, **options), "svg").decode("utf-8")


def render(
    obj: Any, path: str | os.PathLike[str], format: str | None = None, **options: Any
) -> Path:
    """Draw ``obj`` (a snapshot, change set or timeline) into a file.

    The format comes from ``format`` or else from the suffix: ``.svg``,
    ``.png``, ``.pdf``, or ``.dot`` (the DOT text, no Graphviz needed).
    ``options`` go to :func:`orgchart.to_dot`. The file is written whole or
    not at all: a failure leaves any old file as it was.
    """
    path = Path(path)
    if format is None:
        format = path.suffix.lower().lstrip(".")
        if format not in FORMATS:
            raise ValidationError.field(
                "path",
                str(path),
                "a file name ending in .svg, .png, .pdf or .dot (or pass format=)",
            )
    elif format not in FORMATS:
        raise ValidationError.field("format", format, "one of 'svg', 'png', 'pdf', 'dot'")
    source = to_dot(obj, **options)
    data = source.encode("utf-8") if format == "dot" else pipe(source, format)
    write_atomically(path, data, RenderError)
    return path


# Snapshots, change sets and timelines show as SVG in notebooks (orgchart.display).
register_drawer(svg, types=(Snapshot, ChangeSet, Timeline))
