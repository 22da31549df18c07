"""Walks over hierarchies: the unit tree and the reporting lines, written once.

Breadth-first and iterative (trees ten thousand deep are fine), each node
once; :class:`Levels` gives each node's level and :func:`cycles` each cycle.

>>> parents = {"team": "division", "division": "group", "group": None}
>>> list(walk("team", lambda u: [parents[u]] if parents[u] else []))
['division', 'group']
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

__all__ = ["Levels", "cycles", "walk", "walk_from"]


T = TypeVar("T", bound=Hashable)


def walk(start: T, step: Callable[[T], Iterable[T]], *, depth: int | None = None) -> Iterator[T]:
    """Everything reachable from ``start`` in one or more steps, breadth-first, each once.

    ``step`` gives the neighbours of a node (its parent, its superiors, its
    sub-units...). ``start`` itself comes out only when a cycle leads back to
    it, which is how a cycle check reads: ``start in walk(start, step)``.
    ``depth`` limits the number of steps. Iterative, so trees deeper than the
    recursion limit are fine; the one walk every module uses.

    >>> parents = {"team": "division", "division": "group", "group": None}
    >>> list(walk("team", lambda u: [parents[u]] if parents[u] else []))
    ['division', 'group']
    """
    return walk_from((start,), step, depth=depth)


def walk_from(
    starts: Iterable[T], step: Callable[[T], Iterable[T]], *, depth: int | None = None
) -> Iterator[T]:
    """:func:`walk` from several nodes at once (the starts come out only when reached)."""
    seen: set[T] = set()
    frontier = list(starts)
    level = 0
    while frontier and (depth is None or level < depth):
        level += 1
        nxt: list[T] = []
        for node in frontier:
            for neighbour in step(node):
                if neighbour not in seen:
                    seen.add(neighbour)
                    nxt.append(neighbour)
                    yield neighbour
        frontier = nxt


class Levels:
    """The level of each node of a hierarchy: 0 at the top, else 1 + the deepest parent.

    ``parents(node)`` gives the nodes directly above. Memoised and
    iterative (hierarchies may be deeper than the recursion limit).

    >>> parents = {"a": (), "b": ("a",), "c": ("a", "b")}
    >>> Levels(lambda n: parents[n])("c")
    2
    """

    __slots__ = ("memo", "parents")

    def __init__(self, parents: Callable[[T], Iterable[T]]) -> None:
        self.parents = parents
        self.memo: dict[Any, int] = {}

    def __call__(self, node: Any) -> int:
        memo = self.memo
        level = memo.get(node)
        if level is not None:
            return level
        parents = self.parents
        stack = [node]
        while stack:
            current = stack[-1]
            if current in memo:
                stack.pop()
                continue
            top = -1
            waiting = False
            for parent in parents(current):
                above = memo.get(parent)
                if above is None:
                    stack.append(parent)
                    waiting = True
                elif above > top:
                    top = above
            if not waiting:
                stack.pop()
                memo[current] = top + 1
        return memo[node]


def cycles(items: Mapping[str, Any], edges: Any) -> Iterator[tuple[str, ...]]:
    """Each cycle in the graph item -> edges(item), once, starting at its smallest id."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found: set[tuple[str, ...]] = set()
    for start in sorted(items):
        if start in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges(items[start])))]
        state[start] = 1
        path.append(start)
        while stack:
            _, successors = stack[-1]
            advanced = False
            for succ in successors:
                if succ not in items:
                    continue
                if state.get(succ) == 1:
                    cycle = path[path.index(succ) :]
                    i = cycle.index(min(cycle))
                    canonical = tuple(cycle[i:] + cycle[:i])
                    if canonical not in found:
                        found.add(canonical)
                        yield (*canonical, canonical[0])
                elif succ not in state:
                    state[succ] = 1
                    path.append(succ)
                    stack.append((succ, iter(edges(items[succ]))))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                state[path.pop()] = 2
