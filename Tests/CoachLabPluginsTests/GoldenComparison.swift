import CoachLabPluginAPI
import CoachLabTestSupport
import Foundation
import Testing

/// Checks one result value against its reference from a golden file: numbers to 1e-9
/// relative (1e-13 absolute near zero), text exactly, null as null.
func compareGolden(_ actual: MetricResult.Value?, _ expected: Any, _ label: String) {
    guard let actual else {
        Issue.record("\(label): missing from the result")
        return
    }
    switch expected {
    case is NSNull:
        #expect(actual == .null, "\(label): expected null, got \(actual)")
    case let text as String:
        #expect(actual == .text(text), "\(label)")
    case let number as NSNumber:
        guard let value = actual.doubleValue else {
            Issue.record("\(label): expected \(number), got \(actual)")
            return
        }
        #expect(Tolerance.agrees(value, number.doubleValue, relative: 1e-9, absolute: 1e-13),
                "\(label): \(value) vs reference \(number.doubleValue)")
    default:
        Issue.record("\(label): unexpected reference \(expected)")
    }
}

/// Checks every summary key and every table row of `reference` (a plugin's entry in a
/// golden file) against `result`.
func compareGolden(_ result: MetricResult, _ reference: [String: Any], _ label: String) {
    for (key, value) in reference["summary"] as? [String: Any] ?? [:] {
        compareGolden(result[summary: key], value, "\(label) summary.\(key)")
    }
    for (tableName, reference) in reference where tableName != "summary" {
        guard let table = result.table(tableName) else {
            Issue.record("\(label) lacks table \(tableName)")
            continue
        }
        let rows = reference as! [[String: Any]]
        #expect(table.rows.count == rows.count, "\(label) \(tableName) rows")
        for (index, row) in rows.enumerated() where index < table.rows.count {
            for (key, value) in row {
                compareGolden(table.value(row: index, key), value, "\(label) \(tableName)[\(index)].\(key)")
            }
        }
    }
}
