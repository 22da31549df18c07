"""Print a person's posts (or a post's holders) and draw them as a timeline.

python examples/timeline.py "Eddie Wu" eddie-wu.svg
"""

import sys

import orgchart as oc

who = sys.argv[1] if len(sys.argv) > 1 else "Eddie Wu"
target = sys.argv[2] if len(sys.argv) > 2 else None
history = oc.seeds.alibaba()
tenures = history.timeline(who)
print(tenures.to_text())
if target:
    print(f"wrote {oc.render(tenures, target, direction='LR')}")
