#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Piece scheduling: where a large file is cut so that its pieces parse at once.
extension CSVReader {
    /// Where a piece boundary after `target` goes, searching from `position` (the previous
    /// boundary, or the start) and updating it: just after a line break at or after
    /// `target`, or nil at the end of the input.
    typealias CutRule = (_ input: Input, _ target: Int, _ position: inout Int, _ quotes: inout Int) -> Int?

    /// The size the guided pieces of `bytes` shrink to: half of `minimum` (1 MiB) for a large
    /// file, down to an eighth of it for a file of a few megabytes (reps.csv of a large org),
    /// so that the threads finish within a small piece of each other (Benchmarks/README.md,
    /// *Piece sizes*, has the measurements that chose these sizes).
    static func smallestPiece(of bytes: Int, threads: Int, minimum: Int) -> Int {
        min(minimum / 2, max(minimum / 8, bytes / (16 * max(1, threads))))
    }

    /// Where the pieces of `start..<end` should end (before each is moved to a line
    /// break): each a `1 / (2 × threads)` share of what remains, at least `minimumPiece`.
    static func guidedTargets(from start: Int, to end: Int, threads: Int, minimumPiece: Int) -> [Int] {
        var targets: [Int] = []
        var position = start
        while true {
            let size = max(minimumPiece, (end - position) / (2 * max(1, threads)))
            guard end - position >= size + minimumPiece else { return targets }
            position += size
            targets.append(position)
        }
    }

    /// The pieces of the input from `start`, cut by `rule` near each of `targets`.
    static func pieces(_ input: Input, from start: Int, at targets: [Int], cuttingAt rule: CutRule) -> [Range<Int>] {
        var bounds = [start]
        var position = start
        var quotes = 0
        for target in targets {
            guard target > position else { continue }
            guard let boundary = rule(input, target, &position, &quotes), boundary < input.size else { break }
            bounds.append(boundary)
            position = boundary
        }
        bounds.append(input.size)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
    }

    /// Just after the first line break at or after `target`, whatever precedes it: no
    /// reading but around the target. Outside quotes unless a quoted field holds a line
    /// break there, which ``cutsOutsideQuotes(quotesPerPiece:)`` finds after the parse.
    static func lineBreaksAfterTargets(_ input: Input, target: Int, position: inout Int, quotes: inout Int) -> Int? {
        var found: Int?
        input.scan(target..<input.size, bufferSize: 64 * 1024) { offset, bytes in
            found = bytes.firstIndex(of: 0x0A).map { offset + $0 + 1 }
            return found != nil
        }
        return found
    }
}
