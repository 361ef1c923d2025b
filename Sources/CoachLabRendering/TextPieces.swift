/// Bytes of rendered text gathered into pieces of about a megabyte, each handed on when
/// full: what a streaming renderer appends to.
struct TextPieces {
    static let pieceSize = 1 << 20

    private var bytes: [UInt8] = []
    private let output: (UnsafeRawBufferPointer) -> Void

    /// Text handed to `output` a piece at a time.
    init(to output: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.output = output
        bytes.reserveCapacity(Self.pieceSize + (1 << 16))
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(contentsOf more: some Sequence<UInt8>) { bytes.append(contentsOf: more) }
    mutating func append(contentsOf more: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: more) }

    /// Hands on the piece once it is full: called between rows and members, so a piece
    /// never splits one.
    @inline(__always)
    mutating func handOnIfFull() {
        if bytes.count >= Self.pieceSize { handOn() }
    }

    /// Hands on what is gathered.
    mutating func handOn() {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes(output)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The whole text a streaming renderer's `write` hands on, as one `String`.
    static func whole(_ write: ((UnsafeRawBufferPointer) -> Void) -> Void) -> String {
        var text: [UInt8] = []
        write { text.append(contentsOf: $0) }
        return String(decoding: text, as: UTF8.self)
    }
}
