"""The event log: how a history keeps its events, and reads the org on any date.

An :class:`EventLog` is the base snapshot, the events in date order, their
day numbers, and a checkpoint snapshot every ``every`` events. The history
builder writes one; a history reads it. Reading the org after ``count``
events replays at most half an interval of events from the nearer
checkpoint (forwards with ``Op.redo``, or backwards with ``Op.undo``): every
event was checked once, when the log was written.
"""

from __future__ import annotations

import array
import bisect

import attrs

from .dates import DateLike, to_day
from .events import Event
from .model import Snapshot

__all__ = ["EventLog", "Replay"]


@attrs.frozen(slots=True, eq=False)
class Replay:
    """The org a few events away from a checkpoint, made when called.

    What a change set of a history holds for an end it has not made yet: a
    snapshot and the events between it and the date, not the history, so
    that a small change set never keeps a large history alive.
    """

    start: Snapshot
    events: tuple[Event, ...]
    #: True to take the events back from ``start`` (which is after them).
    backwards: bool = False

    def __call__(self) -> Snapshot:
        org = self.start.evolver()
        if self.backwards:
            for event in reversed(self.events):
                for op in reversed(event.changes.ops):
                    op.undo(org)
        else:
            for event in self.events:
                for op in event.changes.ops:
                    op.redo(org)
        return org.finish()


@attrs.frozen(slots=True, eq=False)
class EventLog:
    """A base snapshot, its events in date order, and what makes reading them fast.

    ``days`` holds each event's day number (:attr:`Event.day`) and
    ``known_max`` the latest day on which any event so far became known,
    both as machine integers; ``checkpoints[i]`` is the org after
    ``i * every`` events and ``latest`` the org after all of them. Written by
    :class:`~orgchart.history.HistoryBuilder` only, which checked every
    event against the org of its date.
    """

    base: Snapshot
    events: tuple[Event, ...]
    days: array.array[int]
    known_max: array.array[int]
    checkpoints: tuple[Snapshot, ...]
    latest: Snapshot
    every: int

    def index(self, date: DateLike) -> int:
        """How many events are effective on or before ``date``."""
        return bisect.bisect_right(self.days, to_day(date).toordinal())

    def all_known(self, day: int) -> int:
        """How many events, from the first, were all known by day number ``day``."""
        return bisect.bisect_right(self.known_max, day)

    def replay(self, count: int) -> Snapshot | Replay:
        """The org after the first ``count`` events: a snapshot kept, or the
        :class:`Replay` that makes it from the nearer one (the checkpoint before,
        or the one after, or the latest org), at most ``every // 2`` events away."""
        events = self.events
        if count == len(events):
            return self.latest
        every = self.every
        slot = count // every
        first = slot * every
        if first == count:
            return self.checkpoints[slot]
        last = min(first + every, len(events))
        if last - count < count - first:
            after = self.latest if last == len(events) else self.checkpoints[slot + 1]
            return Replay(after, events[count:last], backwards=True)
        return Replay(self.checkpoints[slot], events[first:count])

    def snapshot_at(self, count: int) -> Snapshot:
        """The org after the first ``count`` events."""
        found = self.replay(count)
        return found if isinstance(found, Snapshot) else found()

    def checkpoint_within(self, low: int, high: int) -> Snapshot | None:
        """A checkpoint after ``low`` events and before ``high`` (both included), if any."""
        inside = -(-low // self.every)
        if inside * self.every <= high and inside < len(self.checkpoints):
            return self.checkpoints[inside]
        return None
