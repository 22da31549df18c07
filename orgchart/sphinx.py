"""A Sphinx directive that draws org charts into documentation at build time.

Add one line to your project's ``conf.py``::

    extensions = [..., "orgchart.sphinx"]

then, in MyST markdown::

    ```{orgchart}
    :date: 2023-12-31
    ```

or in reStructuredText::

    .. orgchart:: histories/acme.yaml
       :from: 2023-01-01
       :to: 2023-12-31

The argument names a history file, relative to the document (or, with a
leading ``/``, to the documentation source folder); without it the shipped
Alibaba data set is drawn. Options: ``:date:`` (the org on that date),
``:from:`` and ``:to:`` (what changed between two dates), ``:timeline:`` (a
person or a post), ``:known-at:``, ``:root:``, ``:depth:``, ``:direction:``,
``:title:``, ``:no-units:``, ``:layout:`` (``auto``, the default: compact
when the natural drawing is more than twice as wide as tall; ``natural``;
``compact``), ``:alt:``. The SVG is embedded inline in HTML, fitted to the
width of the page's column with its aspect kept; a click on it (or the
"Full size" link under it) shows it full size, and a second one fits it
again. A snapshot that, fitted to a column of :data:`COLUMN_PX`, would
shrink its text below :data:`~orgchart.rendering.READABLE_FONT_PX` is drawn
to the deepest ``:depth:`` that stays readable, and the note under it says
how many posts were left out and how to draw them (``:depth:``, ``:root:``).

With ``:ours:`` and ``:theirs:`` (two history files drafted from the
argument's history) it draws their three-way merge, read on ``:date:``
(default: the last date of the three).

With ``:page:`` the directive embeds the history over time instead: the
date slider of :func:`orgchart.page`, one frame per date with changes
between ``:from:`` and ``:to:`` (or one per ``:every:`` step).

Errors (a bad date, an unknown name, a missing file, no Graphviz) become
Sphinx warnings naming the document and line; the build goes on. History
files must lie inside the documentation source folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import __version__
from .dot import RANKDIRS
from .errors import OrgChartError, ValidationError
from .fileformat import load
from .history import History
from .merges import merge
from .pages import diagram, frames, widget

__all__ = ["COLUMN_PX", "OrgChartDirective", "setup"]

#: The width, in CSS pixels, of the column a diagram is drawn for: the text
#: column of common documentation themes on a laptop.
COLUMN_PX = 700


def _layout(value: str) -> str:
    return directives.choice(value, ("auto", "natural", "compact"))


def _direction(value: str) -> str:
    # docutils' choice() lower-cases the value first, so it never matches "LR".
    choice = (value or "").strip().upper()
    if choice not in RANKDIRS:
        raise ValueError(f"{value!r} unknown; choose from {', '.join(map(repr, RANKDIRS))}")
    return choice


class OrgChartDirective(SphinxDirective):
    """``orgchart``: the org on a date, a change between dates, or a timeline."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "date": directives.unchanged_required,
        "from": directives.unchanged_required,
        "to": directives.unchanged_required,
        "timeline": directives.unchanged_required,
        "known-at": directives.unchanged_required,
        "root": directives.unchanged_required,
        "depth": directives.nonnegative_int,
        "direction": _direction,
        "title": directives.unchanged,
        "no-units": directives.flag,
        "layout": _layout,
        "alt": directives.unchanged,
        "page": directives.flag,
        "ours": directives.unchanged_required,
        "theirs": directives.unchanged_required,
        "every": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        if "page" in self.options:
            return self._page()
        try:
            if "every" in self.options:
                raise ValidationError(":every: applies to a :page: only")
            history = self._history()
            alt = self.options.get("alt") or self.options.get("title")
            key = f"{self.env.docname}-{self.env.new_serialno('orgchart')}".replace("/", "-")
            markup = diagram(
                self._subject(history),
                COLUMN_PX,
                alt=alt,
                key=key,
                spelling=(":depth: ", ":root:"),
                **self._options(),
            )
        except OrgChartError as error:
            return [self._warning(str(error))]
        return [nodes.raw("", markup, format="html")]

    def _page(self) -> list[nodes.Node]:
        """The history over time, with the date slider of :func:`orgchart.page`."""
        try:
            wrong = sorted(set(self.options) & {"date", "timeline", "known-at", "root", "depth"})
            if wrong:
                raise ValidationError(
                    f"{', '.join(':' + w + ':' for w in wrong)} does not apply to a :page: "
                    "(it takes :from:, :to:, :every:, :title:, :direction:, :no-units:, "
                    ":layout:)"
                )
            history = self._history()
            shown = frames(
                history,
                start=self.options.get("from"),
                end=self.options.get("to"),
                every=self.options.get("every"),
            )
            options = self._options()
            title = options.pop("title", None)
            markup = widget(history, shown, title=title, **options)
        except OrgChartError as error:
            return [self._warning(str(error))]
        return [nodes.raw("", markup, format="html")]

    def _warning(self, message: str) -> nodes.Node:
        return self.state.document.reporter.warning(f"orgchart: {message}", line=self.lineno)

    def _history(self) -> History:
        if not self.arguments:
            from . import seeds

            return seeds.alibaba()
        return self._load(self.arguments[0])

    def _load(self, name: str) -> History:
        """A history file named in the document, which must lie in the source folder."""
        relative, absolute = self.env.relfn2path(name)
        path = Path(absolute).resolve()
        top = Path(self.env.srcdir).resolve()
        if top != path and top not in path.parents:
            raise ValidationError(
                f"history file {name!r} is outside the documentation source folder"
            )
        self.env.note_dependency(relative)
        return load(path)

    def _subject(self, history: History) -> Any:
        if "ours" in self.options or "theirs" in self.options:
            if not ("ours" in self.options and "theirs" in self.options):
                raise ValidationError(":ours: and :theirs: go together (the two drafts to merge)")
            ours, theirs = self._load(self.options["ours"]), self._load(self.options["theirs"])
            return merge(history, ours, theirs, on=self.options.get("date"))
        given = [k for k in ("date", "from", "timeline") if k in self.options]
        if len(given) != 1 or ("from" in self.options) != ("to" in self.options):
            raise ValidationError(
                "give exactly one of :date:, :from: with :to:, or :timeline: "
                f"(got {', '.join(sorted(self.options)) or 'none'})"
            )
        if "timeline" in self.options:
            return history.timeline(self.options["timeline"])
        if "from" in self.options:
            return history.diff(self.options["from"], self.options["to"])
        return history.as_of(self.options["date"], known_at=self.options.get("known-at"))

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {}
        for key in ("root", "depth", "direction", "title", "layout"):
            if key in self.options:
                options[key] = self.options[key]
        if "no-units" in self.options:
            options["show_units"] = False
        return options


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``orgchart`` directive."""
    app.add_directive("orgchart", OrgChartDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
