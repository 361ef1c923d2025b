"""A run's results, as the JSON contract (docs/RESULTS.md) holds them, as DataFrames."""
from __future__ import annotations

from typing import Any, Dict, List, NamedTuple, Optional

import pandas as pd

from ._binary import CoachLabError


class Finding(NamedTuple):
    """A plain-language finding of one plugin."""

    plugin: str
    text: str


class Results:
    """What `coachlab run --format json` printed, read: a result per plugin that ran."""

    def __init__(self, document: Dict[str, Any]) -> None:
        self.raw = document
        self._results = {result["plugin"]: result for result in document.get("results", [])}

    @property
    def dataset(self) -> str:
        """The dataset path as given."""
        return self.raw["dataset"]

    @property
    def plugins(self) -> List[str]:
        """The ids of the plugins that ran, in order."""
        return list(self._results)

    @property
    def skipped(self) -> Dict[str, str]:
        """Plugins that could not run on the dataset, with the reason."""
        return {entry["plugin"]: entry["reason"] for entry in self.raw.get("skipped", [])}

    @property
    def slice(self) -> Optional[Dict[str, Any]]:
        """The slice the results describe (`where`, `from`, `to`), or None for the whole dataset."""
        return self.raw.get("slice")

    def _result(self, plugin: str) -> Dict[str, Any]:
        try:
            return self._results[plugin]
        except KeyError:
            raise CoachLabError(f"no result of plugin '{plugin}'; the results are of: {', '.join(self.plugins)}") from None

    def tables(self, plugin: str) -> List[str]:
        """The names of a plugin's tables, in order."""
        return list(self._result(plugin)["tables"])

    def table(self, plugin: str, name: str) -> pd.DataFrame:
        """A plugin's table as a DataFrame: a row per row, columns in the plugin's order,
        NaN (or None in a text column) for a value that could not be computed."""
        tables = self._result(plugin)["tables"]
        if name not in tables:
            left_out = any(note.startswith("Left out of this output:") and f" {name} (" in note
                           for note in self._result(plugin).get("notes", []))
            hint = "; it has one row per rep: run with rep_tables=True (--detail reps)" if left_out else ""
            raise CoachLabError(f"plugin '{plugin}' has no table '{name}'; its tables are: {', '.join(tables)}{hint}")
        return pd.DataFrame.from_records(tables[name])

    def summary(self, plugin: str) -> Dict[str, Any]:
        """A plugin's summary values by key, None where a value could not be computed."""
        return dict(self._result(plugin)["summary"])

    def notes(self, plugin: str) -> List[str]:
        """A plugin's caveats."""
        return list(self._result(plugin)["notes"])

    @property
    def findings(self) -> List[Finding]:
        """Every plugin's findings, in the order the plugins ran."""
        return [Finding(plugin, text) for plugin, result in self._results.items() for text in result.get("findings", [])]

    @property
    def multiple_testing(self) -> pd.DataFrame:
        """The run's p-values adjusted together: plugin, key, p_value, p_adjusted."""
        testing = self.raw.get("multiple_testing") or {}
        return pd.DataFrame.from_records(testing.get("tests", []), columns=["plugin", "key", "p_value", "p_adjusted"])

    def __repr__(self) -> str:
        return f"Results(dataset={self.dataset!r}, plugins={self.plugins!r})"
