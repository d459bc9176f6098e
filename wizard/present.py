"""How findings and fields read, in one place: the CLI's text report, the TUI's field rows, Review, the
overview, the step list and the help panel all take their words and marks from here.

Marks carry the state by shape, not colour alone (a person under NO_COLOR still tells them apart).
"""

from __future__ import annotations

from collections.abc import Sequence

from . import fields
from .findings import Finding
from .values import Problem

ERROR_MARK = "✗"
WARNING_MARK = "!"
OK_MARK = "✓"
MODE_NAMES = {fields.SM: "single machine", fields.SC: "scalable cluster"}


def mark(finding: Finding) -> str:
    return ERROR_MARK if finding.is_error else WARNING_MARK


def word(finding: Finding) -> str:
    return "Error" if finding.is_error else "Warning"


def finding_line(finding: Finding | Problem) -> str:
    """Beside its field: the mark, what is wrong and how to fix it (a refused `Problem` is an error)."""
    if isinstance(finding, Finding):
        return f"{mark(finding)} {word(finding)}: {finding.message} — {finding.hint}"
    return f"{ERROR_MARK} Error: {finding.message} — {finding.hint}"


def finding_entry(finding: Finding) -> str:
    """In a list of the whole document's findings (Review, overview): which field, and what is wrong."""
    return f"{mark(finding)} {word(finding)} {finding.path or 'document'}: {finding.message}"


def report_tag(finding: Finding) -> str:
    return "ERROR" if finding.is_error else "WARN "


def report_body(finding: Finding) -> str:
    return f" {finding.path or '(document)'}: {finding.message}\n      fix: {finding.hint}  [{finding.rule}]"


def finding_report(finding: Finding) -> str:
    """The CLI's text report: two lines, the fix and the stable rule id on the second (the CLI colours the
    tag through rich, which knows the Windows console, NO_COLOR and pipes)."""
    return report_tag(finding) + report_body(finding)


def blocked_reason(errors: Sequence[Finding]) -> str:
    """Under the Next button while a step has errors."""
    if not errors:
        return ""
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{ERROR_MARK} Blocked{more}: {errors[0].message}"


READY_NOTE = f"{OK_MARK} No errors on this step: Next goes on."  # where a blocked reason was


def typed_at_switch(label: str) -> str:
    """Characters typed while a switch has the focus go nowhere: said once, instead of lost without a word."""
    return f"{label} is a switch: what you type does not go into it. Space turns it on or off; Enter or Tab moves on."


READY_TO_WRITE = f"{OK_MARK} No errors: Write writes the file."  # the same on Review, whose button writes


def count_mark(findings: Sequence[Finding], ok: str = "") -> str:
    """A step's state in the step list and the overview: ✗2 (errors), !1 (warnings only), or `ok`."""
    errors = sum(f.is_error for f in findings)
    if errors:
        return f"{ERROR_MARK}{_few(errors)}"
    return f"{WARNING_MARK}{_few(len(findings))}" if findings else ok


def _few(count: int) -> str:
    return str(count) if count <= 9 else "9+"  # the step list is narrow; Review gives the exact count


def counts(findings: Sequence[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


# -- fields ---------------------------------------------------------------------------------------------------
def spec_facts(spec: fields.FieldSpec) -> list[str]:
    """What `explain` and docs/fields.md say of a field besides its label and help."""
    modes = "both" if len(spec.modes) == 2 else next(iter(spec.modes))
    facts = [f"kind {spec.kind}", f"applies to {modes}", f"since schema {spec.since}"]
    if spec.required_in:
        facts.append(f"required in {', '.join(sorted(spec.required_in))}")
    if spec.minimum is not None or spec.maximum is not None:
        facts.append(
            f"range {spec.minimum if spec.minimum is not None else ''}-"
            f"{spec.maximum if spec.maximum is not None else ''}" + (" or 0" if spec.zero_ok else "")
        )
    if spec.choices:
        facts.append("one of " + ", ".join(spec.choices))
    if spec.example:
        facts.append(f"example {spec.example}")
    return facts


def describe_spec(spec: fields.FieldSpec) -> str:
    """The help panel (F1) for a field: what it is, an example, its limits, where it applies."""
    lines = [spec.label, "", spec.help]
    if spec.example:
        lines.append(f"Example: {spec.example}")
    if spec.minimum is not None or spec.maximum is not None:
        low = spec.minimum if spec.minimum is not None else "…"
        high = spec.maximum if spec.maximum is not None else "…"
        lines.append(f"Range: {low} to {high}" + (" (0 = product default)" if spec.zero_ok else ""))
    if spec.choices:
        lines.append("One of: " + ", ".join(spec.choices))
    lines.append("Applies to: " + " and ".join(MODE_NAMES[m] for m in sorted(spec.modes, reverse=True)))
    if spec.required_in:
        lines.append("Required for: " + ", ".join(MODE_NAMES[m] for m in spec.required_in))
    lines.append(f"JSON key: {spec.path}  (schema {spec.since}+)")
    return "\n".join(lines)


def fields_markdown() -> str:
    """docs/fields.md: the catalogue as a table (a test keeps the committed page equal to this)."""
    lines = [
        "# Fields of the deployment file",
        "",
        "Generated by `aksedge-wizard explain --markdown` from the field catalogue (wizard/fields.py); "
        "do not edit by hand.",
        "",
        "| key | label | what it is | facts |",
        "| --- | --- | --- | --- |",
    ]
    for spec in fields.CATALOGUE:
        cells = (f"`{spec.path}`", spec.label, spec.help, "; ".join(spec_facts(spec)))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


MAX_LISTED = 100  # findings in one list on screen; a fleet pasted into one file has thousands
MAX_SHOWN_LINES = 400  # lines of the file or the diff drawn on Review


def listed(findings: Sequence[Finding]) -> tuple[Sequence[Finding], str]:
    """The findings a screen lists, and the line that says how many more there are (or "")."""
    if len(findings) <= MAX_LISTED:
        return findings, ""
    more = len(findings) - MAX_LISTED
    return findings[:MAX_LISTED], f"... and {more} more: fix these first, or run `aksedge-wizard validate` for all"


def clipped(text: str) -> str:
    """The first lines of a long text for the screen, saying how much is left out (the file keeps it all)."""
    lines = text.splitlines(keepends=True)
    if len(lines) <= MAX_SHOWN_LINES:
        return text
    return "".join(lines[:MAX_SHOWN_LINES]) + f"\n... {len(lines) - MAX_SHOWN_LINES} more lines not shown\n"


# The key table, once: README's "Keys" section and the F1 help are both made from it (a test holds README
# to it), and tests/test_keys.py holds every step to it.
KEYS: tuple[tuple[str, str], ...] = (
    (
        "Enter",
        "next field; on a choice, pick it and go on; from the last field, the next step (on Review: "
        "to the Write button)",
    ),
    ("Space", "pick a choice, tick or untick a box"),
    ("Up / Down", "move between choices, adapters and list entries"),
    ("Tab / Shift+Tab", "next / previous field"),
    ("Escape", "previous step (values are kept)"),
    ("Ctrl+N", "next step, once this one has no error"),
    ("Ctrl+S", "Review: every finding, the diff, the file"),
    ("Ctrl+W", "write the file (on Review)"),
    ("Ctrl+G", "suggest free addresses for empty fields; a MAC for an empty MAC field (asks before replacing)"),
    ("Ctrl+E", "an address typed with /NN: keep the address, put NN in Prefix length"),
    ("Ctrl+T", "run this step's live checks (address in use, DNS answers, proxy reachable)"),
    ("Del, Shift+Up/Down", "in the DNS list: remove, move the marked (▶) server"),
    ("Ctrl+P", "command palette: jump to any step or field by its label or JSON key (e.g. mtu)"),
    ("F1 or ?", "explain the focused field"),
    ("Ctrl+Q or Ctrl+C", "quit (asks first if nothing was written)"),
)


def keys_text() -> str:
    width = max(len(k) for k, _ in KEYS)
    return "\n".join(f"{k:<{width}}  {what}" for k, what in KEYS)


def keys_markdown() -> str:
    rows = ["| key | what it does |", "| --- | --- |"]
    rows += [f"| {k} | {what} |" for k, what in KEYS]
    return "\n".join(rows) + "\n"


def internal_error(error: BaseException | None) -> str:
    """How an internal error is named in a report: its type and where it happened, never its values (an
    exception's text or locals may hold a secret)."""
    tb = error.__traceback__ if error is not None else None
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = (
        f" in {tb.tb_frame.f_code.co_filename.replace(chr(92), '/').rsplit('/', 1)[-1]}:{tb.tb_lineno}" if tb else ""
    )
    return f"internal error ({type(error).__name__}{where})"
