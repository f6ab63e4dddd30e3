"""The reference analysis prose: written from the answer key, citing its figures, comparing
them with the centre's targets, naming weak slots/agents and proposing improvements."""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from scoring.report_spec import breakdown_members

if TYPE_CHECKING:
    from report_tasks.model import ReportTask

OVERVIEW_KPIS = ("offered", "answered", "answer_rate", "abandon_rate", "service_level", "asa",
                 "att", "aht", "fcr", "satisfaction", "occupancy", "utilisation", "attendance",
                 "adherence", "outbound_connect_rate", "outbound_sales_rate")


def _show(task: "ReportTask", key: Mapping[str, float], name: str) -> str:
    return task.kpis[name.rsplit(".", 1)[-1]].display(key[name])


def overview(task: "ReportTask", key: Mapping[str, float]) -> str:
    phrases = [f"{task.kpis[n].label}为{_show(task, key, n)}" for n in OVERVIEW_KPIS if n in key]
    text = f"{task.recipe.date.month}月{task.recipe.date.day}日全天运营数据如下:" + ",".join(phrases) + "。"
    if "service_level" in key:
        gap = (0.80 - key["service_level"]) * 100
        verdict = (f"低于 80/20 的服务水平目标,差距约 {gap:.1f} 个百分点" if gap > 0
                   else "达到了 80/20 的服务水平目标")
        text += f"服务水平{verdict},说明部分来电等待时间偏长,客户体验仍有提升空间。"
    return text


def slot_paragraph(task: "ReportTask", key: Mapping[str, float]) -> str:
    slots = breakdown_members(key, "slot", "service_level")
    if not slots:
        return ""
    ranked = sorted(slots, key=lambda s: key[f"slot.{s}.service_level"])
    worst = ranked[:3]
    shown = "、".join(f"{s}({_show(task, key, f'slot.{s}.service_level')})" for s in worst)
    return (f"从分时段数据看,服务水平最低的时段是{shown}。这些时段正值上午或下午的来电高峰,"
            "同时叠加了坐席小休、午餐和交接班,在线人数跟不上来电量,排队时间拉长,放弃来电也"
            f"明显增多;而{ranked[-1]}等时段来电较少,服务水平接近满分,人力相对富余。")


def agent_paragraph(task: "ReportTask", key: Mapping[str, float]) -> str:
    agents = breakdown_members(key, "agent", "aht")
    if not agents:
        return ("从坐席层面看,个别坐席处理时长偏长、满意度偏低,排班遵守情况也有差距,"
                "拉低了整体服务水平,需要班组长重点跟进。")
    slowest = max(agents, key=lambda a: key[f"agent.{a}.aht"])
    text = f"从坐席表现看,{slowest}的平均处理时长为{_show(task, key, f'agent.{slowest}.aht')},在团队中最长"
    if f"agent.{slowest}.satisfaction" in key:
        text += f",满意度为{_show(task, key, f'agent.{slowest}.satisfaction')}"
    if "adherence" in breakdown_names(key, "agent"):
        loose = min(agents, key=lambda a: key[f"agent.{a}.adherence"])
        text += f";{loose}的排班遵守率只有{_show(task, key, f'agent.{loose}.adherence')},迟到、早退或小休超时较多"
    return text + "。这些坐席拖慢了队列周转,是改进的重点对象。"


def breakdown_names(key: Mapping[str, float], dimension: str) -> set[str]:
    return {name.rsplit(".", 1)[-1] for name in key if name.startswith(dimension + ".")}


SUGGESTIONS = (
    "针对以上问题,提出三点改进建议:一是依据分时段来电量重新测算人力,在上午和下午高峰时段增加"
    "在线坐席,午餐与小休错峰安排,避免多人同时离线;二是对处理时长偏长、满意度偏低的坐席开展"
    "一对一辅导,完善知识库和标准话术,减少通话中的保持和话后整理时间;三是加强现场监控,当排队"
    "人数或等待时长超过预警值时,及时调配其他技能组支援,并每日复盘服务水平、放弃率和排班遵守率,"
    "持续跟踪改进效果。"
)


def analysis_paragraphs(task: "ReportTask", key: Mapping[str, float]) -> list[str]:
    paragraphs = [overview(task, key), slot_paragraph(task, key), agent_paragraph(task, key),
                  SUGGESTIONS]
    return [p for p in paragraphs if p]
