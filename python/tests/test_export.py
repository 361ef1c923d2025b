import pandas as pd
import pytest

import coachlab
from conftest import EDGE, REPOSITORY, SAMPLE

FIXTURES = REPOSITORY / "Tests" / "CoachLabCLITests" / "Fixtures" / "export"


def test_the_panel_is_the_pandas_join():
    panel = coachlab.export(SAMPLE)
    expected = pd.read_csv(
        FIXTURES / "sample-org-rep-months.csv",
        dtype={column: str for column in ["rep_id", "manager_id", "coaching_quality", "region", "segment", "hire_date", "period"]},
    )
    assert len(panel) == 12000
    pd.testing.assert_frame_equal(panel, expected)
    assert panel["excluded"].sum() == 0


def test_missing_values_are_nan_and_text_is_exact():
    panel = coachlab.export(EDGE, extra_args=["--no-cache"])
    assert list(panel["rep_id"]) == ["R1", "R1", "R,2", "R,2", "=R3", "=R3", "R4", "R4", "R4", "R5"]
    assert list(panel["excluded"]) == [0, 0, 1, 1, 0, 0, 0, 0, 0, 0]
    assert panel.loc[2, ["quota", "attainment", "attained", "tenure_months"]].isna().all()
    assert pd.isna(panel.loc[2, "region"]) and panel.loc[4, "region"] == "North, East"
    assert panel.loc[9, "region"] == 'Say "hi"'
    assert panel.loc[4, "tenure_months"] == -4
    assert list(panel["program_Pilot"]) == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0]
    assert panel.loc[8, "program_Pilot_start"] == "2024-03"


def test_other_tables():
    sessions = coachlab.export(EDGE, table="sessions", extra_args=["--no-cache"])
    assert list(sessions.columns[:4]) == ["session_id", "rep_id", "manager_id", "coaching_quality"]
    assert sessions.loc[0, "focus_areas"] == "demo;discovery" and sessions["developmental"].sum() == 5
    managers = coachlab.export(EDGE, table="managers", extra_args=["--no-cache"])
    assert list(managers["reps"]) == [2, 1, 2]
    events = coachlab.export(EDGE, table="events", extra_args=["--no-cache"])
    assert list(events["event"].value_counts().sort_index().items()) == [
        ("assignment_completed", 4), ("assignment_due", 5), ("programme_start", 3), ("session", 7)]
    assert events.loc[events["event"] == "programme_start", "date"].isna().all()
    with pytest.raises(coachlab.CoachLabError, match="'nonsense'"):
        coachlab.export(EDGE, table="nonsense")


def test_the_headline_model_on_the_panel_gives_coachlabs_number():
    """README's example: the linear probability model on the exported panel."""
    panel = coachlab.export(SAMPLE)
    used = panel[panel["excluded"] == 0]
    rates = used.groupby("coaching_quality")["attained"].mean()
    difference = coachlab.run(SAMPLE, plugins=["quota-attainment-by-coaching-quality"]).summary(
        "quota-attainment-by-coaching-quality")["rate_difference"]
    assert abs((rates["exceeds"] - rates["needs_improvement"]) - difference) < 1e-12
    smf = pytest.importorskip("statsmodels.formula.api")
    fit = smf.ols("attained ~ C(coaching_quality, Treatment('needs_improvement'))", data=used).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(used["manager_id"])[0]})
    assert abs(fit.params["C(coaching_quality, Treatment('needs_improvement'))[T.exceeds]"] - difference) < 1e-12


def test_a_slice_of_the_panel_is_the_panel_filtered():
    panel = coachlab.export(SAMPLE)
    sliced = coachlab.export(SAMPLE, where=["segment!=SMB"])
    pd.testing.assert_frame_equal(sliced, panel[panel["segment"] != "SMB"].reset_index(drop=True))
    # A window leaves out assignments set before it, so the counts of assignments due or
    # completed in its first months can be lower; every other column is the panel's.
    windowed = coachlab.export(SAMPLE, where=["segment!=SMB"], period=("2023-04", None))
    expected = panel[(panel["segment"] != "SMB") & (panel["period"] >= "2023-04")].reset_index(drop=True)
    same = [column for column in panel.columns if not column.startswith("assignments_")]
    pd.testing.assert_frame_equal(windowed[same], expected[same])
    assert (windowed["assignments_due"] <= expected["assignments_due"]).all()
