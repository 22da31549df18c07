"""The file format's JSON, fast: indented JSON written in one walk, byte for byte
what ``json.dumps(doc, indent=1, ensure_ascii=False)`` writes. Private to
:mod:`orgchart.fileformat`.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["json_text"]


class _NotPlain(Exception):
    """A value that is more than plain JSON (the standard library writes it)."""


_LITERALS = {True: "true", False: "false", None: "null"}


def json_text(doc: Any) -> str:
    """``json.dumps(doc, indent=1, ensure_ascii=False)``, written in one walk.

    The standard library writes indented JSON with a generator per level, in
    Python; a plain document (mappings with text keys, lists, text, booleans,
    whole numbers and None, each object once) is written here instead, to the
    same text. Anything else is the standard library's to write.
    """
    pieces: list[str] = []
    put = pieces.append
    text = json.encoder.encode_basestring
    seen: set[int] = set()

    def write(value: Any, newline: str) -> None:
        kind = type(value)
        if kind is str:
            put(text(value))
        elif kind is dict or kind is list:
            if id(value) in seen:
                raise _NotPlain
            seen.add(id(value))
            if not value:
                put("{}" if kind is dict else "[]")
                return
            inner = newline + " "
            separator = ("{" if kind is dict else "[") + inner
            # Text, by far the most common value, is written without a call.
            if kind is dict:
                for key, item in value.items():
                    if type(key) is not str:
                        raise _NotPlain
                    if type(item) is str:
                        put(f"{separator}{text(key)}: {text(item)}")
                    else:
                        put(f"{separator}{text(key)}: ")
                        write(item, inner)
                    separator = "," + inner
                put(newline + "}")
            else:
                for item in value:
                    if type(item) is str:
                        put(separator + text(item))
                    else:
                        put(separator)
                        write(item, inner)
                    separator = "," + inner
                put(newline + "]")
        elif kind is bool or value is None:
            put(_LITERALS[value])
        elif kind is int:
            put(int.__repr__(value))
        else:
            raise _NotPlain

    try:
        write(doc, "\n")
    except _NotPlain:
        return json.dumps(doc, indent=1, ensure_ascii=False)
    return "".join(pieces)
