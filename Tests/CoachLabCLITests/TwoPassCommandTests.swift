import CoachLabTestSupport
import Foundation
import Testing

/// The event studies' two passes on the command line: every way to mix the passes up is
/// refused with a message that says what to do, with no flag.
@Suite(.serialized) struct TwoPassCommandTests {
    static let sample = "Datasets/sample-org"

    /// Three parts of the sample org with feedback-latency's first pass of each, and the
    /// merge of all three and of the first two.
    static let parts: String = {
        let out = TestFiles.temporaryDirectory("two-pass-cli").path
        let made = try! CLIRun(shell: """
            set -eu
            "$COACHLAB" split '\(sample)' --parts 3 --out '\(out)/parts' 2> /dev/null
            for part in '\(out)'/parts/part-*; do "$COACHLAB" partial "$part" --dimensions '\(sample)' --plugin feedback-latency --threads 1 > "$part.first"; done
            "$COACHLAB" merge '\(out)'/parts/*.first > '\(out)/first.state'
            "$COACHLAB" merge '\(out)/parts/part-00000.first' '\(out)/parts/part-00001.first' > '\(out)/two.state'
            for part in '\(out)'/parts/part-?????; do "$COACHLAB" partial "$part" --dimensions '\(sample)' --given '\(out)/first.state' --threads 1 > "$part.second"; done
            """, environment: ["COACHLAB": CLIRun.executable.path])
        precondition(made.status == 0, made.stderr)
        return out
    }()

    func coachlab(_ script: String) throws -> CLIRun {
        try CLIRun(shell: "set -eu\n" + script, environment: ["COACHLAB": CLIRun.executable.path])
    }

    @Test func aFirstPassAloneIsNotReported() throws {
        let run = try coachlab("\"$COACHLAB\" report '\(Self.parts)/first.state' --format json")
        #expect(run.status != 0)
        #expect(run.stderr.contains("plugin 'feedback-latency' takes two passes over the rows and this state holds its first only"), "\(run.stderr)")
        #expect(run.stderr.contains("--given MERGED"))
    }

    @Test func theSecondPassesOfEveryPartReportWhatRunPrints() throws {
        let report = try coachlab("\"$COACHLAB\" merge '\(Self.parts)'/parts/*.second | \"$COACHLAB\" report - --format json --expect-shards 3")
        let run = try coachlab("\"$COACHLAB\" run '\(Self.sample)' --no-cache --plugin feedback-latency --format json")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(!report.stdout.isEmpty && report.stdout == run.stdout)
    }

    @Test func secondPassesOfSomePartsAreRefused() throws {
        let run = try coachlab("\"$COACHLAB\" merge '\(Self.parts)/parts/part-00000.second' '\(Self.parts)/parts/part-00001.second' | \"$COACHLAB\" report - --format json")
        #expect(run.status != 0)
        #expect(run.stderr.contains("the second passes cover other shards than the first pass they were given"), "\(run.stderr)")
    }

    @Test func aPartOutsideTheFirstPassIsRefused() throws {
        let run = try coachlab("\"$COACHLAB\" partial '\(Self.parts)/parts/part-00002' --dimensions '\(Self.sample)' --given '\(Self.parts)/two.state'")
        #expect(run.status != 0)
        #expect(run.stderr.contains("of performance.csv is not in the first pass"), "\(run.stderr)")
    }

    @Test func theGivenStateMustBeAMergedFirstPass() throws {
        let second = try coachlab("\"$COACHLAB\" partial '\(Self.parts)/parts/part-00000' --dimensions '\(Self.sample)' --given '\(Self.parts)/parts/part-00001.second'")
        #expect(second.status != 0)
        #expect(second.stderr.contains("is a second pass (`partial --given`); --given takes the merged first passes"), "\(second.stderr)")
        let plugins = try coachlab("\"$COACHLAB\" partial '\(Self.parts)/parts/part-00000' --dimensions '\(Self.sample)' --given '\(Self.parts)/first.state' --plugin feedback-latency")
        #expect(plugins.status != 0)
        #expect(plugins.stderr.contains("a first-pass state fixes its plugins and options"), "\(plugins.stderr)")
        let onePass = try coachlab("""
            "$COACHLAB" partial '\(Self.parts)/parts/part-00000' --dimensions '\(Self.sample)' --plugin coaching-coverage > '\(Self.parts)/coverage.state'
            "$COACHLAB" partial '\(Self.parts)/parts/part-00000' --dimensions '\(Self.sample)' --given '\(Self.parts)/coverage.state'
            """)
        #expect(onePass.status != 0)
        #expect(onePass.stderr.contains("holds no plugin that takes two passes"), "\(onePass.stderr)")
    }

    @Test func passesDoNotMix() throws {
        let mixed = try coachlab("\"$COACHLAB\" merge '\(Self.parts)/parts/part-00000.second' '\(Self.parts)/parts/part-00001.first'")
        #expect(mixed.status != 0)
        #expect(mixed.stderr.contains("is a first pass, but"), "\(mixed.stderr)")
        let otherFirst = try coachlab("""
            "$COACHLAB" partial '\(Self.parts)/parts/part-00000' --dimensions '\(Self.sample)' --given '\(Self.parts)/two.state' > '\(Self.parts)/other.second'
            "$COACHLAB" merge '\(Self.parts)/other.second' '\(Self.parts)/parts/part-00001.second'
            """)
        #expect(otherFirst.status != 0)
        #expect(otherFirst.stderr.contains("is a second pass given another merged first pass"), "\(otherFirst.stderr)")
    }
}
