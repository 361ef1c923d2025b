/// One commitment as the data judge it.
struct JudgedCommitment {
    /// The rep's code.
    var rep: Int
    /// `assigned_on` as a ``CivilDate`` day count.
    var day: Int32
    /// The grid column of its month (`assigned_on`'s); may lie outside the grid.
    var month: Int
    /// Whether the committed metric has a value in one of the three months after.
    var judged: Bool
    /// Whether its mean over those months reached the target.
    var met: Bool
    /// Attainment in the three months after minus the three before (judged commitments with
    /// attainment on both sides only).
    var outcome: Double?
}
