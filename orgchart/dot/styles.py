"""Styles: how each mark of a diagram looks.

The colours and line styles of each kind of change and of a merge's sides,
how vacant, co-held, disputed and assumed posts and lines are drawn, the
HTML of post labels and titles, and the defaults of every diagram. The
diagrams and their legend both take their looks from here, so a legend
sample is drawn the way the diagram draws what it explains.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .syntax import escape

__all__ = [
    "FONT",
    "MARK_MEANINGS",
    "STYLES",
    "co_held",
    "edge_attrs",
    "graph_attrs",
    "holder_row",
    "post_attrs",
    "post_label",
]

FONT = "Helvetica"

#: How each kind of change looks. Colour and line style both differ, so a
#: diagram printed in grey still tells them apart; the node text names the
#: change too.
STYLES: dict[str, dict[str, str]] = {
    "added": {"color": "#1a7f37", "style": "rounded,bold", "marker": "added", "penwidth": "2"},
    "removed": {
        "color": "#cf222e",
        "style": "rounded,dashed",
        "marker": "removed",
        "penwidth": "1.5",
    },
    "changed": {
        "color": "#0550ae",
        "style": "rounded,filled",
        "fillcolor": "#ddf4ff",
        "marker": "changed",
        "penwidth": "1.5",
    },
    "moved": {"color": "#8250df", "style": "rounded,dotted", "marker": "moved", "penwidth": "2"},
    "context": {"color": "#8c959f", "style": "rounded", "marker": "", "penwidth": "1"},
    # A merge: what one side changed, what both did, and where they conflict.
    "ours": {"color": "#0969da", "style": "rounded,bold", "marker": "ours", "penwidth": "2"},
    "theirs": {"color": "#bc4c00", "style": "rounded,bold", "marker": "theirs", "penwidth": "2"},
    "both": {"color": "#1a7f37", "style": "rounded,bold", "marker": "both", "penwidth": "2"},
    "conflict": {
        "color": "#cf222e",
        "style": "rounded,filled,bold",
        "fillcolor": "#ffebe9",
        "marker": "conflict",
        "penwidth": "2.5",
    },
}
_EDGE_STYLES = {
    "added": {"color": STYLES["added"]["color"], "penwidth": "2"},
    "removed": {"color": STYLES["removed"]["color"], "style": "dashed"},
    "context": {"color": "#57606a"},
    "ours": {"color": STYLES["ours"]["color"], "penwidth": "2"},
    "theirs": {"color": STYLES["theirs"]["color"], "penwidth": "2"},
    "both": {"color": STYLES["both"]["color"], "penwidth": "2"},
}
#: How a reporting line that sources dispute, or that was assumed (a modelling
#: choice, with no source), is drawn. No label: a label on a line lands on
#: whatever is near (cluster titles); the legend and a tooltip say what it means.
_MARK_EDGES: dict[str, dict[str, str]] = {
    "disputed": {"style": "dashed", "color": "#9a6700"},
    "assumed": {"style": "dashed", "color": "#8c959f"},
}
#: What a disputed or assumed line means, in its tooltip and in the legend.
MARK_MEANINGS = {
    "disputed": "disputed: the sources disagree",
    "assumed": "assumed: a modelling choice, no source",
}
#: A post no one holds, when it is not drawn in a change's colours.
_VACANT = {"style": "rounded,dashed", "color": "#8c959f", "fontcolor": "#57606a"}


def graph_attrs(
    title_label: str | None,
    direction: str,
    graph: Mapping[str, str],
    node: Mapping[str, str],
    edge: Mapping[str, str],
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The attributes of a diagram's graph, nodes and edges: the defaults, then
    the title (HTML, see :func:`orgchart.dot.titles.heading`) and direction, then the caller's."""
    graph_attr = {
        "rankdir": direction,
        "fontname": FONT,
        "fontsize": "12",
        "newrank": "true",
        "nodesep": "0.3",
        "ranksep": "0.45",
        "labelloc": "t",
    }
    if title_label:
        graph_attr["label"] = f"<{title_label}>"
    graph_attr.update(graph)
    node_attr = {"shape": "box", "style": "rounded", "fontname": FONT, "fontsize": "11"}
    node_attr.update(node)
    edge_attr = {"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"}
    edge_attr.update(edge)
    return graph_attr, node_attr, edge_attr


def post_label(
    title: str,
    holders: Sequence[tuple[str, str]],
    notes: Sequence[str] = (),
    unit_name: str | None = None,
) -> str:
    """A post node: title in bold, one row per holder, then notes in italics.

    ``holders`` pairs a name with how it shows: "" as is, "new", "leaving",
    "disputed", "assumed".
    """
    rows = [f"<B>{escape(title)}</B>"]
    if unit_name is not None:
        rows.append(f'<FONT POINT-SIZE="9">{escape(unit_name)}</FONT>')
    if holders:
        rows += [holder_row(name, how) for name, how in holders]
    else:
        rows.append("<I>vacant</I>")
    if notes:
        rows += [f'<I><FONT POINT-SIZE="9">{escape(note)}</FONT></I>' for note in notes]
    return "<" + "<BR/>".join(rows) + ">"


def holder_row(name: str, how: str) -> str:
    """One holder's row of a post node (``how`` as in :func:`post_label`)."""
    if not how:
        return escape(name)
    if how == "new":
        return f"<B>+ {escape(name)}</B>"
    if how == "leaving":
        return f"<S>− {escape(name)}</S>"
    if how == "disputed":
        return f"{escape(name)} (?)"
    if how == "assumed":
        return f"<I>{escape(name)} (assumed)</I>"
    return escape(name)


def post_attrs(status: str, holders: Sequence[tuple[str, str]]) -> dict[str, str]:
    """How a post node looks: its status, then vacant, co-held and disputed holders."""
    style = STYLES[status]
    attributes: dict[str, str] = {}
    if status != "context":
        attributes.update(
            {k: v for k, v in style.items() if k in ("color", "style", "fillcolor", "penwidth")}
        )
    elif not holders:
        attributes.update(_VACANT)
    if co_held(holders):
        attributes["peripheries"] = "2"
    if any(how == "disputed" for _, how in holders):
        attributes["style"] = attributes.get("style", "rounded") + ",diagonals"
    return attributes


def co_held(holders: Sequence[tuple[str, str]]) -> bool:
    """Whether two or more people hold the post (those leaving it do not count)."""
    return len([how for _, how in holders if how != "leaving"]) > 1


def edge_attrs(kind: str, status: str) -> dict[str, str]:
    """How a reporting line looks: its status's colour, then its kind's style.

    ``kind`` is "solid", "dotted", "disputed" or "assumed"; ``status`` a key
    of :data:`STYLES` that lines have (context, added, removed, ours,
    theirs, both).
    """
    edge: dict[str, str] = dict(_EDGE_STYLES.get(status, _EDGE_STYLES["context"]))
    if kind == "dotted":
        edge["style"] = "dotted"
        edge["arrowhead"] = "empty"
    elif kind in _MARK_EDGES:
        mark = _MARK_EDGES[kind]
        # A change's own colour (added, removed) wins over the mark's.
        edge.update(mark if status == "context" else {"style": mark["style"]})
        edge["tooltip"] = MARK_MEANINGS[kind]
    return edge
