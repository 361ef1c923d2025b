/// A dictionary-encoded text column: one dense code per row into `categories`.
///
/// Kernels index arrays by `codes` instead of hashing strings. A missing value has code
/// ``CategoricalColumn/missing``.
public struct CategoricalColumn: Sendable, Equatable {
    public static let missing: Int32 = -1

    public var codes: [Int32]
    public var categories: [String]

    public init(codes: [Int32], categories: [String]) {
        self.codes = codes
        self.categories = categories
    }

    public var count: Int { codes.count }

    /// The text of row `row`, or nil when it is missing.
    public subscript(row: Int) -> String? {
        let code = codes[row]
        return code == Self.missing ? nil : categories[Int(code)]
    }
}
