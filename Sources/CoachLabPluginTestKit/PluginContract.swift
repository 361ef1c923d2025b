import CoachLabPluginAPI

/// Checks a plugin against the contract of ``MetricPlugin``: run it in your own tests on
/// datasets of yours, and expect no violations.
///
/// ```swift
/// let violations = PluginContract.violations(of: MyPlugin(), on: dataset)
/// #expect(violations.isEmpty, "\(violations)")
/// ```
public enum PluginContract {
    /// Every way `plugin` breaks the contract on `dataset`, as sentences; empty when none.
    ///
    /// The plugin computes on what a run hands it, ``Dataset/narrowed(for:)``: the tables
    /// and columns its descriptor declares. It is also given the whole of `dataset`, and a
    /// result that changes with what it did not declare is a violation: on the command line
    /// such a column would be absent.
    public static func violations(
        of plugin: any MetricPlugin, on dataset: Dataset, options: [String: String] = [:]
    ) -> [String] {
        var found = describe(plugin.descriptor)
        let resolved: PluginOptions
        do {
            resolved = try PluginOptions.resolve(options, for: plugin.descriptor)
        } catch {
            return found + ["options rejected: \(error)"]
        }
        let whole = dataset
        let dataset = dataset.narrowed(for: plugin.descriptor, options: options)
        let context = PluginContext(dataset: dataset, options: resolved)
        let first: MetricResult
        let second: MetricResult
        do {
            first = try plugin.compute(context)
            second = try plugin.compute(context)
        } catch {
            return found + ["compute threw on a valid dataset: \(error)"]
        }
        if first != second { found.append("not deterministic: two runs on the same input differ") }
        found += checkDeclaredReads(plugin, whole: whole, options: resolved, declared: first)
        found += check(first, id: plugin.descriptor.id)
        if let decomposable = plugin as? any DecomposableMetric {
            found += checkDecomposition(decomposable, on: dataset, options: resolved, whole: first)
        }
        return found
    }

    /// The rules of ``PartialState``: any split, merged in any order, through the text
    /// records or not, and any number of threads, finalises to exactly the result of the whole.
    static func checkDecomposition<Plugin: DecomposableMetric>(
        _ plugin: Plugin, on dataset: Dataset, options: PluginOptions, whole: MetricResult
    ) -> [String] {
        var found: [String] = []
        let large = DatasetTable.allCases.filter { !$0.isDimension && dataset.tables.contains($0) }
        func part(_ index: Int, of parts: Int) -> Partial.Context {
            if plugin.parallelism == .wholeReps {
                let reps = dataset.reps.count
                return Partial.Context(dataset: dataset, options: options, reps: (reps * index / parts)..<(reps * (index + 1) / parts))
            }
            var ranges: [DatasetTable: Range<Int>] = [:]
            for table in large {
                let count = dataset.rowCount(of: table)
                ranges[table] = (count * index / parts)..<(count * (index + 1) / parts)
            }
            return Partial.Context(dataset: dataset, options: options, rowRanges: ranges)
        }
        do {
            // Three parts merged forward, and backward with another grouping; a second pass
            // is given each order's merged first pass.
            func merged(_ states: [Plugin.State], backward: Bool) -> Plugin.State {
                if !backward {
                    var all = states[0]
                    all.merge(states[1])
                    all.merge(states[2])
                    return all
                }
                var all = states[2]
                var rest = states[1]
                rest.merge(states[0])
                all.merge(rest)
                return all
            }
            func checkMergeable(_ states: [Plugin.State]) {
                if let problem = states[0].mergeProblem(with: states[1]) ?? states[1].mergeProblem(with: states[2]) {
                    found.append("mergeProblem refuses the states of two parts of one dataset: \(problem)")
                }
            }
            let firstStates = try (0..<3).map { try plugin.partial(part($0, of: 3)) }
            checkMergeable(firstStates)
            var forward = merged(firstStates, backward: false)
            var backward = merged(firstStates, backward: true)
            if plugin.passes == .two {
                let forwardFirst = forward, backwardFirst = backward
                let secondStates = try (0..<3).map { try plugin.partial(part($0, of: 3), given: forwardFirst) }
                checkMergeable(secondStates)
                forward = merged(secondStates, backward: false)
                backward = merged(try (0..<3).map { try plugin.partial(part($0, of: 3), given: backwardFirst) }, backward: true)
            }
            if try plugin.finalize(forward, options: options) != whole {
                found.append("merging the states of three parts does not give the result of the whole")
            }
            if try plugin.finalize(backward, options: options) != whole {
                found.append("merge is not commutative and associative: another order gives another result")
            }
            var writer = Partial.Writer()
            forward.encode(to: &writer)
            var reader = Partial.Reader(writer, bounds: Partial.Bounds(covering: dataset))
            let decoded = try type(of: forward).init(decoding: &reader)
            if !reader.isAtEnd { found.append("decoding a state leaves records unread") }
            if try plugin.finalize(decoded, options: options) != whole {
                found.append("a state read back from its records finalises to another result")
            }
            // The threads a run gives one partial must not change its state.
            for threads in [2, 3] {
                let threaded = try plugin.wholeState(PluginContext(dataset: dataset, options: options, threads: threads))
                if try plugin.finalize(threaded, options: options) != whole {
                    found.append("the state computed with \(threads) threads finalises to another result")
                }
                if try plugin.finalize(forward, options: options, threads: threads) != whole {
                    found.append("finalising on \(threads) threads gives another result")
                }
            }
        } catch {
            found.append("partial, merge or finalize failed on a valid dataset: \(error)")
        }
        return found
    }

    /// A run hands a plugin only what it declares, so its result given more must not differ.
    static func checkDeclaredReads(
        _ plugin: any MetricPlugin, whole: Dataset, options: PluginOptions, declared: MetricResult
    ) -> [String] {
        let undeclared = "reads a table or column its descriptor does not declare (a run would not load it):"
        do {
            if try plugin.compute(PluginContext(dataset: whole, options: options)) != declared {
                return ["\(undeclared) given the whole dataset it returns another result"]
            }
        } catch {
            return ["\(undeclared) given the whole dataset it throws: \(error)"]
        }
        return []
    }

    static func describe(_ descriptor: PluginDescriptor) -> [String] {
        var found: [String] = []
        if !PluginDescriptor.isValidID(descriptor.id) { found.append("id '\(descriptor.id)' is not lowercase kebab-case") }
        if descriptor.title.isEmpty { found.append("title is empty") }
        if descriptor.summary.isEmpty || !(descriptor.summary.first?.isUppercase ?? false) || !descriptor.summary.hasSuffix(".") {
            found.append("summary should be one sentence starting with a capitalised verb")
        }
        if descriptor.description.isEmpty { found.append("description is empty") }
        if descriptor.requiredTables.isEmpty { found.append("requiredTables is empty") }
        for column in descriptor.unknownColumns {
            found.append("declares the column '\(column.column)' of \(column.table.fileName), which has no such column")
        }
        for option in descriptor.options {
            if !PluginDescriptor.isValidID(option.name) { found.append("option '\(option.name)' is not kebab-case") }
            if let problem = option.problem(with: option.defaultValue) { found.append("default rejected: \(problem)") }
        }
        return found
    }

    static func check(_ result: MetricResult, id: String) -> [String] {
        var found: [String] = []
        if result.pluginID != id { found.append("result names plugin '\(result.pluginID)', not '\(id)'") }
        let keys = result.summary.map(\.key)
        if Set(keys).count != keys.count { found.append("summary repeats a key") }
        var hasNull = result.summary.contains { $0.value == .null }
        for field in result.summary {
            if case .number(let value) = field.value, !value.isFinite { found.append("summary \(field.key) is not finite") }
        }
        for table in result.tables {
            if Set(table.columns.map(\.key)).count != table.columns.count { found.append("table \(table.name) repeats a column") }
            for row in table.rows {
                if row.count != table.columns.count { found.append("table \(table.name) has a row of the wrong width") }
                for value in row {
                    if value == .null { hasNull = true }
                    if case .number(let number) = value, !number.isFinite { found.append("table \(table.name) holds a non-finite number") }
                }
            }
            if table.name == "by_tier" {
                let tiers = table.rows.indices.map { table.value(row: $0, "tier")?.textValue ?? "?" }
                if tiers != CoachingTier.reportOrder.map(\.id) {
                    found.append("by_tier rows must be exceeds, meets, needs_improvement; found \(tiers)")
                }
            }
        }
        if hasNull && result.notes.isEmpty { found.append("a value is null but no note says why") }
        for finding in result.findings {
            var rest = Substring(finding.template)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                let name = String(rest[rest.index(after: open)..<close])
                if finding.values[name] == nil { found.append("finding slot {\(name)} has no value") }
                rest = rest[rest.index(after: close)...]
            }
        }
        return found
    }
}
