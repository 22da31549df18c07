"""Building large structures quickly: the one switch for bulk builds."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["paused_gc"]

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
    restored exactly when the build ends (even when it fails), nothing is
    frozen, and builds in several threads at once share one pause, which
    ends with the last of them.
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
            if _running == 0 and _was_enabled:
                gc.enable()
