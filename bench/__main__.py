"""`python -m bench [name ...]`: run benchmarks, print their ratios, record the figures."""
from __future__ import annotations

import json
import platform
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from . import capture_scoring, report_validation, result_slips, save_endpoint
from . import crash, rehearsal

BENCHMARKS: dict[str, Callable[[], dict[str, Any]]] = {
    "save_endpoint": save_endpoint.run,
    "capture_scoring": capture_scoring.run,
    "result_slips": result_slips.run,
    "report_validation": report_validation.run,
    "rehearsal": rehearsal.run,
    "crash": crash.run,
}
RESULTS = Path(__file__).resolve().parent.parent / "instance" / "bench" / "results.json"


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def record(name: str, figures: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[name] = {**figures, "machine": machine()}
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))


def main(names: list[str]) -> int:
    failed = []
    for name in names or list(BENCHMARKS):
        print(f"== {name}", flush=True)
        figures = BENCHMARKS[name]()
        record(name, figures)
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        if not figures.get("met", True):
            failed.append(name)
    print(f"figures written to {RESULTS}")
    if failed:
        print("targets missed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
