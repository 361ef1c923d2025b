"""Finding and running the `coachlab` executable."""
from __future__ import annotations

import os
import shutil
import subprocess
from typing import Mapping, Optional, Sequence, Tuple, Union


class CoachLabError(RuntimeError):
    """The `coachlab` binary failed, or could not be found.

    `message` is what the binary printed on standard error (its `Error: ...` lines, which
    name the file, line, column and value of bad input); `returncode` its exit status
    (64 for a usage error, 1 for bad input), None when it could not be started.
    """

    def __init__(self, message: str, returncode: Optional[int] = None, command: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.command = list(command)


def find_binary(binary: Optional[str] = None) -> str:
    """The executable to run: `binary`, else `$COACHLAB_BIN`, else `coachlab` on PATH."""
    candidate = binary or os.environ.get("COACHLAB_BIN") or shutil.which("coachlab")
    if not candidate:
        raise CoachLabError(
            "the coachlab binary was not found: put it on PATH, set COACHLAB_BIN, or pass binary='path/to/coachlab'"
        )
    if os.sep in candidate and not os.access(candidate, os.X_OK):
        raise CoachLabError(f"{candidate} is not an executable coachlab binary")
    return candidate


Where = Union[Mapping[str, Union[str, Sequence[str]]], Sequence[str], str, None]
Period = Union[Tuple[Optional[str], Optional[str]], str, None]


def slice_arguments(where: Where = None, period: Period = None) -> list:
    """`--where` and `--from`/`--to` arguments of a slice.

    `where` is a mapping of column to value (or to a list of values, any of which matches),
    or expressions as the command line takes them (`"region=West"`, `"segment!=SMB"`);
    `period` is `(first, last)` months `YYYY-MM` (either may be None) or one month.
    """
    arguments = []
    if isinstance(where, str):
        where = [where]
    if isinstance(where, Mapping):
        for column, value in where.items():
            values = [value] if isinstance(value, str) else list(value)
            arguments += ["--where", f"{column}={','.join(str(v) for v in values)}"]
    elif where is not None:
        for expression in where:
            arguments += ["--where", str(expression)]
    if isinstance(period, str):
        period = (period, period)
    if period is not None:
        first, last = period
        if first is not None:
            arguments += ["--from", str(first)]
        if last is not None:
            arguments += ["--to", str(last)]
    return arguments


def invoke(binary: Optional[str], arguments: Sequence[str]) -> bytes:
    """Runs the binary with `arguments`; its standard output, or CoachLabError with its message."""
    command = [find_binary(binary)] + [str(argument) for argument in arguments]
    try:
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise CoachLabError(f"{command[0]} could not be started: {error}", None, command) from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", errors="replace").strip()
        raise CoachLabError(message or f"coachlab exited with status {completed.returncode}", completed.returncode, command)
    return completed.stdout
