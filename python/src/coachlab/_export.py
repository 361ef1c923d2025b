"""`coachlab export`: the checked, joined data as a DataFrame."""
from __future__ import annotations

import io
import json
from typing import List, Optional, Sequence

import pandas as pd

from ._binary import Period, Where, invoke, slice_arguments

# Columns of text (ids, tiers, categories, months and dates, kept as `YYYY-MM[-DD]`
# strings); every other column of an export holds numbers or 0/1 flags (docs/EXPORT.md).
TEXT_COLUMNS = {
    "rep_id", "manager_id", "coaching_quality", "region", "segment", "hire_date", "period",
    "session_id", "assignment_id", "date", "kind", "focus_areas", "focus_area", "target_metric",
    "assigned_on", "due_on", "completed_on", "event", "event_id", "detail",
}

FORMULA_STARTS = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def is_text(column: str) -> bool:
    """Whether an export's column holds text (a programme's `program_NAME_start` month too)."""
    return column in TEXT_COLUMNS or (column.startswith("program_") and column.endswith("_start"))


def export(
    dataset: str,
    table: str = "rep-months",
    where: Where = None,
    period: Period = None,
    binary: Optional[str] = None,
    extra_args: Sequence[str] = (),
) -> pd.DataFrame:
    """One table of the dataset, checked and joined, as `coachlab export` writes it.

    `table` is `rep-months` (one row per rep-month: rep, manager, tier, region, segment,
    tenure, quota, bookings, attainment, attained, excluded, activity, coaching counts,
    programme flags), `reps`, `managers`, `sessions`, `assignments` or `events` (every
    coaching event: sessions, assignments due and completed, programme starts). Missing values are
    NaN; ids, tiers, months and dates are strings, numbers and 0/1 flags numeric.
    `where` and `period` slice it as `--where` and `--from`/`--to` do; `extra_args` are
    passed on (`["--mapping", "mapping.yaml"]`, `["--no-cache"]`).
    Raises CoachLabError with the binary's message when the dataset has problems.
    """
    arguments = ["export", dataset, "--table", table] + slice_arguments(where, period) + list(extra_args)
    output = invoke(binary, arguments + ["--format", "csv"])
    header = pd.read_csv(io.BytesIO(output), nrows=0).columns
    text = [column for column in header if is_text(column)]
    frame = pd.read_csv(
        io.BytesIO(output), dtype={column: str for column in text}, keep_default_na=False, na_values=[""]
    )
    # CSV writes text that begins like a spreadsheet formula after an apostrophe; JSON Lines
    # carries it as it is, so such a table (rare: ids like "=R3") is read again from those.
    if any(frame[column].astype(str).str.startswith(FORMULA_STARTS).any() for column in text):
        return _from_json_lines(invoke(binary, arguments + ["--format", "jsonl"]), list(header), text)
    return frame


def _from_json_lines(output: bytes, columns: List[str], text: List[str]) -> pd.DataFrame:
    records = [json.loads(line) for line in output.decode("utf-8").splitlines() if line]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in columns:
        frame[column] = frame[column].astype(str).where(frame[column].notna()) if column in text else pd.to_numeric(frame[column])
    return frame
