extension UInt64 {
    /// The value as 16 hexadecimal digits, as states and pseudonyms write hashes.
    package var hexDigits: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
