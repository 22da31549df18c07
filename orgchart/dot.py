"""Graphviz DOT for snapshots, change sets and timelines: pure and deterministic.

This module only builds text: the ``graphviz`` package writes each graph's
head and quotes ids and values, and the statements are written as it writes
them; running the ``dot`` program lives in :mod:`orgchart.rendering`. The same
input gives byte-identical DOT: everything is emitted in sorted order and
node names are derived from ids. Every label is escaped, so no name can
change the graph's structure or inject markup into SVG.

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

import functools
import html
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import graphviz

from .changes import Add, Appoint, ChangeSet, Remove, Update, Vacate
from .errors import NotFoundError, ValidationError
from .history import Tenure, Timeline
from .items import Person, Post, Unit
from .merges import Merge
from .model import Snapshot
from .walks import Levels, walk_from

__all__ = ["DIRECTIONS", "OPTIONS", "RANKDIRS", "STYLES", "to_dot"]

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
_MARK_MEANINGS = {
    "disputed": "disputed: the sources disagree",
    "assumed": "assumed: a modelling choice, no source",
}
#: A post no one holds, when it is not drawn in a change's colours.
_VACANT = {"style": "rounded,dashed", "color": "#8c959f", "fontcolor": "#57606a"}


# ------------------------------------------------------------------- helpers


#: The characters no label may hold (Unicode categories Cc, Cs, Zl and Zp):
#: control characters, lone surrogates and line and paragraph separators.
_UNSAFE_CHARS = r"\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029"
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")
#: The characters :func:`_text` changes: the unsafe ones and those markup escapes.
_CHANGED = re.compile(f"[{_UNSAFE_CHARS}&<>\"']")


def _text(value: str) -> str:
    """Text made safe for an HTML-like label: control characters out, markup escaped."""
    if _CHANGED.search(value) is None:
        return value
    return html.escape(_UNSAFE.sub(" ", value), quote=True)


#: Each ASCII character that is not a letter or a digit, as it shows in a node name.
_NAME_ESCAPES = {i: f"_{i:x}_" for i in range(128) if not chr(i).isalnum()}


def _name(prefix: str, item_id: str) -> str:
    """A DOT node or cluster name derived from an id, injective and quote-free."""
    if item_id.isascii():
        return f"{prefix}_{item_id.translate(_NAME_ESCAPES)}"
    out = []
    for c in item_id:
        out.append(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_")
    return f"{prefix}_{''.join(out)}"


@functools.lru_cache(maxsize=1024)
def _quote_plain(value: str) -> str:
    return graphviz.quoting.quote(value)


def _quote(value: str) -> str:
    """A DOT id or attribute value, quoted as the ``graphviz`` package quotes it.

    HTML-like labels (``<...>``) go as they are; the other values drawn are
    few (colours, styles, classes) and their quoted forms are remembered.
    """
    if value.startswith("<") and value.endswith(">"):
        return value
    return _quote_plain(value)


def _a_list(attributes: Mapping[str, str]) -> str:
    """``key=value`` pairs sorted by key, as the ``graphviz`` package writes them."""
    return " ".join(f"{_quote(k)}={_quote(v)}" for k, v in sorted(attributes.items()))


def _around_label(attributes: Mapping[str, str]) -> tuple[str, str]:
    """The pairs of :func:`_a_list` that sort before ``label``, and those after."""
    before = _a_list({k: v for k, v in attributes.items() if k < "label"})
    after = _a_list({k: v for k, v in attributes.items() if k > "label"})
    return before, after


def _attr_list(label: str | None, attributes: Mapping[str, str]) -> str:
    """A statement's attribute list: the label first, then the rest by key."""
    pairs = _a_list(attributes)
    if label is not None:
        pairs = f"label={_quote(label)} {pairs}" if pairs else f"label={_quote(label)}"
    return f" [{pairs}]" if pairs else ""


class _Body:
    """The statements of a DOT graph's body, written as ``graphviz.Digraph`` writes them.

    Node and cluster names are DOT ids as they are (see :func:`_name`). A
    subgraph's statements are indented one tab deeper than its own line.
    """

    __slots__ = ("indent", "lines")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.indent = "\t"

    def statement(self, text: str) -> None:
        self.lines.append(f"{self.indent}{text}\n")

    def node(self, name: str, attr_list: str = "") -> None:
        self.lines.append(f"{self.indent}{name}{attr_list}\n")

    def edge(self, tail: str, head: str, attr_list: str = "") -> None:
        self.lines.append(f"{self.indent}{tail} -> {head}{attr_list}\n")

    def attr(self, **attributes: str) -> None:
        """A graph attribute statement of the current (sub)graph."""
        self.lines.append(f"{self.indent}{_a_list(attributes)}\n")

    def subgraph(self, name: str | None = None) -> _Body:
        """Opens a subgraph; ``with body.subgraph(...):`` closes it."""
        self.lines.append(f"{self.indent}subgraph {name} {{\n" if name else f"{self.indent}{{\n")
        self.indent += "\t"
        return self

    def __enter__(self) -> _Body:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.indent = self.indent[:-1]
        self.lines.append(f"{self.indent}}}\n")


#: The layout directions Graphviz knows: top to bottom, left to right, and back.
RANKDIRS = ("TB", "LR", "BT", "RL")


def _check_options(direction: str, depth: int | None) -> None:
    if direction not in RANKDIRS:
        raise ValidationError.field("direction", direction, "one of 'TB', 'LR', 'BT', 'RL'")
    if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 1):
        raise ValidationError.field("depth", depth, "a positive whole number or None")


def _attrs(option: Any, name: str) -> dict[str, str]:
    if option is None:
        return {}
    if not isinstance(option, Mapping):
        raise ValidationError.field(name, option, "a mapping of Graphviz attribute names to values")
    return {str(k): str(v) for k, v in sorted(option.items())}


def _digraph(
    title_label: str | None,
    direction: str,
    graph_attr: Any,
    node_attr: Any,
    edge_attr: Any,
) -> graphviz.Digraph:
    graph = {
        "rankdir": direction,
        "fontname": FONT,
        "fontsize": "12",
        "newrank": "true",
        "nodesep": "0.3",
        "ranksep": "0.45",
        "labelloc": "t",
    }
    if title_label:
        graph["label"] = f"<{title_label}>"
    graph.update(_attrs(graph_attr, "graph_attr"))
    node = {"shape": "box", "style": "rounded", "fontname": FONT, "fontsize": "11"}
    node.update(_attrs(node_attr, "node_attr"))
    edge = {"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"}
    edge.update(_attrs(edge_attr, "edge_attr"))
    return graphviz.Digraph("orgchart", graph_attr=graph, node_attr=node, edge_attr=edge)


def _title(title: str | None, lines: Sequence[str] = ()) -> str | None:
    """An HTML title: the title in bold, then smaller lines (already escaped)."""
    parts = [f"<B>{_text(title)}</B>"] if title else []
    if not parts and not lines:
        return None
    parts.extend(f'<FONT POINT-SIZE="9">{line}</FONT>' for line in lines)
    if not lines:
        return parts[0]
    return "".join(f'{part}<BR ALIGN="LEFT"/>' for part in parts)


def _post_label(
    title: str,
    holders: Sequence[tuple[str, str]],
    notes: Sequence[str] = (),
    unit_name: str | None = None,
) -> str:
    """A post node: title in bold, one row per holder, then notes in italics.

    ``holders`` pairs a name with how it shows: "" as is, "new", "leaving",
    "disputed".
    """
    rows = [f"<B>{_text(title)}</B>"]
    if unit_name is not None:
        rows.append(f'<FONT POINT-SIZE="9">{_text(unit_name)}</FONT>')
    if holders:
        rows += [_holder_row(name, how) for name, how in holders]
    else:
        rows.append("<I>vacant</I>")
    if notes:
        rows += [f'<I><FONT POINT-SIZE="9">{_text(note)}</FONT></I>' for note in notes]
    return "<" + "<BR/>".join(rows) + ">"


def _holder_row(name: str, how: str) -> str:
    """One holder's row of a post node (``how`` as in :func:`_post_label`)."""
    if not how:
        return _text(name)
    if how == "new":
        return f"<B>+ {_text(name)}</B>"
    if how == "leaving":
        return f"<S>− {_text(name)}</S>"
    if how == "disputed":
        return f"{_text(name)} (?)"
    if how == "assumed":
        return f"<I>{_text(name)} (assumed)</I>"
    return _text(name)


# ------------------------------------------------------------------ the view


@attrs.define
class _View:
    """What a diagram draws: units, posts, people's names and reporting lines,
    with a status for each (context, added, removed, changed, moved)."""

    units: dict[str, Unit] = attrs.Factory(dict)
    posts: dict[str, Post] = attrs.Factory(dict)
    names: dict[str, str] = attrs.Factory(dict)
    holders: dict[str, list[tuple[str, str]]] = attrs.Factory(dict)
    status: dict[tuple[str, str], str] = attrs.Factory(dict)
    notes: dict[tuple[str, str], list[str]] = attrs.Factory(dict)
    edges: dict[tuple[str, str], tuple[str, str]] = attrs.Factory(dict)  # -> (kind, status)
    hidden: dict[str, int] = attrs.Factory(dict)  # unit id -> its posts not drawn
    #: unit id -> posts not drawn in units below it that are not drawn either
    hidden_below: dict[str, int] = attrs.Factory(dict)
    #: The units with posts in them or below them (on either side of a change);
    #: None when not known (a change set drawn with no snapshot).
    filled: set[str] | None = None

    def count_hidden(self, snapshots: Iterable[Snapshot]) -> None:
        """How many posts of each drawn unit are left out of the drawing."""
        snapshots = list(snapshots)
        drawn = self.posts
        for unit_id in self.units:
            posts: set[str] = set()
            for snapshot in snapshots:
                if unit_id in snapshot.units:
                    posts.update(p.id for p in snapshot.posts_in(unit_id))
            left_out = sum(1 for post_id in posts if post_id not in drawn)
            if left_out:
                self.hidden[unit_id] = left_out
        # Posts of units cut off by ``depth``: counted in the nearest drawn unit.
        below: dict[str, set[str]] = {}
        for snapshot in snapshots:
            nearest: dict[str, str | None] = {}  # unit id -> its nearest drawn ancestor
            for post in snapshot.posts.values():
                if post.id in drawn or post.unit in self.units:
                    continue
                if post.unit not in nearest:
                    above = (u.id for u in snapshot.units_above(post.unit) if u.id in self.units)
                    nearest[post.unit] = next(above, None)
                ancestor = nearest[post.unit]
                if ancestor is not None:
                    below.setdefault(ancestor, set()).add(post.id)
        self.hidden_below = {u: len(posts) for u, posts in sorted(below.items())}

    def leave_out_empty(self, keep: Iterable[str]) -> int:
        """Leave out units with no posts in or below them, but those in ``keep``
        (and their parents): how many were left out."""
        if self.filled is None:
            return 0
        keep = set(keep)
        wanted = [u for u in self.units if u in self.filled or u in keep]
        kept = _unit_closure(self.units, wanted)
        left_out = len(self.units) - len(kept)
        self.units = {u: unit for u, unit in self.units.items() if u in kept}
        return left_out

    def add_edges(self, posts: Iterable[Post], status: str) -> None:
        edges = self.edges
        for post in posts:
            lines = [(post.reports_to, "solid")] if post.reports_to else []
            if post.dotted_to:
                lines += [(other, "dotted") for other in post.dotted_to]
            for superior, kind in lines:
                if kind == "solid":
                    if "reports_to" in post.disputed:
                        kind = "disputed"
                    elif any(name == "reports_to" for name, _ in post.assumed):
                        kind = "assumed"
                key = (superior, post.id)
                old = edges.get(key)
                if old is None:
                    edges[key] = (kind, status)
                elif old[1] != status:
                    edges[key] = (kind, "context")


def _parents_within(units: Mapping[str, Unit]) -> Any:
    """The parent of a unit, when it is among ``units`` (a diagram's units)."""

    def parents(unit_id: str) -> tuple[str, ...]:
        parent = units[unit_id].parent
        return (parent,) if parent is not None and parent in units else ()

    return parents


def _deepest(units: Mapping[str, Unit]) -> int:
    """The number of levels of nested clusters the units make."""
    level = Levels(_parents_within(units))
    return 1 + max((level(u) for u in units), default=-1)


def _unit_closure(units: Mapping[str, Unit], wanted: Iterable[str]) -> set[str]:
    """The wanted units and all their ancestors (clusters nest)."""
    known = [u for u in wanted if u in units]
    return {*known, *walk_from(known, _parents_within(units))}


def _filled(snapshot: Snapshot) -> set[str]:
    """The units of a snapshot with a post in them or in a unit below them."""
    return _unit_closure(snapshot.units, {post.unit for post in snapshot.posts.values()})


def _snapshot_view(snapshot: Snapshot, root: str | None, depth: int | None) -> _View:
    view = _View(filled=_filled(snapshot))
    if root is None:
        unit_ids = set(snapshot.units)
        post_ids = set(snapshot.posts)
        if depth is not None:
            level = Levels(_parents_within(snapshot.units))
            unit_ids = {u for u in unit_ids if level(u) < depth}
            post_ids = {p for p in post_ids if snapshot.posts[p].unit in unit_ids}
    elif root in snapshot.units:
        # ``depth`` counts levels from the root itself.
        steps = None if depth is None else depth - 1
        unit_ids = {root, *(u.id for u in snapshot.units_below(root, depth=steps))}
        post_ids = {p.id for u in unit_ids for p in snapshot.posts_in(u)}
    elif root in snapshot.posts:
        steps = None if depth is None else depth - 1
        post_ids = {root, *(p.id for p in snapshot.posts_below(root, depth=steps))}
        unit_ids = _unit_closure(snapshot.units, {snapshot.posts[p].unit for p in post_ids})
    else:
        raise NotFoundError(f"root {root!r} is neither a unit nor a post of the snapshot")
    view.units = {u: snapshot.units[u] for u in sorted(unit_ids)}
    view.posts = {p: snapshot.posts[p] for p in sorted(post_ids)}
    appointments = snapshot.appointments
    people = snapshot.people
    for post_id, post in view.posts.items():
        marker = (
            "disputed"
            if "holders" in post.disputed
            else "assumed"
            if "holders" in dict(post.assumed)
            else ""
        )
        view.holders[post_id] = [(people[p].name, marker) for p in appointments.get(post_id, ())]
        other = [f for f in post.disputed if f not in ("holders", "reports_to")]
        if other:
            view.notes[("post", post_id)] = [f"disputed: {', '.join(other)}"]
    for unit_id, unit in view.units.items():
        if unit.disputed:
            view.notes[("unit", unit_id)] = [f"disputed: {', '.join(unit.disputed)}"]
    view.add_edges(view.posts.values(), "context")
    view.edges = {k: v for k, v in view.edges.items() if k[0] in view.posts}
    view.count_hidden([snapshot])
    return view


# --------------------------------------------------------------- the drawing


#: Deeper unit trees are refused as nested clusters (Graphviz itself fails
#: long before this); draw them with ``show_units=False`` or ``depth=``.
MAX_CLUSTER_DEPTH = 200


def _draw(body: _Body, view: _View, show_units: bool) -> None:
    names = {post_id: _name("post", post_id) for post_id in view.posts}
    # Posts and lines look one of a few ways: each look's attributes are
    # written once and reused.
    post_looks: dict[tuple[str, bool, bool, bool], str] = {}
    line_looks: dict[tuple[str, str], str] = {}
    unit_looks: dict[str, tuple[str, str]] = {}

    def post_node(post: Post) -> None:
        key = ("post", post.id)
        status = view.status.get(key, "context")
        holders = view.holders.get(post.id, [])
        notes = view.notes.get(key, [])
        marker = STYLES[status]["marker"]
        if marker and not any(note.startswith(marker) for note in notes):
            notes = [marker, *notes]
        look_key = (
            status,
            not holders,
            len(holders) > 1 and _co_held(holders),
            bool(holders) and any(how == "disputed" for _, how in holders),
        )
        look = post_looks.get(look_key)
        if look is None:
            attrs_ = _post_attrs(status, holders)
            # SVG classes (``post added``...) let pages and scripts find what changed.
            attrs_["class"] = f"post {status}"
            look = post_looks[look_key] = _a_list(attrs_)
        unit_name = None
        if not show_units and post.unit in view.units:
            unit_name = view.units[post.unit].name
        label = _post_label(post.title, holders, notes, unit_name)
        body.node(names[post.id], f" [label={_quote(label)} {look}]")

    by_unit: dict[str | None, list[Post]] = {}
    for post in view.posts.values():
        key = post.unit if (show_units and post.unit in view.units) else None
        by_unit.setdefault(key, []).append(post)

    children: dict[str | None, list[str]] = {}
    for unit in view.units.values():
        parent = unit.parent if unit.parent in view.units else None
        children.setdefault(parent, []).append(unit.id)

    def cluster(unit_id: str) -> None:
        unit = view.units[unit_id]
        status = view.status.get(("unit", unit_id), "context")
        style = STYLES[status]
        kind = f'<BR/><FONT POINT-SIZE="9">{_text(unit.kind)}</FONT>' if unit.kind else ""
        notes = view.notes.get(("unit", unit_id), [])
        if style["marker"] and not any(note.startswith(style["marker"]) for note in notes):
            notes = [style["marker"], *notes]
        extra = (
            "".join(f'<BR/><I><FONT POINT-SIZE="9">{_text(n)}</FONT></I>' for n in notes)
            if notes
            else ""
        )
        look = unit_looks.get(status)
        if look is None:
            look = unit_looks[status] = _around_label(
                {
                    "style": "rounded" if status == "context" else style["style"],
                    "color": style["color"] if status != "context" else "#d0d7de",
                    "penwidth": style["penwidth"],
                    "fontname": FONT,
                    "class": f"unit {status}",
                }
            )
        label = f"<<B>{_text(unit.name)}</B>{kind}{extra}>"
        # Attributes go sorted by name: the label between those before and after it.
        with body.subgraph(_name("cluster_unit", unit_id)):
            body.statement(" ".join(filter(None, (look[0], f"label={_quote(label)}", look[1]))))
            if status == "changed":
                body.attr(fillcolor=style["fillcolor"])
            for post in by_unit.get(unit_id, []):
                post_node(post)
            for child in children.get(unit_id, []):
                cluster(child)
            if not by_unit.get(unit_id) and not children.get(unit_id):
                # Graphviz leaves out empty clusters; the unit is still there.
                hidden = view.hidden.get(unit_id, 0)
                below = view.hidden_below.get(unit_id, 0)
                if hidden:
                    text = f"{hidden} post{'s' if hidden != 1 else ''} not drawn"
                elif below:
                    text = f"{below} post{'s' if below != 1 else ''} in units below not drawn"
                else:
                    text = "no posts on record"
                body.node(
                    _name("empty", unit_id),
                    _attr_list(
                        f'<<I><FONT POINT-SIZE="9">{text}</FONT></I>>',
                        {"shape": "plaintext", "fontcolor": "#57606a"},
                    ),
                )

    if show_units and view.units:
        deepest = _deepest(view.units)
        if deepest > MAX_CLUSTER_DEPTH:
            raise ValidationError(
                f"the unit tree is {deepest} levels deep, too deep to draw as nested boxes "
                f"(at most {MAX_CLUSTER_DEPTH}); pass show_units=False, depth= or root="
            )
    for post in by_unit.get(None, []):
        post_node(post)
    if show_units:
        for top in children.get(None, []):
            cluster(top)

    for (superior, post_id), (kind, status) in sorted(view.edges.items()):
        if superior not in names or post_id not in names:
            continue
        look = line_looks.get((kind, status))
        if look is None:
            edge = _edge_attrs(kind, status)
            edge["class"] = f"line {status} {kind}"
            look = line_looks[kind, status] = _attr_list(None, edge)
        body.edge(names[superior], names[post_id], look)


def _post_attrs(status: str, holders: Sequence[tuple[str, str]]) -> dict[str, str]:
    """How a post node looks: its status, then vacant, co-held and disputed holders."""
    style = STYLES[status]
    attrs_: dict[str, str] = {}
    if status != "context":
        attrs_.update(
            {k: v for k, v in style.items() if k in ("color", "style", "fillcolor", "penwidth")}
        )
    elif not holders:
        attrs_.update(_VACANT)
    if _co_held(holders):
        attrs_["peripheries"] = "2"
    if any(how == "disputed" for _, how in holders):
        attrs_["style"] = attrs_.get("style", "rounded") + ",diagonals"
    return attrs_


def _co_held(holders: Sequence[tuple[str, str]]) -> bool:
    return len([how for _, how in holders if how != "leaving"]) > 1


def _edge_attrs(kind: str, status: str) -> dict[str, str]:
    """How a reporting line looks: its status's colour, then its kind's style."""
    edge: dict[str, str] = dict(_EDGE_STYLES.get(status, _EDGE_STYLES["context"]))
    if kind == "dotted":
        edge["style"] = "dotted"
        edge["arrowhead"] = "empty"
    elif kind in _MARK_EDGES:
        mark = _MARK_EDGES[kind]
        # A change's own colour (added, removed) wins over the mark's.
        edge.update(mark if status == "context" else {"style": mark["style"]})
        edge["tooltip"] = _MARK_MEANINGS[kind]
    return edge


# -------------------------------------------------------------------- legend

#: What each node sample of a legend shows: its text (already escaped), and
#: the holders whose look it copies (see :func:`_post_attrs`).
_LEGEND_NODES: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "added": ("added", "added", [("", "")]),
    "removed": ("removed", "removed", [("", "")]),
    "changed": ("changed", "changed", [("", "")]),
    "moved": ("moved", "moved", [("", "")]),
    "context": ("unchanged", "context", [("", "")]),
    "ours": ("changed by ours", "ours", [("", "")]),
    "theirs": ("changed by theirs", "theirs", [("", "")]),
    "both": ("changed by both, alike", "both", [("", "")]),
    "conflict": ("conflict", "conflict", [("", "")]),
    "new": (f"{_holder_row('name', 'new')}<BR/>newly appointed", "context", [("", "")]),
    "leaving": (f"{_holder_row('name', 'leaving')}<BR/>left the post", "context", [("", "")]),
    "disputed_holder": (
        f"{_holder_row('name', 'disputed')}<BR/>holder disputed: the sources disagree",
        "context",
        [("", "disputed")],
    ),
    "assumed_holder": (
        f"{_holder_row('name', 'assumed')}<BR/>holder assumed: a modelling choice, no source",
        "context",
        [("", "")],
    ),
    "vacant": ("<I>vacant</I><BR/>no holder on record", "context", []),
    "co_held": ("co-held<BR/>two or more holders", "context", [("", ""), ("", "")]),
}
#: What each line sample of a legend shows: its text, kind and status.
_LEGEND_LINES: dict[str, tuple[str, str, str]] = {
    "added_line": ("reporting line added", "solid", "added"),
    "removed_line": ("reporting line removed", "solid", "removed"),
    "ours_line": ("reporting line added by ours", "solid", "ours"),
    "theirs_line": ("reporting line added by theirs", "solid", "theirs"),
    "both_line": ("reporting line added by both", "solid", "both"),
    "dotted_line": ("dotted-line reporting", "dotted", "context"),
    "disputed_line": (_MARK_MEANINGS["disputed"], "disputed", "context"),
    "assumed_line": (_MARK_MEANINGS["assumed"], "assumed", "context"),
}


def _legend_marks(view: _View, show_units: bool, change: bool) -> list[str]:
    """The marks a diagram draws, in legend order: all its legend explains."""
    drawn = [("post", p) for p in view.posts]
    if show_units:
        drawn += [("unit", u) for u in view.units]
    used = {view.status.get(key, "context") for key in drawn}
    if not change:
        # Everything in a snapshot is as it is: "unchanged" says nothing there.
        used.discard("context")
    drawn_holders = [view.holders.get(post_id, []) for post_id in view.posts]
    hows = {how for holders in drawn_holders for _, how in holders}
    holder_marks = {"disputed": "disputed_holder", "assumed": "assumed_holder"}
    used.update(holder_marks.get(how, how) for how in hows)
    if not all(drawn_holders):
        used.add("vacant")
    if any(len(holders) > 1 and _co_held(holders) for holders in drawn_holders):
        used.add("co_held")
    looks = {
        look
        for (superior, post_id), look in view.edges.items()
        if superior in view.posts and post_id in view.posts
    }
    for kind, status in looks:
        used.update((f"{status}_line", f"{kind}_line"))
    return [mark for mark in (*_LEGEND_NODES, *_LEGEND_LINES) if mark in used]


def _legend(body: _Body, marks: Sequence[str]) -> None:
    """A legend of the marks: a sample node or line for each, in two rows."""
    if not marks:
        return
    nodes = [m for m in marks if m in _LEGEND_NODES]
    lines = [m for m in marks if m in _LEGEND_LINES]
    with body.subgraph("cluster_legend"):
        body.attr(label="<<B>Legend</B>>", style="rounded", color="#d0d7de", fontname=FONT)
        # Two rows, each kept in order by invisible lines: sample nodes, then
        # sample lines (each a short line between two points).
        order: list[tuple[str, str]] = []
        if nodes:
            with body.subgraph():
                body.attr(rank="same")
                for mark in nodes:
                    text, status, holders = _LEGEND_NODES[mark]
                    look = _attr_list(f"<{text}>", _post_attrs(status, holders))
                    body.node(f"legend_{mark}", look)
            order.extend(itertools.pairwise(f"legend_{m}" for m in nodes))
        if lines:
            with body.subgraph():
                body.attr(rank="same")
                for mark in lines:
                    text, kind, status = _LEGEND_LINES[mark]
                    ends = (f"legend_{mark}_from", f"legend_{mark}_to")
                    for end in ends:
                        body.node(end, _attr_list("", {"shape": "point", "width": "0.05"}))
                    look = _attr_list(f"<{_text(text)}>", _edge_attrs(kind, status))
                    body.edge(*ends, look)
            order.extend(
                (f"legend_{a}_to", f"legend_{b}_from") for a, b in itertools.pairwise(lines)
            )
        if nodes and lines:
            order.append((f"legend_{nodes[0]}", f"legend_{lines[0]}_from"))
        invisible = _attr_list(None, {"style": "invis"})
        for a, b in order:
            body.edge(a, b, invisible)


# -------------------------------------------------------------- change sets


def _change_view(change: ChangeSet, base: Snapshot | None, context: int | str) -> _View:
    before = base if base is not None else change.before
    view = _View()
    if before is None:
        return _bare_change_view(change)
    after = change.after if change.after is not None and base is None else change.apply(before)

    touched_posts: dict[str, str] = {}
    touched_units: dict[str, str] = {}
    holder_changes: dict[str, dict[str, str]] = {}
    notes: dict[tuple[str, str], list[str]] = {}
    for op in change:
        if isinstance(op, (Appoint, Vacate)):
            how = "new" if isinstance(op, Appoint) else "leaving"
            holder_changes.setdefault(op.post, {})[op.person] = how
            touched_posts.setdefault(op.post, "changed")
            continue
        target = (
            touched_posts if op.kind == "post" else touched_units if op.kind == "unit" else None
        )
        if target is None:
            continue
        if isinstance(op, Add):
            target[op.id] = "added"
        elif isinstance(op, Remove):
            target[op.id] = "removed"
        elif isinstance(op, Update):
            if target.get(op.id) not in ("added", "removed"):
                target[op.id] = "moved" if op.moved else "changed"
            notes.setdefault((op.kind, op.id), []).extend(_update_lines(op, before, after))

    # Some holder changes are net no-ops in a composed change set: compare ends.
    for post_id in list(holder_changes):
        was = set(before.appointments.get(post_id, ()))
        now = set(after.appointments.get(post_id, ()))
        holder_changes[post_id] = {p: ("new" if p in now else "leaving") for p in sorted(was ^ now)}

    def lookup_post(post_id: str) -> Post | None:
        return after.posts.get(post_id) or before.posts.get(post_id)

    def neighbours(post_id: str) -> list[str]:
        """The posts one reporting line away, before or after the change."""
        found: list[str] = []
        for snapshot in (before, after):
            if post_id in snapshot.posts:
                found.extend(snapshot.posts[post_id].superiors)
                found.extend(p.id for p in snapshot.reports(post_id))
        return found

    drawn = set(touched_posts)
    all_units = {**dict(before.units), **dict(after.units)}
    wanted_units = set(touched_units)
    if context == "all":
        drawn.update(before.posts)
        drawn.update(after.posts)
        wanted_units.update(all_units)
    else:
        drawn.update(walk_from(sorted(drawn), neighbours, depth=int(context)))
    for post_id in drawn:
        for snapshot in (before, after):
            if post_id in snapshot.posts:
                wanted_units.add(snapshot.posts[post_id].unit)
    unit_ids = _unit_closure(all_units, wanted_units)
    # An updated unit's old parent must be drawn too, to show where it came from.
    for unit_id in list(touched_units):
        if unit_id in before.units:
            unit_ids |= _unit_closure(all_units, [unit_id])

    view.units = {u: after.units.get(u) or before.units[u] for u in sorted(unit_ids)}
    view.posts = {p: post for p in sorted(drawn) if (post := lookup_post(p)) is not None}
    for post_id in view.posts:
        snapshot = after if post_id in after.posts else before
        names = {p.id: p.name for p in snapshot.holders(post_id)}
        changes = holder_changes.get(post_id, {})
        for person_id in changes:
            source = after if person_id in after.people else before
            names[person_id] = source.people[person_id].name
        view.holders[post_id] = [(names[p], changes.get(p, "")) for p in sorted(names)]
    view.status = {("post", p): s for p, s in touched_posts.items()}
    view.status.update({("unit", u): s for u, s in touched_units.items()})
    for key, lines in notes.items():
        view.notes[key] = [STYLES[view.status.get(key, "changed")]["marker"], *lines]
    view.add_edges((before.posts[p] for p in view.posts if p in before.posts), "removed")
    view.add_edges((after.posts[p] for p in view.posts if p in after.posts), "added")
    # Lines present on both sides are context; lines of context posts are context.
    for key, (kind, _status) in list(view.edges.items()):
        if key[1] not in touched_posts:
            view.edges[key] = (kind, "context")
    view.count_hidden([before, after])
    view.filled = _filled(before) | _filled(after)
    return view


#: The fields that hold ids of other items, and the table the ids are in.
_REFERENCES = {"unit": "units", "parent": "units", "reports_to": "posts", "dotted_to": "posts"}
#: Longer values are cut short in a note: it sits in a node, not a report.
_NOTE_VALUE_LENGTH = 40


def _update_lines(op: Update, before: Snapshot, after: Snapshot) -> list[str]:
    """One line per changed field, old value to new: ``name: A → B``.

    Ids of other items show as their names (a unit's name, a post's title),
    looked up on the side the value belongs to, then the other side.
    """

    def shown(field: str, value: Any, sides: tuple[Snapshot, Snapshot]) -> str:
        if value is None or value == ():
            return "none"
        if field == "assumed":
            # (field, reason) pairs: the fields say what changed, reasons are long.
            text = ", ".join(name for name, _reason in value)
        elif isinstance(value, tuple):
            text = ", ".join(shown(field, v, sides) for v in value)
        elif field in _REFERENCES and isinstance(value, str):
            text = value
            for snapshot in sides:
                table: Mapping[str, Any] = getattr(snapshot, _REFERENCES[field])
                if value in table:
                    item = table[value]
                    text = item.name if isinstance(item, Unit) else item.title
                    break
        elif isinstance(value, str):
            text = value
        else:
            text = str(value)
        if len(text) > _NOTE_VALUE_LENGTH:
            text = text[: _NOTE_VALUE_LENGTH - 1] + "…"
        return text

    lines = []
    for field in op.fields:
        old = shown(field, getattr(op.before, field), (before, after))
        new = shown(field, getattr(op.after, field), (after, before))
        lines.append(f"{field}: {old} → {new}")
    return lines


# -------------------------------------------------------------------- merges


def _merge_view(merge: Merge, context: int | str) -> _View:
    """Both sides of a merge over their base: who changed what, and the conflicts."""
    base = merge.base
    sides = {"ours": merge.ours, "theirs": merge.theirs}
    changes = {"ours": merge.ours_changes, "theirs": merge.theirs_changes}
    result = merge.snapshot
    conflicted = {key for conflict in merge.conflicts for key in conflict.involved}
    touched: dict[tuple[str, str], set[str]] = {}
    notes: dict[tuple[str, str], list[str]] = {}
    for side, change in changes.items():
        for op in change:
            if isinstance(op, (Appoint, Vacate)):
                key = ("post", op.post)
                name = _name_in(op.person, base, sides[side])
                sign = "+" if isinstance(op, Appoint) else "−"
                notes.setdefault(key, []).append(f"{side}: {sign} {name}")
            else:
                key = (op.kind, op.id)
                if isinstance(op, Update):
                    lines = _update_lines(op, base, sides[side])
                    notes.setdefault(key, []).extend(f"{side}: {line}" for line in lines)
                else:
                    what = "adds" if isinstance(op, Add) else "removes"
                    notes.setdefault(key, []).append(f"{side} {what} it")
            if key[0] != "person":
                touched.setdefault(key, set()).add(side)
    for conflict in merge.conflicts:
        key = (conflict.item, conflict.id)
        if conflict.item != "person":
            notes.setdefault(key, []).append(f"conflict: {conflict.kind}")

    everything = [base, merge.ours, merge.theirs]
    if result is not None:
        everything.insert(0, result)

    def version(table: str, item_id: str) -> Any:
        for snapshot in everything:
            found = getattr(snapshot, table).get(item_id)
            if found is not None:
                return found
        return None

    def neighbours(post_id: str) -> list[str]:
        found: list[str] = []
        for snapshot in everything:
            if post_id in snapshot.posts:
                found.extend(snapshot.posts[post_id].superiors)
                found.extend(p.id for p in snapshot.reports(post_id))
        return found

    drawn = {i for kind, i in touched if kind == "post"}
    drawn |= {i for kind, i in conflicted if kind == "post"}
    if context == "all":
        for snapshot in everything:
            drawn.update(snapshot.posts)
    else:
        drawn.update(walk_from(sorted(drawn), neighbours, depth=int(context)))
    drawn = {p for p in drawn if version("posts", p) is not None}
    all_units: dict[str, Unit] = {}
    for snapshot in reversed(everything):
        all_units.update(snapshot.units)
    wanted = {u for kind, u in touched if kind == "unit"} | {
        u for kind, u in conflicted if kind == "unit" and u in all_units
    }
    wanted |= {version("posts", p).unit for p in drawn}
    if context == "all":
        wanted |= set(all_units)
    view = _View(filled=set().union(*(_filled(s) for s in everything)))
    view.units = {u: all_units[u] for u in sorted(_unit_closure(all_units, wanted))}
    view.posts = {p: version("posts", p) for p in sorted(drawn)}
    for post_id in view.posts:
        before = set(base.appointments.get(post_id, ()))
        after = set().union(*(s.appointments.get(post_id, ()) for s in sides.values()))
        ours, theirs = (set(s.appointments.get(post_id, ())) for s in sides.values())
        kept = before & ours & theirs
        rows = []
        for person_id in sorted(before | after):
            how = "" if person_id in kept else "new" if person_id not in before else "leaving"
            rows.append((_name_in(person_id, base, merge.ours, merge.theirs), how))
        view.holders[post_id] = rows
    for key, who in touched.items():
        view.status[key] = "both" if len(who) == 2 else next(iter(who))
    for key in conflicted:
        view.status[key] = "conflict"
    for key, lines in notes.items():
        view.notes[key] = [STYLES[view.status.get(key, "context")]["marker"], *lines]
    view.add_edges((base.posts[p] for p in view.posts if p in base.posts), "context")
    base_lines = set(view.edges)
    for side, snapshot in sides.items():
        for post_id in view.posts:
            post = snapshot.posts.get(post_id)
            if post is None:
                continue
            for superior in post.superiors:
                key = (superior, post_id)
                if key in base_lines:
                    continue
                kind = "dotted" if superior in post.dotted_to else "solid"
                old = view.edges.get(key)
                view.edges[key] = (kind, "both" if old and old[1] != side else side)
    for key in base_lines:
        superior, post_id = key
        if any(
            post_id in s.posts and superior not in s.posts[post_id].superiors
            for s in sides.values()
        ):
            view.edges[key] = (view.edges[key][0], "removed")
    view.count_hidden(everything)
    return view


def _name_in(person_id: str, *snapshots: Snapshot) -> str:
    for snapshot in snapshots:
        if person_id in snapshot.people:
            return snapshot.people[person_id].name
    return person_id


def _merge_title(merge: Merge, title: str | None, notes: Sequence[str] = ()) -> str | None:
    if title is None:
        if merge:
            count = len(merge.changes or ())
            title = f"Merge: clean, {count} change{'s' if count != 1 else ''}"
        else:
            many = len(merge.conflicts) != 1
            title = f"Merge: {len(merge.conflicts)} conflict{'s' if many else ''}"
    lines = [f"{i}. {_text(c.describe())}" for i, c in enumerate(merge.conflicts, 1)]
    lines.extend(_text(note) for note in notes)
    return _title(title, lines)


def _bare_change_view(change: ChangeSet) -> _View:
    """A change set with no snapshot: draw what its operations name."""
    view = _View()
    for op in change:
        if isinstance(op, (Appoint, Vacate)):
            if op.post not in view.posts:
                view.posts[op.post] = Post(op.post, op.post, "?")
            how = "new" if isinstance(op, Appoint) else "leaving"
            view.holders.setdefault(op.post, []).append((op.person, how))
            view.status.setdefault(("post", op.post), "changed")
            continue
        item = op.after if isinstance(op, Update) else op.item
        status = (
            "added"
            if isinstance(op, Add)
            else "removed"
            if isinstance(op, Remove)
            else ("moved" if op.moved else "changed")
        )
        if isinstance(item, Post):
            view.posts[item.id] = item
        elif isinstance(item, Unit):
            view.units[item.id] = item
        if not isinstance(item, Person):
            view.status[(op.kind, item.id)] = status
    view.posts = dict(sorted(view.posts.items()))
    view.units = dict(sorted(view.units.items()))
    view.add_edges(view.posts.values(), "context")
    return view


# ------------------------------------------------------------------ timeline


def _lanes(tenures: Sequence[Tenure]) -> list[list[int]]:
    """Tenures (by index) in lanes: one after another within a lane, at once across.

    Greedy interval partitioning: by start (unknown first, as before the
    record), each tenure goes into the first lane whose last tenure ended on
    or before its start, else into a new lane. Ongoing tenures never end.
    """
    lanes: list[list[int]] = []
    ends: list[int | None] = []  # each lane's last end, None while ongoing
    for i in sorted(range(len(tenures)), key=lambda i: _start_key(tenures[i])):
        start = _start_key(tenures[i])
        free = (n for n, end in enumerate(ends) if end is not None and end <= start)
        lane = next(free, len(lanes))
        if lane == len(lanes):
            lanes.append([])
            ends.append(None)
        lanes[lane].append(i)
        stop = tenures[i].end
        ends[lane] = None if stop is None else stop.ordinal
    return lanes


def _start_key(tenure: Tenure) -> int:
    """A tenure's start as a day number; unknown (before the record) before all."""
    return -1 if tenure.start is None else tenure.start.ordinal


def _timeline(tenures: Sequence[Any], direction: str, title: str | None, **attrs_: Any) -> str:
    people = {t.person.id for t in tenures}
    posts = {t.post.id for t in tenures}
    if title is None and tenures:
        if len(people) == 1:
            title = f"Posts held by {tenures[0].person.name}"
        elif len(posts) == 1:
            title = f"Holders of {tenures[0].post.title}"
    graph = _digraph(_title(title), direction, **attrs_)
    lanes = _lanes(tenures)
    # Graphviz puts the first of nodes side by side left (TB) or at the
    # bottom (LR): lanes go in so that the first lane reads first.
    in_order = lanes[::-1] if direction in ("LR", "RL") else lanes
    for i in (i for lane in in_order for i in lane):
        tenure = tenures[i]
        start = tenure.start.display() if tenure.start else "before the record"
        if tenure.start is not None and tenure.start_by:
            start = f"by {start}"
        end = tenure.end.display() if tenure.end else "ongoing"
        # An ongoing tenure's length depends on the day it is drawn: left out,
        # so the same history always gives the same diagram.
        length = tenure.length() if tenure.end else None
        lines = [f"<B>{_text(tenure.post.title)}</B>"]
        if tenure.unit is not None:
            lines.append(f'<FONT POINT-SIZE="9">{_text(tenure.unit.name)}</FONT>')
        if len(people) > 1:
            lines.append(_text(tenure.person.name))
        lines.append(f'<FONT POINT-SIZE="9">{_text(start)} – {_text(end)}</FONT>')
        if length:
            lines.append(f'<FONT POINT-SIZE="9">{_text(length)}</FONT>')
        style = "rounded" if tenure.end else "rounded,bold"
        graph.node(f"tenure_{i}", label="<" + "<BR/>".join(lines) + ">", style=style)
    # Tenures held at the same time sit side by side, in lanes; a line joins
    # only a tenure to the next one of its lane, which starts once it ended.
    for lane in lanes:
        for a, b in itertools.pairwise(lane):
            graph.edge(f"tenure_{a}", f"tenure_{b}")
    together: dict[int, list[int]] = {}
    for i, tenure in enumerate(tenures):
        together.setdefault(_start_key(tenure), []).append(i)
    for _start, group in sorted(together.items()):
        if len(group) > 1:
            with graph.subgraph() as rank:
                rank.attr(rank="same")
                for i in group:
                    rank.node(f"tenure_{i}")
    return graph.source


# ----------------------------------------------------------------- the entry


#: The options of each kind of diagram, beyond those every diagram takes
#: (``direction``, ``title``, ``graph_attr``, ``node_attr``, ``edge_attr``).
OPTIONS: dict[str, tuple[str, ...]] = {
    "snapshot": ("root", "depth", "show_units", "empty_units"),
    "change set": ("base", "context", "legend", "events", "show_units", "empty_units"),
    "timeline": (),
    "merge": ("context", "legend", "show_units", "empty_units"),
}
#: The direction each kind of diagram is drawn in unless ``direction`` is given:
#: hierarchies top to bottom, timelines left to right (the way time reads).
DIRECTIONS = {"snapshot": "TB", "change set": "TB", "timeline": "LR", "merge": "TB"}


def _kind(obj: Any) -> str:
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


def to_dot(
    obj: Any,
    *,
    root: str | None = None,
    depth: int | None = None,
    direction: str | None = None,
    show_units: bool | None = None,
    title: str | None = None,
    base: Snapshot | None = None,
    context: int | str | None = None,
    legend: bool | None = None,
    events: bool | None = None,
    empty_units: bool | None = None,
    graph_attr: Mapping[str, Any] | None = None,
    node_attr: Mapping[str, Any] | None = None,
    edge_attr: Mapping[str, Any] | None = None,
) -> str:
    """The DOT text of a snapshot, a change set, or a timeline of tenures.

    Snapshot options: ``root`` (a unit or post id: only that subtree),
    ``depth`` (levels of units, or of reporting lines under a root post),
    ``show_units`` (draw units as nested clusters, default True),
    ``empty_units`` (draw units with no posts in or below them; default
    False: they are left out, and the title says how many, but a unit
    given as ``root`` is drawn). Change set options: ``base`` (the
    snapshot a hand-built change set applies to), ``context`` (how many
    reporting steps of unchanged posts to draw around the changes, default
    1; ``"all"`` draws the whole org before and after), ``legend``
    (default True; a legend explains every mark the diagram uses, and a
    snapshot using any gets one too), ``show_units``, ``empty_units``
    (as for snapshots; units the change set touches are always drawn),
    ``events`` (default True: the title lists the events folded and their
    sources). For all: ``direction`` ("TB", "LR", "BT", "RL"; timelines
    default to "LR", the rest to "TB"), ``title`` (``""`` for none), and
    ``graph_attr``/``node_attr``/``edge_attr`` passed to Graphviz as they
    are. An option that does not apply to the kind of diagram asked for
    raises :class:`~orgchart.ValidationError`.
    """
    kind = _kind(obj)
    given = {
        "root": root,
        "depth": depth,
        "show_units": show_units,
        "base": base,
        "context": context,
        "legend": legend,
        "events": events,
        "empty_units": empty_units,
    }
    for name, value in given.items():
        if value is not None and name not in OPTIONS[kind]:
            applies = [k for k, names in OPTIONS.items() if name in names]
            raise ValidationError(
                f"option {name!r} does not apply to a {kind} diagram "
                f"(it applies to {' and '.join(a + 's' for a in applies)})"
            )
    direction = DIRECTIONS[kind] if direction is None else direction
    _check_options(direction, depth)
    show_units = True if show_units is None else show_units
    if not isinstance(show_units, bool):
        raise ValidationError.field("show_units", show_units, "True or False")
    if empty_units is not None and not isinstance(empty_units, bool):
        raise ValidationError.field("empty_units", empty_units, "True, False or None")
    if title is not None and not isinstance(title, str):
        raise ValidationError.field("title", title, "a string or None")
    extra = {"graph_attr": graph_attr, "node_attr": node_attr, "edge_attr": edge_attr}
    if kind == "snapshot":
        view = _snapshot_view(obj, root, depth)
        left_out = _leave_out_empty(view, show_units, empty_units, [root] if root else [])
        graph = _digraph(_title(title, [_text(n) for n in left_out]), direction, **extra)
        body = _Body()
        _draw(body, view, show_units)
        _legend(body, _legend_marks(view, show_units, change=False))
        graph.body.extend(body.lines)
        return graph.source
    if kind in ("change set", "merge"):
        if base is not None and not isinstance(base, Snapshot):
            raise ValidationError.field("base", base, "a Snapshot or None")
        if events is not None and not isinstance(events, bool):
            raise ValidationError.field("events", events, "True, False or None")
        context = 1 if context is None else context
        if context != "all" and (
            not isinstance(context, int) or isinstance(context, bool) or context < 0
        ):
            raise ValidationError.field("context", context, "a whole number >= 0, or 'all'")
        view = (
            _change_view(obj, base, context) if kind == "change set" else _merge_view(obj, context)
        )
        touched = [u for kind_, u in view.status if kind_ == "unit"]
        left_out = _leave_out_empty(view, show_units, empty_units, touched)
        heading = (
            _change_title(obj, title, left_out, events is not False)
            if kind == "change set"
            else _merge_title(obj, title, left_out)
        )
        graph = _digraph(heading, direction, **extra)
        body = _Body()
        _draw(body, view, show_units)
        if legend is None or legend:
            _legend(body, _legend_marks(view, show_units, change=True))
        graph.body.extend(body.lines)
        return graph.source
    return _timeline(list(obj), direction, title, **extra)


def _leave_out_empty(
    view: _View, show_units: bool, empty_units: bool | None, keep: Iterable[str]
) -> list[str]:
    """Leave out units with no posts, unless asked for: a title line saying so."""
    if empty_units or not show_units:
        return []
    left_out = view.leave_out_empty(keep)
    if not left_out:
        return []
    units = "unit" if left_out == 1 else "units"
    return [f"{left_out} {units} with no posts not drawn (empty_units=True draws them)"]


def _change_title(
    change: ChangeSet, title: str | None, notes: Sequence[str] = (), events: bool = True
) -> str | None:
    period = change.period
    if title is None and period is not None:
        title = f"Changes from {period[0].display()} to {period[1].display()}"
    elif title is None:
        title = "Changes"
    lines = []
    sources = change.sources
    numbers: dict[str, int] = {}
    for event in change.events if events else ():
        for source in event.sources:
            numbers.setdefault(source, len(numbers) + 1)
        cited = ", ".join(str(numbers[source]) for source in event.sources)
        line = _text(event.headline())
        lines.append(f"{line} [{cited}]" if cited else line)
    for source, number in numbers.items():
        text = sources[source].describe() if source in sources else source
        lines.append(f"[{number}] {_text(text)}")
    lines.extend(_text(note) for note in notes)
    return _title(title, lines)
