"""The command line: the TUI (default), and its headless twins `validate`, `render`, `schema`, `explain`,
`adapters`. Only the TUI imports Textual, and only when it starts.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__, fields, present
from .findings import Finding
from .store import StoreError

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
SUBCOMMANDS = ("validate", "render", "plan", "schema", "explain", "adapters")


def _safe(text: str) -> str:
    """Our message with whatever came from a file or the command line made harmless to a terminal."""
    from .values import printable

    return printable(text, keep_newlines=True)


def _print_findings(findings: list[Finding], out: TextIO) -> None:
    """Coloured through rich where the stream is a terminal: it drives the legacy Windows console by its
    API (no raw escapes there), and leaves colour out for NO_COLOR, TERM=dumb and pipes."""
    from rich.console import Console
    from rich.text import Text

    plain = "NO_COLOR" in os.environ  # rich would still print bold; NO_COLOR means no escapes at all here
    console = Console(
        file=out, highlight=False, markup=False, emoji=False, soft_wrap=True, color_system=None if plain else "auto"
    )
    for finding in findings:
        tag = Text(present.report_tag(finding), style="bold red" if finding.is_error else "yellow")
        console.print(Text.assemble(tag, present.report_body(finding)))


# -- host facts shared by several commands ----------------------------------------------------------------
def _host_facts(args: argparse.Namespace) -> Any:
    from . import host

    return host.facts_for(demo=getattr(args, "demo", False), adapters_file=getattr(args, "adapters_file", None))


def _add_host_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--demo", action="store_true", help="use the bundled sample adapters, not this host's")
    group.add_argument("--adapters-file", metavar="F", type=Path, help="read host facts from a JSON file")


# -- subcommands ------------------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    from . import rules, store

    reports: list[dict[str, Any]] = []
    worst = EXIT_OK
    adapters = None
    if args.demo or args.adapters_file:
        adapters = _host_facts(args).adapters
    for name in args.files:
        try:
            draft = store.load(Path(name))
        except StoreError as exc:
            worst = EXIT_UNUSABLE
            reports.append({"file": str(name), "valid": False, "error": str(exc), "findings": []})
            continue
        found = rules.validate(draft, adapters=adapters)
        valid = not rules.errors(found)
        if not valid and worst == EXIT_OK:
            worst = EXIT_ERRORS
        reports.append({"file": str(name), "valid": valid, "findings": [f.to_dict() for f in found], "_f": found})
    if args.format == "json":
        clean = [{k: v for k, v in r.items() if k != "_f"} for r in reports]
        json.dump(clean[0] if len(clean) == 1 else clean, sys.stdout, indent=2)
        print()
    else:
        for report in reports:
            if "error" in report:
                print(_safe(f"{report['file']}: cannot be used: {report['error']}"), file=sys.stdout)
                continue
            found = report["_f"]
            verdict = "valid" if report["valid"] else "INVALID"
            print(_safe(f"{report['file']}: {verdict} ({present.counts(found)})"))
            _print_findings(found, sys.stdout)
        if len(reports) > 1:
            bad = sum(not r["valid"] for r in reports)
            print(f"{len(reports)} files: {len(reports) - bad} valid, {bad} not")
    return worst


def cmd_render(args: argparse.Namespace) -> int:
    from . import answers, files, rules, store

    try:
        if args.output != "-":
            files.check_replaceable(Path(args.output))  # before any output: a wrong -o is the one thing said
        given = answers.load_answers(args.answers)
    except files.FileRefused as exc:
        print(_safe(f"error: {exc}"), file=sys.stderr)
        return EXIT_UNUSABLE
    except StoreError as exc:
        print(_safe(f"error: {exc}"), file=sys.stderr)
        return EXIT_UNUSABLE
    facts = _host_facts(args) if (args.demo or args.adapters_file or args.from_host) else None
    try:
        draft = answers.draft_from_answers(given, host=facts.defaults(given) if facts else None)
    except StoreError as exc:
        print(_safe(f"error: {args.answers}: {exc}"), file=sys.stderr)
        return EXIT_UNUSABLE
    found = rules.validate(draft, adapters=facts.adapters if facts else None)
    if rules.errors(found):
        _print_findings(found, sys.stderr)
        print(_safe(f"{args.answers}: {present.counts(found)}; nothing written"), file=sys.stderr)
        return EXIT_ERRORS
    if found:
        _print_findings(found, sys.stderr)
    if args.output == "-":
        sys.stdout.write(draft.to_json())
        return EXIT_OK
    try:
        result = store.write(draft, Path(args.output))
    except StoreError as exc:
        print(_safe(f"error: {exc}"), file=sys.stderr)
        return EXIT_UNUSABLE
    note = "unchanged, nothing written" if not result.written else "written"
    backup = f" (previous file kept as {result.backup})" if result.backup else ""
    print(_safe(f"{result.path}: {note}{backup}; {present.counts(found)}"))
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    from . import plan, store

    try:
        draft = store.load(args.config)
        if args.add_windows_node:
            planned = [plan.plan_add_node(draft, args.folder)]
        else:
            if args.machines is None:
                raise plan.PlanError("say how many machines to add (--machines N), or use --add-windows-node")
            planned = plan.plan(draft, args.machines, args.nodes, args.control_planes, args.folder)
    except store.StoreError as exc:
        print(_safe(f"aksedge-wizard: {exc}"), file=sys.stderr)
        return EXIT_UNUSABLE
    except plan.PlanError as exc:
        print(_safe(f"aksedge-wizard plan: {exc}"), file=sys.stderr)
        return EXIT_ERRORS
    if args.format == "json":
        json.dump(plan.as_json(planned), sys.stdout, indent=2)
        print()
    else:
        print(plan.add_node_text(planned[0]) if args.add_windows_node else plan.as_text(planned))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import json_schema

    json.dump(json_schema(), sys.stdout, indent=2)
    print()
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(present.fields_markdown())
        return EXIT_OK
    wanted = args.path
    specs = list(fields.CATALOGUE)
    if wanted:
        spec = fields.spec_for(wanted)
        specs = [spec] if spec else [s for s in specs if wanted.casefold() in s.path.casefold()]
        if not specs:
            print(_safe(f"no field matches {wanted!r}; run 'aksedge-wizard explain' for the list"), file=sys.stderr)
            return EXIT_UNUSABLE
    for spec in specs:
        print(f"{spec.path}\n  {spec.label}: {spec.help}")
        print("  " + "; ".join(present.spec_facts(spec)))
    return EXIT_OK


def cmd_adapters(args: argparse.Namespace) -> int:
    facts = _host_facts(args)
    if args.json:
        json.dump(
            {
                "adapters": [a.to_dict() for a in facts.adapters],
                "dns_servers": list(facts.dns_servers),
                "problems": list(facts.problems),
            },
            sys.stdout,
            indent=2,
        )
        print()
        return EXIT_OK
    for problem in facts.problems:
        print(_safe(f"note: {problem}"), file=sys.stderr)
    if not facts.adapters:
        print("no physical network adapters found")
        return EXIT_OK
    from .host import adapter_table

    print(_safe(adapter_table(facts.adapters)))
    if facts.dns_servers:
        print(f"\nDNS servers: {', '.join(facts.dns_servers)}")
    return EXIT_OK


# -- argument parsing -------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aksedge-wizard",
        description="Write and check the deployment JSON of AKS Edge Essentials. Without a command, starts the wizard.",
    )
    parser.add_argument("--version", action="version", version=f"aksedge-wizard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check deployment files (exit 0 ok, 1 errors, 2 unusable file)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _add_host_options(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("render", help="write a deployment file from a YAML answers file, unattended")
    p.add_argument("answers", metavar="ANSWERS.yaml")
    p.add_argument("-o", "--output", required=True, metavar="OUT.json", help="file to write, or - for stdout")
    p.add_argument(
        "--from-host",
        action="store_true",
        help="take DNS servers, gateway, prefix, adapter and proxy defaults from this host",
    )
    _add_host_options(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("plan", help="addresses and commands, in order, for the next machines of a scalable cluster")
    p.add_argument("config", metavar="CONFIG", type=Path, help="the first machine's deployment file")
    p.add_argument("--machines", type=int, metavar="N", help="how many machines to add")
    p.add_argument(
        "--add-windows-node",
        action="store_true",
        help="instead: a Windows node on the first machine (New-AksEdgeScaleConfig -ScaleType AddNode, Add-AksEdgeNode)",
    )
    p.add_argument(
        "--nodes",
        choices=("linux", "windows", "linuxandwindows"),
        default="linux",
        help="the nodes of each new machine (default linux)",
    )
    p.add_argument(
        "--control-planes",
        type=int,
        default=0,
        metavar="K",
        help="how many of the new machines get an extra control-plane node (the total must be odd)",
    )
    p.add_argument("--folder", default="C:\\AksEdge", help="where the join files go on the boxes (default C:\\AksEdge)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("schema", help="print a JSON Schema (draft 2020-12) of the deployment file")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("explain", help="what a field means, its limits and where it applies")
    p.add_argument("path", nargs="?", help="e.g. Network.Ip4PrefixLength")
    p.add_argument("--markdown", action="store_true", help="every field as a Markdown table (docs/fields.md)")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("adapters", help="the physical network adapters of this host, as the wizard sees them")
    p.add_argument("--json", action="store_true")
    _add_host_options(p)
    p.set_defaults(func=cmd_adapters)
    return parser


def build_tui_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<10} {help_}" for name, help_ in _command_help())
    parser = argparse.ArgumentParser(
        prog="aksedge-wizard",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write and check the deployment JSON of AKS Edge Essentials.\n"
        "Without a command, starts the wizard with these options.",
        epilog=f"commands (aksedge-wizard COMMAND --help for each):\n{commands}\n\nAlso runs as: python -m wizard ...",
    )
    parser.add_argument("--version", action="version", version=f"aksedge-wizard {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("aksedge-config.json"),
        metavar="PATH",
        help="file to create or reconfigure (default ./aksedge-config.json)",
    )
    parser.add_argument("--answers", type=Path, metavar="F", help="prefill from a YAML answers file")
    parser.add_argument("--offline", action="store_true", help="run no live network checks")
    glyphs = parser.add_mutually_exclusive_group()
    glyphs.add_argument(
        "--ascii",
        action="store_true",
        default=None,
        help="draw with ASCII only (automatic in the old Windows console, not in Windows Terminal)",
    )
    glyphs.add_argument("--unicode", dest="ascii", action="store_false", help="draw with Unicode glyphs even there")
    _add_host_options(parser)
    return parser


def _command_help() -> list[tuple[str, str]]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [(choice.dest, choice.help or "") for choice in sub._choices_actions]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):  # a Windows pipe is cp1252: a ✓ must not become a traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = build_parser().parse_args(argv)
            return int(args.func(args))
        args = build_tui_parser().parse_args(argv)
        return run_tui(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # no traceback, ever: one line (no values: they may hold a secret) and exit 2
        print(
            f"aksedge-wizard: {present.internal_error(exc)}; nothing was written. "
            "Please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE


def run_tui(args: argparse.Namespace) -> int:
    # Importing Textual and composing the first screen make tens of thousands of objects that live as long
    # as the app; collecting garbage among them on the way only delays the first frame (a 20 ms pass).
    gc.disable()
    try:
        from .app import run  # lazy: Textual is imported only for the TUI
    finally:
        gc.enable()
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
