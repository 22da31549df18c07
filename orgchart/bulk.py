"""Building large structures quickly: the one switch for bulk builds."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc(pause: bool = True) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many objects.

    Snapshots, events and operations never form reference cycles, so
    reference counting frees them; but each full collection would scan every
    object built so far, which makes building a long history quadratic.
    Used only around bulk builds (``pause`` False makes it do nothing); the
    collector's state is restored exactly, even when the build fails.
    """
    was_enabled = gc.isenabled()
    if not pause or not was_enabled:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
