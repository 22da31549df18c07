"""Benchmarks: orgchart on generated histories, and the ways a user would otherwise do it.

Run (figures printed as a table; each size runs in its own process so its
peak memory is its own):

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/run.py            # 1k/10k, 10k/100k, 100k/1M, 1M/1M
    .venv/bin/python benchmarks/run.py --quick    # seconds: a smoke run
    .venv/bin/python benchmarks/run.py --memory   # what each size's memory is made of

A million people take about 11 minutes and 18 GB at their peak. Ten million
events of a million people (``--sizes 1M:10M``) do not fit in 24 GB:
``--memory`` measures what each event costs (its own objects, and the
checkpoint nodes its operations copy) and projects ten million events from
it; docs/performance.md works it out. A size whose process ends without
figures (out of memory, say) is listed under "Not measured" with the reason,
after the table of the others, and the run exits with status 1.

Peers, measured in the same run on the same history:
- dicts: replay the events into plain dicts copied from the base (what
  ``as_of`` costs without checkpoints), and DeepDiff to compare two dates;
- networkx: a DiGraph of units, posts and people, copied and replayed;
- raphtory (if installed): a temporal graph of who holds which post, asked
  for its view at a date ("who holds which post at D").
Ratios are peer time / orgchart time (higher is better for orgchart).
Peers run up to 100,000 people and a million events (beyond, a query takes
them minutes).

The figures are checked against the project's targets (TARGETS) in a last
table: each target, its size, the figure measured and whether it is met.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import orgchart as oc
from orgchart import synthetic
from orgchart.operations import Add, Appoint, Remove, Update, Vacate

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}
#: Peers are measured on orgs and histories of at most this size.
PEERS_UP_TO = (100_000, 1_000_000)

#: (people, events) -> [(measure, "<=" or ">=", bound, how it reads)].
TARGETS = {
    (100_000, 1_000_000): [
        ("diff_1000_ms", "<=", 5, "History.diff over 1,000 events, ms"),
        ("as_of_ms", "<=", 0.5, "as_of, ms"),
        ("build_s", "<=", 10, "build from events, s"),
        ("history_peak_mb", "<=", 1_500, "memory of the history, MB"),
        ("load_json_ev_s", ">=", 100_000, "load from JSON, events/s"),
        ("load_yaml_ev_s", ">=", 10_000, "load from YAML, events/s"),
        ("oc_diff_ms", "<=", 300, "oc.diff of two whole snapshots, ms"),
    ],
    (10_000, 100_000): [
        ("to_dot_ms", "<=", 300, "to_dot of the latest org, ms"),
    ],
    (1_000_000, 10_000_000): [
        ("as_of_ms", "<=", 1, "as_of, ms"),
        ("diff_1000_ms", "<=", 10, "History.diff over 1,000 events, ms"),
        ("peak_rss_mb", "<", 16_000, "peak memory, MB"),
    ],
}


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def seconds(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


# ----------------------------------------------------------------- peers


def dict_state(snapshot: oc.Snapshot) -> dict:
    return {
        "people": {k: v.name for k, v in snapshot.people.items()},
        "units": {k: (v.name, v.parent) for k, v in snapshot.units.items()},
        "posts": {k: (v.title, v.unit, v.reports_to) for k, v in snapshot.posts.items()},
        "holders": {k: sorted(v) for k, v in snapshot.appointments.items()},
    }


def dict_apply(state: dict, op) -> None:
    if isinstance(op, Appoint):
        state["holders"].setdefault(op.post, []).append(op.person)
    elif isinstance(op, Vacate):
        holders = state["holders"][op.post]
        holders.remove(op.person)
        if not holders:
            del state["holders"][op.post]
    else:
        item = op.after if isinstance(op, Update) else op.item
        table = {"person": "people", "unit": "units", "post": "posts"}[op.kind]
        if isinstance(op, Remove):
            del state[table][item.id]
        elif op.kind == "person":
            state[table][item.id] = item.name
        elif op.kind == "unit":
            state[table][item.id] = (item.name, item.parent)
        else:
            state[table][item.id] = (item.title, item.unit, item.reports_to)


def dict_as_of(base: dict, events, count: int) -> dict:
    state = copy.deepcopy(base)
    for event in events[:count]:
        for op in event.changes:
            dict_apply(state, op)
    return state


def graph_of(snapshot: oc.Snapshot):
    import networkx as nx

    g = nx.DiGraph()
    for unit in snapshot.units.values():
        g.add_node(("unit", unit.id), name=unit.name)
        if unit.parent:
            g.add_edge(("unit", unit.parent), ("unit", unit.id), kind="parent")
    for post in snapshot.posts.values():
        g.add_node(("post", post.id), title=post.title)
        g.add_edge(("unit", post.unit), ("post", post.id), kind="in")
        if post.reports_to:
            g.add_edge(("post", post.reports_to), ("post", post.id), kind="reports")
    for person in snapshot.people.values():
        g.add_node(("person", person.id), name=person.name)
    for post_id, ids in snapshot.appointments.items():
        for person_id in ids:
            g.add_edge(("person", person_id), ("post", post_id), kind="holds")
    return g


def graph_apply(g, op) -> None:
    if isinstance(op, Appoint):
        g.add_edge(("person", op.person), ("post", op.post), kind="holds")
    elif isinstance(op, Vacate):
        g.remove_edge(("person", op.person), ("post", op.post))
    elif isinstance(op, Remove):
        g.remove_node((op.kind, op.id))
    else:
        item = op.after if isinstance(op, Update) else op.item
        node = (op.kind, item.id)
        if isinstance(op, Update):
            for pred in list(g.predecessors(node)):
                if g.edges[pred, node]["kind"] != "holds":
                    g.remove_edge(pred, node)
        if isinstance(op, Add) or not g.has_node(node):
            g.add_node(node)
        if op.kind == "unit" and item.parent:
            g.add_edge(("unit", item.parent), node, kind="parent")
        if op.kind == "post":
            g.add_edge(("unit", item.unit), node, kind="in")
            if item.reports_to:
                g.add_edge(("post", item.reports_to), node, kind="reports")


def graph_as_of(base, events, count: int):
    g = base.copy()
    for event in events[:count]:
        for op in event.changes:
            graph_apply(g, op)
    return g


def raphtory_graph(h: oc.History):
    """Holdings as a raphtory PersistentGraph: time is the event's position."""
    from raphtory import PersistentGraph

    g = PersistentGraph()
    for post, ids in h.base.appointments.items():
        for person in ids:
            g.add_edge(0, person, post)
    for i, event in enumerate(h.events, start=1):
        for op in event.changes:
            if isinstance(op, Appoint):
                g.add_edge(i, op.person, op.post)
            elif isinstance(op, Vacate):
                g.delete_edge(i, op.person, op.post)
    return g


# -------------------------------------------------------------- one size


def measure(people: int, events: int, peers: bool, seed: int = 0) -> dict:
    out: dict[str, object] = {"people": people, "events": events}
    out["generate_s"], h = seconds(
        lambda: synthetic.history(people=people, events=events, seed=seed)
    )
    # Build again from the events alone, with one history in memory at a time,
    # so that the peak memory is that of one history.
    base, history_events = h.base, h.events
    del h
    gc.collect()
    out["build_s"], h = seconds(lambda: oc.History(base, history_events))
    # What the cyclic garbage collector costs now: the first full collection
    # after a large build scans the history once (a build leaves nothing frozen).
    out["gc_after_build_s"], _ = seconds(gc.collect)
    rng = random.Random(seed)
    days = [e.date for e in h.events]
    out["as_of_ms"] = median_ms(lambda: h.as_of(days[rng.randrange(len(days))]), 200)
    for window in (10, 100, 1000, 10000):
        if window < len(days):

            def window_diff(window=window):
                i = rng.randrange(len(days) - window)
                h.diff(days[i], days[i + window])

            out[f"diff_{window}_ms"] = median_ms(window_diff, 30 if window <= 1000 else 5)
    # Two whole snapshots half the history apart (most of the org differs),
    # and two 1,000 events apart (they share most of their structure).
    a, b = h.as_of(days[len(days) // 4]), h.as_of(days[3 * len(days) // 4])
    out["oc_diff_ops"] = len(oc.diff(a, b))
    out["oc_diff_ms"] = median_ms(lambda: oc.diff(a, b), 3)
    if len(days) > 1000:
        near = h.as_of(days[len(days) // 4 + 1000])
        out["oc_diff_near_ms"] = median_ms(lambda: oc.diff(a, near), 3)
    latest = h.latest
    out["posts"] = len(latest.posts)
    if len(latest.posts) <= 20_000:
        out["to_dot_ms"] = median_ms(lambda: oc.to_dot(latest), 3)
    # Peak memory so far: generating and holding one history, and the queries.
    out["history_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # File throughput on (at most) the first 100k events.
    part = h if len(h.events) <= 100_000 else oc.History(h.base, h.events[:100_000])
    for fmt in ("json", "yaml"):
        dump_s, text = seconds(lambda fmt=fmt: oc.dumps(part, format=fmt))
        load_s, _ = seconds(lambda fmt=fmt, text=text: oc.loads(text, format=fmt))
        out[f"dump_{fmt}_ev_s"] = len(part.events) / dump_s
        out[f"load_{fmt}_ev_s"] = len(part.events) / load_s
    if peers and people <= PEERS_UP_TO[0] and events <= PEERS_UP_TO[1]:
        base = dict_state(h.base)
        counts = [rng.randrange(len(days)) for _ in range(3)]
        it = iter(counts * 10)
        out["dicts_as_of_ms"] = median_ms(lambda: dict_as_of(base, h.events, next(it)), 3)
        try:
            from deepdiff import DeepDiff

            def dict_diff():
                i = rng.randrange(len(days) - 1000)
                DeepDiff(dict_as_of(base, h.events, i), dict_as_of(base, h.events, i + 1000))

            out["dicts_diff_1000_ms"] = median_ms(dict_diff, 3)
        except ImportError:
            pass
        try:
            g = graph_of(h.base)
            it = iter(counts * 10)
            out["networkx_as_of_ms"] = median_ms(lambda: graph_as_of(g, h.events, next(it)), 3)
        except ImportError:
            pass
        try:
            out["raphtory_build_s"], rg = seconds(lambda: raphtory_graph(h))

            def raphtory_as_of():
                count = h._index(days[rng.randrange(len(days))])
                return {(e.src.name, e.dst.name) for e in rg.at(count).edges}

            def orgchart_holdings():
                snapshot = h.as_of(days[rng.randrange(len(days))])
                return {(p, post) for post, ids in snapshot.appointments.items() for p in ids}

            out["raphtory_as_of_ms"] = median_ms(raphtory_as_of, 20)
            out["orgchart_holdings_ms"] = median_ms(orgchart_holdings, 20)
            count = len(days) // 2
            expected = {
                (p, post) for post, ids in h._snapshot_at(count).appointments.items() for p in ids
            }
            assert {(e.src.name, e.dst.name) for e in rg.at(count).edges} == expected
        except ImportError:
            pass
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ---------------------------------------------------------- memory floor


def memory(people: int, events: int, seed: int = 0) -> dict:
    """What a history's memory is made of, traced (tracemalloc, so slower):
    the base snapshot, the events, and the checkpoints, per operation."""
    import tracemalloc

    out: dict[str, object] = {"people": people, "events": events}
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    base_only = synthetic.history(people=people, events=0, seed=seed).base
    out["base_mb"] = (tracemalloc.get_traced_memory()[0] - start) / 1e6
    del base_only
    gc.collect()
    start = tracemalloc.get_traced_memory()[0]
    h = synthetic.history(people=people, events=events, seed=seed)
    base, history_events = h.base, h.events
    del h
    gc.collect()
    out["events_mb"] = (tracemalloc.get_traced_memory()[0] - start) / 1e6 - out["base_mb"]

    class Unchecked(oc.History):
        CHECKPOINT_EVERY = len(history_events) + 1

    start = tracemalloc.get_traced_memory()[0]
    bare = Unchecked(base, history_events)
    out["index_mb"] = (tracemalloc.get_traced_memory()[0] - start) / 1e6
    del bare
    gc.collect()
    start = tracemalloc.get_traced_memory()[0]
    h = oc.History(base, history_events)
    out["checkpoints_mb"] = (tracemalloc.get_traced_memory()[0] - start) / 1e6 - out["index_mb"]
    out["checkpoints"] = len(h._log.checkpoints) - 1
    out["ops"] = sum(len(e.changes) for e in history_events)
    tracemalloc.stop()
    return out


def memory_table(rows: list[dict]) -> str:
    lines = [
        "| people | events | base MB | events MB | B per event | days and latest MB "
        "| checkpoints | checkpoints MB | B per operation | 10M events GB (projected) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        # The events and the checkpoints grow with the events (ten million at
        # this size, at the bytes per event measured here); the base and the
        # latest org are bounded by the size of the org.
        growing = (r["events_mb"] + r["checkpoints_mb"]) * 10_000_000 / r["events"]
        projected = (r["base_mb"] + r["index_mb"] + growing) / 1e3
        lines.append(
            f"| {r['people']:,} | {r['events']:,} | {r['base_mb']:,.0f} | {r['events_mb']:,.0f} | "
            f"{r['events_mb'] * 1e6 / r['events']:,.0f} | {r['index_mb']:,.0f} | "
            f"{r['checkpoints']:,} | {r['checkpoints_mb']:,.0f} | "
            f"{r['checkpoints_mb'] * 1e6 / r['ops']:,.0f} | {projected:,.1f} |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------- table


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def table(rows: list[dict]) -> str:
    columns = [
        ("people", "people", "{:,}"),
        ("events", "events", "{:,}"),
        ("generate_s", "generate s", "{:.1f}"),
        ("build_s", "build s", "{:.1f}"),
        ("gc_after_build_s", "gc s", "{:.2f}"),
        ("history_peak_mb", "history MB", "{:,.0f}"),
        ("peak_rss_mb", "run peak MB", "{:,.0f}"),
        ("as_of_ms", "as_of ms", "{:.3f}"),
        ("diff_10_ms", "diff 10 ms", "{:.2f}"),
        ("diff_100_ms", "diff 100 ms", "{:.2f}"),
        ("diff_1000_ms", "diff 1k ms", "{:.2f}"),
        ("diff_10000_ms", "diff 10k ms", "{:.1f}"),
        ("oc_diff_ms", "oc.diff ms", "{:,.0f}"),
        ("oc_diff_ops", "oc.diff ops", "{:,}"),
        ("oc_diff_near_ms", "oc.diff 1k ms", "{:.1f}"),
        ("posts", "posts drawn", "{:,}"),
        ("to_dot_ms", "to_dot ms", "{:.0f}"),
        ("load_json_ev_s", "load json ev/s", "{:,.0f}"),
        ("dump_json_ev_s", "dump json ev/s", "{:,.0f}"),
        ("load_yaml_ev_s", "load yaml ev/s", "{:,.0f}"),
        ("dump_yaml_ev_s", "dump yaml ev/s", "{:,.0f}"),
    ]
    lines = ["| " + " | ".join(title for _, title, _ in columns) + " |"]
    lines.append("|" + "|".join("---:" for _ in columns) + "|")
    for row in rows:
        cells = [fmt.format(row[key]) if key in row else "–" for key, _, fmt in columns]
        lines.append("| " + " | ".join(cells) + " |")
    peers = [r for r in rows if "dicts_as_of_ms" in r]
    raph = [r for r in rows if "raphtory_as_of_ms" in r]
    if raph:
        lines += [
            "",
            "Who holds which post at D, as a set of (person, post) pairs:",
            "",
            "| people | events | raphtory build s | raphtory at(D) ms "
            "| orgchart as_of + pairs ms | ratio |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for row in raph:
            lines.append(
                f"| {row['people']:,} | {row['events']:,} | {row['raphtory_build_s']:.1f} | "
                f"{row['raphtory_as_of_ms']:,.1f} | {row['orgchart_holdings_ms']:,.1f} | "
                f"{row['raphtory_as_of_ms'] / row['orgchart_holdings_ms']:,.1f}× |"
            )
    if peers:
        lines += ["", "| people | events | peer | as_of ms | ratio | diff 1k ms | ratio |"]
        lines.append("|---:|---:|---|---:|---:|---:|---:|")
        for row in peers:
            for name, as_of_key, diff_key in (
                ("dicts + DeepDiff", "dicts_as_of_ms", "dicts_diff_1000_ms"),
                ("networkx copy", "networkx_as_of_ms", None),
            ):
                if as_of_key not in row:
                    continue
                as_of = row[as_of_key]
                diff = row.get(diff_key) if diff_key else None
                lines.append(
                    f"| {row['people']:,} | {row['events']:,} | {name} | {as_of:,.1f} | "
                    f"{as_of / row['as_of_ms']:,.0f}× | "
                    + (f"{diff:,.1f} | {diff / row['diff_1000_ms']:,.0f}× |" if diff else "– | – |")
                )
    checked = [
        (row, target) for row in rows for target in TARGETS.get((row["people"], row["events"]), [])
    ]
    if checked:
        lines += ["", "| people | events | target | measured | met |", "|---:|---:|---|---:|---|"]
        for row, (key, sign, bound, label) in checked:
            value = row.get(key)
            if value is None:
                lines.append(
                    f"| {row['people']:,} | {row['events']:,} | {label} {sign} {bound:,} | – | – |"
                )
                continue
            met = {"<=": value <= bound, "<": value < bound, ">=": value >= bound}[sign]
            lines.append(
                f"| {row['people']:,} | {row['events']:,} | {label} {sign} {bound:,} | "
                f"{_figure(value)} | {'yes' if met else '**no**'} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument("--sizes", help="comma list of PEOPLE:EVENTS, e.g. 1k:10k,10k:100k")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument(
        "--memory", action="store_true", help="what each size's memory is made of (traced)"
    )
    parser.add_argument("--one", nargs=2, metavar=("PEOPLE", "EVENTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        people, events = int(args.one[0]), int(args.one[1])
        result = (
            memory(people, events) if args.memory else measure(people, events, not args.no_peers)
        )
        print(json.dumps(result))
        return
    if args.sizes:
        pairs = [tuple(SIZES.get(x) or int(x) for x in s.split(":")) for s in args.sizes.split(",")]
    elif args.quick:
        pairs = [(200, 2_000)]
    else:
        pairs = [(1_000, 10_000), (10_000, 100_000), (100_000, 1_000_000), (1_000_000, 1_000_000)]
    rows = []
    failed = []
    for people, events in pairs:
        command = [sys.executable, str(Path(__file__).resolve()), "--one", str(people), str(events)]
        if args.no_peers:
            command.append("--no-peers")
        if args.memory:
            command.append("--memory")
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            failed.append(f"{people:,} people / {events:,} events: {_failure(result)}")
            print(f"failed {failed[-1]}", file=sys.stderr)
            continue
        rows.append(json.loads(result.stdout))
        print(f"measured {people:,} people / {events:,} events", file=sys.stderr)
    if rows:
        print(memory_table(rows) if args.memory else table(rows))
    for line in failed:
        print(f"\nNot measured: {line}")
    if failed:
        sys.exit(1)


def _failure(result: subprocess.CompletedProcess[str]) -> str:
    """Why a size's process ended without figures."""
    if result.returncode < 0:
        signal = -result.returncode
        why = f"killed by signal {signal}"
        return f"{why} (out of memory?)" if signal == 9 else why
    lines = result.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {result.returncode}"


if __name__ == "__main__":
    main()
