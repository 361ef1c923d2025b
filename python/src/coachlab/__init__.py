"""CoachLab from Python: runs the `coachlab` binary (on PATH, `$COACHLAB_BIN` or
`binary=`) and returns its results and the checked data as pandas DataFrames.

    import coachlab
    results = coachlab.run("Datasets/sample-org")
    results.table("quota-attainment-by-coaching-quality", "by_tier")
    panel = coachlab.export("Datasets/sample-org")
"""
from ._binary import CoachLabError, find_binary
from ._export import export
from ._results import Finding, Results
from ._run import run

__all__ = ["run", "export", "Results", "Finding", "CoachLabError", "find_binary"]
__version__ = "0.1.0"
