/// The character encoding of an export's file (`encoding:` in a mapping, docs/MAPPING.md).
///
/// UTF-8, with or without a byte-order mark, is parsed as it is; the others are transcoded
/// to UTF-8 in memory before parsing, so that the UTF-8 path never pays for them. Line
/// breaks, quotes and delimiters are ASCII in every one of them, so a transcoded file has
/// the lines of the original.
public enum TextEncoding: String, Sendable, CaseIterable, Hashable {
    case utf8 = "utf-8"
    /// UTF-8 that starts with a byte-order mark (what Excel's "CSV UTF-8" saves).
    case utf8WithSignature = "utf-8-sig"
    /// What Excel on Windows saves as "CSV" in Western European languages.
    case windows1252 = "windows-1252"
    /// Latin-1: every byte is the code point of the same number.
    case iso88591 = "iso-8859-1"
    /// UTF-16 with a byte-order mark, little- or big-endian ("Unicode Text" from Excel).
    case utf16 = "utf-16"

    /// The encoding a mapping names (case ignored), or nil.
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == name.lowercased() }) else { return nil }
        self = found
    }

    /// Whether the file is transcoded to UTF-8 before it is parsed.
    public var transcodes: Bool { self != .utf8 && self != .utf8WithSignature }

    /// Why a file's bytes are not text in the encoding: where (a byte offset into them) and what.
    public struct DecodeFailure: Error, Sendable {
        public var offset: Int
        public var message: String
    }

    /// `bytes` as UTF-8 (a byte-order mark dropped), or where they are not in this encoding.
    public func decode(_ bytes: UnsafeRawBufferPointer) -> Result<[UInt8], DecodeFailure> {
        switch self {
        case .utf8, .utf8WithSignature:
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            return .success(Array(bytes[start...]))
        case .iso88591:
            return .success(Self.singleByte(bytes) { UInt32($0) })
        case .windows1252:
            if let undefined = bytes.firstIndex(where: { $0 & 0xE0 == 0x80 && Self.windows1252High[Int($0 & 0x7F)] == 0 }) {
                return .failure(DecodeFailure(offset: undefined, message: "byte 0x\(Self.hex(bytes[undefined])) is not a windows-1252 character"))
            }
            return .success(Self.singleByte(bytes) { $0 & 0xE0 == 0x80 ? Self.windows1252High[Int($0 & 0x7F)] : UInt32($0) })
        case .utf16:
            return Self.utf16(bytes)
        }
    }

    /// Code points 0x80–0x9F of windows-1252 (0 where it has none); the rest are Latin-1's.
    static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    private static func singleByte(_ bytes: UnsafeRawBufferPointer, _ scalar: (UInt8) -> UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var start = 0
        var index = 0
        while index < bytes.count {
            // Runs of ASCII, eight bytes at a time, are copied as they are.
            while index + 8 <= bytes.count && bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            while index < bytes.count && bytes[index] < 0x80 { index += 1 }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            if index < bytes.count {
                appendUTF8(scalar(bytes[index]), to: &out)
                index += 1
            }
            start = index
        }
        return out
    }

    private static func utf16(_ bytes: UnsafeRawBufferPointer) -> Result<[UInt8], DecodeFailure> {
        let littleEndian: Bool
        if bytes.starts(with: [0xFF, 0xFE]) {
            littleEndian = true
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            littleEndian = false
        } else {
            return .failure(DecodeFailure(offset: 0, message: "does not start with a UTF-16 byte-order mark (FF FE or FE FF); save it as \"Unicode Text\" or as UTF-8"))
        }
        guard bytes.count % 2 == 0 else {
            return .failure(DecodeFailure(offset: bytes.count - 1, message: "ends in half a UTF-16 character (an odd number of bytes)"))
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2 + bytes.count / 16)
        var index = 2
        func unit(_ at: Int) -> UInt32 {
            littleEndian ? UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 : UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1])
        }
        while index < bytes.count {
            let first = unit(index)
            if first < 0xD800 || first > 0xDFFF {
                appendUTF8(first, to: &out)
                index += 2
                continue
            }
            guard first < 0xDC00, index + 3 < bytes.count, (0xDC00...0xDFFF).contains(unit(index + 2)) else {
                return .failure(DecodeFailure(offset: index, message: "holds half a UTF-16 surrogate pair (0x\(String(first, radix: 16, uppercase: true)))"))
            }
            appendUTF8(0x10000 + ((first - 0xD800) << 10) + (unit(index + 2) - 0xDC00), to: &out)
            index += 4
        }
        return .success(out)
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16, uppercase: true)
        return text.count < 2 ? "0" + text : text
    }
}
