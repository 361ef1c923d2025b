/// programs.csv (a CoachLab extension of the canonical dataset): the programs reps were
/// put in and the month each rep's treatment starts, one row per (rep, program), in file
/// order. A rep may be in several programs; the loader refuses a repeated (rep, program).
public struct Programs: Sendable {
    /// The row of reps.csv of each enrolment.
    public var reps: [Int32]
    /// The program of each enrolment, dictionary-encoded (as other small-cardinality text
    /// is); the loader leaves no name missing.
    public var names: CategoricalColumn
    /// ``MonthIndex`` of the first month each rep is treated by the program.
    public var startPeriods: [Int32]

    public init(reps: [Int32], names: CategoricalColumn, startPeriods: [Int32]) {
        self.reps = reps
        self.names = names
        self.startPeriods = startPeriods
    }

    /// Enrolments with their programs' names as text, encoded in order of first appearance
    /// (for datasets built in code).
    public init(reps: [Int32], names: [String], startPeriods: [Int32]) {
        var code: [String: Int32] = [:]
        var categories: [String] = []
        let codes = names.map { name in
            if let known = code[name] { return known }
            let new = Int32(categories.count)
            code[name] = new
            categories.append(name)
            return new
        }
        self.init(reps: reps, names: CategoricalColumn(codes: codes, categories: categories), startPeriods: startPeriods)
    }

    public var count: Int { reps.count }

    /// The distinct names of the programs that have enrolments, sorted (by default in
    /// increasing order): call it as `names()`.
    ///
    /// The parameter is what keeps this helper apart from the ``names`` column: Swift
    /// refuses a method `names()` without one beside a property `names`.
    /// - Complexity: O(*n* + *k* log *k*) for *n* enrolments of *k* programs.
    public func names(sortedBy areInIncreasingOrder: (String, String) -> Bool = (<)) -> [String] {
        var used = [Bool](repeating: false, count: names.categories.count)
        for code in names.codes where code != CategoricalColumn.missing { used[Int(code)] = true }
        let distinct = Set(names.categories.indices.filter { used[$0] }.map { names.categories[$0] })
        return distinct.sorted(by: areInIncreasingOrder)
    }
}
