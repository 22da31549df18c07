"""Print what changed in the Alibaba org between two dates, with the events.

python examples/what_changed.py 2022-12-01 2023-12-31
"""

import sys

import orgchart as oc

start = sys.argv[1] if len(sys.argv) > 1 else "2022-12-01"
end = sys.argv[2] if len(sys.argv) > 2 else "2023-12-31"
history = oc.seeds.alibaba()
change = history.diff(start, end)
for row in change.to_rows():
    if row["kind"] == "appointment":
        verb = "joins" if row["op"] == "appoint" else "leaves"
        print(f"{row['date']}: {row['person']} {verb} {row['id']} ({row['summary']})")
print(f"{len(change)} changes in {len(change.events)} events")
