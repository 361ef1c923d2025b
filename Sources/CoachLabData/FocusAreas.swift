/// The focus areas of each coaching session, dictionary-encoded in contiguous arrays:
/// session `i`'s areas are `codes[starts[i]..<starts[i + 1]]`, each naming `names[code]`.
/// Millions of sessions hold a handful of distinct areas; kept as codes, they load and
/// compare without a `String` per area.
public struct FocusAreas: Sendable, Equatable {
    /// The distinct areas, in order of first appearance.
    public var names: [String]
    /// Where each session's codes start in ``codes``, and one past the last session's end.
    public var starts: [Int32]
    public var codes: [Int32]

    public init(names: [String], starts: [Int32], codes: [Int32]) {
        precondition(!starts.isEmpty && starts[0] == 0 && Int(starts[starts.count - 1]) == codes.count,
                     "starts must run from 0 to the number of codes")
        self.names = names
        self.starts = starts
        self.codes = codes
    }

    /// Encodes each session's list of areas.
    public init(_ lists: [[String]]) {
        var number: [String: Int32] = [:]
        var names: [String] = []
        var starts: [Int32] = [0]
        var codes: [Int32] = []
        starts.reserveCapacity(lists.count + 1)
        for list in lists {
            for name in list {
                if let code = number[name] {
                    codes.append(code)
                } else {
                    number[name] = Int32(names.count)
                    codes.append(Int32(names.count))
                    names.append(name)
                }
            }
            starts.append(Int32(codes.count))
        }
        self.init(names: names, starts: starts, codes: codes)
    }

    /// Sessions described.
    public var count: Int { starts.count - 1 }

    /// How many areas session `session` has, as written (a skill written twice counts twice).
    @inlinable
    public func areaCount(of session: Int) -> Int { Int(starts[session + 1] - starts[session]) }

    /// How many distinct areas session `session` has: `prospecting;prospecting` is one.
    @inlinable
    public func distinctAreaCount(of session: Int) -> Int {
        let codes = self.codes(of: session)
        var distinct = 0
        // A session lists a handful of areas: comparing with the earlier ones beats a set.
        for index in codes.indices where !codes[codes.startIndex..<index].contains(codes[index]) { distinct += 1 }
        return distinct
    }

    /// The codes of session `session`'s areas, in the order written.
    @inlinable
    public func codes(of session: Int) -> ArraySlice<Int32> { codes[Int(starts[session])..<Int(starts[session + 1])] }

    /// Each session's areas as names.
    public var lists: [[String]] {
        (0..<count).map { session in codes(of: session).map { names[Int($0)] } }
    }
}
