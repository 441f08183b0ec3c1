import ServiceKit

/// JSON string literals for the small bodies the agent API writes by hand.
enum JSONText {
    static func quote(_ text: String) -> String { JSONString.quoted(text) }

    static func optional(_ text: String?) -> String { text.map(quote) ?? "null" }
}
