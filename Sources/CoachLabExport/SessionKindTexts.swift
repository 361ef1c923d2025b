import CoachLabData

/// Each session's kind as an export cell writes it: the kinds' names encoded once, and per
/// session the index of its kind among them.
struct SessionKindTexts: Sendable {
    let kinds = CoachingSessions.Kind.allCases
    let texts: EncodedTexts
    /// Per session, the index of its kind in ``kinds``.
    let codes: [Int]

    init(_ sessions: CoachingSessions?, format: ExportFormat) {
        texts = EncodedTexts(kinds.map(\.rawValue), format: format)
        let index = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) })
        codes = sessions?.kinds.map { index[$0]! } ?? []
    }
}
