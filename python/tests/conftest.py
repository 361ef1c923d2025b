import os
import pathlib

import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = str(REPOSITORY / "Datasets" / "sample-org")
EDGE = str(REPOSITORY / "Tests" / "CoachLabCLITests" / "Fixtures" / "export" / "edge-org")


@pytest.fixture(scope="session", autouse=True)
def coachlab_binary():
    """The binary under test: $COACHLAB_BIN, else the checkout's debug build."""
    binary = os.environ.get("COACHLAB_BIN") or str(REPOSITORY / ".build" / "debug" / "coachlab")
    if not os.access(binary, os.X_OK):
        pytest.exit(f"no coachlab binary at {binary}: build it (swift build) or set COACHLAB_BIN", returncode=1)
    os.environ["COACHLAB_BIN"] = binary
    return binary
