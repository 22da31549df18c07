"""The rules for ids and text, once for every value of the library.

Every attrs class of orgchart (people, units, posts, operations, events,
sources) checks its fields with these validators and converters, so the same
kind of field follows the same rule everywhere:

- an **id** is a non-empty string with no leading or trailing spaces;
- a **text** (a name, a title, a note) is a string with something other than
  spaces in it;
- a **summary** may also be empty (an event with nothing to say);
- lists of ids or texts refuse a bare string, blanks and repeats.

>>> from orgchart.validators import check_id
>>> import orgchart as oc
>>> oc.Appoint(" ceo", "eddie-wu")
Traceback (most recent call last):
...
orgchart.errors.ValidationError: 'post' must be an id: a non-empty string without \
leading or trailing spaces (got ' ceo')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from .errors import ValidationError

__all__ = [
    "ID",
    "TEXT",
    "check_bool",
    "check_depth",
    "check_id",
    "check_optional_id",
    "check_optional_text",
    "check_summary",
    "check_text",
    "compact_repr",
    "explicit_fields",
    "field_names",
    "id_tuple",
    "is_id",
    "names_among",
    "reasons_for",
    "text_tuple",
]

#: What an id must be, as error messages say it.
ID = "an id: a non-empty string without leading or trailing spaces"
#: What a text must be, as error messages say it.
TEXT = "a non-empty string"


def is_id(value: Any) -> bool:
    """True when ``value`` follows the id rule."""
    return isinstance(value, str) and bool(value) and value == value.strip()


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_depth(depth: Any) -> None:
    """``depth``: how many levels below a root, everywhere in the library (0: the
    root alone, 1: the root and what is directly under it), or None for all."""
    if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 0):
        raise ValidationError.field(
            "depth", depth, "a whole number of levels below the root (0: the root alone) or None"
        )


def check_id(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """attrs validator: ``value`` is an id."""
    if not is_id(value):
        raise ValidationError.field(attribute.name, value, ID)


def check_optional_id(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """attrs validator: ``value`` is None or an id."""
    if value is not None and not is_id(value):
        raise ValidationError.field(attribute.name, value, f"None or {ID}")


def check_text(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """attrs validator: ``value`` is a text."""
    if not _is_text(value):
        raise ValidationError.field(attribute.name, value, TEXT)


def check_optional_text(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """attrs validator: ``value`` is None or a text."""
    if value is not None and not _is_text(value):
        raise ValidationError.field(attribute.name, value, f"None or {TEXT}")


def check_bool(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """attrs validator: ``value`` is True or False (not 1, not "yes")."""
    if not isinstance(value, bool):
        raise ValidationError.field(attribute.name, value, "True or False")


def check_summary(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """attrs validator: ``value`` is a text, or "" for none."""
    if not isinstance(value, str) or (value and not value.strip()):
        raise ValidationError.field(attribute.name, value, f'{TEXT}, or "" for none')


def _strings(
    field_name: str, what: str, ok: Callable[[Any], bool], *, canonical: bool
) -> Callable[[Any], tuple[str, ...]]:
    def convert(value: Any) -> tuple[str, ...]:
        if value == () and type(value) is tuple:  # the default, by far the most common
            return value
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValidationError.field(field_name, value, f"a list of {what}")
        items = tuple(value)
        for item in items:
            if not ok(item):
                raise ValidationError.field(field_name, value, f"a list of {what}")
        if len(set(items)) != len(items):
            raise ValidationError.field(field_name, value, "a list without repeated entries")
        return tuple(sorted(items)) if canonical else items

    return convert


def id_tuple(field_name: str, *, canonical: bool = True) -> Callable[[Any], tuple[str, ...]]:
    """attrs converter: a list of ids to a tuple (sorted when ``canonical``).

    A bare string is refused: it would otherwise become a tuple of letters.
    """
    return _strings(field_name, "ids", is_id, canonical=canonical)


def text_tuple(field_name: str, *, canonical: bool = False) -> Callable[[Any], tuple[str, ...]]:
    """attrs converter: a list of texts to a tuple (sorted when ``canonical``)."""
    return _strings(field_name, "non-empty strings", _is_text, canonical=canonical)


def names_among(field_name: str, *allowed: str) -> Callable[[Any], tuple[str, ...]]:
    """attrs converter: a set of field names, each among ``allowed``, as a sorted tuple."""
    convert_names = _strings(field_name, "field names", _is_text, canonical=True)

    def convert(value: Any) -> tuple[str, ...]:
        names = convert_names(value)
        for name in names:
            if name not in allowed:
                raise ValidationError.field(
                    field_name, value, f"names among {', '.join(map(repr, allowed))}"
                )
        return names

    return convert


def reasons_for(field_name: str, *allowed: str) -> Callable[[Any], tuple[tuple[str, str], ...]]:
    """attrs converter: field names, each with the reason it is so, as sorted
    (name, reason) pairs; from a mapping ``{name: reason}`` or from pairs."""

    def convert(value: Any) -> tuple[tuple[str, str], ...]:
        if value == () and type(value) is tuple:  # the default, by far the most common
            return value
        items = value.items() if isinstance(value, Mapping) else value
        if isinstance(items, str) or not isinstance(items, Iterable):
            raise ValidationError.field(field_name, value, "a mapping of field name to reason")
        pairs = []
        for item in items:
            if not isinstance(item, (tuple, list)) or len(item) != 2:
                raise ValidationError.field(field_name, value, "a mapping of field name to reason")
            name, reason = item
            if name not in allowed:
                raise ValidationError.field(
                    field_name, value, f"names among {', '.join(map(repr, allowed))}"
                )
            if not _is_text(reason):
                raise ValidationError.field(field_name, value, f"a reason ({TEXT}) for {name!r}")
            pairs.append((name, reason))
        if len({name for name, _ in pairs}) != len(pairs):
            raise ValidationError.field(field_name, value, "each field named once")
        return tuple(sorted(pairs))

    return convert


# ------------------------------------------------------------ field helpers


def field_names(cls: type, *, required: bool | None = None) -> tuple[str, ...]:
    """The field names of an attrs class: all, only the required, or only the optional."""
    return tuple(
        f.name
        for f in attrs.fields(cls)
        if required is None or (f.default is attrs.NOTHING) == required
    )


def explicit_fields(value: Any) -> dict[str, Any]:
    """The fields of an attrs value that are required or not at their default, in order.

    This is what a value says beyond its defaults: what a file writes and
    what ``repr`` shows.
    """
    out: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        current = getattr(value, field.name)
        if field.default is attrs.NOTHING or current != field.default:
            out[field.name] = current
    return out


def compact_repr(self: Any) -> str:
    """An attrs-style ``__repr__`` that leaves out optional fields at their default."""
    parts = ", ".join(f"{name}={value!r}" for name, value in explicit_fields(self).items())
    return f"{type(self).__name__}({parts})"
