"""Building large structures quickly: the one switch for bulk builds."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["PROMOTE_AT", "paused_gc"]

#: A pause that ends with at least this many new objects in the collector's
#: youngest generation moves them straight to its oldest (see paused_gc).
PROMOTE_AT = 100_000

# Builds running at once (in any thread), and whether the collector was on
# when the first of them began: the last to end puts it back as it was.
_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextlib.contextmanager
def paused_gc(pause: bool = True) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many objects.

    Snapshots, events and operations never form reference cycles, so
    reference counting frees them; but each collection during the build would
    scan every object built so far, which makes building a long history
    quadratic. Used only around bulk builds (``pause`` False makes it do
    nothing).

    The pause covers the build and nothing else: the collector's state is
    restored exactly when the build ends (even when it fails), nothing stays
    frozen, and builds in several threads at once share one pause, which
    ends with the last of them.

    A pause that leaves at least :data:`PROMOTE_AT` new objects moves every
    object to the collector's oldest generation as it ends, with
    :func:`gc.freeze` then :func:`gc.unfreeze` (two moves of whole lists,
    done only when nothing else is frozen, so the freeze count is as it was).
    Otherwise the collector would scan the new objects once in each younger
    generation on their way there: seconds for a million events, landing on
    whatever runs next. Objects in the oldest generation are collected as
    usual, by the next full collection (``gc.collect()`` among them).
    """
    global _running, _was_enabled
    if not pause:
        yield
        return
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                if gc.get_count()[0] >= PROMOTE_AT and gc.get_freeze_count() == 0:
                    gc.freeze()
                    gc.unfreeze()
                if _was_enabled:
                    gc.enable()
