/// A plugin option declared once, with its type and its one default: a plugin lists its
/// ``declaration`` in the descriptor's `options` and reads its value typed,
/// `context.options[key]`, never writing the default again.
///
/// ```swift
/// static let minimumPeriods = OptionKey.integer(
///     "min-periods", summary: "valid months a rep needs to get a slope", in: 2...1200, default: 6)
/// // PluginDescriptor(…, options: [Self.minimumPeriods.declaration])
/// let minimumPeriods = context.options[Self.minimumPeriods]  // an Int: 6, or what the user gave
/// ```
public struct OptionKey<Value: Sendable>: Sendable {
    /// What the descriptor lists and the command line checks values against
    /// (`--option NAME=VALUE`).
    public let declaration: PluginDescriptor.Option
    /// The value when none is given.
    public let defaultValue: Value
    private let read: @Sendable (String) -> Value?

    private init(_ declaration: PluginDescriptor.Option, defaultValue: Value, read: @escaping @Sendable (String) -> Value?) {
        self.declaration = declaration
        self.defaultValue = defaultValue
        self.read = read
    }

    /// The option's name, as `--option NAME=VALUE` takes it.
    public var name: String { declaration.name }

    /// The value `text` gives the option, or nil when it is not one (out of range, say).
    func value(_ text: String) -> Value? {
        declaration.problem(with: text) == nil ? read(text) : nil
    }
}

extension OptionKey where Value == Int {
    /// A whole number within `range`.
    public static func integer(_ name: String, summary: String, in range: ClosedRange<Int>, default value: Int) -> OptionKey<Int> {
        OptionKey(PluginDescriptor.Option(name: name, summary: summary, kind: .integer(range), defaultValue: String(value)),
                  defaultValue: value, read: { Int($0) })
    }
}

extension OptionKey where Value == Double {
    /// A decimal number within `range`.
    public static func number(_ name: String, summary: String, in range: ClosedRange<Double>, default value: Double) -> OptionKey<Double> {
        OptionKey(PluginDescriptor.Option(name: name, summary: summary, kind: .number(range), defaultValue: String(value)),
                  defaultValue: value, read: { Double($0) })
    }
}

extension OptionKey where Value == String {
    /// Any text; the plugin checks it when it computes.
    public static func text(_ name: String, summary: String, default value: String) -> OptionKey<String> {
        OptionKey(PluginDescriptor.Option(name: name, summary: summary, kind: .text, defaultValue: value), defaultValue: value, read: { $0 })
    }
}

extension PluginOptions {
    /// The value of `key`: the one given, else its default (also when the plugin does not
    /// declare it, so a shared helper can read an option every plugin may not have).
    public subscript<Value>(_ key: OptionKey<Value>) -> Value {
        values[key.name].flatMap(key.value) ?? key.defaultValue
    }
}
