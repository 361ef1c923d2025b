/// Bytes of rendered text gathered into pieces of about a megabyte, each handed on when
/// full: what a streaming renderer appends to.
struct TextPieces {
    static let pieceSize = 1 << 20

    private(set) var bytes: [UInt8] = []
    private let output: ((UnsafeRawBufferPointer) -> Void)?

    /// Text kept whole, with room for about `capacity` bytes (room never written costs no
    /// memory; text that outgrows its room is copied whole each time it grows).
    init(capacity: Int) {
        output = nil
        bytes.reserveCapacity(capacity)
    }

    /// Text handed to `output` a piece at a time.
    init(to output: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.output = output
        bytes.reserveCapacity(Self.pieceSize + (1 << 16))
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(contentsOf more: some Sequence<UInt8>) { bytes.append(contentsOf: more) }
    mutating func append(contentsOf more: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: more) }

    /// Hands on the piece once it is full (a no-op for text kept whole): called between
    /// rows and members, so a piece never splits one.
    @inline(__always)
    mutating func handOnIfFull() {
        if bytes.count >= Self.pieceSize { handOn() }
    }

    /// Hands on what is gathered.
    mutating func handOn() {
        guard let output, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes(output)
        bytes.removeAll(keepingCapacity: true)
    }
}
