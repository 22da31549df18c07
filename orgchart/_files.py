"""Writing files whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OrgChartError

__all__ = ["write_atomically"]


def write_atomically(path: Path, data: bytes, error: type[OrgChartError]) -> None:
    """Write ``data`` to a temporary file in ``path``'s folder, then rename it over ``path``.

    A failure leaves any old file as it was and no partial file behind. A
    folder that cannot be written raises ``error`` naming the path.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as failure:
        raise error(f"{path}: cannot write: {failure.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temporary, os.stat(path).st_mode if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
