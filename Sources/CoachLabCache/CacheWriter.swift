import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the body of a cache file: scalars, strings and raw arrays, each record padded to
/// 32 bytes so arrays sit aligned in the mapped file, checksummed as written.
package struct CacheWriter {
    private let file: UnsafeMutablePointer<FILE>
    private var pending: [UInt8] = []
    private(set) var checksum = Checksum()
    private(set) var failed = false

    init?(path: String) {
        guard let file = fopen(path, "wb") else { return nil }
        self.file = file
    }

    package mutating func integer(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { pending.append(contentsOf: $0) }
    }

    package mutating func flag(_ value: Bool) { integer(value ? 1 : 0) }

    package mutating func string(_ value: String) {
        let bytes = Array(value.utf8)
        integer(bytes.count)
        pending.append(contentsOf: bytes)
    }

    package mutating func strings(_ values: [String]) {
        integer(values.count)
        for value in values { string(value) }
        flush()
    }

    /// An array of plain values, copied byte for byte.
    package mutating func array<T: BitwiseCopyable>(_ values: [T]) {
        values.withUnsafeBufferPointer { write(UnsafeRawBufferPointer($0), count: $0.count) }
    }

    /// A column, as ``array(_:)`` writes it (``CacheReader/column(_:)`` reads it in place).
    package mutating func column<T>(_ column: Column<T>) {
        column.withUnsafeBufferPointer { write(UnsafeRawBufferPointer($0), count: $0.count) }
    }

    package mutating func optionalArray<T: BitwiseCopyable>(_ values: [T]?) {
        flag(values != nil)
        if let values { array(values) }
    }

    package mutating func optionalColumn<T>(_ values: Column<T>?) {
        flag(values != nil)
        if let values { column(values) }
    }

    private mutating func write(_ raw: UnsafeRawBufferPointer, count: Int) {
        integer(count)
        flush()
        let whole = raw.count / 32 * 32
        if whole > 0 { emit(UnsafeRawBufferPointer(rebasing: raw[0..<whole])) }
        pending.append(contentsOf: raw[whole...])
        flush()
    }

    /// Pads what is pending to 32 bytes and writes it.
    mutating func flush() {
        guard !pending.isEmpty else { return }
        pending.append(contentsOf: [UInt8](repeating: 0, count: (32 - pending.count % 32) % 32))
        let bytes = pending
        bytes.withUnsafeBytes { emit($0) }
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer) {
        checksum.add(bytes)
        if fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count { failed = true }
    }

    /// Writes raw bytes that are not part of the checksummed body (header, trailer).
    mutating func raw(_ bytes: [UInt8]) {
        if fwrite(bytes, 1, bytes.count, file) != bytes.count { failed = true }
    }

    /// Flushes and closes; false if anything failed.
    mutating func close() -> Bool {
        flush()
        if fflush(file) != 0 { failed = true }
        if fclose(file) != 0 { failed = true }
        return !failed
    }
}
