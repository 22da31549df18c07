"""Legend: a sample of every mark a diagram uses, and what it means.

:func:`marks_used` reads a view for the marks it draws; :func:`draw_legend`
draws a sample node or line of each, in the look the diagram gives it
(:mod:`orgchart.dot.styles`), in a cluster of its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from .styles import FONT, MARK_MEANINGS, co_held, edge_attrs, holder_row, post_attrs
from .syntax import Body, attr_list, escape
from .views import View

__all__ = ["draw_legend", "marks_used"]

#: What each node sample of a legend shows: its text (already escaped), and
#: the status and holders whose look it copies (see :func:`post_attrs`).
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
    "new": (f"{holder_row('name', 'new')}<BR/>newly appointed", "context", [("", "")]),
    "leaving": (f"{holder_row('name', 'leaving')}<BR/>left the post", "context", [("", "")]),
    "disputed_holder": (
        f"{holder_row('name', 'disputed')}<BR/>holder disputed: the sources disagree",
        "context",
        [("", "disputed")],
    ),
    "assumed_holder": (
        f"{holder_row('name', 'assumed')}<BR/>holder assumed: a modelling choice, no source",
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
    "disputed_line": (MARK_MEANINGS["disputed"], "disputed", "context"),
    "assumed_line": (MARK_MEANINGS["assumed"], "assumed", "context"),
}


def marks_used(view: View, show_units: bool, change: bool) -> list[str]:
    """The marks a diagram draws, in legend order: all its legend explains.

    ``change`` is True for a change set or a merge, where "unchanged" is a
    mark too; in a snapshot everything is as it is.
    """
    drawn = [("post", p) for p in view.posts]
    if show_units:
        drawn += [("unit", u) for u in view.units]
    used = {view.status.get(key, "context") for key in drawn}
    if not change:
        used.discard("context")
    drawn_holders = [view.holders.get(post_id, []) for post_id in view.posts]
    hows = {how for holders in drawn_holders for _, how in holders}
    holder_marks = {"disputed": "disputed_holder", "assumed": "assumed_holder"}
    used.update(holder_marks.get(how, how) for how in hows)
    if not all(drawn_holders):
        used.add("vacant")
    if any(len(holders) > 1 and co_held(holders) for holders in drawn_holders):
        used.add("co_held")
    looks = {
        look
        for (superior, post_id), look in view.edges.items()
        if superior in view.posts and post_id in view.posts
    }
    for kind, status in looks:
        used.update((f"{status}_line", f"{kind}_line"))
    return [mark for mark in (*_LEGEND_NODES, *_LEGEND_LINES) if mark in used]


def draw_legend(body: Body, marks: Sequence[str], row: int | None = None) -> str | None:
    """A legend of the marks: a sample node or line for each, in two rows
    (or, given ``row``, in rows of at most that many samples). Its first
    node's name, None when there are no marks."""
    if not marks:
        return None
    nodes = [m for m in marks if m in _LEGEND_NODES]
    lines = [m for m in marks if m in _LEGEND_LINES]
    size = row or len(marks)
    with body.subgraph("cluster_legend"):
        body.attr(label="<<B>Legend</B>>", style="rounded", color="#d0d7de", fontname=FONT)
        # Rows, each kept in order by invisible lines: sample nodes, then
        # sample lines (each a short line between two points).
        order: list[tuple[str, str]] = []
        firsts: list[str] = []
        for start in range(0, len(nodes), size):
            part = nodes[start : start + size]
            with body.subgraph():
                body.attr(rank="same")
                for mark in part:
                    text, status, holders = _LEGEND_NODES[mark]
                    body.node(f"legend_{mark}", attr_list(f"<{text}>", post_attrs(status, holders)))
            order.extend(itertools.pairwise(f"legend_{m}" for m in part))
            firsts.append(f"legend_{part[0]}")
        # Line samples have long labels: half as many to a row.
        line_size = max(1, size // 2) if row else size
        for start in range(0, len(lines), line_size):
            part = lines[start : start + line_size]
            with body.subgraph():
                body.attr(rank="same")
                for mark in part:
                    text, kind, status = _LEGEND_LINES[mark]
                    ends = (f"legend_{mark}_from", f"legend_{mark}_to")
                    for end in ends:
                        body.node(end, attr_list("", {"shape": "point", "width": "0.05"}))
                    body.edge(*ends, attr_list(f"<{escape(text)}>", edge_attrs(kind, status)))
            order.extend(
                (f"legend_{a}_to", f"legend_{b}_from") for a, b in itertools.pairwise(part)
            )
            firsts.append(f"legend_{part[0]}_from")
        order.extend(itertools.pairwise(firsts))
        invisible = attr_list(None, {"style": "invis"})
        for a, b in order:
            body.edge(a, b, invisible)
    return firsts[0]
