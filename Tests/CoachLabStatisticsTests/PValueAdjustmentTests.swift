import CoachLabStatistics
import CoachLabTestSupport
import Foundation
import PropertyBased
import Testing

/// Holm and Benjamini–Hochberg against statsmodels (Fixtures/make_multiple_testing_reference.py),
/// and the properties any adjustment must have.
@Suite struct PValueAdjustmentTests {
    struct Case {
        var name: String
        var p: [Double?]
        var holm: [Double?]
        var bh: [Double?]
    }

    static let cases: [Case] = {
        let url = TestFiles.repositoryRoot.appendingPathComponent(
            "Tests/CoachLabStatisticsTests/Fixtures/multiple_testing_reference.json")
        let object = TestFiles.json(at: url) as! [String: Any]
        func values(_ any: Any?) -> [Double?] {
            (any as! [Any]).map { ($0 as? NSNumber)?.doubleValue }
        }
        return (object["cases"] as! [[String: Any]]).map { entry in
            Case(name: entry["name"] as! String, p: values(entry["p"]), holm: values(entry["holm"]), bh: values(entry["bh"]))
        }
    }()

    static func agree(_ swift: [Double?], _ reference: [Double?]) -> Bool {
        swift.count == reference.count && zip(swift, reference).allSatisfy { a, b in
            switch (a, b) {
            case (nil, nil): true
            case (let a?, let b?): Tolerance.agrees(a, b, relative: 1e-14, absolute: 1e-300)
            default: false
            }
        }
    }

    @Test func theFixtureHoldsEveryEdgeCase() {
        let names = Set(Self.cases.map(\.name))
        for name in ["single", "unsorted", "ties", "zeros_and_ones", "with_nulls", "twenty"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(Self.cases.first { $0.name == "twenty" }?.p.count == 20)
    }

    @Test func holmAgreesWithStatsmodels() {
        for reference in Self.cases {
            let adjusted = PValueAdjustment.holm.adjusted(reference.p)
            #expect(Self.agree(adjusted, reference.holm), "\(reference.name): \(adjusted) vs \(reference.holm)")
        }
    }

    @Test func benjaminiHochbergAgreesWithStatsmodels() {
        for reference in Self.cases {
            let adjusted = PValueAdjustment.benjaminiHochberg.adjusted(reference.p)
            #expect(Self.agree(adjusted, reference.bh), "\(reference.name): \(adjusted) vs \(reference.bh)")
        }
    }

    @Test func missingValuesAreLeftOutOfTheFamily() {
        let family: [Double?] = [0.01, 0.04, 0.03]
        let withGaps: [Double?] = [nil, 0.01, .nan, 0.04, nil, 0.03]
        for method in PValueAdjustment.allCases {
            let alone = method.adjusted(family)
            let adjusted = method.adjusted(withGaps)
            #expect(adjusted[0] == nil && adjusted[2] == nil && adjusted[4] == nil, "\(method)")
            #expect(Self.agree([adjusted[1], adjusted[3], adjusted[5]], alone), "\(method)")
        }
        #expect(PValueAdjustment.holm.adjusted([Double?]()) == [])
        #expect(PValueAdjustment.benjaminiHochberg.adjusted([nil, .nan]) == [nil, nil])
    }

    @Test func noAdjustmentGivesTheValuesBack() {
        let p: [Double?] = [0.2, nil, 0.001, 1, 0]
        #expect(PValueAdjustment.unadjusted.adjusted(p) == p)
    }

    @Test func theCommandLineSpellings() {
        #expect(PValueAdjustment.allCases.map(\.rawValue) == ["holm", "bh", "none"])
    }

    /// p-values in [0, 1], with ties (a few values drawn from a short list), zeros, ones
    /// and missing entries.
    static let family = zip(Gen.int(in: 0...9), Gen.int(in: 0...4), Gen.double(in: 0...1)).map { kind, pick, wide -> Double? in
        switch kind {
        case 0: nil
        case 1: [0.0, 1.0, 0.01, 0.04, 0.05][pick]
        case 2: wide * 0.06
        default: wide
        }
    }.array(of: 0...40)

    @Test func adjustedValuesAreMonotoneNeverBelowTheRawOnesAndAtMostOne() async {
        await propertyCheck(count: 300, input: Self.family) { p in
            for method in PValueAdjustment.allCases {
                let adjusted = method.adjusted(p)
                #expect(adjusted.count == p.count)
                for i in p.indices {
                    #expect((adjusted[i] == nil) == (p[i] == nil), "\(method) \(p)")
                    guard let raw = p[i], let q = adjusted[i] else { continue }
                    #expect(q >= raw && q <= 1, "\(method) \(p)")
                    for j in p.indices {
                        // Order preserved: a smaller raw value is never adjusted above a larger one.
                        guard let other = p[j], let r = adjusted[j], raw <= other else { continue }
                        #expect(q <= r, "\(method) \(p)")
                    }
                }
            }
        }
    }

    @Test func holmIsNeverBelowBenjaminiHochberg() async {
        await propertyCheck(count: 300, input: Self.family) { p in
            let holm = PValueAdjustment.holm.adjusted(p)
            let bh = PValueAdjustment.benjaminiHochberg.adjusted(p)
            for (h, b) in zip(holm, bh) {
                guard let h, let b else { continue }
                #expect(h >= b, "\(p)")
            }
        }
    }

    /// Any order of the same family gives each value the same adjustment.
    @Test func theOrderOfTheFamilyDoesNotMatter() async {
        await propertyCheck(count: 200, input: Self.family) { p in
            let reversed = Array(p.reversed())
            for method in PValueAdjustment.allCases {
                #expect(method.adjusted(p) == Array(method.adjusted(reversed).reversed()), "\(method) \(p)")
            }
        }
    }
}
