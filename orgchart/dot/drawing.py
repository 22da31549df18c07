"""Drawing: a view as DOT statements.

Units become nested clusters, posts nodes labelled with their title and
holders, reporting lines edges; each in the look :mod:`orgchart.dot.styles`
gives its status. A unit with nothing drawn in it says why.
"""

from __future__ import annotations

from ..errors import ValidationError
from ..items import Post
from ..walks import Levels
from .styles import FONT, STYLES, co_held, edge_attrs, post_attrs, post_label
from .syntax import Body, attr_list, escape, node_name, pairs, pairs_around_label, quote
from .views import View, parents_within

__all__ = ["COMPACT_ROW", "MAX_CLUSTER_DEPTH", "draw"]

#: Deeper unit trees are refused as nested clusters (Graphviz itself fails
#: long before this); draw them with ``show_units=False`` or ``depth=``.
MAX_CLUSTER_DEPTH = 200
#: In the compact layout, the most reports of one post, or sub-units of one
#: unit, drawn side by side: the rest wrap into rows below them.
COMPACT_ROW = 3


def draw(body: Body, view: View, show_units: bool, compact: bool = False) -> list[str]:
    """The statements of a view: clusters of units (unless ``show_units`` is
    False: then each post names its unit), posts in them, reporting lines.

    ``compact`` wraps what would stand side by side (a post's reports, a
    unit's sub-units) into rows of at most :data:`COMPACT_ROW`, with
    invisible lines from one row to the next, so a wide org is drawn
    narrower and taller at the same size. Returns the names of the nodes
    drawn with nothing below them (posts with no reports drawn, the notes of
    empty units): what goes over anything drawn under the diagram."""
    names = {post_id: node_name("post", post_id) for post_id in view.posts}
    # Posts and lines look one of a few ways: each look's attributes are
    # written once and reused.
    post_looks: dict[tuple[str, bool, bool, bool], str] = {}
    line_looks: dict[tuple[str, str], str] = {}
    unit_looks: dict[str, tuple[str, str]] = {}
    empty: list[str] = []  # the units drawn with nothing in them

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
            len(holders) > 1 and co_held(holders),
            bool(holders) and any(how == "disputed" for _, how in holders),
        )
        look = post_looks.get(look_key)
        if look is None:
            attributes = post_attrs(status, holders)
            # SVG classes (``post added``...) let pages and scripts find what changed.
            attributes["class"] = f"post {status}"
            look = post_looks[look_key] = pairs(attributes)
        unit_name = None
        if not show_units and post.unit in view.units:
            unit_name = view.units[post.unit].name
        label = post_label(post.title, holders, notes, unit_name)
        body.node(names[post.id], f" [label={quote(label)} {look}]")

    by_unit: dict[str | None, list[Post]] = {}
    for post in view.posts.values():
        key = post.unit if (show_units and post.unit in view.units) else None
        by_unit.setdefault(key, []).append(post)

    parents = parents_within(view.units)
    children: dict[str | None, list[str]] = {}
    for unit_id in view.units:
        above = parents(unit_id)
        children.setdefault(above[0] if above else None, []).append(unit_id)

    def cluster(unit_id: str) -> None:
        unit = view.units[unit_id]
        status = view.status.get(("unit", unit_id), "context")
        style = STYLES[status]
        kind = f'<BR/><FONT POINT-SIZE="9">{escape(unit.kind)}</FONT>' if unit.kind else ""
        notes = view.notes.get(("unit", unit_id), [])
        if style["marker"] and not any(note.startswith(style["marker"]) for note in notes):
            notes = [style["marker"], *notes]
        extra = (
            "".join(f'<BR/><I><FONT POINT-SIZE="9">{escape(n)}</FONT></I>' for n in notes)
            if notes
            else ""
        )
        look = unit_looks.get(status)
        if look is None:
            look = unit_looks[status] = pairs_around_label(
                {
                    "style": "rounded" if status == "context" else style["style"],
                    "color": style["color"] if status != "context" else "#d0d7de",
                    "penwidth": style["penwidth"],
                    "fontname": FONT,
                    "class": f"unit {status}",
                }
            )
        label = f"<<B>{escape(unit.name)}</B>{kind}{extra}>"
        # Attributes go sorted by name: the label between those before and after it.
        with body.subgraph(node_name("cluster_unit", unit_id)):
            body.statement(" ".join(filter(None, (look[0], f"label={quote(label)}", look[1]))))
            if status == "changed":
                body.attr(fillcolor=style["fillcolor"])
            for post in by_unit.get(unit_id, []):
                post_node(post)
            for child in children.get(unit_id, []):
                cluster(child)
            if not by_unit.get(unit_id) and not children.get(unit_id):
                empty.append(unit_id)
                # Graphviz leaves out empty clusters; the unit is still there.
                body.node(
                    node_name("empty", unit_id),
                    attr_list(
                        f'<<I><FONT POINT-SIZE="9">{_why_empty(view, unit_id)}</FONT></I>>',
                        {"shape": "plaintext", "fontcolor": "#57606a"},
                    ),
                )

    if show_units and view.units:
        level = Levels(parents)
        deepest = 1 + max((level(u) for u in view.units), default=-1)
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
            edge = edge_attrs(kind, status)
            edge["class"] = f"line {status} {kind}"
            look = line_looks[kind, status] = attr_list(None, edge)
        body.edge(names[superior], names[post_id], look)
    if compact:
        invisible = attr_list(None, {"style": "invis"})
        for tail, head in _wrapped_rows(view, names, children, show_units):
            body.edge(tail, head, invisible)
    over = {superior for superior, post_id in view.edges if post_id in names}
    bottom = [names[p] for p in view.posts if p not in over]
    if show_units:
        bottom += [node_name("empty", u) for u in empty]
    return bottom


def _why_empty(view: View, unit_id: str) -> str:
    """What a unit drawn with nothing in it says: its posts left out, or none."""
    hidden = view.hidden.get(unit_id, 0)
    below = view.hidden_below.get(unit_id, 0)
    if hidden:
        return f"{hidden} post{'s' if hidden != 1 else ''} not drawn"
    if below:
        return f"{below} post{'s' if below != 1 else ''} in units below not drawn"
    return "no posts on record"


def _wrapped_rows(
    view: View,
    names: dict[str, str],
    children: dict[str | None, list[str]],
    show_units: bool,
) -> list[tuple[str, str]]:
    """The invisible lines of the compact layout: each item of a row of more
    than :data:`COMPACT_ROW` over the one :data:`COMPACT_ROW` places after it.

    A post's reports form a row; so do a unit's sub-units (each stands for
    the nodes drawn in it: its lowest ones over the next one's highest).
    """
    reports: dict[str, list[str]] = {}
    for superior, post_id in view.edges:
        if superior in names and post_id in names:
            reports.setdefault(superior, []).append(post_id)
    lines: set[tuple[str, str]] = set()
    for row in reports.values():
        row = sorted(set(row))
        for above, below in zip(row, row[COMPACT_ROW:], strict=False):
            lines.add((names[above], names[below]))
    if show_units:
        inside: dict[str, list[str]] = {}  # unit id -> nodes drawn in it or below it

        def nodes_in(unit_id: str) -> list[str]:
            found = inside.get(unit_id)
            if found is None:
                found = [names[p.id] for p in view.posts.values() if p.unit == unit_id]
                for child in children.get(unit_id, []):
                    found.extend(nodes_in(child))
                found = inside[unit_id] = found or [node_name("empty", unit_id)]
            return found

        drawn = set(names.values())
        has_report = {names[s] for s, p in view.edges if s in names and p in names}
        has_superior = {names[p] for s, p in view.edges if s in names and p in names}
        for row in children.values():
            for above, below in zip(row, row[COMPACT_ROW:], strict=False):
                lowest = [n for n in nodes_in(above) if n not in has_report or n not in drawn]
                highest = [n for n in nodes_in(below) if n not in has_superior or n not in drawn]
                for tail in lowest or nodes_in(above):
                    lines.add((tail, (highest or nodes_in(below))[0]))
    return sorted(lines)
