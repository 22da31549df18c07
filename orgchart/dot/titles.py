"""Titles: the text over a diagram, and the lines under it.

A snapshot's title is the caller's; a timeline's says whose posts or which
post's holders it shows; a change set's says the period it covers, lists
the events folded and their sources; a merge's says whether it is clean and
lists each conflict. Lines saying what was left out of the drawing come
last. Each gives the HTML of the graph's label (:func:`heading`), or None
for no title.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..changes import ChangeSet
from ..merges import Merge
from ..tenures import Tenure
from .syntax import escape

__all__ = ["change_title", "heading", "merge_title", "snapshot_title", "timeline_title"]


def heading(title: str | None, lines: Sequence[str] = ()) -> str | None:
    """An HTML title: the title in bold, then smaller lines (already escaped)."""
    parts = [f"<B>{escape(title)}</B>"] if title else []
    if not parts and not lines:
        return None
    parts.extend(f'<FONT POINT-SIZE="9">{line}</FONT>' for line in lines)
    if not lines:
        return parts[0]
    return "".join(f'{part}<BR ALIGN="LEFT"/>' for part in parts)


def snapshot_title(title: str | None, notes: Sequence[str] = ()) -> str | None:
    """The caller's title, if any, then the notes."""
    return heading(title, [escape(note) for note in notes])


def timeline_title(tenures: Sequence[Tenure]) -> str | None:
    """The title a timeline gets unless given one: whose posts, or which post's holders."""
    if not tenures:
        return None
    if len({t.person.id for t in tenures}) == 1:
        return f"Posts held by {tenures[0].person.name}"
    if len({t.post.id for t in tenures}) == 1:
        return f"Holders of {tenures[0].post.title}"
    return None


def change_title(
    change: ChangeSet, title: str | None, notes: Sequence[str] = (), events: bool = True
) -> str | None:
    """A change set's title: unless given one, the period ("Changes from D1 to
    D2"); with ``events``, each event folded with its sources numbered, then
    the sources; then the notes."""
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
        line = escape(event.headline())
        lines.append(f"{line} [{cited}]" if cited else line)
    for source, number in numbers.items():
        text = sources[source].describe() if source in sources else source
        lines.append(f"[{number}] {escape(text)}")
    lines.extend(escape(note) for note in notes)
    return heading(title, lines)


def merge_title(merge: Merge, title: str | None, notes: Sequence[str] = ()) -> str | None:
    """A merge's title: unless given one, whether it is clean ("Merge: clean, N
    changes", "Merge: N conflicts"); then each conflict, numbered, then the notes."""
    if title is None:
        if merge:
            count = len(merge.changes or ())
            title = f"Merge: clean, {count} change{'s' if count != 1 else ''}"
        else:
            many = len(merge.conflicts) != 1
            title = f"Merge: {len(merge.conflicts)} conflict{'s' if many else ''}"
    lines = [f"{i}. {escape(c.describe())}" for i, c in enumerate(merge.conflicts, 1)]
    lines.extend(escape(note) for note in notes)
    return heading(title, lines)
