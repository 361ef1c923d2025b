import CoachLabData

/// Where one row's cells are written, in one format: a column says what its cell holds
/// (text, a number, a month, nothing) and the writer spells it for CSV or JSON Lines.
struct CellWriter {
    let format: ExportFormat
    var bytes: [UInt8] = []

    init(format: ExportFormat) {
        self.format = format
    }

    /// A missing value: an empty CSV cell, JSON `null`.
    @inline(__always)
    mutating func empty() {
        if format == .jsonl { bytes += [0x6E, 0x75, 0x6C, 0x6C] }
    }

    /// Text encoded for this writer's format (``EncodedTexts``), or a missing value for a
    /// negative index.
    @inline(__always)
    mutating func text(_ texts: EncodedTexts, _ index: Int) {
        guard index >= 0 else { return empty() }
        texts.append(index, to: &bytes)
    }

    /// Text encoded on the spot, or a missing value for nil.
    @inline(__always)
    mutating func text(_ text: String?) {
        guard let text else { return empty() }
        bytes.append(contentsOf: CellText.encoded(text, format))
    }

    /// A number, or a missing value for NaN (or any value that is not finite).
    @inline(__always)
    mutating func number(_ value: Double) {
        guard value.isFinite else { return empty() }
        NumberText.appendNumber(value, to: &bytes)
    }

    @inline(__always)
    mutating func integer(_ value: Int) {
        NumberText.appendInteger(value, to: &bytes)
    }

    /// 1 or 0.
    @inline(__always)
    mutating func flag(_ value: Bool) {
        bytes.append(value ? 0x31 : 0x30)
    }

    /// `YYYY-MM` of a ``MonthIndex``, text in JSON; a missing value for ``MonthIndex/missing``.
    @inline(__always)
    mutating func month(_ index: Int32) {
        guard index != MonthIndex.missing else { return empty() }
        if format == .jsonl { bytes.append(0x22) }
        NumberText.appendMonth(index, to: &bytes)
        if format == .jsonl { bytes.append(0x22) }
    }

    /// `YYYY-MM-DD` of a ``CivilDate``, text in JSON; a missing value for ``CivilDate/missing``.
    @inline(__always)
    mutating func date(_ days: Int32) {
        guard days != CivilDate.missing else { return empty() }
        if format == .jsonl { bytes.append(0x22) }
        NumberText.appendDate(days, to: &bytes)
        if format == .jsonl { bytes.append(0x22) }
    }
}
