import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// Writes CSV text to a file through a large buffer, formatting numbers as bytes. The file is
/// written whole (``WholeFileWrites``): it appears in place only on ``commit()``, and a folder
/// never holds half of one.
struct ByteWriter {
    private var buffer: [UInt8] = []
    private let file: WholeFileWrites.Writer
    private(set) var bytesWritten = 0

    init(path: String) throws(GeneratorError) {
        do {
            file = try WholeFileWrites.Writer(path: path)
        } catch {
            throw .cannotWrite(path, reason: error.reason)
        }
        buffer.reserveCapacity(1 << 22)
    }

    mutating func text(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        flushIfFull()
    }

    mutating func byte(_ byte: UInt8) { buffer.append(byte) }

    mutating func comma() { buffer.append(UInt8(ascii: ",")) }

    mutating func endRow() {
        buffer.append(UInt8(ascii: "\n"))
        flushIfFull()
    }

    mutating func integer(_ value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }

    /// `value` zero-padded to `width` digits.
    mutating func padded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A money amount from whole cents: 1234.50.
    mutating func cents(_ value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        integer(abs(value) / 100)
        buffer.append(UInt8(ascii: "."))
        padded(abs(value) % 100, width: 2)
    }

    /// A number with one decimal from tenths: 12.5.
    mutating func tenths(_ value: Int) {
        integer(value / 10)
        buffer.append(UInt8(ascii: "."))
        buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    mutating func date(_ days: Int32) {
        let (year, month, day) = CivilDate.components(days)
        padded(year, width: 4)
        buffer.append(UInt8(ascii: "-"))
        padded(month, width: 2)
        buffer.append(UInt8(ascii: "-"))
        padded(day, width: 2)
    }

    mutating func month(year: Int, month: Int) {
        padded(year, width: 4)
        buffer.append(UInt8(ascii: "-"))
        padded(month, width: 2)
    }

    private mutating func flushIfFull() {
        if buffer.count >= 1 << 22 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { file.write($0) }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and puts the file in place; returns the bytes written, or throws
    /// the first failure (a full disk), the file not left behind.
    mutating func commit() throws(GeneratorError) -> Int {
        flush()
        do {
            try file.commit()
        } catch {
            throw .cannotWrite(file.path, reason: error.reason)
        }
        return bytesWritten
    }

    /// Leaves the file out, after something else failed; nothing once committed.
    func abandon() { file.abandon() }
}

/// Why generation failed.
public enum GeneratorError: Error, Sendable, CustomStringConvertible {
    /// A path that could not be written, and the system's words for why.
    case cannotWrite(String, reason: String)
    case invalidParameter(String)

    static func cannotWrite(_ path: String, reason code: Int32) -> GeneratorError {
        .cannotWrite(path, reason: WholeFileWrites.Failure(code: code).reason)
    }

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "\(DisplayText.escaped(path, limit: 300)): cannot be written (\(reason))"
        case .invalidParameter(let message): message
        }
    }
}
