"""Formula evaluation in a forked child with a memory cap and a deadline.

The scan in report_formulas stops huge ranges and dynamic references, but a few innocent
looking cells can still build a gigantic string (=A1&A1 down a column doubles at every row).
Only a separate process bounds that for sure; the server process never sees the blow-up.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
from typing import Any, Sequence

from scoring.report_formulas import FormulaEvaluator, FormulaLimits, FormulaProblem

Cell = tuple[str, str]


def _address_space_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(connection: Any, data: bytes, cells: Sequence[Cell], limits: FormulaLimits) -> None:
    try:
        cap = _address_space_bytes() + limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        evaluator = FormulaEvaluator(data, limits)
        connection.send({cell: evaluator.evaluate(*cell) for cell in cells})
    except MemoryError:
        connection.send(None)
    finally:
        connection.close()


def _everywhere(cells: Sequence[Cell], problem: FormulaProblem) -> dict[Cell, Any]:
    return {cell: problem for cell in cells}


def evaluate_cells(data: bytes, cells: Sequence[Cell],
                   limits: FormulaLimits = FormulaLimits()) -> dict[Cell, Any]:
    """Values (or FormulaProblems) of ``cells``, computed in a child process that is killed
    after ``limits.timeout_s`` and cannot grow past ``limits.memory_mb`` of extra memory.
    Where fork is unavailable the evaluation runs in-process, with the scan's limits only."""
    if not cells:
        return {}
    if "fork" not in multiprocessing.get_all_start_methods():
        evaluator = FormulaEvaluator(data, limits)
        return {cell: evaluator.evaluate(*cell) for cell in cells}
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, data, list(cells), limits), daemon=True)
    try:
        process.start()
    except OSError:
        return _everywhere(cells, FormulaProblem("sandbox", "服务器暂时无法计算公式,请裁判核对"))
    sender.close()
    try:
        result = receiver.recv() if receiver.poll(limits.timeout_s) else "timeout"
    except EOFError:
        result = None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if result == "timeout":
        return _everywhere(cells, FormulaProblem(
            "timeout", f"公式计算超过 {limits.timeout_s:g} 秒仍未完成,请裁判核对"))
    if result is None:
        return _everywhere(cells, FormulaProblem("resources", "公式计算占用内存过多,已中止,请裁判核对"))
    return result
