"""Build a small history in code, save it as YAML, and read it back.

python examples/my_history.py history.yaml
"""

import sys

import orgchart as oc

target = sys.argv[1] if len(sys.argv) > 1 else "history.yaml"
base = oc.Snapshot.build(
    people=[oc.Person("ada", "Ada Byron"), oc.Person("grace", "Grace Hopper")],
    units=[oc.Unit("co", "Example Co.", kind="company")],
    posts=[oc.Post("ceo", "Chief Executive Officer", "co")],
    holders={"ceo": ["ada"]},
)
event = oc.Event(
    "2024-04-01",
    [oc.Vacate("ceo", "ada"), oc.Appoint("ceo", "grace")],
    summary="Grace Hopper succeeds Ada Byron as CEO",
    sources=["press"],
    announced="2024-01-10",
)
history = oc.History(base, [event], [oc.Source("press", "Example Co. press release")])
oc.dump(history, target)
assert oc.load(target) == history
print(f"wrote {target}: {len(history.events)} event(s)")
