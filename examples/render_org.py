"""Draw the Alibaba org on a date into an SVG file.

python examples/render_org.py 2023-12-31 org.svg
"""

import sys

import orgchart as oc

date = sys.argv[1] if len(sys.argv) > 1 else "2023-12-31"
target = sys.argv[2] if len(sys.argv) > 2 else "org.svg"
history = oc.seeds.alibaba()
path = oc.render(history.as_of(date), target, title=f"Alibaba on {oc.parse_date(date).display()}")
print(f"wrote {path}")
