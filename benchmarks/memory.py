"""Memory: peak RSS of the wizard after walking the whole scalable flow (every step, a write) against the
bare Textual app, each in its own fresh process on the same interpreter. Prints both and the ratio
(goal <= 1.5).

    python benchmarks/memory.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = textwrap.dedent("""
    import asyncio, resource, sys
    sys.path.insert(0, {bench!r})
    from bare_app import BareApp
    async def main():
        app = BareApp()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
    asyncio.run(main())
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")

WIZARD = textwrap.dedent("""
    import asyncio, resource, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from wizard import template
    from wizard.app import WizardApp
    from wizard.session import Session
    from wizard.host import facts_for
    async def main():
        demo = facts_for(demo=True)
        app = WizardApp(Session(template.new_document(host=demo.defaults()), config_path=Path({target!r}),
                                host=demo, offline=True))
        async with app.run_test(size=(100, 30)) as pilot:
            async def settle():
                await pilot.pause(); await app.workers.wait_for_complete(); await pilot.pause()
            await settle()
            app.change_deployment_type("ScalableCluster")
            await settle()
            for path, value in (("Machines[0].LinuxNode.Ip4Address", "192.168.1.171"),
                                ("Network.ControlPlaneEndpointIp", "192.168.1.191"),
                                ("Init.ServiceIPRangeStart", "192.168.1.151"), ("User.AcceptEula", True)):
                app.session.set_value(path, value)
            for _ in range(9):
                await pilot.press("ctrl+n")
                await settle()
            assert app.current == "done", app.current
    asyncio.run(main())
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def peak_kb(code: str) -> int:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare = peak_kb(BARE.format(bench=str(ROOT / "benchmarks")))
        wizard = peak_kb(WIZARD.format(root=str(ROOT), target=str(Path(tmp) / "aksedge-config.json")))
    print("peak RSS (ru_maxrss), headless, one process each")
    print(f"bare Textual app                  : {bare / 1024:6.1f} MB")
    print(f"wizard after the scalable flow    : {wizard / 1024:6.1f} MB")
    print(f"ratio                             : {wizard / bare:6.2f}  (goal <= 1.5)")


if __name__ == "__main__":
    main()
