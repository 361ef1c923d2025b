#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabData

/// Files that are not UTF-8: transcoded when their encoding is declared, and otherwise
/// refused with one problem for the file (not one per value) saying what they look like
/// and which line of the mapping reads them.
extension CSVReader {
    /// A file's whole text, transcoded to UTF-8 from ``encoding``, or the problem of the
    /// line where it is not in that encoding.
    /// A file's text once transcoded, or why it could not be.
    enum Transcoded {
        case text(UnsafeMutableRawBufferPointer)
        case failure(PendingProblem)
    }

    func transcode(_ input: Input) -> Transcoded {
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, input.size), alignment: 16)
        defer { raw.deallocate() }
        guard input.read(into: raw.baseAddress!, count: input.size, at: 0) == input.size else {
            return .failure(PendingProblem(location: .file, message: "cannot be read: \(String(cString: strerror(errno)))"))
        }
        switch encoding.decode(UnsafeRawBufferPointer(rebasing: raw[0..<input.size])) {
        case .success(let text):
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, text.count), alignment: 16)
            text.withUnsafeBytes { buffer.copyMemory(from: $0) }
            return .text(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<text.count]))
        case .failure(let failure):
            let line = Self.line(in: UnsafeRawBufferPointer(rebasing: raw[0..<input.size]), at: failure.offset)
            return .failure(PendingProblem(location: .line(line), message: "is not \(encoding.rawValue) text: \(failure.message)"))
        }
    }

    /// The problem of a file whose first bytes are not UTF-8 (while no other encoding is
    /// declared), unless they are UTF-8 with a stray bad byte, which is that row's problem.
    func notUTF8(_ prefix: [UInt8], cutShort: Bool, input: Input) -> PendingProblem? {
        prefix.withUnsafeBytes { bytes in
            let (guess, firstInvalid) = EncodingGuess.of(bytes, cutShort: cutShort)
            guard let firstInvalid, guess != .strayBytes else { return nil }
            let line = Self.line(in: bytes, at: firstInvalid)
            var start = firstInvalid
            while start > 0 && bytes[start - 1] != 0x0A && bytes[start - 1] != 0x0D { start -= 1 }
            var end = firstInvalid
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            let text = InputProblem.display(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), limit: 80)
            return PendingProblem(location: .line(line), message: notUTF8Message(guess, holding: "this line holds '\(text)'"))
        }
    }

    /// Replaces the problems of values that are not UTF-8 with one for the file when they
    /// show it is in another encoding: the first of them and the file's first bytes
    /// (`prefix`) decide (``EncodingGuess``).
    func collapseInvalidText(_ outcome: inout Outcome, prefix: [UInt8]) {
        guard let first = outcome.firstInvalidText else { return }
        // Whole characters only: the prefix up to its last line break.
        let whole = prefix[..<(prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)]
        let guess = (whole + [0x0A] + first.bytes).withUnsafeBytes { EncodingGuess.of($0).guess }
        guard guess != .strayBytes, guess != .utf8 else { return }
        let value = first.bytes.withUnsafeBytes { InputProblem.display($0) }
        outcome.problems = [PendingProblem(
            location: .row(first.row), column: first.column, message: notUTF8Message(guess, holding: nil), value: value)]
        outcome.problemCount = 1
        outcome.tallies = []
        outcome.rejected = []
        outcome.stopped = true
    }

    /// What is said of a file in another encoding, found at a line (`holding` its text) or
    /// at a value (the problem names it).
    private func notUTF8Message(_ guess: EncodingGuess, holding: String?) -> String {
        var message = "is not UTF-8 text" + (holding.map { " (\($0))" } ?? ", and the file holds no UTF-8 character beyond ASCII")
            + ": " + guess.looksLike
        if let suggested = guess.suggested {
            message += "; " + advice(for: suggested)
        }
        return message
    }

    /// How to read the file as `encoding`.
    func advice(for encoding: TextEncoding) -> String {
        encodingAdvice?.text(for: encoding)
            ?? "read it through a mapping with the line `encoding: \(encoding.rawValue)` (coachlab mapping init drafts one), or save it as UTF-8"
    }

    /// What is said of a file whose first bytes show it is not CSV text (`reason`).
    func notTextMessage(_ reason: String) -> String {
        reason == Self.utf16Reason ? "\(reason): \(advice(for: .utf16))" : "\(reason); expected CSV text"
    }

    /// A table that could not be read at all: its one problem stops the load.
    static func unreadTable(_ displayName: String, _ lines: LineLocator, _ problem: InputProblem) -> ParsedTable {
        var table = ParsedTable(file: displayName, header: [], rowCount: 0, columns: [:], lines: lines,
                                problems: [problem], problemCount: 1)
        table.stopped = true
        return table
    }

    /// The 1-based line of byte `offset` of `bytes`, lines ended as the reader ends them.
    static func line(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Int {
        var counter = LineCounter()
        for byte in bytes[0..<min(offset, bytes.count)] { _ = counter.advance(byte) }
        return counter.line
    }
}
