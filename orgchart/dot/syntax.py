"""DOT syntax: the one writer of DOT text, for every diagram.

Label text escaped for HTML-like labels, node names derived from ids,
quoted ids and values, attribute lists and the statements of a graph's
body, then the graph around them. The ``graphviz`` package quotes ids and
values (:func:`quote`); everything else is written here, the way
``graphviz.Digraph`` writes it, so the text is what that package would give
for the same statements.

>>> body = Body()
>>> body.node(node_name("post", "ceo"), attr_list("<<B>CEO</B>>", {"shape": "box"}))
>>> with body.subgraph("cluster_unit_g"):
...     body.attr(label="Group")
>>> print(digraph(body, graph={"rankdir": "TB"}).replace("\\t", "  "), end="")
digraph orgchart {
  graph [rankdir=TB]
  post_ceo [label=<<B>CEO</B>> shape=box]
  subgraph cluster_unit_g {
    label=Group
  }
}
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping

import graphviz

__all__ = [
    "Body",
    "attr_list",
    "digraph",
    "escape",
    "node_name",
    "pairs",
    "pairs_around_label",
    "quote",
]

#: The characters no label may hold (Unicode categories Cc, Cs, Zl and Zp):
#: control characters, lone surrogates and line and paragraph separators.
_UNSAFE_CHARS = r"\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029"
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")
#: The characters :func:`escape` changes: the unsafe ones and those markup escapes.
_CHANGED = re.compile(f"[{_UNSAFE_CHARS}&<>\"']")


def escape(value: str) -> str:
    """Text made safe for an HTML-like label: control characters out, markup escaped.

    >>> escape('<script> & "x"')
    '&lt;script&gt; &amp; &quot;x&quot;'
    """
    if _CHANGED.search(value) is None:
        return value
    return html.escape(_UNSAFE.sub(" ", value), quote=True)


#: Each ASCII character that is not a letter or a digit, as it shows in a node name.
_NAME_ESCAPES = {i: f"_{i:x}_" for i in range(128) if not chr(i).isalnum()}


def node_name(prefix: str, item_id: str) -> str:
    """A DOT node or cluster name derived from an id, injective and quote-free.

    >>> node_name("post", "cloud-cto")
    'post_cloud_2d_cto'
    """
    if item_id.isascii():
        return f"{prefix}_{item_id.translate(_NAME_ESCAPES)}"
    out = []
    for c in item_id:
        out.append(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_")
    return f"{prefix}_{''.join(out)}"


@functools.lru_cache(maxsize=1024)
def _quote_plain(value: str) -> str:
    return graphviz.quoting.quote(value)


def quote(value: str) -> str:
    """A DOT id or attribute value, quoted as the ``graphviz`` package quotes it.

    HTML-like labels (``<...>``) go as they are; the other values drawn are
    few (colours, styles, classes) and their quoted forms are remembered.

    >>> quote("rounded,bold"), quote("Noto Sans"), quote("<<B>x</B>>")
    ('"rounded,bold"', '"Noto Sans"', '<<B>x</B>>')
    """
    if value.startswith("<") and value.endswith(">"):
        return value
    return _quote_plain(value)


def pairs(attributes: Mapping[str, str]) -> str:
    """``key=value`` pairs sorted by key, as the ``graphviz`` package writes them."""
    return " ".join(f"{quote(k)}={quote(v)}" for k, v in sorted(attributes.items()))


def pairs_around_label(attributes: Mapping[str, str]) -> tuple[str, str]:
    """The pairs of :func:`pairs` that sort before ``label``, and those after.

    A statement whose attributes are sorted with its label among them puts
    the label between the two (a cluster's ``label=... style=...``).
    """
    before = pairs({k: v for k, v in attributes.items() if k < "label"})
    after = pairs({k: v for k, v in attributes.items() if k > "label"})
    return before, after


def attr_list(label: str | None, attributes: Mapping[str, str]) -> str:
    """A statement's attribute list: the label first, then the rest by key.

    >>> attr_list("x y", {"style": "dashed", "color": "red"})
    ' [label="x y" color=red style=dashed]'
    >>> attr_list(None, {})
    ''
    """
    text = pairs(attributes)
    if label is not None:
        text = f"label={quote(label)} {text}" if text else f"label={quote(label)}"
    return f" [{text}]" if text else ""


class Body:
    """The statements of a DOT graph's body, one line each.

    Node and cluster names are DOT ids as they are (see :func:`node_name`);
    attribute lists come from :func:`attr_list`. A subgraph's statements are
    indented one tab deeper than its own line.
    """

    __slots__ = ("indent", "lines")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.indent = "\t"

    def statement(self, text: str) -> None:
        """A statement written as it is."""
        self.lines.append(f"{self.indent}{text}\n")

    def node(self, name: str, attr_list: str = "") -> None:
        self.lines.append(f"{self.indent}{name}{attr_list}\n")

    def edge(self, tail: str, head: str, attr_list: str = "") -> None:
        self.lines.append(f"{self.indent}{tail} -> {head}{attr_list}\n")

    def attr(self, **attributes: str) -> None:
        """A graph attribute statement of the current (sub)graph."""
        self.lines.append(f"{self.indent}{pairs(attributes)}\n")

    def subgraph(self, name: str | None = None) -> Body:
        """Opens a subgraph (unnamed for None); ``with body.subgraph(...):`` closes it."""
        self.lines.append(f"{self.indent}subgraph {name} {{\n" if name else f"{self.indent}{{\n")
        self.indent += "\t"
        return self

    def __enter__(self) -> Body:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.indent = self.indent[:-1]
        self.lines.append(f"{self.indent}}}\n")


def digraph(
    body: Body,
    *,
    graph: Mapping[str, str] | None = None,
    node: Mapping[str, str] | None = None,
    edge: Mapping[str, str] | None = None,
) -> str:
    """The DOT text of the directed graph ``orgchart``: the default attributes of
    the graph, its nodes and its edges, then the body."""
    lines = ["digraph orgchart {\n"]
    for keyword, attributes in (("graph", graph), ("node", node), ("edge", edge)):
        if attributes:
            lines.append(f"\t{keyword} [{pairs(attributes)}]\n")
    lines.extend(body.lines)
    lines.append("}\n")
    return "".join(lines)
