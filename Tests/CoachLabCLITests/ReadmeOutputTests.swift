import CoachLabTestSupport
import Foundation
import Testing

/// What README shows the first command printing is what it prints: every line of the
/// abridged block, in order, is a line of `coachlab run Datasets/sample-org`.
@Suite struct ReadmeOutputTests {
    @Test func theShownOutputIsPrinted() throws {
        let readme = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = "What the first prints (abridged):\n\n```\n"
        let start = try #require(readme.range(of: marker)).upperBound
        let end = try #require(readme[start...].range(of: "```")).lowerBound
        let shown = readme[start..<end].split(separator: "\n", omittingEmptySubsequences: true)
        #expect(shown.count > 10)
        let run = try CLIRun(["run", "Datasets/sample-org"])
        #expect(run.status == 0, "\(run.stderr)")
        var printed = run.stdout.split(separator: "\n", omittingEmptySubsequences: true)[...]
        for line in shown {
            guard let found = printed.firstIndex(of: line) else {
                Issue.record("README shows a line the command does not print (in this order): \(line)")
                return
            }
            printed = printed[(found + 1)...]
        }
    }
}
