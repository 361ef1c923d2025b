import CoachLabPluginAPI
import CoachLabRendering
import Testing

/// A shared report of a slice on ids names them only by their pseudonyms.
@Suite struct SlicePrivacyTests {
    @Test func idsInTheSliceBecomePseudonyms() throws {
        var report = sampleReport
        report.slice = Dataset.Slice(conditions: [
            try Dataset.Slice.Condition(parsing: "rep_id=R1,R2"), try Dataset.Slice.Condition(parsing: "manager_id!=M7"),
            try Dataset.Slice.Condition(parsing: "region=West"),
        ])
        let privacy = Privacy(salt: "k")
        let shared = privacy.apply(to: report)
        let expected = "rep_id=\(privacy.pseudonym("R1", kind: .rep)),\(privacy.pseudonym("R2", kind: .rep)); "
            + "manager_id!=\(privacy.pseudonym("M7", kind: .manager)); region=West"
        #expect(shared.slice?.description == expected)
        #expect(!HTMLRenderer().render(shared).contains("R1,R2"))
        #expect(Privacy().apply(to: report).slice == report.slice)
    }
}
