"""Graphviz DOT for snapshots, change sets, merges and timelines: pure and deterministic.

:func:`to_dot` checks its options, builds the view of what to draw and
writes it. It only builds text; running the ``dot`` program lives in
:mod:`orgchart.rendering`. The same input gives byte-identical DOT: everything
is emitted in sorted order and node names are derived from ids. Every label
is escaped, so no name can change the graph's structure or inject markup
into SVG.

The modules of this package, one noun each:

- :mod:`~orgchart.dot.syntax`: the one DOT writer (escaping, quoting, node
  names, attribute lists, statements);
- :mod:`~orgchart.dot.styles`: how each mark looks;
- :mod:`~orgchart.dot.views`: what a diagram draws, one builder per kind;
- :mod:`~orgchart.dot.drawing`: a view as DOT statements;
- :mod:`~orgchart.dot.legend`: the legend of the marks a diagram uses;
- :mod:`~orgchart.dot.titles`: the text over a diagram;
- :mod:`~orgchart.dot.timelines`: tenures in lanes.

>>> import orgchart as oc
>>> org = oc.Snapshot.build(
...     people=[oc.Person("ew", "Eddie Wu")],
...     units=[oc.Unit("g", "Alibaba Group")],
...     posts=[oc.Post("ceo", "Chief Executive Officer", "g")],
...     holders={"ceo": ["ew"]},
... )
>>> source = oc.to_dot(org, title="Alibaba <Group>")
>>> source.startswith("digraph orgchart {")
True
>>> "label=<<B>Alibaba &lt;Group&gt;</B>>" in source
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..changes import ChangeSet
from ..errors import ValidationError
from ..items import Post, Unit
from ..merges import Merge
from ..model import Snapshot
from ..tenures import Tenure, Timeline
from .drawing import COMPACT_ROW, MAX_CLUSTER_DEPTH, draw
from .legend import draw_legend, marks_used
from .styles import STYLES, graph_attrs
from .syntax import Body, attr_list, digraph
from .timelines import draw_timeline
from .titles import change_title, heading, merge_title, snapshot_title, timeline_title
from .views import View, change_view, merge_view, snapshot_view

__all__ = [
    "COMPACT_ROW",
    "DIRECTIONS",
    "LAYOUTS",
    "MAX_CLUSTER_DEPTH",
    "OPTIONS",
    "RANKDIRS",
    "STYLES",
    "diagram_kind",
    "to_dot",
]

#: The layout directions Graphviz knows: top to bottom, left to right, and back.
RANKDIRS = ("TB", "LR", "BT", "RL")

#: The layouts of a hierarchy: "natural" (what Graphviz makes of it: a post's
#: reports and a unit's sub-units side by side) and "compact" (those wrapped
#: into rows of at most :data:`COMPACT_ROW`, the legend under the diagram).
LAYOUTS = ("natural", "compact")
#: The options of each kind of diagram, beyond those every diagram takes
#: (``direction``, ``title``, ``graph_attr``, ``node_attr``, ``edge_attr``).
OPTIONS: dict[str, tuple[str, ...]] = {
    "snapshot": ("root", "depth", "show_units", "empty_units", "layout"),
    "change set": ("base", "context", "legend", "events", "show_units", "empty_units", "layout"),
    "timeline": (),
    "merge": ("context", "legend", "show_units", "empty_units", "layout"),
}
#: The direction each kind of diagram is drawn in unless ``direction`` is given:
#: hierarchies top to bottom, timelines left to right (the way time reads).
DIRECTIONS = {"snapshot": "TB", "change set": "TB", "timeline": "LR", "merge": "TB"}


def to_dot(
    obj: Any,
    *,
    root: str | Unit | Post | None = None,
    depth: int | None = None,
    direction: str | None = None,
    show_units: bool | None = None,
    title: str | None = None,
    base: Snapshot | None = None,
    context: int | str | None = None,
    legend: bool | None = None,
    events: bool | None = None,
    empty_units: bool | None = None,
    layout: str | None = None,
    graph_attr: Mapping[str, Any] | None = None,
    node_attr: Mapping[str, Any] | None = None,
    edge_attr: Mapping[str, Any] | None = None,
) -> str:
    """The DOT text of a snapshot, a change set, a merge, or a timeline of tenures.

    Snapshot options: ``root`` (a unit or a post: only the part under it;
    an id, a name or title, or the Unit or Post, read as
    :meth:`Snapshot.subtree` reads it), ``depth`` (how many levels below
    the root to draw: levels of units under a unit, of reporting lines
    under a post, of units under the top units with no root; 0 draws the
    root alone, None everything), ``show_units`` (draw units as nested
    clusters, default True), ``empty_units`` (draw units with no posts in
    or below them; default False: they are left out, and the title says
    how many, but a unit given as ``root`` is drawn). Change set options:
    ``base`` (the snapshot a hand-built change set applies to),
    ``context`` (how many reporting steps of unchanged posts to draw
    around the changes, default 1; ``"all"`` draws the whole org before
    and after), ``legend`` (default True; a legend explains every mark the
    diagram uses, and a snapshot using any gets one too), ``show_units``,
    ``empty_units`` (as for snapshots; units the change set touches are
    always drawn), ``events`` (default True: the title lists the events
    folded and their sources). A merge takes ``context``, ``legend``,
    ``show_units`` and ``empty_units``. Snapshots, change sets and merges
    take ``layout`` (one of :data:`LAYOUTS`; default "natural"): "compact"
    wraps a post's reports and a unit's sub-units into rows of at most
    :data:`COMPACT_ROW` and puts the legend under the diagram, for wide
    orgs shown in a narrow column (:func:`orgchart.render` and the page
    choose it by themselves for diagrams much wider than tall). For all: ``direction`` ("TB",
    "LR", "BT", "RL"; timelines default to "LR", the rest to "TB"),
    ``title`` (``""`` for none), and ``graph_attr``/``node_attr``/
    ``edge_attr`` passed to Graphviz as they are. An option that does not
    apply to the kind of diagram asked for raises
    :class:`~orgchart.ValidationError`; a root that names nothing
    :class:`~orgchart.NotFoundError`, or :class:`~orgchart.AmbiguousNameError`
    when it names several.

    >>> import orgchart as oc
    >>> org = oc.seeds.alibaba().as_of("2023-12-31")
    >>> cloud = oc.to_dot(org, root="Alibaba Cloud Intelligence Group", depth=0)
    >>> "cluster_unit_alibaba_2d_cloud" in cloud, "cluster_unit_alibaba_2d_group" in cloud
    (True, False)
    """
    kind = diagram_kind(obj)
    given = {
        "root": root,
        "depth": depth,
        "show_units": show_units,
        "base": base,
        "context": context,
        "legend": legend,
        "events": events,
        "empty_units": empty_units,
        "layout": layout,
    }
    for name, value in given.items():
        if value is not None and name not in OPTIONS[kind]:
            applies = [k for k, names in OPTIONS.items() if name in names]
            raise ValidationError(
                f"option {name!r} does not apply to a {kind} diagram "
                f"(it applies to {' and '.join(a + 's' for a in applies)})"
            )
    direction = DIRECTIONS[kind] if direction is None else direction
    if direction not in RANKDIRS:
        raise ValidationError.field("direction", direction, "one of 'TB', 'LR', 'BT', 'RL'")
    if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 0):
        raise ValidationError.field("depth", depth, "a whole number >= 0 (0: the root alone)")
    if root is not None and not isinstance(root, (str, Unit, Post)):
        raise ValidationError.field("root", root, "a unit or post: an id, a name, a Unit or a Post")
    show_units = True if show_units is None else show_units
    if not isinstance(show_units, bool):
        raise ValidationError.field("show_units", show_units, "True or False")
    if empty_units is not None and not isinstance(empty_units, bool):
        raise ValidationError.field("empty_units", empty_units, "True, False or None")
    if layout is not None and layout not in LAYOUTS:
        raise ValidationError.field("layout", layout, "one of 'natural', 'compact'")
    compact = layout == "compact"
    if title is not None and not isinstance(title, str):
        raise ValidationError.field("title", title, "a string or None")
    extra = (
        _attributes(graph_attr, "graph_attr"),
        _attributes(node_attr, "node_attr"),
        _attributes(edge_attr, "edge_attr"),
    )
    body = Body()
    if kind == "timeline":
        tenures = list(obj)
        draw_timeline(body, tenures, direction)
        label = heading(timeline_title(tenures) if title is None else title)
        return _source(body, label, direction, extra)
    if kind == "snapshot":
        top = None if root is None else obj.find_root(root)
        view = snapshot_view(obj, top, depth)
        keep = [top.id] if isinstance(top, Unit) else []
        label = snapshot_title(title, _leave_out_empty(view, show_units, empty_units, keep))
    else:
        if base is not None and not isinstance(base, Snapshot):
            raise ValidationError.field("base", base, "a Snapshot or None")
        if events is not None and not isinstance(events, bool):
            raise ValidationError.field("events", events, "True, False or None")
        context = 1 if context is None else context
        if context != "all" and (
            not isinstance(context, int) or isinstance(context, bool) or context < 0
        ):
            raise ValidationError.field("context", context, "a whole number >= 0, or 'all'")
        view = change_view(obj, base, context) if kind == "change set" else merge_view(obj, context)
        touched = [u for kind_, u in view.status if kind_ == "unit"]
        left_out = _leave_out_empty(view, show_units, empty_units, touched)
        label = (
            change_title(obj, title, left_out, events is not False)
            if kind == "change set"
            else merge_title(obj, title, left_out)
        )
    bottom = draw(body, view, show_units, compact)
    if legend is not False:  # snapshots refuse the option: they always get one
        marks = marks_used(view, show_units, change=kind != "snapshot")
        first = draw_legend(body, marks, COMPACT_ROW if compact else None)
        if compact and first is not None:
            # The legend goes under the diagram, not beside it.
            invisible = attr_list(None, {"style": "invis"})
            for node in bottom:
                body.edge(node, first, invisible)
    return _source(body, label, direction, extra)


def _source(
    body: Body, label: str | None, direction: str, extra: tuple[dict[str, str], ...]
) -> str:
    """The diagram's text: its body under its title, the default attributes and the
    caller's."""
    graph, node, edge = graph_attrs(label, direction, *extra)
    return digraph(body, graph=graph, node=node, edge=edge)


def diagram_kind(obj: Any) -> str:
    """The kind of diagram ``obj`` makes: a key of :data:`OPTIONS`."""
    if isinstance(obj, Snapshot):
        return "snapshot"
    if isinstance(obj, ChangeSet):
        return "change set"
    if isinstance(obj, Merge):
        return "merge"
    if isinstance(obj, Timeline) or (
        isinstance(obj, (tuple, list)) and obj and all(isinstance(t, Tenure) for t in obj)
    ):
        return "timeline"
    raise ValidationError.field(
        "obj", obj, "a Snapshot, a ChangeSet, a Merge or a Timeline (a sequence of Tenure)"
    )


def _attributes(option: Any, name: str) -> dict[str, str]:
    """A ``graph_attr``/``node_attr``/``edge_attr`` option, checked: names and values as text."""
    if option is None:
        return {}
    if not isinstance(option, Mapping):
        raise ValidationError.field(name, option, "a mapping of Graphviz attribute names to values")
    return {str(k): str(v) for k, v in sorted(option.items())}


def _leave_out_empty(
    view: View, show_units: bool, empty_units: bool | None, keep: Iterable[str]
) -> list[str]:
    """Leave out units with no posts, unless asked for: a title line saying so."""
    if empty_units or not show_units:
        return []
    left_out = view.leave_out_empty(keep)
    if not left_out:
        return []
    units = "unit" if left_out == 1 else "units"
    return [f"{left_out} {units} with no posts not drawn (empty_units=True draws them)"]
