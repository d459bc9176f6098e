"""One person's session: the document, its findings, the host facts, the live-check results, and every
operation a person can do on them. No Textual: the app and the step views call these methods and show
what they return; the CLI and the tests use them headless.

Every edit goes through `set_value` (or a method built on it), which re-runs the rules and tells the
listeners which paths changed, so whatever shows the document is refreshed from one place.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import fields, store, template, values
from .draft import Draft
from .findings import Finding, sort_findings
from .host import Adapter, HostFacts
from .steps import BY_ID, OVERVIEW, Step, StepId, active_steps, findings_by_step, is_joining, is_scalable

if TYPE_CHECKING:
    from . import probes

DNS_PATH = "Network.DnsServers"
ADAPTER_PATH = "Machines[0].NetworkConnection.AdapterName"
NO_PROXY_PATH = "Network.Proxy.No"
PREFIX_PATH = "Network.Ip4PrefixLength"
# A live check that failed can be skipped by the product's own switch; asked for before leaving the step.
SKIP_SWITCH = {"address": "Network.SkipAddressFreeCheck", "dns": "Network.SkipDnsCheck"}
PROBE_STEP = {"address": "addressing", "dns": "dns", "proxy": "proxy"}


@dataclass
class Change:
    """What an operation changed: the paths it set (empty: nothing), and what a view may need next."""

    paths: list[str] = field(default_factory=list)
    index: int | None = None  # the list entry to select afterwards (DNS list)
    added: list[str] = field(default_factory=list)  # entries added (no-proxy completion)
    problem: values.Problem | None = None  # why nothing changed, when the input was refused
    rest: str = ""  # what was typed but not taken (DNS servers that are not addresses)

    def __bool__(self) -> bool:
        return bool(self.paths)


WriteStatus = Literal["written", "unchanged", "conflict", "broken", "refused", "no-folder", "failed"]


@dataclass
class WriteOutcome:
    """written / unchanged: `result` says where; conflict: the file changed on disk since it was read;
    broken: the file on disk could not be read at start; refused: `findings` are the errors; no-folder:
    the file's folder does not exist (`create_folder=True` makes it); failed: `message` says why the store
    could not write. Whatever the outcome, the session and its answers stay."""

    status: WriteStatus
    result: store.WriteResult | None = None
    findings: list[Finding] = field(default_factory=list)
    message: str = ""


Listener = Callable[[Change], None]
LARGE_MACHINES = 16  # a deployment file holds one machine; a scale config a few


class Session:
    def __init__(
        self,
        draft: Draft,
        *,
        config_path: Path,
        host: HostFacts | None = None,
        disk_text: str | None = None,
        offline: bool = False,
        mac_rng: random.Random | None = None,
        reconfigure: bool = False,
        broken: str | None = None,
        legacy: bool = False,
        transport: probes.Transport | None = None,
        recovery: bool = False,
        from_template: bool = False,
    ) -> None:
        self.draft = draft
        self.config_path = config_path
        self.host = host or HostFacts(source="loading")
        self.disk_text = disk_text  # the file as read at start (None: there was none)
        self.offline = offline
        self.mac_rng = mac_rng
        self.reconfigure = reconfigure
        self.broken = broken  # why the file on disk could not be read; it is only replaced after asking
        self.legacy = legacy
        self.recovery = recovery  # answers saved by a run that did not end by the person's choice wait to be restored
        # The template's text while the document is still exactly what the template made (typed by it).
        self._template_text = draft.to_json() if from_template else None
        self.findings: list[Finding] = []
        self.probe_results: dict[str, probes.CheckResult] = {}
        self.validated = False
        self.stale = False  # findings are older than the document (a large one, judged by a worker)
        self.version = 0  # counts edits, so a worker's late findings for an older document are dropped
        self._saved_text = disk_text
        self.listeners: list[Listener] = []
        self._transport = transport

    @property
    def transport(self) -> probes.Transport:
        """How live checks reach the network (tests aim it at servers on 127.0.0.1)."""
        from . import probes

        if self._transport is None:
            self._transport = probes.Transport()
        return self._transport

    # -- what the person sees ---------------------------------------------------------------------------
    @property
    def joining(self) -> bool:
        """The document is a join file: the flow asks only what belongs to this machine."""
        return is_joining(self.draft)

    def steps(self) -> list[Step]:
        overview = self.reconfigure and not self.joining  # a join file opens on its cluster summary
        return ([OVERVIEW] if overview else []) + active_steps(self.draft)

    @staticmethod
    def step_by_id(step_id: str) -> Step:
        return OVERVIEW if step_id == "overview" else BY_ID[step_id]

    def by_step(self) -> dict[StepId, list[Finding]]:
        return findings_by_step(self.findings, self.draft)

    def step_errors(self, step_id: str, by_step: dict[StepId, list[Finding]] | None = None) -> list[Finding]:
        """The errors that keep a step from moving on (Review: every error of the document)."""
        if step_id == "review":
            return [f for f in self.findings if f.is_error]
        by_step = by_step if by_step is not None else self.by_step()
        return [f for f in by_step.get(step_id, []) if f.is_error]

    def adapter_name(self) -> str | None:
        name = self.draft.get(ADAPTER_PATH)
        return name if isinstance(name, str) and name else None

    def chosen_adapter(self) -> Adapter | None:
        return self.host.adapter(self.adapter_name())

    def dns_servers(self) -> list[Any]:
        servers = self.draft.get(DNS_PATH)
        return list(servers) if isinstance(servers, list) else []

    def unsaved(self) -> bool:
        """True when quitting now would lose answers."""
        return self.draft.to_json() != self._saved_text and (self.draft.changed or self._saved_text is None)

    # -- validation -------------------------------------------------------------------------------------
    def revalidate(self) -> None:

        self.findings = self.compute_findings(self.draft)
        self.validated = True
        self.stale = False

    @property
    def template_fresh(self) -> bool:
        """Still exactly the document the template made (so every value has its catalogue type)."""
        return self._template_text is not None and self.draft.to_json() == self._template_text

    def compute_findings(self, draft: Draft) -> list[Finding]:
        """The findings for `draft` (a snapshot when called from a worker thread)."""
        from . import rules

        known = self.host.source != "loading"
        typed = self._template_text is not None and draft.to_json() == self._template_text
        found = rules.validate(draft, adapters=self.host.adapters if known else None, typed=typed)
        probe_findings = [f for f in (r.finding() for r in list(self.probe_results.values())) if f is not None]
        return sort_findings(found + probe_findings)

    @property
    def large(self) -> bool:
        """A document too big to re-judge on every key press in the UI thread (a fleet pasted into one
        file): its findings are computed by a worker while the person goes on typing."""
        machines = self.draft.get("Machines")
        return isinstance(machines, list) and len(machines) > LARGE_MACHINES

    def apply_findings(self, found: list[Finding], version: int) -> Change:
        """Findings a worker computed for document `version`; dropped if the document moved on since."""
        if version != self.version:
            return Change()
        self.findings = found
        self.validated = True
        self.stale = False
        for listener in list(self.listeners):
            listener(Change())
        return Change()

    def _changed(self, change: Change) -> Change:
        self.version += 1
        if self.large:
            self.stale = True  # the app starts a worker for the new findings
        else:
            self.revalidate()
        for listener in list(self.listeners):
            listener(change)
        return change

    # -- edits --------------------------------------------------------------------------------------------
    def set_value(self, path: str, value: Any) -> Change:
        """Set one value. An empty value for a key the file never had stays out of the file; a live check
        of the old value is forgotten."""
        if self.draft.has(path) and self.draft.get(path) == value and type(self.draft.get(path)) is type(value):
            return Change()
        if not self.draft.has(path) and (value is None or value == "" or value == []):
            return Change()
        self.draft.set(path, value)
        for key in [k for k in self.probe_results if k == path or k.startswith(path + "[")]:
            del self.probe_results[key]
        return self._changed(Change([path]))

    def deployment_type_drops(self, new_type: str) -> list[str]:
        """Labels of the values that switching to `new_type` would remove (ask before)."""
        if new_type == self.draft.get("DeploymentType"):
            return []
        drops = template.mode_change_drops(self.draft, new_type)
        return [spec.label for spec in (fields.spec_for(p) for p in drops) if spec is not None]

    def change_deployment_type(self, new_type: str) -> Change:
        """Single machine <-> scalable cluster, filling the new mode's defaults from this host."""
        if new_type == self.draft.get("DeploymentType"):
            return Change()
        changed = template.switch_mode(self.draft, new_type, self.host.defaults(adapter_name=self.adapter_name()))
        return self._changed(Change(changed or ["DeploymentType"]))

    def node_drops(self, nodes: template.NodeTypes) -> list[str]:
        """The node sections (e.g. 'Windows node') that choosing `nodes` would remove."""
        if nodes == template.node_types(self.draft):
            return []
        return [p.split(".")[-1].replace("Node", " node") for p in template.node_change_drops(self.draft, nodes)]

    def change_nodes(self, nodes: template.NodeTypes) -> Change:
        if nodes == template.node_types(self.draft):
            return Change()
        changed = template.set_nodes(self.draft, nodes)
        return self._changed(Change(changed or ["Machines[0]"]))

    def choose_adapter(self, name: str) -> Change:
        """Bind the external switch to `name`; its gateway, prefix and DNS fill fields that are empty."""
        change = self.set_value(ADAPTER_PATH, name)
        if self.host.adapter(name) is None or self.joining:  # a join file's network is the cluster's
            return change
        defaults = self.host.defaults(adapter_name=name)
        for path, value in (
            ("Network.Ip4GatewayAddress", defaults.gateway),
            ("Network.Ip4PrefixLength", defaults.prefix_length),
            (DNS_PATH, list(defaults.dns_servers)),
        ):
            if value not in (None, []) and self.draft.get(path) in (None, "", []):
                change.paths += self.set_value(path, value).paths
        return change

    def add_dns(self, text: str) -> Change:
        """Append the DNS servers typed or pasted (one or several, split at commas, semicolons or spaces).
        Good ones are added; the first bad one is the `problem`, and `rest` keeps what was not added, so
        nothing typed is lost."""
        servers = self.dns_servers()
        problem: values.Problem | None = None
        rest: list[str] = []
        index = None
        for part in [p for p in re.split(r"[\s,;]+", text.strip()) if p]:
            refused = values.check_ipv4(part, "DNS server")
            if refused:
                problem = problem or refused
                rest.append(part)
                continue
            if part not in servers:
                servers.append(part)
            index = servers.index(part)
        change = self.set_value(DNS_PATH, servers) if servers != self.dns_servers() else Change()
        change.index, change.problem, change.rest = index, problem, ", ".join(rest)
        return change

    def split_address_prefix(self, path: str) -> Change:
        """`192.168.1.171/24` in an address field: the address stays, the length goes to Prefix length
        when that is empty or already says so; otherwise `problem` says which differs (nothing changes)."""
        split = values.split_prefix(self.draft.get(path))
        if split is None or not is_scalable(self.draft):
            return Change()
        address, prefix = split
        current = self.draft.get(PREFIX_PATH)
        if current not in (None, "", prefix):
            return Change(
                problem=values.Problem(
                    f"Prefix length is already {current}, not {prefix}",
                    f"change Prefix length first if {prefix} is right",
                    "ipv4.with-prefix",
                )
            )
        change = self.set_value(path, address)
        if current != prefix:
            change.paths += self.set_value(PREFIX_PATH, prefix).paths
        return change

    def remove_dns(self, index: int) -> Change:
        servers = self.dns_servers()
        if not 0 <= index < len(servers):
            return Change()
        change = self.set_value(DNS_PATH, servers[:index] + servers[index + 1 :])
        change.index = min(index, len(servers) - 2) if len(servers) > 1 else None
        return change

    def move_dns(self, index: int, delta: int) -> Change:
        """Ask server `index` earlier (delta -1) or later (+1); the moved entry stays selected."""
        servers = self.dns_servers()
        target = index + delta
        if not (0 <= index < len(servers) and 0 <= target < len(servers)):
            return Change()
        servers[index], servers[target] = servers[target], servers[index]
        change = self.set_value(DNS_PATH, servers)
        change.index = target
        return change

    def suggest_addresses(self) -> Change:
        """Fill the node addresses, endpoint and service range from the subnet, avoiding addresses this
        host uses and those a live check found taken. Nothing when the subnet is not known yet."""
        from . import probes
        from .suggest import suggest_addresses

        taken = {a.ipv4 for a in self.host.adapters if a.ipv4}
        taken |= {
            r.target for r in self.probe_results.values() if r.kind == "address" and r.state == probes.State.FAILED
        }
        change = Change()
        for path, value in suggest_addresses(self.draft, taken).items():
            change.paths += self.set_value(path, value).paths or [path]
        return change

    def complete_no_proxy(self) -> Change:
        """Add the cluster's internal ranges the no-proxy list misses."""
        from . import rules

        entries, missing = rules.no_proxy_completion(self.draft.data)
        change = self.set_value(NO_PROXY_PATH, ",".join(entries + missing))
        change.added = missing
        return change

    def clear_arc(self) -> Change:
        """Leave Arc empty, to connect later with Connect-AksEdgeArc."""
        from . import rules

        change = Change()
        for key in rules.ARC_REQUIRED:
            if self.draft.has(f"Arc.{key}"):
                change.paths += self.set_value(f"Arc.{key}", None).paths
        return change

    def generate_mac(self) -> str:
        """A random locally administered unicast MAC (seeded in tests); the view decides which field."""
        return values.generate_mac(self.mac_rng)

    def set_host(self, facts: HostFacts) -> Change:
        """The host facts arrived (they load after the first frame)."""
        self.host = facts
        return self._changed(Change())

    def move_to(self, path: Path) -> bool:
        """Write to `path` from now on (the first one could not be written); True if a file is there,
        which a write would replace (keeping it as .bak)."""
        self.config_path = path
        exists = path.is_file()
        self.disk_text = self._read_disk() if exists else None
        self._saved_text = None
        self.broken = None
        return exists

    # -- after a crash ------------------------------------------------------------------------------------
    @property
    def recovery_path(self) -> Path:
        return self.config_path.with_name(self.config_path.name + ".recovery")

    def save_recovery(self) -> Path | None:
        """The answers, saved owner-only beside the file when a run ends by no choice of the person's (an
        internal error, a hang-up, SIGTERM, the Windows console closing); None if even that fails."""
        from . import files

        try:
            target = files.check_replaceable(self.recovery_path)
            files.replace_file(target, self.draft.to_json().encode("utf-8"), private=True, backup=None, old=None)
        except Exception:  # the app is already failing: saving is best effort, never a second crash
            return None
        return target

    def restore_recovery(self, restore: bool) -> Change:
        """Take the saved answers back (or not); the recovery file goes either way."""
        change = Change()
        if restore:
            recovered = store.load(self.recovery_path)
            old = self.draft
            self.draft = Draft(recovered.data, indent=old.indent, newline=old.newline, final_newline=old.final_newline)
            self.draft.encoding = old.encoding
            change = self._changed(Change([""]))
        self.recovery_path.unlink(missing_ok=True)
        self.recovery = False
        return change

    def migrate(self, migrated: dict[str, Any]) -> Change:
        """Replace a pre-GA 1.1 document by its migration (nothing is written until `write`)."""
        old = self.draft
        self.draft = Draft(migrated, indent=old.indent, newline=old.newline, final_newline=old.final_newline)
        self.legacy = False
        return self._changed(Change([""]))

    # -- live checks --------------------------------------------------------------------------------------
    def start_probes(self, kind: str) -> list[Any]:
        """Mark this kind's checks as running and return the planned ones (empty offline)."""
        from . import probes

        if self.offline:
            return []
        planned, skipped = probes.plan_checks(self.draft, (kind,))
        for result in [r for r in self.probe_results.values() if r.kind == kind]:
            del self.probe_results[result.path]
        for result in skipped:
            self.probe_results[result.path] = result
        for check in planned:
            self.probe_results[check.path] = probes.CheckResult(kind, check.path, check.target, probes.State.RUNNING)
        self._changed(Change())
        return list(planned)

    def finish_probes(self, results: list[probes.CheckResult]) -> Change:
        """Keep the results still awaited (an edit in between made the others moot)."""
        from . import probes

        for result in results:
            current = self.probe_results.get(result.path)
            if current is not None and current.state == probes.State.RUNNING:
                self.probe_results[result.path] = result
        return self._changed(Change())

    def skip_question(self, step_id: str) -> tuple[str, str] | None:
        """(switch path, question) when a live check of this step failed and its skip switch is not set."""
        from . import probes

        for result in self.probe_results.values():
            key = SKIP_SWITCH.get(result.kind)
            if (
                key
                and result.state == probes.State.FAILED
                and PROBE_STEP[result.kind] == step_id
                and self.draft.get(key) is not True
            ):
                return key, (
                    f"{result.detail}.\n\nThe product checks this again while deploying and stops if it "
                    f"fails. Set {key} so the deployment goes ahead anyway?"
                )
        return None

    # -- the file -----------------------------------------------------------------------------------------
    def _read_disk(self) -> str | None:
        try:
            return store.read_text(self.config_path).removeprefix("\ufeff")
        except store.StoreError:
            return None

    def changed_on_disk(self) -> bool:
        """True when the file is no longer what the wizard read (or appeared while a new one was made)."""
        if self.broken is not None:
            return False  # that case has its own question
        now = self._read_disk() if self.config_path.exists() else None
        before = self.disk_text.removeprefix("\ufeff") if self.disk_text is not None else None
        return now != before

    def write(self, *, replace: bool = False, create_folder: bool = False) -> WriteOutcome:
        """Write the document. Refused while errors stand; `conflict` / `broken` until the person agreed
        to replace what is on disk (`replace=True`); `no-folder` until they agreed to create it."""
        self.revalidate()  # never judge by findings older than the document
        errors = self.step_errors("review")
        if errors:
            return WriteOutcome("refused", findings=errors)
        folder = self.config_path.parent
        if not folder.exists():
            if not create_folder:
                return WriteOutcome("no-folder", message=f"the folder {folder} does not exist")
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                return WriteOutcome("failed", message=f"could not create {folder}: {exc.strerror or exc}")
        if self.broken is not None and self.config_path.exists():
            if not replace:
                return WriteOutcome("broken", message=self.broken)
            self.broken = None
            self.disk_text = self._read_disk()  # the unreadable file is what is being replaced
        elif self.changed_on_disk():
            if not replace:
                return WriteOutcome("conflict")
            self.disk_text = self._read_disk()
        try:
            result = store.write(self.draft, self.config_path)
        except store.StoreError as exc:
            return WriteOutcome("failed", message=str(exc))
        self._saved_text = self.draft.to_json()
        self.disk_text = self._saved_text
        return WriteOutcome("written" if result.written else "unchanged", result=result)
