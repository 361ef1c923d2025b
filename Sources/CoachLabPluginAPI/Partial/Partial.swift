/// The pieces a ``DecomposableMetric`` is built from, apart from its ``PartialState``:
/// the ``Context`` of a part of the rows, how a run spreads parts over threads
/// (``Parallelism``), sums that merge exactly (``ExactSum``), and the records a state is
/// written as and read back from (``Writer``, ``Reader``, ``Record``, ``Field``, checked
/// against ``Bounds``, refused with a ``FormatError`` or, when two cannot merge, a
/// ``MergeError``).
public enum Partial {}
