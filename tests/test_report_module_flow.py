"""报表制作 through the app: the task frozen at set-up with its raw workbook, the statement and
download on the terminal, uploads listed and replaced (the last counts), scoring at close, the
judge's checks and blind downloads, locking, the CLI."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from contest.extensions import db
from contest.models import AnswerLog, Attempt, ModuleSession, StoredFile
from contest.modules import get_module
from contest.services.answers import current_answers
from contest.services.attempts import attempt_view
from contest.storage import storage
from report_support import DOCX_NAME, TASK, XLSX_NAME, Terminal, report_world, task_files
from report_tasks import build_raw_workbook, load_task
from report_tasks.solution_report import edited_report
from report_tasks.solution_workbook import edited_workbook, solution_workbook
from support import csrf_token, gen_contest, gen_staff, login_staff


@pytest.fixture
def report(app):
    return report_world(app)


def seat_results(app, attempt_id):
    with app.app_context():
        return {r["key"]: r for r in db.session.get(Attempt, attempt_id).results}


def hand_in(app, report, seat, exam_no, files=()):
    """Upload ``files`` ((slot, bytes, name), ...) at a terminal and hand in."""
    terminal = Terminal(app, report["contest_id"], exam_no)
    attempt_id = report["attempts"][seat]
    for slot, data, name in files:
        assert terminal.upload(attempt_id, slot, data, name).status_code == 200
    assert terminal.submit(attempt_id).status_code == 200
    return attempt_id


def test_set_up_freezes_the_task_its_key_and_the_raw_workbook(app, report):
    task = load_task(TASK)
    with app.app_context():
        content = db.session.get(ModuleSession, report["session_id"]).content
        raw = storage().path(content["raw"]["storage_key"]).read_bytes()
    assert content["task"] == TASK and content["key"] == task.answer_key()
    assert content["statement"] == task.statement and "recipe:" in content["task_yaml"]
    assert raw == build_raw_workbook(task)
    assert content["points"] == {"excel": 15, "word": 5, "analysis": 5}


def test_default_settings_prepare_out_of_the_box_and_a_bad_task_is_refused(app):
    from contest.modules import ModuleSetupError
    from contest.services.sessions import add_session

    module = get_module("report")
    with app.app_context():
        contest = gen_contest()
        session = add_session(contest, "report", module.title, module.default_weight,
                              module.default_duration_min, {}, "test")
        assert session.settings["task"] in ("agent_perf_0918", "daily_kpi_0611")
        assert module.progress(attempt_view_of(session)) == (0, 2)
        try:
            module.prepare({"task": "no_such_task"}, "seed")
        except ModuleSetupError as error:
            assert "no_such_task" in str(error)
        else:
            raise AssertionError("an unknown task must be refused")


def attempt_view_of(session):
    from contest.modules import AttemptView

    return AttemptView(0, "01", session.settings, session.content, {}, {})


def test_terminal_shows_the_statement_and_no_key_checks_or_points(app, report):
    terminal = Terminal(app, report["contest_id"], "E0001")
    page = terminal.client.get(f"/attempt/{report['attempts']['01']}").get_data(as_text=True)
    task = load_task(TASK)
    assert task.title in page and "<h3 class=\"report-heading\">指标口径" in page
    assert "<li>新建工作表“KPI汇总”:" in page
    assert 'data-item="file:xlsx"' in page and 'data-item="file:docx"' in page
    assert "raw_data.xlsx" in page and "尚未上传" in page
    leaks = [spec.label for spec in task.excel_checks if spec.label not in task.statement]
    leaks += ["task_yaml", "recipe", '"key"', "xlsx.", "docx.", "analysis."]
    assert [text for text in leaks if text in page] == []
    for name in ("offered", "answer_rate", "aht"):
        assert task.kpis[name].display(task.answer_key()[name]) not in page


def test_statement_text_is_escaped(app):
    from contest.modules.report.statement import statement_blocks

    with app.test_request_context():
        macro = app.jinja_env.get_template("report/_statement.html").module.render_blocks
        html = str(macro(statement_blocks("## <b>标题</b>\n- <script>x()</script>\n正文 & 说明")))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert "&amp;" in html


def test_raw_data_downloads_only_for_the_own_open_attempt(app, report):
    mine = Terminal(app, report["contest_id"], "E0001")
    other = Terminal(app, report["contest_id"], "E0002")
    url = f"/m/report/attempts/{report['attempts']['01']}/raw_data.xlsx"
    response = mine.client.get(url)
    assert response.status_code == 200
    assert response.data == build_raw_workbook(load_task(TASK))
    assert "raw_data.xlsx" in response.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.data)).sheetnames[0] == "呼叫明细"
    assert other.client.get(url).status_code == 404
    mine.submit(report["attempts"]["01"])
    closed = mine.client.get(url)
    assert closed.status_code == 409 and "已结束" in closed.get_data(as_text=True)


def test_uploads_are_listed_replaced_and_the_last_counts_at_close(app, report):
    task = load_task(TASK)
    workbook, document = task_files()
    no_chart = solution_workbook(task, skip=("xlsx.chart",))
    terminal = Terminal(app, report["contest_id"], "E0001")
    attempt_id = report["attempts"]["01"]
    first = terminal.upload(attempt_id, "xlsx", no_chart, "初稿.xlsx").get_json()
    assert first["ok"] and first["file"]["name"] == "初稿.xlsx"
    assert set(first["file"]) == {"file_id", "name", "size", "sha256", "uploaded_at"}
    second = terminal.upload(attempt_id, "xlsx", workbook, XLSX_NAME).get_json()
    report_file = terminal.upload(attempt_id, "docx", document, DOCX_NAME).get_json()["file"]
    page = terminal.client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    assert XLSX_NAME in page and DOCX_NAME in page and "初稿.xlsx" not in page
    assert f"{len(workbook) / 1024:.1f} KB" in page
    with app.app_context():
        answers = current_answers(attempt_id)
        assert answers["file:xlsx"]["file_id"] == second["file"]["file_id"]
        assert answers["file:docx"] == report_file
        rows = db.session.execute(select(StoredFile).order_by(StoredFile.id)).scalars().all()
        assert [(r.slot, r.original_name) for r in rows] == [
            ("file:xlsx", "初稿.xlsx"), ("file:xlsx", XLSX_NAME), ("file:docx", DOCX_NAME)]
        logged = db.session.execute(select(AnswerLog.seq).where(
            AnswerLog.item_key == "file:xlsx")).scalars().all()
        assert sorted(logged) == [rows[0].id, rows[1].id]
        view = attempt_view(db.session.get(Attempt, attempt_id))
        assert get_module("report").progress(view) == (2, 2)
    organizer = app.test_client()
    login_staff(organizer, "org")
    board = organizer.get(f"/organizer/api/sessions/{report['session_id']}/board").get_json()
    seat = next(row for row in board["seats"] if row["seat"] == "01")
    assert (seat["answered"], seat["total"]) == (2, 2) and seat["last_save_ms"]
    assert terminal.submit(attempt_id).status_code == 200
    results = seat_results(app, attempt_id)
    machine = [r for r in results.values() if r["group"] in ("excel", "word")]
    assert all(r["points"] == r["max_points"] for r in machine), \
        [(r["key"], r["reason"]) for r in machine if r["points"] != r["max_points"]]
    assert sum(r["max_points"] for r in machine) == 20
    analysis = [r for r in results.values() if r["group"] == "analysis"]
    assert analysis and all(r["judged"] and "awaiting_judge" in r["flags"] for r in analysis)


def test_missing_files_score_zero_and_wait_for_nobody(app, report):
    attempt_id = hand_in(app, report, "02", "E0002")
    results = seat_results(app, attempt_id).values()
    assert all(r["points"] == 0 for r in results)
    excel = [r for r in results if r["group"] == "excel"]
    assert all("未上传 Excel 工作簿" in r["reason"] and r["flags"] == ["empty"] for r in excel)
    assert all("awaiting_judge" not in r["flags"] for r in results)
    with app.app_context():
        session = db.session.get(ModuleSession, report["session_id"])
        assert get_module("report").lock_blockers(session) == []


def with_identity(workbook: bytes, document: bytes) -> tuple[bytes, bytes]:
    def book(wb):
        wb.properties.creator = wb.properties.lastModifiedBy = "张三"
        wb.properties.title = "江南商贸职业学校 张三"

    def doc(document):
        document.core_properties.author = document.core_properties.last_modified_by = "张三"
        document.core_properties.comments = "江南商贸职业学校"

    return edited_workbook(workbook, book), edited_report(document, doc)


def test_judge_sees_every_check_the_analysis_and_no_identity(app, report):
    workbook, document = with_identity(*task_files())
    attempt_id = hand_in(app, report, "01", "E0001", [("xlsx", workbook, XLSX_NAME),
                                                      ("docx", document, DOCX_NAME)])
    judge = app.test_client()
    login_staff(judge, "judge")
    page = judge.get(f"/judge/sessions/{report['session_id']}/seats/01").get_data(as_text=True)
    task = load_task(TASK)
    for spec in (*task.excel_checks, *task.word_checks, *task.analysis_checks):
        assert spec.label in page
    assert page.count(">通过</span>") == len(task.excel_checks) + len(task.word_checks)
    assert page.count(">待评</span>") == len(task.analysis_checks)
    assert str(task.analysis_checks[0].param("checklist"))[:20] in page
    analysis = seat_results(app, attempt_id)[task.analysis_checks[0].key]["detail"]
    assert analysis["analysis_text"].splitlines()[0] in page
    for secret in ("张三", "江南商贸", "选手1", "学校1", "E0001", XLSX_NAME, DOCX_NAME):
        assert secret not in page
    assert f"/m/report/sessions/{report['session_id']}/seats/01/files/xlsx" in page


def core_and_app(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist()
                       if name.startswith("docProps/") and name.endswith(".xml"))


def test_judge_downloads_are_blind_and_named_by_seat(app, report):
    workbook, document = with_identity(*task_files())
    assert "张三" in core_and_app(workbook) and "张三" in core_and_app(document)
    terminal = Terminal(app, report["contest_id"], "E0001")
    attempt_id = report["attempts"]["01"]
    terminal.upload(attempt_id, "xlsx", workbook, XLSX_NAME)
    terminal.upload(attempt_id, "docx", document, DOCX_NAME)
    judge = app.test_client()
    login_staff(judge, "judge")
    base = f"/m/report/sessions/{report['session_id']}/seats/01/files"
    still_open = judge.get(f"{base}/xlsx")
    assert still_open.status_code == 409 and "收卷后" in still_open.get_data(as_text=True)
    terminal.submit(attempt_id)
    for slot, original in (("xlsx", workbook), ("docx", document)):
        response = judge.get(f"{base}/{slot}")
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        assert "01" in disposition and "%E5%BC%A0" not in disposition  # 张 never named
        assert "张三" not in core_and_app(response.data)
        assert "江南商贸" not in core_and_app(response.data)
        assert len(response.data) > len(original) // 2
    assert judge.get(f"/m/report/sessions/{report['session_id']}/seats/02/files/xlsx"
                     ).status_code == 409
    other = Terminal(app, report["contest_id"], "E0002")
    assert other.client.get(f"{base}/xlsx").status_code == 403


def test_judged_analysis_blocks_locking_until_marked(app, report):
    _, document = task_files()
    hand_in(app, report, "01", "E0001", [("docx", document, DOCX_NAME)])
    hand_in(app, report, "02", "E0002")
    hand_in(app, report, "03", "E0003")
    module = get_module("report")
    with app.app_context():
        session = db.session.get(ModuleSession, report["session_id"])
        assert module.lock_blockers(session) == [
            f"赛位 01 报告分析待评:{'、'.join(s.label for s in load_task(TASK).analysis_checks)}"]
    chief = app.test_client()
    login_staff(chief, "chief")
    lock_page = chief.get(f"/judge/sessions/{report['session_id']}/lock").get_data(as_text=True)
    assert "赛位 01 报告分析待评" in lock_page
    judge = app.test_client()
    login_staff(judge, "judge")
    token = csrf_token(judge, "/judge/")
    for spec in load_task(TASK).analysis_checks:
        judge.post(f"/judge/sessions/{report['session_id']}/seats/01/override",
                   data={"csrf_token": token, "item_key": spec.key, "points": "1",
                         "reason": "引用了数据并提出建议"})
    page = judge.get(f"/judge/sessions/{report['session_id']}/seats/01").get_data(as_text=True)
    assert ">已评</span>" in page and ">待评</span>" not in page
    with app.app_context():
        assert module.lock_blockers(db.session.get(ModuleSession, report["session_id"])) == []


def test_organizer_adds_a_report_session_and_previews_its_key(app):
    organizer = app.test_client()
    with app.app_context():
        gen_staff("org", "organizer")
        contest_id = gen_contest().id
    login_staff(organizer, "org")
    url = f"/organizer/contests/{contest_id}/sessions/new/report"
    form = organizer.get(url).get_data(as_text=True)
    assert "agent_perf_0918" in form and "daily_kpi_0611" in form
    response = organizer.post(url, data={
        "csrf_token": csrf_token(organizer, url), "title": "报表制作", "weight": "25",
        "duration_min": "60", "task": "agent_perf_0918"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session.execute(select(ModuleSession)).scalar_one()
    task = load_task("agent_perf_0918")
    preview = organizer.get(f"/organizer/sessions/{session.id}/preview").get_data(as_text=True)
    assert task.title in preview and task.excel_checks[0].label in preview
    key = task.answer_key()
    assert task.kpis["service_level"].display(key["service_level"]) in preview
    raw = organizer.get(f"/m/report/sessions/{session.id}/raw_data.xlsx")
    assert raw.status_code == 200 and raw.data == build_raw_workbook(task)


def test_report_build_writes_the_raw_workbook(runner, tmp_path):
    target = tmp_path / "raw.xlsx"
    result = runner.invoke(args=["report", "build", TASK, "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == build_raw_workbook(load_task(TASK))
    missing = runner.invoke(args=["report", "build", "no_such_task", "--out", str(target)])
    assert missing.exit_code == 1 and "no_such_task" in missing.output


def test_report_check_passes_shipped_tasks_and_fails_a_broken_one(runner, tmp_path):
    result = runner.invoke(args=["report", "check"])
    assert result.exit_code == 0, result.output
    assert re.findall(r"任务 (\S+):未发现问题", result.output) == [
        "agent_perf_0918", "daily_kpi_0611"]
    folder = tmp_path / "broken"
    folder.mkdir()
    text = (load_task(TASK).folder / "task.yaml").read_text(encoding="utf-8")
    broken_text = text.replace("label: 工作表名称, points: 1,", "label: 工作表名称, points: 9,")
    (folder / "task.yaml").write_text(broken_text, "utf-8")
    broken = runner.invoke(args=["report", "check", str(folder)])
    assert broken.exit_code == 1 and "excel 组各检查项分值合计 23" in broken.output
