"""Print what changed in the Alibaba org between two dates, in words, with the events.

python examples/what_changed.py 2022-12-01 2023-12-31
"""

import sys

import orgchart as oc

start = sys.argv[1] if len(sys.argv) > 1 else "2022-12-01"
end = sys.argv[2] if len(sys.argv) > 2 else "2023-12-31"
history = oc.seeds.alibaba()
change = history.diff(start, end)
print(change)  # one sentence a line: "Eddie Wu succeeds Daniel Zhang as ..."
print()
for event in change.events:
    print(f"{event.date.display()}: {event.summary}")
print(f"{len(change)} operations in {len(change.events)} events")
