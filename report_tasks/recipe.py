"""The raw-data recipe of a report task: everything the simulated day is drawn from."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

SLOT_SECONDS = 1800


def clock_to_seconds(text: str) -> int:
    """'08:30' or '08:30:15' → seconds after midnight."""
    parts = [int(part) for part in str(text).split(":")]
    hours, minutes, seconds = (parts + [0, 0])[:3]
    return hours * 3600 + minutes * 60 + seconds


def seconds_to_clock(seconds: int) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def slot_label(start_s: int) -> str:
    """'09:30-10:00', the label the raw sheet and the answer key share."""
    end_s = start_s + SLOT_SECONDS
    return f"{seconds_to_clock(start_s)[:5]}-{seconds_to_clock(end_s)[:5]}"


@dataclass(frozen=True)
class SkillGroup:
    name: str
    share: float
    talk_mean_s: float
    talk_sigma: float
    fcr: float


@dataclass(frozen=True)
class Shift:
    start_s: int
    end_s: int
    lunch_start_s: int
    lunch_end_s: int

    @property
    def scheduled_s(self) -> int:
        return (self.end_s - self.start_s) - (self.lunch_end_s - self.lunch_start_s)


@dataclass(frozen=True)
class Agent:
    agent_id: str
    name: str
    group: str
    shift: str
    weak: bool = False
    absent: bool = False
    late_login_min: int = 0
    early_logout_min: int = 0
    extra_break_min: int = 0


@dataclass(frozen=True)
class OutboundPlan:
    calls: int
    agents: tuple[str, ...]
    connect_rate: float
    sale_rate: float


@dataclass(frozen=True)
class Recipe:
    seed: int
    date: dt.date
    calls: int
    ivr_share: float
    open_s: int
    arrival_weights: tuple[float, ...]
    patience_mean_s: float
    rated_share: float
    skill_groups: tuple[SkillGroup, ...]
    shifts: tuple[tuple[str, Shift], ...]
    agents: tuple[Agent, ...]
    outbound: OutboundPlan

    def shift(self, name: str) -> Shift:
        return dict(self.shifts)[name]

    @property
    def slot_starts(self) -> list[int]:
        return [self.open_s + i * SLOT_SECONDS for i in range(len(self.arrival_weights))]


def _shift(data: Mapping[str, Any]) -> Shift:
    lunch_start, lunch_end = str(data["lunch"]).split("-")
    return Shift(clock_to_seconds(data["start"]), clock_to_seconds(data["end"]),
                 clock_to_seconds(lunch_start), clock_to_seconds(lunch_end))


def _agent(data: Mapping[str, Any]) -> Agent:
    return Agent(
        agent_id=str(data["id"]), name=str(data["name"]), group=str(data["group"]),
        shift=str(data["shift"]), weak=bool(data.get("weak", False)),
        absent=bool(data.get("absent", False)),
        late_login_min=int(data.get("late_login_min", 0)),
        early_logout_min=int(data.get("early_logout_min", 0)),
        extra_break_min=int(data.get("extra_break_min", 0)))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def parse_recipe(data: Mapping[str, Any]) -> Recipe:
    """Build a Recipe from the ``recipe`` mapping of task.yaml (KeyError/ValueError when
    malformed)."""
    outbound = data["outbound"]
    return Recipe(
        seed=int(data["seed"]), date=_date(data["date"]), calls=int(data["calls"]),
        ivr_share=float(data.get("ivr_share", 0.0)), open_s=clock_to_seconds(data["open"]),
        arrival_weights=tuple(float(w) for w in data["arrival_weights"]),
        patience_mean_s=float(data["patience_mean_s"]),
        rated_share=float(data["rated_share"]),
        skill_groups=tuple(SkillGroup(str(g["name"]), float(g["share"]), float(g["talk_mean_s"]),
                                      float(g.get("talk_sigma", 0.5)), float(g.get("fcr", 0.8)))
                           for g in data["skill_groups"]),
        shifts=tuple((str(name), _shift(shift)) for name, shift in data["shifts"].items()),
        agents=tuple(_agent(agent) for agent in data["agents"]),
        outbound=OutboundPlan(int(outbound["calls"]), tuple(str(a) for a in outbound["agents"]),
                              float(outbound["connect_rate"]), float(outbound["sale_rate"])))
