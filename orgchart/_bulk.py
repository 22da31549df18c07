"""Helpers for building large structures quickly."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many objects.

    Snapshots, events and operations never form reference cycles, so
    reference counting frees them; but each full collection would scan every
    object built so far, which makes building a long history quadratic.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
