import math

import pandas as pd
import pytest

import coachlab
from conftest import SAMPLE

HEADLINE = "quota-attainment-by-coaching-quality"


@pytest.fixture(scope="module")
def results():
    return coachlab.run(SAMPLE, plugins=[HEADLINE, "rep-improvement-over-time"], options={"min-periods": 9})


def test_a_table_is_a_dataframe(results):
    by_tier = results.table(HEADLINE, "by_tier")
    assert isinstance(by_tier, pd.DataFrame)
    assert list(by_tier["tier"]) == ["exceeds", "meets", "needs_improvement"]
    assert list(by_tier.columns[:4]) == ["tier", "rep_periods", "attained", "rate"]
    assert by_tier["rep_periods"].sum() == 12000
    assert (by_tier["rate"] == by_tier["attained"] / by_tier["rep_periods"]).all()


def test_summary_findings_and_adjustment(results):
    summary = results.summary(HEADLINE)
    assert summary["rep_periods"] == 12000
    assert summary["excluded_rep_periods"] == 0
    assert math.isclose(summary["rate_difference"], 0.9568627450980393 - 0.8421875, abs_tol=1e-12)
    assert results.summary("rep-improvement-over-time")["min_periods"] == 9
    assert results.plugins == [HEADLINE, "rep-improvement-over-time"]
    assert results.tables(HEADLINE) == ["by_tier", "by_month"]
    assert results.findings[0].plugin == HEADLINE
    assert results.findings[0].text.startswith("Reps under coaches who exceed expectations attain quota in 95.7%")
    testing = results.multiple_testing
    assert list(testing.columns) == ["plugin", "key", "p_value", "p_adjusted"]
    assert (testing["p_adjusted"] >= testing["p_value"]).all()
    assert results.slice is None


def test_unknown_names_are_clear_errors(results):
    with pytest.raises(coachlab.CoachLabError, match="no table 'nope'; its tables are: by_tier"):
        results.table(HEADLINE, "nope")
    with pytest.raises(coachlab.CoachLabError, match="no result of plugin 'nope'"):
        results.summary("nope")


def test_the_binarys_error_is_the_exception(tmp_path):
    with pytest.raises(coachlab.CoachLabError) as caught:
        coachlab.run(SAMPLE, plugins=["no-such-plugin"])
    assert caught.value.message.startswith("Error: unknown plugin 'no-such-plugin'; the known plugins are:")
    assert caught.value.returncode == 1
    (tmp_path / "managers.csv").write_text("manager_id,coaching_quality\nM1,superb\n")
    (tmp_path / "reps.csv").write_text("rep_id,manager_id\nR1,M1\n")
    (tmp_path / "performance.csv").write_text("rep_id,period,quota,bookings\nR1,2024-01,abc,1\n")
    with pytest.raises(coachlab.CoachLabError) as caught:
        coachlab.run(str(tmp_path))
    assert "managers.csv:2: column 'coaching_quality': 'superb' is not a coaching tier" in caught.value.message
    assert "performance.csv:2: column 'quota': 'abc' is not a number" in caught.value.message


def test_the_binary_is_found_or_named(monkeypatch, coachlab_binary):
    with pytest.raises(coachlab.CoachLabError, match="is not an executable coachlab binary"):
        coachlab.run(SAMPLE, binary="/no/such/coachlab")
    monkeypatch.delenv("COACHLAB_BIN")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(coachlab.CoachLabError, match="the coachlab binary was not found"):
        coachlab.run(SAMPLE)
    assert coachlab.run(SAMPLE, plugins=[HEADLINE], binary=coachlab_binary).plugins == [HEADLINE]


def test_a_slice_is_run_and_named():
    sliced = coachlab.run(SAMPLE, plugins=[HEADLINE], where={"region": ["EMEA North", "EMEA South"]},
                          period=("2023-01", "2023-12"))
    assert sliced.slice == {"where": ["region=EMEA North,EMEA South"], "from": "2023-01", "to": "2023-12",
                            "description": "region=EMEA North,EMEA South; 2023-01 to 2023-12"}
    assert sliced.summary(HEADLINE)["rep_periods"] < 12000 / 2
    with pytest.raises(coachlab.CoachLabError, match="no rep has region 'West'"):
        coachlab.run(SAMPLE, where="region=West")


def test_segments_are_results_of_their_own():
    by = coachlab.run(SAMPLE, plugins=[HEADLINE], by="segment")
    assert by.plugins == [f"{HEADLINE}@segment=enterprise", f"{HEADLINE}@segment=mid-market", f"{HEADLINE}@segment=smb",
                          "segments"]
    comparison = by.table("segments", HEADLINE)
    assert list(comparison["segment"]) == ["Enterprise", "Mid-Market", "SMB"]
    smb = coachlab.run(SAMPLE, plugins=[HEADLINE], where={"segment": "SMB"})
    assert comparison.loc[2, "rate_difference"] == smb.summary(HEADLINE)["rate_difference"]
    pd.testing.assert_frame_equal(by.table(f"{HEADLINE}@segment=smb", "by_tier"), smb.table(HEADLINE, "by_tier"))


def test_rep_tables_come_when_asked():
    plain = coachlab.run(SAMPLE, plugins=["skill-will-matrix"])
    with pytest.raises(coachlab.CoachLabError, match=r"rep_tables=True"):
        plain.table("skill-will-matrix", "by_rep")
    detailed = coachlab.run(SAMPLE, plugins=["skill-will-matrix"], rep_tables=True)
    by_rep = detailed.table("skill-will-matrix", "by_rep")
    assert len(by_rep) == 500
    assert list(by_rep.columns[:3]) == ["rep_id", "manager_id", "commitments"]
    assert plain.summary("skill-will-matrix") == detailed.summary("skill-will-matrix")
