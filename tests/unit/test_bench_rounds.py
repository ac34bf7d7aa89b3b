"""bench/latency.py: each level in counterbalanced stints (A B, B A), pooled into one row per stack."""

from bench.latency import combine, stint_orders
from bench.users import Recorder


def test_every_stack_runs_first_and_second_equally_often_over_even_rounds():
    assert stint_orders(["ours", "stock"], 2) == [["ours", "stock"], ["stock", "ours"]]
    assert stint_orders(["ours", "ours*", "stock"], 4) == [
        ["ours", "ours*", "stock"],
        ["stock", "ours*", "ours"],
        ["ours", "ours*", "stock"],
        ["stock", "ours*", "ours"],
    ]
    assert stint_orders(["ours", "stock"], 1) == [["ours", "stock"]]


def stint(latencies, wall, cpu, errors=None, typed=None, peak=None, conversations=2, completed=1):
    recorder = Recorder(latencies=list(latencies), errors=dict(errors or {}))
    recorder.conversations, recorder.completed = conversations, completed
    return {
        "recorder": recorder,
        "wall": wall,
        "peak": peak or {"rasa": 900.0},
        "cpu": cpu,
        "client_cpu": 0.01 * len(latencies),
        "load_avg": ((1.0, 1.0, 1.0), (2.0, 2.0, 2.0)),
        "typed": typed,
    }


def test_stints_pool_messages_times_and_cpu_into_one_row():
    first = stint([0.1] * 30, wall=10.0, cpu={"rasa": 0.6}, errors={"timeout": 1}, peak={"rasa": 900.0})
    second = stint([0.2] * 10, wall=10.0, cpu={"rasa": 0.2}, errors={"timeout": 2, "http_500": 1}, peak={"rasa": 950.0})
    row = combine([first, second])
    assert row["messages"] == 40
    assert row["msg_per_s"] == 2.0  # 40 messages in 20 s, not the mean of 3.0 and 1.0 msg/s
    assert row["cpu_ms_per_msg"] == {"rasa": 20.0}  # 0.8 s of CPU for 40 messages
    assert row["errors"] == 4 and row["error_kinds"] == {"timeout": 3, "http_500": 1}
    assert row["conversations"] == 4 and row["completed"] == 2
    assert row["memory_peak_mib"] == {"rasa": 950.0}
    assert row["p50_ms"] == 100.0 and row["p95_ms"] == 200.0  # percentiles over the pooled latencies
    assert row["load_generator_cpu_ms_per_msg"] == 10.0
    assert row["load_avg"] == {"before": [1.0, 1.0, 1.0], "after": [2.0, 2.0, 2.0]}
    assert row["stints"] == 2


def test_typed_scenario_counters_add_up_across_stints():
    a = {"typed_answers": 50, "typed_missed": 1, "typed_missed_by": {"sleep_quality": 1}, "faq_unanswered": {}}
    b = {
        "typed_answers": 40,
        "typed_missed": 2,
        "typed_missed_by": {"sleep_quality": 1, "diet": 1},
        "faq_unanswered": {"x": 1},
    }
    row = combine([stint([0.1], 1.0, {}, typed=a), stint([0.1], 1.0, {}, typed=b)])
    assert row["typed_answers"] == 90 and row["typed_missed"] == 3
    assert row["typed_missed_by"] == {"sleep_quality": 2, "diet": 1}
    assert row["faq_unanswered"] == {"x": 1}
