"""Fleet validation: `aksedge-wizard validate` over 200 files in one call against check-jsonschema with the
exported schema on the same files, in the same run. Prints both times and the ratio (goal <= 1.0).
The wizard also reports the cross-field errors a schema cannot express; the script counts them.

    python benchmarks/fleet.py   (installs check-jsonschema into the running environment if missing)
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"  # Microsoft samples and our examples, copied in


def make_fleet(folder: Path, count: int = 200) -> list[Path]:
    """200 realistic files: the samples and examples, varied, a third with a cross-field mistake."""
    bases = [
        json.loads(p.read_text(encoding="utf-8-sig"))
        for p in sorted(SAMPLES.glob("*/*.json"))
        if "a080545" not in p.name
    ]
    rng = random.Random(200)
    paths = []
    for i in range(count):
        doc = copy.deepcopy(rng.choice(bases))
        machine = doc["Machines"][0].setdefault("LinuxNode", {})
        machine["CpuCount"] = rng.choice([2, 4, 6, 8])
        if i % 3 == 0 and doc.get("DeploymentType") == "ScalableCluster":
            doc["Network"]["Ip4GatewayAddress"] = "192.168.77.1"  # gateway outside the subnet
        elif i % 3 == 0:
            machine["MemoryInMB"] = 4097  # odd memory
        path = folder / f"edge-{i:03d}.json"
        path.write_text(json.dumps(doc, indent=4), encoding="utf-8")
        paths.append(path)
    return paths


def timed(argv: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True)
    return time.perf_counter() - start, result


def main() -> None:
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if checker is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "check-jsonschema"], check=True)
        checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    wizard = shutil.which("aksedge-wizard", path=str(Path(sys.executable).parent))
    assert checker and wizard, "run from the project's virtual environment (./run-tests sets it up)"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = [str(p) for p in make_fleet(folder)]
        schema = folder / "aksedge-config.schema.json"
        schema.write_text(subprocess.run([wizard, "schema"], capture_output=True, text=True, check=True).stdout)
        wizard_times, schema_times = [], []
        for _ in range(3):
            t, wiz = timed([wizard, "validate", "--format", "json", *files])
            wizard_times.append(t)
            t, chk = timed([checker, "--schemafile", str(schema), *files])
            schema_times.append(t)
        reports = json.loads(wiz.stdout)
        invalid = sum(not r["valid"] for r in reports)
        cross = sum(1 for r in reports for f in r["findings"] if f["rule"].startswith(("network.", "range.even")))
        w, c = statistics.median(wizard_times), statistics.median(schema_times)
        print(f"{len(files)} files, median of 3 runs, one process each")
        print(
            f"aksedge-wizard validate          : {w * 1000:7.0f} ms  ({invalid} files invalid, "
            f"{cross} cross-field or parity findings)"
        )
        print(
            f"check-jsonschema (exported schema): {c * 1000:7.0f} ms  (exit {chk.returncode}: the schema sees "
            f"{'no' if chk.returncode == 0 else 'some'} problems)"
        )
        print(f"ratio wizard / check-jsonschema  : {w / c:7.2f}  (goal <= 1.0)")


if __name__ == "__main__":
    main()
