/// A one-line progress indicator on standard error, for files large enough to wait on.
final class ProgressLine: Sendable {
    static let threshold = 64 << 20

    func update(file: String, read: Int, total: Int) {
        guard total >= Self.threshold else { return }
        let percent = min(100, read * 100 / max(total, 1))
        StandardError.write("\rreading \(file): \(percent)% of \(total >> 20) MiB ")
    }

    func finish() {
        StandardError.write("\r\u{1B}[K")
    }
}
