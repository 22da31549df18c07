"""Views: what a diagram draws, kept apart from how it is drawn.

A :class:`View` holds the units, posts, holders and reporting lines to draw,
with a status for each (context, added, removed, changed, moved; ours,
theirs, both, conflict for a merge) and the notes to show. One builder per
kind of diagram makes it:

- :func:`snapshot_view`: a snapshot, or the part under a root unit or post;
- :func:`change_view`: a change set over the part of the org around it;
- :func:`merge_view`: both sides of a merge over their base;
- :func:`bare_change_view`: a change set with no snapshot, what it names.

:mod:`orgchart.dot.drawing` turns a view into DOT statements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..changes import ChangeSet
from ..items import REFERENCES, Person, Post, Unit
from ..merges import Merge
from ..model import Snapshot
from ..operations import Add, Appoint, Remove, Update, Vacate
from ..walks import Levels, walk_from
from .styles import STYLES

__all__ = [
    "View",
    "bare_change_view",
    "change_view",
    "merge_view",
    "parents_within",
    "snapshot_view",
]


@attrs.define
class View:
    """What a diagram draws: units, posts, people's names and reporting lines,
    with a status for each (context, added, removed, changed, moved)."""

    units: dict[str, Unit] = attrs.Factory(dict)
    posts: dict[str, Post] = attrs.Factory(dict)
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
        """The reporting lines of the posts, drawn in ``status`` (context when a
        line is added twice in different statuses)."""
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


# ------------------------------------------------------------- unit trees


def parents_within(units: Mapping[str, Unit]) -> Callable[[str], tuple[str, ...]]:
    """The parents of a unit (:attr:`Unit.parents`) that are among ``units``
    (a diagram's units): the step of walks over the units drawn."""

    def parents(unit_id: str) -> tuple[str, ...]:
        above = units[unit_id].parents
        # Most units have one parent, drawn or not: no filtering loop for them.
        if len(above) == 1:
            return above if above[0] in units else ()
        return tuple(p for p in above if p in units)

    return parents


def _unit_closure(units: Mapping[str, Unit], wanted: Iterable[str]) -> set[str]:
    """The wanted units and all their ancestors (clusters nest)."""
    known = [u for u in wanted if u in units]
    return {*known, *walk_from(known, parents_within(units))}


def _filled(snapshot: Snapshot) -> set[str]:
    """The units of a snapshot with a post in them or in a unit below them."""
    return _unit_closure(snapshot.units, {post.unit for post in snapshot.posts.values()})


def _posts_around(
    posts: Iterable[str], snapshots: Sequence[Snapshot], context: int | str
) -> set[str]:
    """The posts, and those up to ``context`` reporting lines away from them in
    any of the snapshots; every post of the snapshots for ``"all"``."""
    around = set(posts)
    if context == "all":
        for snapshot in snapshots:
            around.update(snapshot.posts)
        return around

    def neighbours(post_id: str) -> list[str]:
        """The posts one reporting line away (above or below) in any snapshot."""
        found: list[str] = []
        for snapshot in snapshots:
            post = snapshot.posts.get(post_id)
            if post is not None:
                found.extend(post.superiors)
                found.extend(p.id for p in snapshot.reports(post_id))
        return found

    around.update(walk_from(sorted(around), neighbours, depth=int(context)))
    return around


# --------------------------------------------------------------- snapshots


def snapshot_view(snapshot: Snapshot, root: Unit | Post | None, depth: int | None) -> View:
    """A snapshot, or the part under ``root``: ``depth`` levels below it (of units
    under a unit, of reporting lines under a post; 0: the root alone). With no
    root, ``depth`` counts unit levels below the top units."""
    view = View(filled=_filled(snapshot))
    if root is None:
        unit_ids = set(snapshot.units)
        post_ids = set(snapshot.posts)
        if depth is not None:
            level = Levels(parents_within(snapshot.units))
            unit_ids = {u for u in unit_ids if level(u) <= depth}
            post_ids = {p for p in post_ids if snapshot.posts[p].unit in unit_ids}
    elif isinstance(root, Unit):
        unit_ids = {root.id, *(u.id for u in snapshot.units_below(root, depth=depth))}
        post_ids = {p.id for u in unit_ids for p in snapshot.posts_in(u)}
    else:
        post_ids = {root.id, *(p.id for p in snapshot.posts_below(root, depth=depth))}
        unit_ids = _unit_closure(snapshot.units, {snapshot.posts[p].unit for p in post_ids})
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


# -------------------------------------------------------------- change sets


def change_view(change: ChangeSet, base: Snapshot | None, context: int | str) -> View:
    """A change set over the org before and after it: what it touches, the
    posts ``context`` reporting lines around them, and their units."""
    before = base if base is not None else change.before
    view = View()
    if before is None:
        return bare_change_view(change)
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

    drawn = _posts_around(touched_posts, (before, after), context)
    all_units = {**dict(before.units), **dict(after.units)}
    wanted_units = set(touched_units)
    if context == "all":
        wanted_units.update(all_units)
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
#: A field that refers to another item -> the snapshot's table of that kind
#: (from the items' field metadata).
_REFERENCES = {
    name: {"unit": "units", "post": "posts"}[kind]
    for fields in REFERENCES.values()
    for name, kind in fields.items()
}
#: Longer values are cut short in a note: it sits in a node, not a report.
_NOTE_VALUE_LENGTH = 40


def _update_lines(op: Update, before: Snapshot, after: Snapshot) -> list[str]:
    """One line per changed field, old value to new: ``name: A → B``.

    Ids of other items show as their labels (a unit's name, a post's title),
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
                table: Mapping[str, Unit | Post] = getattr(snapshot, _REFERENCES[field])
                if value in table:
                    text = table[value].label
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


def bare_change_view(change: ChangeSet) -> View:
    """A change set with no snapshot: draw what its operations name."""
    view = View()
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


# ------------------------------------------------------------------ merges


def merge_view(merge: Merge, context: int | str) -> View:
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

    drawn = {i for kind, i in touched if kind == "post"}
    drawn |= {i for kind, i in conflicted if kind == "post"}
    drawn = _posts_around(drawn, everything, context)
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
    view = View(filled=set().union(*(_filled(s) for s in everything)))
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
    """A person's name from the first snapshot that knows them, else the id."""
    for snapshot in snapshots:
        if person_id in snapshot.people:
            return snapshot.people[person_id].label
    return person_id
