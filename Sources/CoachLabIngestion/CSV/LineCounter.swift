/// Counts a file's lines as the CSV reader ends records: at LF, at a bare CR, and at CR LF
/// once. The line scan that numbers rows and the rejects file's raw text both step through
/// a file with it, so a row's line and its raw text agree whatever the line ends.
struct LineCounter {
    /// The 1-based line of the next byte.
    private(set) var line = 1
    private var pendingCR = false

    /// Steps over `byte`.
    /// - Returns: the line `byte` belongs to (a line's ending belongs to it), and whether it
    ///   is the LF of a CR LF pair, which ends no line of its own.
    @inline(__always)
    mutating func advance(_ byte: UInt8) -> (line: Int, pairedLF: Bool) {
        if pendingCR {
            pendingCR = false
            if byte == 0x0A { return (line - 1, true) }
        }
        let current = line
        if byte == 0x0A || byte == 0x0D {
            line += 1
            pendingCR = byte == 0x0D
        }
        return (current, false)
    }
}
