import CoachLabData
import CoachLabPluginAPI
import PropertyBased
import Testing
import CoachLabKernels

/// The one-pass kernel gives exactly what the two separate kernels give: missing and zero
/// quotas, reps without a group, missing periods, non-finite attainment and any row range.
@Suite struct KernelFusionTests {
    @Test func theFusedKernelEqualsTheTwoItReplaces() async {
        let quota = Gen.int(in: 0...9).map { k -> Double in k == 0 ? .nan : k == 1 ? 0 : k == 2 ? .leastNonzeroMagnitude * 1000 : Double(k) * 1000 }
        let row = zip(Gen.int(in: 0...39), Gen.int(in: 0...30), quota, Gen.double(in: 0...20_000))
        await propertyCheck(count: 200, input: row.array(of: 1...300), Gen.int(in: 0...5)) { rows, cut in
            let performance = Performance(
                reps: Column(rows.map { Int32($0.0) }),
                periods: Column(rows.map { $0.1 == 0 ? MonthIndex.missing : MonthIndex.make(year: 2024, month: 1) + Int32($0.1) }),
                quotas: Column(rows.map(\.2)), bookings: Column(rows.map(\.3)))
            let groupOfRep = (0..<40).map { Int32($0 % 7 == 6 ? -1 : $0 % 5) }
            let tierOfRep = (0..<40).map { Int32($0 % 11 == 10 ? -1 : $0 % 3) }
            let range = (rows.count * cut / 10)..<rows.count
            let fused = Kernels.attainmentTotalsAndMonthly(
                performance, rows: range, groupOfRep: groupOfRep, groupCount: 5,
                monthlyGroupOfRep: tierOfRep, monthlyGroupCount: 3)
            #expect(fused.totals == Kernels.attainmentTotals(performance, rows: range, groupOfRep: groupOfRep, groupCount: 5))
            #expect(fused.monthly == Kernels.monthlyAttainment(performance, rows: range, groupOfRep: tierOfRep, groupCount: 3))
            var hasAttainment = [Bool](repeating: false, count: 40)
            for row in range where performance.quotas[row] > 0 { hasAttainment[Int(performance.reps[row])] = true }
            #expect(fused.repHasAttainment == hasAttainment)
        }
    }
}
