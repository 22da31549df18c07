"""Building large structures quickly: the one switch for bulk builds."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["FREEZE_AT", "paused_gc"]

#: A bulk build that leaves at least this many new objects for the cyclic
#: garbage collector hands everything it tracks to its permanent generation.
FREEZE_AT = 100_000


@contextlib.contextmanager
def paused_gc(pause: bool = True) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many objects.

    Snapshots, events and operations never form reference cycles, so
    reference counting frees them; but each full collection would scan every
    object built so far, which makes building a long history quadratic.
    Used only around bulk builds (``pause`` False makes it do nothing); the
    collector's state is restored exactly, even when the build fails.

    A build that made at least :data:`FREEZE_AT` objects (a few thousand
    events) ends with :func:`gc.freeze`. The collector would otherwise scan
    them again each time they move to an older generation: three scans in
    the moments after the build, several seconds each for a million events,
    landing on whatever runs next. Frozen objects are still freed by
    reference counting when nothing refers to them; only reference cycles
    among objects that existed at that moment wait for :func:`gc.unfreeze`
    to be collected.
    """
    was_enabled = gc.isenabled()
    if not pause or not was_enabled:
        yield
        return
    gc.disable()
    built = 0
    try:
        yield
        built = gc.get_count()[0]
    finally:
        gc.enable()
    if built >= FREEZE_AT:
        gc.freeze()
