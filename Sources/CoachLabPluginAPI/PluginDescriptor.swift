/// What a plugin is, what it needs and what it accepts, readable without running it.
public struct PluginDescriptor: Sendable {
    /// Stable kebab-case id, the key of results and of `--plugin`.
    public var id: String
    /// A short title for headings.
    public var title: String
    /// One line, starting with a verb: what the plugin measures.
    public var summary: String
    /// One paragraph: the unit of analysis, the estimators, what the numbers mean.
    public var description: String
    /// The version of the plugin's computation; bump it when results change.
    public var version: String
    /// Tables without which the plugin cannot run (with its default options).
    public var requiredTables: Set<DatasetTable>
    /// Tables the plugin needs instead when an option takes a value: program-impact reads
    /// programs.csv, or with `treatment=first-session` coaching_sessions.csv.
    public var requiredTablesWhen: [OptionTables]
    /// Optional columns the plugin reads (required columns are always loaded).
    public var columns: Set<ColumnReference>
    /// The options the plugin accepts.
    public var options: [Option]

    /// A descriptor; only the id, the words and the required tables are needed.
    public init(
        id: String, title: String, summary: String, description: String, version: String = "1",
        requiredTables: Set<DatasetTable>, requiredTablesWhen: [OptionTables] = [], columns: Set<ColumnReference> = [],
        options: [Option] = []
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.description = description
        self.version = version
        self.requiredTables = requiredTables
        self.requiredTablesWhen = requiredTablesWhen
        self.columns = columns
        self.options = options
    }

    /// Whether `id` is lowercase kebab-case: letters and digits in words joined by `-`.
    public static func isValidID(_ id: String) -> Bool {
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return !id.isEmpty && words.allSatisfy { word in
            !word.isEmpty && word.allSatisfy { ($0.isASCII && $0.isLowercase) || $0.isNumber }
        }
    }
}

extension PluginDescriptor {
    /// The tables a plugin needs when option `option` is `value`, in place of its
    /// ``PluginDescriptor/requiredTables``.
    public struct OptionTables: Sendable, Hashable {
        /// The option's name.
        public var option: String
        /// The value that changes the tables.
        public var value: String
        /// The tables the plugin needs with that value.
        public var requiredTables: Set<DatasetTable>

        /// The tables needed when `option` is `value`.
        public init(option: String, value: String, requiredTables: Set<DatasetTable>) {
            self.option = option
            self.value = value
            self.requiredTables = requiredTables
        }
    }
}

extension PluginDescriptor {
    /// An option a plugin accepts, as `--option NAME=VALUE` on the command line: what
    /// `coachlab plugins` lists and a value is checked against. A plugin declares one with an
    /// ``OptionKey``, which gives it its type and its default once.
    public struct Option: Sendable, Hashable {
        /// The values an option takes.
        public enum Kind: Sendable, Hashable {
            /// A whole number within the range.
            case integer(ClosedRange<Int>)
            /// A decimal number within the range.
            case number(ClosedRange<Double>)
            /// Any text.
            case text
        }

        /// Kebab-case name.
        public internal(set) var name: String
        /// What the option sets, in a few words.
        public internal(set) var summary: String
        /// The values it takes.
        public internal(set) var kind: Kind
        /// The value used when none is given, as it would be written.
        public internal(set) var defaultValue: String

        package init(name: String, summary: String, kind: Kind, defaultValue: String) {
            self.name = name
            self.summary = summary
            self.kind = kind
            self.defaultValue = defaultValue
        }

        /// Checks a value against the kind; returns a message for the user when it is wrong.
        public func problem(with value: String) -> String? {
            switch kind {
            case .integer(let range):
                guard let number = Int(value), range.contains(number) else {
                    return "option \(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'"
                }
            case .number(let range):
                guard let number = Double(value), number.isFinite, range.contains(number) else {
                    return "option \(name) takes a number from \(range.lowerBound) to \(range.upperBound), not '\(value)'"
                }
            case .text:
                break
            }
            return nil
        }
    }
}
