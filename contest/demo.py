"""A ready-to-run demo contest, loaded by `make run`; loading twice changes nothing."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .extensions import db
from .models import Contest, User
from .modules import all_modules
from .services.contestants import add_contestant, assign_seat, check_in
from .services.sessions import add_session, create_contest

DEMO_NAME = "客户信息服务技能大赛(演示)"
STAFF = [
    ("organizer", "organizer", "赛务老师", "demo-organizer"),
    ("chief", "chief_judge", "裁判长", "demo-chief"),
    ("judge1", "judge", "评委一", "demo-judge1"),
    ("judge2", "judge", "评委二", "demo-judge2"),
    ("judge3", "judge", "评委三", "demo-judge3"),
]
CONTESTANTS = [
    ("林晓雯", "江南商贸职业学校"), ("周子航", "滨海信息工程学校"), ("陈思彤", "江南商贸职业学校"),
    ("王浩然", "西岭财经职业学校"), ("刘雨萱", "滨海信息工程学校"), ("黄俊杰", "北湖现代服务学校"),
    ("赵可欣", "西岭财经职业学校"), ("吴天宇", "北湖现代服务学校"), ("孙佳怡", "东川职业技术学校"),
    ("郑博文", "东川职业技术学校"), ("何思远", "南屏旅游商贸学校"), ("马一诺", "南屏旅游商贸学校"),
]


@dataclass(frozen=True)
class DemoLogin:
    exam_no: str
    pin: str
    seat: str
    name: str


def demo_logins() -> list[DemoLogin]:
    seats = [f"{n:02d}" for n in range(1, len(CONTESTANTS) + 1)]
    random.Random(2026).shuffle(seats)  # a fixed "draw" so the printed logins stay the same
    return [DemoLogin(f"2026{n:03d}", f"{n:02d}{n:02d}{n:02d}", seats[n - 1], name)
            for n, (name, _) in enumerate(CONTESTANTS, start=1)]


def load_demo() -> bool:
    """Create the demo contest unless it exists; True when something was created."""
    if db.session.execute(select(Contest).where(Contest.name == DEMO_NAME)).scalar_one_or_none():
        return False
    from .cli.people import create_staff

    for username, role, name, password in STAFF:
        if not db.session.execute(select(User).where(User.username == username)).scalar():
            create_staff(username, role, name, password)
    contest = create_contest(DEMO_NAME, date.today(), "演示赛点", "demo")
    for module in all_modules():
        add_session(contest, module.kind, module.title, module.default_weight,
                    module.default_duration_min, {}, "demo")
    for login, (_, school) in zip(demo_logins(), CONTESTANTS, strict=True):
        contestant = add_contestant(contest, login.exam_no, login.name, school, login.pin, "demo")
        check_in(contestant, True, "demo")
        assign_seat(contestant, login.seat, "demo")
    db.session.commit()
    return True
