"""Reading and writing files: the only module of orgchart that touches the disk.

Reading names the file in every error (a :class:`~orgchart.FormatError`);
writing goes to a temporary file in the target's folder that is renamed over
the target, so a failure leaves any old file as it was and no partial file
behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import FormatError, OrgChartError

__all__ = ["read_text", "write_atomically"]


def read_text(path: Path) -> str:
    """The text of a UTF-8 file; a file that cannot be read is a FormatError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormatError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise FormatError("is a folder, not a file", source=str(path)) from None
    except UnicodeDecodeError as error:
        raise FormatError(f"not UTF-8 text ({error.reason})", source=str(path)) from None
    except OSError as error:
        raise FormatError(f"cannot read: {error.strerror}", source=str(path)) from None


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
