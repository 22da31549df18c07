"""Persistent maps for Snapshot: immutables.Map against pyrsistent.pmap.

Run: .venv/bin/pip install pyrsistent && .venv/bin/python benchmarks/persistent_maps.py
"""

import statistics
import time
import tracemalloc

import immutables
import pyrsistent

N = 100_000
keys = [f"person-{i}" for i in range(N)]


def timeit(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def build_imm():
    return immutables.Map({k: i for i, k in enumerate(keys)})


def build_pyr():
    return pyrsistent.pmap({k: i for i, k in enumerate(keys)})


mi, mp = build_imm(), build_pyr()


def set1000_imm():
    m = mi
    with m.mutate() as mm:
        for k in keys[:1000]:
            mm[k] = -1
        m = mm.finish()


def set1000_pyr():
    e = mp.evolver()
    for k in keys[:1000]:
        e[k] = -1
    e.persistent()


def single_sets_imm():
    m = mi
    for k in keys[:1000]:
        m = m.set(k, -1)


def single_sets_pyr():
    m = mp
    for k in keys[:1000]:
        m = m.set(k, -1)


def get_imm():
    for k in keys[:10000]:
        mi[k]


def get_pyr():
    for k in keys[:10000]:
        mp[k]


def mem(fn):
    tracemalloc.start()
    m = fn()
    cur = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return cur, m


def mem_derived(base):
    tracemalloc.start()
    derived = [base.set(keys[i], -1) for i in range(1000)]
    cur = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del derived
    return cur


print(f"{'operation':45} {'immutables':>12} {'pyrsistent':>12} {'ratio':>7}")
for name, a, b in [
    ("build 100k entries (ms)", build_imm, build_pyr),
    ("1,000 single .set() (ms)", single_sets_imm, single_sets_pyr),
    ("1,000 sets in one batch (ms)", set1000_imm, set1000_pyr),
    ("10,000 lookups (ms)", get_imm, get_pyr),
]:
    ta, tb = timeit(a) * 1e3, timeit(b) * 1e3
    print(f"{name:45} {ta:12.2f} {tb:12.2f} {tb / ta:7.1f}")
ma, _ = mem(build_imm)
mb, _ = mem(build_pyr)
print(f"{'memory of a 100k map (MiB)':45} {ma / 2**20:12.1f} {mb / 2**20:12.1f} {mb / ma:7.1f}")
da, db = mem_derived(mi), mem_derived(mp)
print(
    f"{'1,000 maps derived by one set (KiB each)':45} "
    f"{da / 1000 / 1024:12.2f} {db / 1000 / 1024:12.2f} {db / da:7.1f}"
)
