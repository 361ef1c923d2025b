/// What bytes read as UTF-8 show about their encoding: UTF-8, UTF-8 with stray bytes that
/// are not (a damaged file: each such value is its row's problem), or another encoding
/// altogether (the file's problem, once: no multi-byte UTF-8 character anywhere, and bytes
/// that are characters of windows-1252).
enum EncodingGuess: Equatable {
    case utf8
    /// Valid multi-byte UTF-8 characters beside bytes that are not.
    case strayBytes
    /// Single-byte text: windows-1252 (what Excel on Windows saves), or Latin-1, which reads
    /// the same unless a byte 0x80–0x9F occurs (then only windows-1252 fits).
    case singleByte(onlyWindows1252: Bool)
    /// Not UTF-8 and not windows-1252 either.
    case unknown

    /// The guess for `bytes`, and the offset of the first byte that is not UTF-8. With
    /// `cutShort`, the bytes are the start of something longer: a character cut off at
    /// their end is not held against them.
    static func of(_ bytes: UnsafeRawBufferPointer, cutShort: Bool = false) -> (guess: EncodingGuess, firstInvalid: Int?) {
        var index = 0
        var multiByte = false
        var firstInvalid: Int?
        var controls = false
        var undefinedInWindows1252 = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length = Self.sequenceLength(bytes, at: index)
            if length == -1 && cutShort { break }
            if length > 0 {
                multiByte = true
                index += length
                continue
            }
            firstInvalid = firstInvalid ?? index
            if byte <= 0x9F {
                controls = true
                if TextEncoding.windows1252High[Int(byte & 0x7F)] == 0 { undefinedInWindows1252 = true }
            }
            index += 1
        }
        guard let firstInvalid else { return (.utf8, nil) }
        if multiByte { return (.strayBytes, firstInvalid) }
        if undefinedInWindows1252 { return (.unknown, firstInvalid) }
        return (.singleByte(onlyWindows1252: controls), firstInvalid)
    }

    /// The length of the valid UTF-8 character starting at `index` (a byte >= 0x80), 0 when
    /// none starts there, -1 when one is cut off by the end of the bytes.
    private static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        for offset in 1..<length {
            guard index + offset < bytes.count else { return -1 }
            let byte = bytes[index + offset]
            let (min, max) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= min && byte <= max else { return 0 }
        }
        return length
    }

    /// The encoding to declare for it, if one fits.
    var suggested: TextEncoding? {
        switch self {
        case .singleByte: .windows1252
        case .utf8, .strayBytes, .unknown: nil
        }
    }

    /// What the file looks like, for the message.
    var looksLike: String {
        switch self {
        case .singleByte(onlyWindows1252: true):
            "it looks like windows-1252 (what Excel on Windows saves as CSV)"
        case .singleByte(onlyWindows1252: false):
            "it looks like windows-1252 (what Excel on Windows saves as CSV; iso-8859-1 reads these bytes the same)"
        case .utf8, .strayBytes, .unknown:
            "it is not in an encoding CoachLab recognises (utf-8, windows-1252, iso-8859-1, utf-16): save it as UTF-8"
        }
    }
}
