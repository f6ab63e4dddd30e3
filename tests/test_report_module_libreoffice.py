"""Real LibreOffice-saved files (cached formula values, LibreOffice's own styles) uploaded at a
terminal and scored at close: the app's verdict is the validators' verdict on the same bytes,
right on a correct pair and on a typical mistake."""
from __future__ import annotations

import pytest

from contest.extensions import db
from contest.models import Attempt
from report_support import TASK, Terminal, report_world
from report_tasks import load_task
from report_tasks.office_convert import convert_many, soffice_path
from report_tasks.solution_report import solution_report
from report_tasks.solution_workbook import edited_workbook, solution_workbook
from scoring.report_excel import validate_excel
from scoring.report_word import validate_word

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def saved_by_libreoffice():
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    task = load_task(TASK)
    key = task.answer_key()
    correct = solution_workbook(task)

    def typed(wb):
        for row, name in ((6, "answer_rate"), (7, "abandon_rate")):
            wb["KPI汇总"][f"B{row}"] = key[name]

    books = convert_many({"correct.xlsx": correct, "typed.xlsx": edited_workbook(correct, typed)},
                         "xlsx:Calc MS Excel 2007 XML")
    reports = convert_many({"report.docx": solution_report(task, via_styles=True,
                                                           indent_unit="points")},
                           "docx:MS Word 2007 XML")
    return {**books, **reports}


@pytest.fixture
def report(app):
    return report_world(app)


def scored(app, report, seat, exam_no, workbook, document):
    terminal = Terminal(app, report["contest_id"], exam_no)
    attempt_id = report["attempts"][seat]
    for slot, data in (("xlsx", workbook), ("docx", document)):
        response = terminal.upload(attempt_id, slot, data, f"报表.{slot}")
        assert response.status_code == 200, response.get_json()
    assert terminal.submit(attempt_id).status_code == 200
    with app.app_context():
        return {r["key"]: r for r in db.session.get(Attempt, attempt_id).results}


def verdicts(items):
    return {item.key: (item.points, item.reason) for item in items}


def test_libreoffice_pair_is_scored_as_the_validators_score_it(app, report, saved_by_libreoffice):
    task = load_task(TASK)
    workbook, document = saved_by_libreoffice["correct"], saved_by_libreoffice["report"]
    results = scored(app, report, "01", "E0001", workbook, document)
    expected = verdicts(validate_excel(workbook, task) + validate_word(document, task))
    assert {key: (r["points"], r["reason"]) for key, r in results.items()} == expected
    lost = {key for key, r in results.items() if not r["judged"] and r["points"] < r["max_points"]}
    # LibreOffice headless keeps no view settings, so its files never carry frozen panes.
    assert lost == {"xlsx.freeze"}
    assert results["xlsx.kpi.service_level"]["detail"]["source"] == "cached"


def test_typed_constants_in_a_libreoffice_file_lose_the_formula_item(app, report,
                                                                     saved_by_libreoffice):
    results = scored(app, report, "02", "E0002", saved_by_libreoffice["typed"],
                     saved_by_libreoffice["report"])
    assert results["xlsx.formulas"]["points"] < results["xlsx.formulas"]["max_points"]
    assert "B6、B7" in results["xlsx.formulas"]["reason"]
    answer_rate = results["xlsx.kpi.answer_rate"]
    assert answer_rate["points"] == answer_rate["max_points"]  # the typed value itself is right
