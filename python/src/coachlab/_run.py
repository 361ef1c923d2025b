"""`coachlab run`: metric plugins' results."""
from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Sequence

from ._binary import Period, Where, invoke, slice_arguments
from ._results import Results


def run(
    dataset: str,
    plugins: Optional[Sequence[str]] = None,
    options: Optional[Mapping[str, Any]] = None,
    where: Where = None,
    period: Period = None,
    binary: Optional[str] = None,
    adjust: Optional[str] = None,
    by: Optional[str] = None,
    rep_tables: bool = False,
    extra_args: Sequence[str] = (),
) -> Results:
    """Runs metric plugins on a dataset folder and returns their results.

    `plugins`: ids to run (default: every plugin the dataset can feed; `coachlab plugins`
    lists them). `options`: plugin options, `{"min-periods": 9}` for every plugin that
    takes it or `{"program-impact.covariates": "segment"}` for one. `where` and `period`
    run on a slice (`{"region": "West"}`, `("2023-01", "2023-06")`). `adjust`: `holm`
    (default), `bh` or `none`. `by`: a column to run every plugin per value of (`--by`;
    each segment's results are under `PLUGIN@COLUMN=VALUE`, the comparison under
    `segments`). `rep_tables`: also return the tables of one row per rep (`by_rep`),
    which JSON leaves out unless asked (`--detail reps`) because they grow with the org.
    `extra_args` are passed on as they are.
    Raises CoachLabError with the binary's message on bad input or an unknown plugin.
    """
    arguments = ["run", dataset, "--format", "json"]
    for plugin in plugins or []:
        arguments += ["--plugin", plugin]
    for name, value in (options or {}).items():
        arguments += ["--option", f"{name}={value}"]
    if adjust is not None:
        arguments += ["--adjust", adjust]
    if by is not None:
        arguments += ["--by", by]
    if rep_tables:
        arguments += ["--detail", "reps"]
    arguments += slice_arguments(where, period) + list(extra_args)
    return Results(json.loads(invoke(binary, arguments)))
