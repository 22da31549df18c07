"""The ``orgchart`` command: look at a history from a terminal.

Every command reads the shipped Alibaba data set unless ``--file`` names
another history file::

    orgchart show --date 2023-12-31
    orgchart render --date 2023-12-31 -o org.svg
    orgchart diff 2022-12-01 2023-12-31 -o changes.svg
    orgchart timeline "Eddie Wu"
    orgchart events --from 2023-01-01 --to 2023-12-31
    orgchart validate my-history.yaml

Mistakes (a bad date, an unknown name, a broken file) print one line to
stderr and exit with status 1; usage errors exit with status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pendulum

from . import __version__
from .dates import DateLike, parse_date
from .diffs import diff
from .dot import LAYOUTS, RANKDIRS
from .errors import NotFoundError, OrgChartError, ValidationError
from .events import Event
from .fileformat import dump, load
from .history import History
from .items import KIND, Person
from .merges import merge
from .model import Snapshot
from .pages import page
from .rendering import render
from .report import ACTIONS

__all__ = ["main", "print_import"]


def _history(args: argparse.Namespace) -> History:
    if args.file:
        return load(args.file)
    from . import seeds

    return seeds.alibaba()


def _history_and_date(args: argparse.Namespace) -> tuple[History, str]:
    """The history a command reads, and its --date (default: the last event's)."""
    history = _history(args)
    return history, args.date or _latest_date(history)


def _latest_date(history: History) -> str:
    return str(history.end.latest) if history.end is not None else "1970-01-01"


def _event_lines(history: History, event: Event) -> list[str]:
    lines = [event.headline()]
    for source_id in event.sources:
        source = history.sources.get(source_id)
        lines.append(f"    source: {source.describe() if source else source_id}")
    if event.note:
        lines.append(f"    note: {' '.join(event.note.split())}")
    return lines


def count(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 event", "2 events", "1 person", "3 people"."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def _on(date: DateLike) -> str:
    """ "on 31 December 2023", "in June 2023", "in 2023"."""
    parsed = parse_date(date)
    return f"{'on' if parsed.precision == 'day' else 'in'} {parsed.display()}"


def _part(snapshot: Snapshot, args: argparse.Namespace) -> Snapshot:
    """The org, or the part of it under --root (to --depth levels)."""
    root = getattr(args, "root", None)
    depth = getattr(args, "depth", None)
    if root is None:
        if depth is not None:
            raise ValidationError("--depth needs --root (the unit or post to count from)")
        return snapshot
    return snapshot.subtree(root, depth=depth)


def _root_id(root: str, snapshots: list[Snapshot]) -> str:
    """The id of the unit or post a --root names, in the first snapshot that has it."""
    for snapshot in snapshots:
        for find in (snapshot.unit, snapshot.post):
            try:
                return find(root).id
            except NotFoundError:
                continue
    raise NotFoundError(f"no unit or post {root!r} on either date")


def _coverage(history: History, date: str, out: TextIO) -> None:
    """Say so when a date is outside the record, or includes planned events."""
    day = parse_date(date)
    if history.start is not None and day.latest < history.start.earliest:
        print(f"note: the record starts {_on(history.start)}; this is the org before it", file=out)
    elif history.end is not None and day.earliest > history.end.latest:
        print(f"note: the record ends {_on(history.end)}; nothing is known after it", file=out)
    today = pendulum.today().date()
    planned = [e for e in history.events if today < e.date.earliest <= day.earliest]
    if planned:
        print(
            f"note: planned: {count(len(planned), 'event')} announced but not yet in effect "
            f"today are included ({', '.join(e.describe() for e in planned)})",
            file=out,
        )


def cmd_show(args: argparse.Namespace, out: TextIO) -> None:
    history, date = _history_and_date(args)
    snapshot = _part(history.as_of(date, known_at=args.known_at), args)
    if args.format != "text":
        _print_rows(snapshot.to_rows(), args.format, out)
        return
    known = f", as known {_on(args.known_at)}" if args.known_at else ""
    title = history.title or "Organisation"
    print(f"{title} {_on(date)}{known}", file=out)
    _coverage(history, date, out)
    print("", file=out)
    print(snapshot.to_text() or "(nothing on record)", file=out)


def _diagram_options(args: argparse.Namespace) -> dict[str, object]:
    options: dict[str, object] = {}
    if args.direction:
        options["direction"] = args.direction
    if args.title:
        options["title"] = args.title
    for name in ("root", "depth", "layout"):
        value = getattr(args, name, None)
        if value is not None:
            options[name] = value
    if getattr(args, "no_units", False):
        options["show_units"] = False
    return options


def _write(obj: object, args: Any, out: TextIO, **options: Any) -> None:
    if isinstance(args, dict):
        args = argparse.Namespace(**args)
    chosen: dict[str, Any] = {**_diagram_options(args), **options}
    path = render(obj, args.output, **chosen)
    print(f"wrote {path}", file=out)


def cmd_render(args: argparse.Namespace, out: TextIO) -> None:
    history, date = _history_and_date(args)
    snapshot = history.as_of(date, known_at=args.known_at)
    if not args.title:
        args.title = f"{history.title or 'Organisation'} {_on(date)}"
    _write(snapshot, args, out)


def cmd_page(args: argparse.Namespace, out: TextIO) -> None:
    history = _history(args)
    options = {k: v for k, v in _diagram_options(args).items() if k != "title"}
    path = page(
        history,
        args.output,
        start=args.start,
        end=args.end,
        every=args.every,
        title=args.title,
        **options,
    )
    size = path.stat().st_size
    print(f"wrote {path} ({size / 1024:,.0f} KiB)", file=out)


def cmd_merge(args: argparse.Namespace, out: TextIO) -> int:
    base, ours, theirs = (load(path) for path in (args.base, args.ours, args.theirs))
    result = merge(base, ours, theirs, on=args.on)
    if args.diagram:
        _write(result, {"output": args.diagram, "direction": None, "title": None}, out)
    snapshot = result.snapshot
    if snapshot is None:
        for conflict in result.conflicts:
            print(f"conflict ({conflict.kind}): {conflict.describe()}", file=out)
        return 1
    change = diff(result.base, snapshot)
    print(f"clean merge: {count(len(change), 'change')} from the base", file=out)
    if args.output:
        names = f"{Path(args.ours).name} and {Path(args.theirs).name}"
        if result.on is None or not len(base):
            merged = History(snapshot, (), base.sources or None, title=base.title)
        else:
            merged = base.append(Event(result.on, change, summary=f"Merge of {names}"))
        dump(merged, args.output)
        print(f"wrote {args.output}", file=out)
    return 0


def cmd_diff(args: argparse.Namespace, out: TextIO) -> None:
    history = _history(args)
    change = history.diff(args.start, args.end)
    if args.root is not None:
        # What changed in that part of the org: the diff of the two parts. A name
        # is read on the later date (units are renamed); the id holds for both.
        ends = [history.as_of(args.start), history.as_of(args.end)]
        args.root = _root_id(args.root, ends[::-1])
        parts = []
        for snapshot in ends:
            try:
                parts.append(_part(snapshot, args))
            except NotFoundError:
                parts.append(Snapshot())  # not there yet, or no longer
        change = diff(parts[0], parts[1]).with_origin(change.origin)
    elif args.depth is not None:
        raise ValidationError("--depth needs --root (the unit or post to count from)")
    if args.output:
        _write(change, {**vars(args), "root": None, "depth": None}, out)
    if args.format != "text":
        _print_rows(change.to_rows(), args.format, out)
        return
    print(
        f"Changes from {parse_date(args.start).display()} to {parse_date(args.end).display()}:",
        file=out,
    )
    print(change.to_text(), file=out)
    if change.events:
        print("", file=out)
        print("Events:", file=out)
        for event in change.events:
            print("\n".join("  " + line for line in _event_lines(history, event)), file=out)


def cmd_timeline(args: argparse.Namespace, out: TextIO) -> None:
    history = _history(args)
    subject = history.find(args.subject)
    tenures = history.timeline(subject)
    heading = (
        subject.name if isinstance(subject, Person) else f"{KIND[type(subject)]} {subject.id!r}"
    )
    if args.output:
        _write(tenures, args, out)
    if args.format != "text":
        _print_rows(tenures.to_rows(), args.format, out)
        return
    print(heading, file=out)
    for tenure in tenures:
        length = tenure.length()
        suffix = f" [{length}]" if length else ""
        print(f"  {tenure.describe()}{suffix}", file=out)
    if not tenures:
        print("  (no tenures on record)", file=out)


def cmd_events(args: argparse.Namespace, out: TextIO) -> None:
    history = _history(args)
    # Both ends inclusive, each as wide as its precision: --to 2022 takes all of 2022.
    first = parse_date(args.start).ordinal if args.start else None
    last = parse_date(args.end).latest.toordinal() if args.end else None
    if first is not None and last is not None and first > last:
        raise ValidationError(f"--from {args.start} is after --to {args.end}")
    events = [
        e
        for e in history.events
        if (first is None or e.day >= first) and (last is None or e.day <= last)
    ]
    if args.format != "text":
        chosen = {id(e) for e in events}
        rows = [
            r for e, r in zip(history.events, history.event_rows(), strict=True) if id(e) in chosen
        ]
        _print_rows(rows, args.format, out)
        return
    for event in events:
        print("\n".join(_event_lines(history, event)), file=out)


def print_import(history: History, path: object, out: TextIO, limit: int = 10) -> None:
    """What an import wrote, and what its report says: the summary, then its first lines."""
    people = count(len(history.everything().people), "person", "people")
    print(f"wrote {path}: {count(len(history.events), 'event')}, {people}", file=out)
    report = history.report
    print(f"report: {report.summary()}", file=out)
    # What was repaired or dropped first: that is what a reader must check.
    notes = sorted(report.notes, key=lambda note: ACTIONS.index(note.action))
    for note in notes[:limit]:
        print(f"  {note}", file=out)
    if len(notes) > limit:
        print(f"  ... and {len(notes) - limit} more", file=out)


def cmd_import_popolo(args: argparse.Namespace, out: TextIO) -> None:
    from . import popolo
    from .fileformat import dump

    history = popolo.load(args.input, strict=args.strict)
    print_import(history, dump(history, args.output), out)


def cmd_import_wikidata(args: argparse.Namespace, out: TextIO) -> None:
    from . import wikidata
    from .fileformat import dump

    history = wikidata.load(args.input, position=args.position, strict=args.strict)
    print_import(history, dump(history, args.output), out)


def cmd_export_popolo(args: argparse.Namespace, out: TextIO) -> None:
    from . import popolo

    path = popolo.dump(_history(args), args.output)
    print(f"wrote {path}", file=out)


def cmd_validate(args: argparse.Namespace, out: TextIO) -> None:
    history = load(args.path)
    print(
        f"{args.path}: valid, {count(len(history.events), 'event')}, "
        f"{count(len(history.latest.people), 'person', 'people')} at the end, "
        f"{count(len(history.sources), 'source')}",
        file=out,
    )


def cmd_people_in_line(args: argparse.Namespace, out: TextIO) -> None:
    """A person's manager, their reports, or their chain of command, on a date."""
    history, date = _history_and_date(args)
    org = history.as_of(date)
    person = org.person(args.person)
    if args.command == "manager":
        people, heading, none = org.manager_of(person), "manager of", "no manager"
    elif args.command == "reports":
        people = org.reports_of(person, all=args.all)
        heading = "everyone below" if args.all else "reporting to"
        none = "nobody reports to them"
    else:
        people, heading, none = org.chain_of_command(person), "above", "nobody is above them"
    print(f"{heading} {person.name} {_on(date)}:", file=out)
    for other in people:
        posts = "; ".join(
            f"{post.title}, {org.units[post.unit].name}" for post in org.posts_held(other)
        )
        print(f"  {other.name} ({posts})", file=out)
    if not people:
        print(f"  ({none})", file=out)


_DATED = re.compile(r"(\d{4}-\d{2}(?:-\d{2})?)")


def cmd_import_exports(args: argparse.Namespace, out: TextIO) -> None:
    """A folder of dated CSV exports (a date in each file name) to a history file."""
    from . import tables
    from .fileformat import dump

    folder = Path(args.folder)
    if not folder.is_dir():
        raise ValidationError.field("FOLDER", args.folder, "a folder of CSV files")
    exports: list[tuple[Any, Path]] = []
    skipped: list[str] = []
    named: dict[Any, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv":
            continue
        found = _DATED.search(path.stem)
        if found is None:
            skipped.append(f"{path.name}: no date (YYYY-MM or YYYY-MM-DD) in its name")
            continue
        try:
            date = parse_date(found.group(1))
        except OrgChartError:
            skipped.append(f"{path.name}: {found.group(1)!r} in its name is not a date")
            continue
        # Two exports of one day cannot both be the org on that day: refuse, not guess.
        other = named.setdefault(date.earliest, path)
        if other is not path:
            raise ValidationError(f"{other.name} and {path.name} are both dated {date}")
        exports.append((date, path))
    if not exports:
        raise ValidationError(f"{folder}: no CSV file with a date in its name")
    history = tables.read_exports(exports)
    path = dump(history, args.output)
    people = count(len(history.everything().people), "person", "people")
    print(
        f"wrote {path}: {count(len(exports), 'export')}, "
        f"{count(len(history.events), 'event')}, {people}",
        file=out,
    )
    for line in skipped:
        print(f"  skipped {line}", file=out)


def cmd_list(args: argparse.Namespace, out: TextIO) -> None:
    """The people, posts or units of the org on a date, with their ids."""
    history, date = _history_and_date(args)
    org = history.as_of(date)
    if args.what == "people":
        rows = [
            {
                "id": p.id,
                "name": p.name,
                "posts": "; ".join(post.title for post in org.posts_held(p)),
            }
            for p in sorted(org.people.values(), key=lambda p: p.name.casefold())
        ]
    elif args.what == "posts":
        rows = [
            {
                "id": p.id,
                "title": p.title,
                "unit": org.units[p.unit].name,
                "holders": ", ".join(h.name for h in org.holders(p)) or "(vacant)",
            }
            for p in sorted(org.posts.values(), key=lambda p: (p.unit, p.title.casefold()))
        ]
    else:
        rows = [
            {"id": u.id, "name": u.name, "kind": u.kind or "", "parent": u.parent or ""}
            for u in sorted(org.units.values(), key=lambda u: u.id)
        ]
    _print_rows(rows, args.format, out)


def _cell(value: Any) -> Any:
    """A value as a CSV or text cell: dates in ISO form, lists joined by "; "."""
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else value


def _print_rows(rows: list[dict[str, Any]], format: str, out: TextIO) -> None:
    if format == "json":
        print(json.dumps(rows, indent=1, ensure_ascii=False, default=str), file=out)
        return
    rows = [{k: _cell(v) for k, v in row.items()} for row in rows]
    if not rows:
        print("(none)", file=out)
        return
    if format == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in rows[0]}
    print("  ".join(k.ljust(widths[k]) for k in rows[0]).rstrip(), file=out)
    for row in rows:
        print("  ".join(str(row[k]).ljust(widths[k]) for k in row).rstrip(), file=out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orgchart",
        description="Look at the history of an organisation: the org on a date, what "
        "changed between dates, who held which post when.",
    )
    parser.add_argument("--version", action="version", version=f"orgchart {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    source = argparse.ArgumentParser(add_help=False)
    source.add_argument(
        "-f",
        "--file",
        metavar="PATH",
        help="a history file (.yaml or .json); default: the shipped Alibaba data set",
    )

    show = commands.add_parser("show", parents=[source], help="the org on a date, as a text tree")
    show.add_argument("-d", "--date", help="YYYY-MM-DD, YYYY-MM or YYYY; default: the last event")
    show.add_argument("--known-at", metavar="DATE", help="as the record stood on this date")
    show.add_argument(
        "--root", metavar="ID", help="only this unit or post and what is under it (id or name)"
    )
    show.add_argument(
        "--depth", type=int, metavar="N", help="levels below --root to show (0: --root alone)"
    )
    show.add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default="text",
        help="text (a tree), or one row per holding and vacant post",
    )
    show.set_defaults(run=cmd_show)

    for name, text in (
        ("manager", "who a person reports to, through the posts they hold"),
        ("reports", "who reports to a person (--all: everyone below them)"),
        ("chain", "a person's chain of command, up to the top"),
    ):
        in_line = commands.add_parser(name, parents=[source], help=text)
        in_line.add_argument("person", metavar="PERSON", help="a name, alias or id")
        in_line.add_argument("-d", "--date", help="YYYY-MM-DD, YYYY-MM or YYYY; default: the end")
        if name == "reports":
            in_line.add_argument("--all", action="store_true", help="everyone below, not direct")
        in_line.set_defaults(run=cmd_people_in_line)

    listing = commands.add_parser(
        "list", parents=[source], help="the people, posts or units on a date, with their ids"
    )
    listing.add_argument("what", choices=("people", "posts", "units"))
    listing.add_argument(
        "-d", "--date", help="YYYY-MM-DD, YYYY-MM or YYYY; default: the last event"
    )
    listing.add_argument(
        "--format", choices=("text", "csv", "json"), default="text", help="default: text"
    )
    listing.set_defaults(run=cmd_list)

    diagram = argparse.ArgumentParser(add_help=False)
    diagram.add_argument(
        "--direction",
        choices=RANKDIRS,
        help="layout direction (default: TB, and LR for timelines)",
    )
    diagram.add_argument("--title", help="the diagram's title")
    diagram.add_argument(
        "--layout",
        choices=("auto", *LAYOUTS),
        help="auto (default): compact when the natural drawing is over twice as wide as tall",
    )

    draw = commands.add_parser(
        "render",
        parents=[source, diagram],
        help="draw the org on a date into a file (.svg, .png, .pdf or .dot)",
    )
    draw.add_argument("-o", "--output", required=True, metavar="PATH", help="the file to write")
    draw.add_argument("-d", "--date", help="YYYY-MM-DD, YYYY-MM or YYYY; default: the last event")
    draw.add_argument("--known-at", metavar="DATE", help="as the record stood on this date")
    draw.add_argument(
        "--root", metavar="ID", help="draw only this unit or post and what is under it"
    )
    draw.add_argument(
        "--depth", type=int, metavar="N", help="levels below --root to draw (0: --root alone)"
    )
    draw.add_argument("--no-units", action="store_true", help="do not draw units as boxes")
    draw.set_defaults(run=cmd_render)

    diff = commands.add_parser(
        "diff", parents=[source, diagram], help="what changed between two dates, with the events"
    )
    diff.add_argument("-o", "--output", metavar="PATH", help="also draw the changes into a file")
    diff.add_argument(
        "--root", metavar="ID", help="only what changed under this unit or post (id or name)"
    )
    diff.add_argument(
        "--depth", type=int, metavar="N", help="levels below --root to compare (0: --root alone)"
    )
    diff.add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default="text",
        help="text (sentences), or one row per operation",
    )
    diff.add_argument("start", metavar="FROM", help="the first date (YYYY-MM-DD, YYYY-MM or YYYY)")
    diff.add_argument("end", metavar="TO", help="the second date; before FROM undoes the changes")
    diff.set_defaults(run=cmd_diff)

    slider = commands.add_parser(
        "page",
        parents=[source, diagram],
        help="write the org over time as one HTML page with a date slider",
    )
    slider.add_argument("-o", "--output", required=True, metavar="PATH", help="the .html to write")
    slider.add_argument("--from", dest="start", metavar="DATE", help="the first date to show")
    slider.add_argument("--to", dest="end", metavar="DATE", help="the last date to show")
    slider.add_argument(
        "--every",
        metavar="STEP",
        help="one frame per step ('1 month', '1 year'); default: one per date with changes",
    )
    slider.add_argument("--no-units", action="store_true", help="do not draw units as boxes")
    slider.set_defaults(run=cmd_page)

    combine = commands.add_parser(
        "merge",
        help="merge two reorganisations drafted from one org; exit 1 with the conflicts",
    )
    combine.add_argument("base", metavar="BASE", help="the history or org both drafts start from")
    combine.add_argument("ours", metavar="OURS", help="one draft (a history or org file)")
    combine.add_argument("theirs", metavar="THEIRS", help="the other draft")
    combine.add_argument(
        "--on", metavar="DATE", help="the date to compare histories on; default: their last date"
    )
    combine.add_argument("-o", "--output", metavar="PATH", help="write the merged history here")
    combine.add_argument(
        "--diagram", metavar="PATH", help="draw the merge (.svg, .png, .pdf or .dot)"
    )
    combine.set_defaults(run=cmd_merge)

    timeline = commands.add_parser(
        "timeline",
        parents=[source, diagram],
        help="the posts of a person, or the holders of a post",
    )
    timeline.add_argument(
        "-o", "--output", metavar="PATH", help="also draw the timeline into a file"
    )
    timeline.add_argument("subject", metavar="PERSON_OR_POST", help="a name, alias or id")
    timeline.add_argument(
        "--format", choices=("text", "csv", "json"), default="text", help="one row per tenure"
    )
    timeline.set_defaults(run=cmd_timeline)

    events = commands.add_parser(
        "events", parents=[source], help="the events between two dates, with their sources"
    )
    events.add_argument("--from", dest="start", metavar="DATE", help="first day (inclusive)")
    events.add_argument("--to", dest="end", metavar="DATE", help="last day (inclusive)")
    events.add_argument(
        "--format", choices=("text", "csv", "json"), default="text", help="one row per event"
    )
    events.set_defaults(run=cmd_events)

    to_history = commands.add_parser(
        "import-popolo", help="turn a Popolo JSON file into an orgchart history file"
    )
    to_history.add_argument("input", metavar="POPOLO.json")
    to_history.add_argument("output", metavar="HISTORY.yaml", help=".yaml, .yml or .json")
    to_history.add_argument(
        "--strict", action="store_true", help="stop at the first record that needs repair"
    )
    to_history.set_defaults(run=cmd_import_popolo)

    from_wikidata = commands.add_parser(
        "import-wikidata",
        help="turn Wikidata JSON (SPARQL results or entity JSON) into an orgchart history file",
    )
    from_wikidata.add_argument("input", metavar="INPUT.json")
    from_wikidata.add_argument("output", metavar="OUTPUT.yaml", help=".yaml, .yml or .json")
    from_wikidata.add_argument(
        "--position",
        metavar="QID",
        help="the position the SPARQL rows are about, when they do not name it",
    )
    from_wikidata.add_argument(
        "--strict", action="store_true", help="stop at the first statement left out or repaired"
    )
    from_wikidata.set_defaults(run=cmd_import_wikidata)

    from_exports = commands.add_parser(
        "import-exports",
        help="turn a folder of dated CSV exports (one row per person) into a history file",
    )
    from_exports.add_argument(
        "folder", metavar="FOLDER", help="CSV files with a date in their names (2024-01.csv)"
    )
    from_exports.add_argument("output", metavar="HISTORY.yaml", help=".yaml, .yml or .json")
    from_exports.set_defaults(run=cmd_import_exports)

    to_popolo = commands.add_parser(
        "export-popolo", parents=[source], help="write a history as Popolo JSON"
    )
    to_popolo.add_argument("output", metavar="POPOLO.json")
    to_popolo.set_defaults(run=cmd_export_popolo)

    validate = commands.add_parser("validate", help="check a history file")
    validate.add_argument("path", metavar="PATH")
    validate.set_defaults(run=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        status = args.run(args, out or sys.stdout)
    except OrgChartError as error:
        print(f"orgchart: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return status or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
