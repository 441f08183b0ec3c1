import Foundation
import Yams

/// A parsed YAML (or JSON) value as plain Sendable data, so parsed files can be shared by tests.
///
/// Scalars keep their text: `8080` and `"8080"` both read as `"8080"`, which is what a container
/// sees in its environment anyway. Merge keys (`<<: *anchor`) are already applied by Yams.
enum YAMLValue: Sendable, Equatable {
    case mapping([String: YAMLValue])
    case sequence([YAMLValue])
    case scalar(String)
    case null

    /// Converts what `Yams.load_all` produced.
    init(any value: Any?) {
        switch value {
        case nil, is NSNull:
            self = .null
        case let mapping as [AnyHashable: Any]:
            var converted: [String: YAMLValue] = [:]
            for (key, item) in mapping {
                converted[String(describing: key.base)] = YAMLValue(any: item)
            }
            self = .mapping(converted)
        case let mapping as [String: Any]:
            self = .mapping(mapping.mapValues { YAMLValue(any: $0) })
        case let sequence as [Any]:
            self = .sequence(sequence.map { YAMLValue(any: $0) })
        case let string as String:
            self = .scalar(string)
        case let bool as Bool:
            self = .scalar(bool ? "true" : "false")
        case let int as Int:
            self = .scalar(String(int))
        case let double as Double:
            self = .scalar(double.rounded() == double && abs(double) < 1e15 ? String(Int(double)) : String(double))
        case let some?:
            self = .scalar(String(describing: some))
        }
    }

    /// Every document of a (possibly multi-document) YAML text.
    static func documents(ofYAML text: String) throws -> [YAMLValue] {
        try Yams.load_all(yaml: text).map { YAMLValue(any: $0) }
    }

    /// A JSON document (JSON is YAML; Yams keeps `true` and `8` apart where Foundation's
    /// NSNumber bridging would not).
    static func json(_ text: String) throws -> YAMLValue {
        YAMLValue(any: try Yams.load(yaml: text))
    }

    /// The value under `key` of a mapping.
    subscript(key: String) -> YAMLValue? {
        if case .mapping(let mapping) = self { return mapping[key] }
        return nil
    }

    /// The value at a path of mapping keys.
    func at(_ path: String...) -> YAMLValue? {
        var current: YAMLValue? = self
        for key in path { current = current?[key] }
        return current
    }

    /// The text of a scalar.
    var string: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    /// A scalar read as an integer.
    var int: Int? { string.flatMap { Int($0) } }

    /// The items of a sequence.
    var array: [YAMLValue]? {
        if case .sequence(let items) = self { return items }
        return nil
    }

    /// The entries of a mapping.
    var dictionary: [String: YAMLValue]? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    /// A command as words: a sequence of scalars, or a scalar split on whitespace (compose's
    /// string form of `command`).
    var words: [String] {
        switch self {
        case .sequence(let items): return items.compactMap(\.string)
        case .scalar(let text): return text.split(whereSeparator: \.isWhitespace).map(String.init)
        default: return []
        }
    }

    /// Every scalar anywhere below this value, depth first.
    var allScalars: [String] {
        switch self {
        case .scalar(let text): return [text]
        case .sequence(let items): return items.flatMap(\.allScalars)
        case .mapping(let mapping): return mapping.keys.sorted().flatMap { mapping[$0]!.allScalars }
        case .null: return []
        }
    }
}
