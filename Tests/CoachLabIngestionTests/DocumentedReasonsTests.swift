import CoachLabIngestion
import CoachLabTestSupport
import Foundation
import Testing

/// The documentation names what the code does.
@Suite struct DocumentedReasonsTests {
    /// Every reason a rejected row can be counted by is listed in MAPPING.md.
    @Test func everyRejectReasonIsDocumented() throws {
        let text = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("docs/MAPPING.md"), encoding: .utf8)
        for reason in RejectReason.allCases {
            #expect(text.contains("`\(reason.rawValue)`"), "\(reason.rawValue)")
        }
    }
}
