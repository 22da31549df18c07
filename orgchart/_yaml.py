"""The file format's YAML, fast: plain documents read and written in one walk.

A history document is plain mappings, lists and scalars. The loader and the
dumper here build and write such documents directly from and to PyYAML's
nodes (with libyaml's C parser and emitter when PyYAML has them), resolving
implicit tags once per first character; anything unusual takes PyYAML's own
path, so results and messages are those of ``yaml.safe_load`` and
``yaml.safe_dump``. Private to :mod:`orgchart.fileformat`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["Dumper", "Loader", "NotPlain", "PurePythonLoader", "loader_for"]


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
# Scalars the safe constructor makes from their own text alone.
_SCALAR_TAGS = frozenset({_NULL_TAG, _BOOL_TAG, _INT_TAG, "tag:yaml.org,2002:float"})


class NotPlain(Exception):
    """A YAML document or value that is more than plain mappings, lists and scalars."""


class _QuickResolving:
    """PyYAML's resolver with the implicit resolvers looked up once per first character.

    The resolver decides the type of every scalar read or written (a plain
    ``true`` is a boolean, ``12`` a number); PyYAML's own joins two lists
    for each scalar. Path resolvers, which orgchart does not add, take the
    resolver PyYAML has.
    """

    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]]
    yaml_path_resolvers: dict[Any, Any]
    DEFAULT_SCALAR_TAG: str
    DEFAULT_SEQUENCE_TAG: str
    DEFAULT_MAPPING_TAG: str
    # The implicit resolvers by first character, the wildcard ones included.
    _resolvers_by_first: dict[Any, tuple[tuple[str, re.Pattern[str]], ...]]
    _resolvers_anywhere: tuple[tuple[str, re.Pattern[str]], ...]

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> Any:
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)  # type: ignore[misc]
        if kind is ScalarNode:
            if implicit[0]:
                resolvers = self._resolvers_by_first.get(value[:1], self._resolvers_anywhere)
                for tag, regexp in resolvers:
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else None


class _PlainLoading(_QuickResolving):
    """Loader methods that make plain documents quickly and leave the rest to PyYAML.

    A history file is mappings, lists and untagged scalars. Those are built
    in one walk over the composed nodes; a document with anything else
    (anchors and aliases, merge keys, explicit tags, a scalar PyYAML cannot
    read) is built by the safe constructor instead, with its results and
    errors.
    """

    def construct_document(self, node: Node) -> Any:
        try:
            return _plain_data(node, self)
        except Exception:
            # Not plain, or a scalar that does not read: the safe constructor
            # builds it from the start and raises what it raises.
            return super().construct_document(node)  # type: ignore[misc]


def _plain_data(root: Node, loader: Any) -> Any:
    """The data of a plain YAML document.

    Raises NotPlain for anything else, and what a scalar's constructor
    raises for a scalar it cannot read.
    """
    constructors = loader.yaml_constructors
    seen: set[int] = set()  # collection nodes met, so that an alias is noticed

    def scalar(node: Node) -> Any:
        tag = node.tag
        if type(node) is not ScalarNode:
            raise NotPlain
        if tag == _STR_TAG:
            return node.value
        if tag in _SCALAR_TAGS:
            return constructors[tag](loader, node)
        raise NotPlain

    def data(node: Node) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            return node.value if node.tag == _STR_TAG else scalar(node)
        if id(node) in seen:
            raise NotPlain
        seen.add(id(node))
        tag = node.tag
        if kind is MappingNode and tag == _MAP_TAG:
            mapping = {}
            for key_node, value_node in node.value:
                key = (
                    key_node.value
                    if key_node.tag == _STR_TAG and type(key_node) is ScalarNode
                    else scalar(key_node)
                )
                if value_node.tag == _STR_TAG and type(value_node) is ScalarNode:
                    mapping[key] = value_node.value
                else:
                    mapping[key] = data(value_node)
            return mapping
        if kind is SequenceNode and tag == _SEQ_TAG:
            return [data(item) for item in node.value]
        raise NotPlain

    return data(root)


class _PlainDumping(_QuickResolving):
    """Dumper methods that turn a plain document into nodes in one walk.

    Mappings, lists, text, booleans, whole numbers and None become the nodes
    SafeRepresenter makes of them with the options :func:`dumps` gives (block
    style, keys in their order). A document holding anything else, or one
    object twice (which PyYAML writes as an anchor and aliases), and other
    options go through the representer as it is.
    """

    default_style: str | None
    default_flow_style: bool | None
    sort_keys: bool

    def represent(self, data: Any) -> None:
        if self.default_style is None and self.default_flow_style is False and not self.sort_keys:
            try:
                node = _plain_node(data)
            except NotPlain:
                pass
            else:
                self.serialize(node)  # type: ignore[attr-defined]
                return
        super().represent(data)  # type: ignore[misc]


def _plain_node(root: Any) -> Node:
    seen: set[int] = set()

    def node(value: Any) -> Node:
        kind = type(value)
        if kind is str:
            return ScalarNode(_STR_TAG, value, style=_text_style(value))
        if kind is dict or kind is list:
            if id(value) in seen:
                raise NotPlain
            seen.add(id(value))
            if kind is dict:
                pairs = [(node(k), node(v)) for k, v in value.items()]
                return MappingNode(_MAP_TAG, pairs, flow_style=False)
            return SequenceNode(_SEQ_TAG, [node(item) for item in value], flow_style=False)
        if kind is bool:
            return ScalarNode(_BOOL_TAG, "true" if value else "false")
        if kind is int:
            return ScalarNode(_INT_TAG, str(value))
        if value is None:
            return ScalarNode(_NULL_TAG, "null")
        raise NotPlain

    return node(root)


def _plain_yaml(base: Any, methods: type) -> Any:
    """A YAML loader or dumper class that treats dates as plain text.

    PyYAML turns 2023-02-30 into an exception of its own and 2023-06-01 into
    a ``datetime.date``; orgchart reads dates itself, so that partial and
    impossible dates get the same handling and messages as everywhere else.
    """
    cls: Any = type(f"_{base.__name__}", (methods, base), {})
    cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    anywhere = cls.yaml_implicit_resolvers.get(None, [])
    cls._resolvers_by_first = {
        first: tuple(resolvers + anywhere)
        for first, resolvers in cls.yaml_implicit_resolvers.items()
        if first is not None
    }
    cls._resolvers_anywhere = tuple(anywhere)
    return cls


# libyaml's C parser and emitter when PyYAML has them: several times faster.
Loader = _plain_yaml(getattr(yaml, "CSafeLoader", yaml.SafeLoader), _PlainLoading)
Dumper = _plain_yaml(getattr(yaml, "CSafeDumper", yaml.SafeDumper), _PlainDumping)
# libyaml recurses on the C stack and crashes the process on deeply nested
# text; such text goes to the pure-Python parser, which raises RecursionError.
PurePythonLoader = _plain_yaml(yaml.SafeLoader, _PlainLoading)
_SAFE_C_NESTING = 200
_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(rf"[ \t-]{{{_SAFE_C_NESTING + 1}}}")
_DEEP_INDENT_LINE = re.compile(rf"\n[ \t-]{{{_SAFE_C_NESTING + 1}}}")


def loader_for(text: str) -> type:
    """The C loader, unless the text might nest deeper than it can take."""
    # Only an opening bracket goes one level deeper: few of them, no deep nesting.
    if text.count("[") + text.count("{") > _SAFE_C_NESTING:
        depth = deepest = 0
        for match in _BRACKETS.finditer(text):
            depth += 1 if match.group() in "[{" else -1
            deepest = max(deepest, depth)
            if deepest > _SAFE_C_NESTING:
                return PurePythonLoader
    deep = _DEEP_INDENT.match(text) or _DEEP_INDENT_LINE.search(text)
    return PurePythonLoader if deep else Loader


_UNICODE_BREAKS = re.compile("[\x85\u2028\u2029]")


def _text_style(text: str) -> str | None:
    # PyYAML writes Unicode line breaks raw inside quotes and reads them back
    # as folded spaces; double quotes make it escape them (\N, \L, \P).
    return '"' if _UNICODE_BREAKS.search(text) else None


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=_text_style(text))


Dumper.add_representer(str, _represent_text)
