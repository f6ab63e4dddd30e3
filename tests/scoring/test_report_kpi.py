"""KPI formulas against a tiny data set whose answers were worked out by hand."""
import pytest

from scoring import kpi
from scoring.kpi import AgentStateRecord, CallRecord, DayRecords, OutboundRecord


def call(n, answered=True, queue=0, ring=0, talk=0, hold=0, acw=0, rating="", fcr=False,
         queued=True, slot="09:00-09:30", agent="A1", group="G1"):
    return CallRecord(f"C{n}", slot, group if queued else "", agent if answered else "",
                      queued, queue, ring, talk, hold, acw, answered, rating, fcr)


# Six rows: one IVR-only call (not offered), four answered, one abandoned after 40 s.
CALLS = [
    call(1, queue=5, ring=5, talk=100, hold=0, acw=20, rating="非常满意", fcr=True),
    call(2, queue=12, ring=8, talk=200, hold=30, acw=10, rating="满意", fcr=True),
    call(3, queue=25, ring=6, talk=150, hold=0, acw=30, rating="不满意", fcr=False,
         slot="09:30-10:00", agent="A2"),
    call(4, queue=2, ring=3, talk=50, hold=10, acw=0, rating="未评价", fcr=True,
         slot="09:30-10:00", agent="A2", group="G2"),
    call(5, answered=False, queue=40, slot="09:30-10:00"),
    call(6, answered=False, queued=False),
]
STATES = [
    AgentStateRecord("A1", "G1", 28800, True, 27000, 6000, 12000, 1000, 2000, 27000),
    AgentStateRecord("A2", "G1", 28800, True, 28800, 10000, 9000, 500, 1500, 28800),
    AgentStateRecord("A3", "G2", 28800, False, 0, 0, 0, 0, 0, 0),
]
OUTBOUND = [OutboundRecord("W1", "B1", True, True), OutboundRecord("W2", "B1", True, False),
            OutboundRecord("W3", "B1", False, False), OutboundRecord("W4", "B2", True, False)]
DAY = DayRecords(CALLS, STATES, OUTBOUND)

HAND_COMPUTED = {
    "offered": 5, "answered": 4, "abandoned": 1, "answered_20s": 3,
    "answer_rate": 4 / 5, "abandon_rate": 1 / 5,
    "service_level": 3 / 5,                        # calls 1, 2 (12+8=20 counts), 4
    "asa": (10 + 20 + 31 + 5) / 4,                 # queue + ring of answered calls
    "att": (100 + 200 + 150 + 50) / 4,
    "average_hold": 40 / 4, "average_acw": 60 / 4,
    "aht": (500 + 40 + 60) / 4,
    "fcr": 3 / 4,
    "rated": 3, "satisfaction": 2 / 3,             # 未评价 is not in the denominator
    "rating_rate": 3 / 4,
    "occupancy": (15000 + 11000) / (15000 + 11000 + 6000 + 10000),
    "utilisation": (15000 + 11000) / (27000 + 28800),
    "attendance": 2 / 3,
    "adherence": (27000 + 28800) / (3 * 28800),    # the absent agent's schedule still counts
    "outbound_connect_rate": 3 / 4, "outbound_sales_rate": 1 / 3,
}


@pytest.mark.parametrize("name", sorted(HAND_COMPUTED))
def test_kpi_matches_hand_computation(name):
    assert kpi.compute_kpi(name, DAY) == pytest.approx(HAND_COMPUTED[name])


def test_every_kpi_in_the_design_table_is_covered_by_the_hand_computed_set():
    assert set(kpi.KPI_NAMES) == set(HAND_COMPUTED)


def test_service_level_counts_exactly_twenty_seconds_as_within_target():
    edge = [call(1, queue=15, ring=5), call(2, queue=15, ring=6)]
    assert kpi.service_level(edge) == 0.5


def test_empty_denominators_give_zero_instead_of_raising():
    assert kpi.asa([]) == 0.0
    assert kpi.satisfaction([call(1, rating="未评价")]) == 0.0


def test_breakdown_by_slot_uses_each_slots_own_offered_calls():
    slots = kpi.breakdown(DAY, "slot", ["offered", "answered", "service_level"])
    assert slots["09:00-09:30"] == {"offered": 2, "answered": 2, "service_level": 1.0}
    assert slots["09:30-10:00"] == pytest.approx(
        {"offered": 3, "answered": 2, "service_level": 1 / 3})


def test_breakdown_by_agent_combines_their_calls_and_their_state_row():
    agents = kpi.breakdown(DAY, "agent", ["answered", "aht", "occupancy", "adherence"])
    assert set(agents) == {"A1", "A2"}  # abandoned calls belong to no agent
    assert agents["A2"]["answered"] == 2
    assert agents["A2"]["aht"] == pytest.approx((150 + 30 + 50 + 10) / 2)
    assert agents["A1"]["occupancy"] == pytest.approx(15000 / 21000)
    assert agents["A1"]["adherence"] == pytest.approx(27000 / 28800)


def test_breakdown_by_group_uses_the_groups_agents_for_state_kpis():
    groups = kpi.breakdown(DAY, "group", ["answered", "attendance"])
    assert groups["G1"] == {"answered": 3, "attendance": 1.0}
    assert groups["G2"] == {"answered": 1, "attendance": 0.0}


def test_unknown_kpi_name_is_refused():
    with pytest.raises(KeyError):
        kpi.compute_kpi("average_mood", DAY)
