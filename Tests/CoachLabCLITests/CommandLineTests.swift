import CoachLabTestSupport
import Foundation
import Testing

/// Runs the built `coachlab` executable and captures what a user would see.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("coachlab")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return TestFiles.repositoryRoot.appendingPathComponent(".build/debug/coachlab")
    }()

    init(_ arguments: [String]) throws {
        try self.init(executable: Self.executable, arguments: arguments)
    }

    /// Runs `script` with /bin/sh, `environment` added to this process's.
    init(shell script: String, environment: [String: String] = [:], directory: URL = TestFiles.repositoryRoot) throws {
        try self.init(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script], environment: environment, directory: directory)
    }

    init(executable: URL, arguments: [String], environment: [String: String] = [:], directory: URL = TestFiles.repositoryRoot) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
    }
}

@Suite(.serialized) struct CommandLineTests {
    static let sample = "Datasets/sample-org"

    @Test func runPrintsTheFindingsAsATable() throws {
        let run = try CLIRun(["run", Self.sample])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Quota attainment by coaching quality\n===="))
        #expect(run.stdout.contains("Reps under coaches who exceed expectations attain quota in"))
        #expect(run.stdout.contains("robust to clustering by manager"))
        #expect(run.stdout.contains("Rep improvement over time"))
        #expect(run.stderr.isEmpty)
    }

    /// The workflow the help suggests reads the CSV files once: `run` answers from the cache
    /// `validate` wrote (of every column), exactly as it answers from the files.
    @Test func validateThenRunReadsTheFilesOnce() throws {
        let cache = TestFiles.temporaryDirectory("validate-then-run-cache")
        let validate = try CLIRun(["validate", Self.sample, "--cache-dir", cache.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        let arguments = ["run", Self.sample, "--plugin", "rep-improvement-over-time", "--plugin", "focus-breadth", "--format", "json"]
        let cached = try CLIRun(executable: CLIRun.executable, arguments: arguments + ["--cache-dir", cache.path],
                                environment: ["COACHLAB_TIMINGS": "1"])
        #expect(cached.status == 0, "\(cached.stderr)")
        #expect(cached.stderr.contains("cache lookup (hitInAllColumns)") && !cached.stderr.contains("read performance.csv"),
                "\(cached.stderr)")
        let fresh = try CLIRun(arguments + ["--no-cache"])
        #expect(cached.stdout == fresh.stdout)
    }

    /// `COACHLAB_TIMINGS=1` times each plugin's computation as well as the run's steps.
    @Test func timingsNameEachPlugin() throws {
        let run = try CLIRun(executable: CLIRun.executable, arguments: [
            "run", Self.sample, "--plugin", "quota-attainment-by-coaching-quality", "--plugin", "coaching-coverage", "--no-cache",
        ], environment: ["COACHLAB_TIMINGS": "1"])
        #expect(run.status == 0, "\(run.stderr)")
        for step in ["compute quota-attainment-by-coaching-quality: ", "compute coaching-coverage: ", "compute: "] {
            #expect(run.stderr.contains("[timing] " + step), "\(step)")
        }
    }

    @Test func runWritesJSONMatchingTheContract() throws {
        let run = try CLIRun(["run", Self.sample, "--plugin", "quota-attainment-by-coaching-quality", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["dataset"] as? String == Self.sample)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let summary = try #require(results[0]["summary"] as? [String: Any])
        for key in ["rep_periods", "excluded_rep_periods", "chi_square", "df", "p_value", "trend_z", "trend_p_value",
                    "rate_difference", "rate_difference_ci_low", "rate_difference_ci_high"] {
            #expect(summary[key] != nil, "summary.\(key)")
        }
        let rows = try #require((results[0]["tables"] as? [String: Any])?["by_tier"] as? [[String: Any]])
        #expect(rows.map { $0["tier"] as? String } == ["exceeds", "meets", "needs_improvement"])
    }

    @Test func runWritesCSVAndMarkdownToAFile() throws {
        let folder = TestFiles.temporaryDirectory()
        let csvPath = folder.appendingPathComponent("out.csv").path
        let csv = try CLIRun(["run", Self.sample, "--format", "csv", "--output", csvPath])
        #expect(csv.status == 0 && csv.stdout.isEmpty)
        let text = try String(contentsOfFile: csvPath, encoding: .utf8)
        #expect(text.hasPrefix("plugin,table,tier,rep_periods,attained,rate,ci_low,ci_high,wilson_low,wilson_high,mean_attainment"))
        let markdown = try CLIRun(["run", Self.sample, "--format", "markdown", "--min-periods", "3"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("| Minimum periods | 3 |"))
    }

    @Test func anOutputThatCannotBeWrittenSaysWhy() throws {
        let folder = TestFiles.temporaryDirectory()
        let missing = folder.appendingPathComponent("no-such-folder/out.json").path
        let toFile = try CLIRun(["run", Self.sample, "--format", "json", "--output", missing])
        #expect(toFile.status == 1)
        #expect(toFile.stderr == "Error: \(missing): cannot be written (the folder \(folder.path)/no-such-folder does not exist)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)

        // A full disk: /dev/full refuses every write with ENOSPC.
        let full = try CLIRun(shell: "'\(CLIRun.executable.path)' run \(Self.sample) --format json > /dev/full")
        #expect(full.status == 1)
        #expect(full.stderr == "Error: standard output cannot be written (No space left on device)\n")

        let rejects = try CLIRun(["run", Self.sample, "--on-error", "skip", "--rejects", missing])
        #expect(rejects.status == 1)
        #expect(rejects.stderr.contains("\(missing): cannot be written (No such file or directory)"))
    }

    /// As `-o /dev/stdout` is: renaming a finished temporary file over the link would
    /// replace the link (as root, /dev/stdout itself).
    @Test func anOutputThatIsASymbolicLinkIsWrittenThroughIt() throws {
        let folder = TestFiles.temporaryDirectory()
        let target = folder.appendingPathComponent("target.json").path
        let link = folder.appendingPathComponent("link.json").path
        #expect(FileManager.default.createFile(atPath: target, contents: Data("old".utf8)))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = try CLIRun(["run", Self.sample, "--format", "json", "--output", link])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("{\n  \"dataset\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["link.json", "target.json"])
    }

    @Test func aCacheFolderThatIsAFileIsRefused() throws {
        let file = TestFiles.temporaryDirectory().appendingPathComponent("not-a-folder").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        let run = try CLIRun(["run", Self.sample, "--cache-dir", file])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: --cache-dir \(file) is a file, not a folder\n"))
    }

    @Test func aTemporaryFileLeftByAKilledRunIsRemovedByTheNextWrite() throws {
        let folder = TestFiles.temporaryDirectory()
        let output = folder.appendingPathComponent("out.json").path
        // Above any process id Linux hands out: no such process.
        let abandoned = output + ".tmp-2147483646"
        let unrelated = folder.appendingPathComponent("other.json.tmp-2147483646").path
        for file in [abandoned, unrelated] { #expect(FileManager.default.createFile(atPath: file, contents: Data("half".utf8))) }
        let run = try CLIRun(["run", Self.sample, "--format", "json", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["other.json.tmp-2147483646", "out.json"])
    }

    @Test func reportWritesOneHTMLFileWhoseNumbersAreTheJSONOnes() throws {
        let folder = TestFiles.temporaryDirectory("report")
        let path = folder.appendingPathComponent("report.html").path
        let headline = ["--plugin", "quota-attainment-by-coaching-quality", "--plugin", "rep-improvement-over-time"]
        let run = try CLIRun(["report", Self.sample, "--output", path] + headline)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("id=\"quota-attainment-by-coaching-quality\""))
        #expect(html.contains("id=\"rep-improvement-over-time\""))
        // Intervals, months and the rate difference for attainment; intervals, spread and the
        // slope difference for improvement.
        #expect(html.components(separatedBy: "<svg").count == 7)
        #expect(html.contains("The slope difference with its 95% interval"))
        let json = try CLIRun(["run", Self.sample, "--format", "json"] + headline)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        let rows = try #require((results[0]["tables"] as? [String: Any])?["by_tier"] as? [[String: Any]])
        for row in rows {
            let rate = try #require((row["rate"] as? NSNumber)?.doubleValue)
            let shown = String(format: "%.1f%%", rate * 100)
            #expect(html.contains("\">\(shown)</td>"), "\(shown)")
        }
        let same = try CLIRun(["run", Self.sample, "--format", "html"] + headline)
        #expect(same.stdout == html)
    }

    @Test func reportCanBeSharedWithPseudonymsAndSmallCellsSuppressed() throws {
        let folder = TestFiles.temporaryDirectory("private")
        let first = folder.appendingPathComponent("a.html").path
        let second = folder.appendingPathComponent("b.html").path
        let third = folder.appendingPathComponent("c.html").path
        // The headline plugins show no ids; the unit tests check pseudonyms in tables and notes.
        let tiny = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabPluginsTests/Golden/datasets/two-managers").path
        for (path, salt) in [(first, "s1"), (second, "s1"), (third, "s2")] {
            let run = try CLIRun(["report", tiny, "--output", path, "--pseudonymize", "--salt", salt, "--min-group-size", "7", "--no-cache"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let a = try String(contentsOfFile: first, encoding: .utf8)
        #expect(a == (try String(contentsOfFile: second, encoding: .utf8)))
        #expect(!a.contains("R0001") && !a.contains("M001"))
        #expect(a.contains("suppressed: fewer than 7 reps"))
        let noSalt = try CLIRun(["report", tiny, "--output", third, "--pseudonymize", "--no-cache"])
        #expect(noSalt.stderr.contains("pseudonym salt (keep it to reproduce these pseudonyms): "))
    }

    @Test func listsPlugins() throws {
        let run = try CLIRun(["plugins"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("quota-attainment-by-coaching-quality"))
        #expect(run.stdout.contains("option --option min-periods=VALUE"))
    }

    @Test func unknownPluginListsTheKnownOnes() throws {
        let run = try CLIRun(["run", Self.sample, "--plugin", "nope"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("Error: unknown plugin 'nope'; the known plugins are: quota-attainment-by-coaching-quality, rep-improvement-over-time"))
        #expect(!run.stderr.contains("Stack"))
    }

    @Test func badOptionsAreRefused() throws {
        let unknown = try CLIRun(["run", Self.sample, "--option", "size=3"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no selected plugin has an option 'size'"))
        let outOfRange = try CLIRun(["run", Self.sample, "--min-periods", "1"])
        #expect(outOfRange.status != 0)
        #expect(outOfRange.stderr.contains("option min-periods takes a whole number from 2 to 1200, not '1'"))
    }

    @Test func missingTableIsAClearMessage() throws {
        let folder = TestFiles.dataset(omitting: ["performance.csv"])
        let run = try CLIRun(["run", folder.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("Error: \(folder.path): required file performance.csv is missing"))
    }

    /// A coaching export saved as Coaching_Sessions.csv: the plugins that need it are
    /// skipped, saying which file is there and what to do; validate warns.
    @Test func aTableUnderAnotherNameIsNamedWhereItsPluginsAreSkipped() throws {
        let folder = TestFiles.dataset()
        TestFiles.write("session_id\n", to: "Coaching_Sessions.csv", in: folder)
        let hint = "found Coaching_Sessions.csv: file names must match exactly, so rename it to coaching_sessions.csv"
        let run = try CLIRun(["run", folder.path, "--no-cache"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Skipped coaching-coverage: needs coaching_sessions.csv, which the dataset does not have; \(hint)"))
        let validate = try CLIRun(["validate", folder.path, "--no-cache"])
        #expect(validate.stdout.contains("coaching_sessions.csv is not read: \(hint)"))
    }

    @Test func validateDescribesAUsableDataset() throws {
        let run = try CLIRun(["validate", Self.sample])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Dataset \(Self.sample): usable"))
        #expect(run.stdout.contains("performance.csv"))
        #expect(run.stdout.contains("rep-periods without attainment"))
    }

    @Test func validateListsEachProblemAndFails() throws {
        let folder = TestFiles.dataset([
            "managers.csv": "manager_id,coaching_quality\nM1,exceeds\nM2,superb\nM1,meets\n",
            "performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,abc,1\nR2,2024-01,1,1\n",
        ])
        let run = try CLIRun(["validate", folder.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(folder.path)/performance.csv:2: column 'quota': 'abc' is not a number"))
        let again = try CLIRun(["validate", TestFiles.dataset([
            "managers.csv": "manager_id,coaching_quality\nM1,exceeds\nM2,superb\nM1,meets\n",
        ]).path])
        #expect(again.stderr.contains("2 problems in the input:"))
        #expect(again.stderr.contains("managers.csv:3: column 'coaching_quality': 'superb' is not a coaching tier"))
        #expect(again.stderr.contains("managers.csv:4: column 'manager_id': 'M1' is a duplicate id (first on line 2)"))
    }

    @Test func aSecondRunAnswersFromTheCacheWithTheSameOutput() throws {
        let cache = TestFiles.temporaryDirectory("cli-cache")
        let first = try CLIRun(["run", Self.sample, "--format", "json", "--cache-dir", cache.path])
        let second = try CLIRun(["run", Self.sample, "--format", "json", "--cache-dir", cache.path])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout == second.stdout)
        let files = try FileManager.default.subpathsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".cache") }
        #expect(files.count == 1)
        let uncached = TestFiles.temporaryDirectory("cli-nocache")
        let third = try CLIRun(["run", Self.sample, "--format", "json", "--no-cache", "--cache-dir", uncached.path])
        #expect(third.stdout == first.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: uncached.path).isEmpty)
    }

    @Test func generateThenRunEndToEnd() throws {
        let folder = TestFiles.temporaryDirectory().appendingPathComponent("org")
        let generate = try CLIRun(["generate", "--reps", "300", "--months", "12", "--seed", "9", "--out", folder.path])
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(generate.stderr.contains("300 reps, 3600 rep-months"))
        let validate = try CLIRun(["validate", folder.path])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("3,600 rows"))
        let bad = try CLIRun(["generate", "--reps", "0", "--out", folder.path])
        #expect(bad.status == 64)

        // A trend shared by each manager's reps moves attainment only.
        let trending = TestFiles.temporaryDirectory().appendingPathComponent("org")
        let shared = try CLIRun(["generate", "--reps", "300", "--months", "12", "--seed", "9", "--manager-trend-sd", "0.01",
                                 "--out", trending.path])
        #expect(shared.status == 0, "\(shared.stderr)")
        for file in ["managers.csv", "reps.csv", "coaching_sessions.csv", "assignments.csv"] {
            #expect(FileManager.default.contents(atPath: trending.appendingPathComponent(file).path)
                == FileManager.default.contents(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let performance = { (folder: URL) in try String(contentsOf: folder.appendingPathComponent("performance.csv"), encoding: .utf8) }
        #expect(try performance(trending) != performance(folder))
        let tooWide = try CLIRun(["generate", "--manager-trend-sd", "0.5", "--out", trending.path])
        #expect(tooWide.status == 64 && tooWide.stderr.contains("--manager-trend-sd must be between 0 and 0.1"))
    }
}
