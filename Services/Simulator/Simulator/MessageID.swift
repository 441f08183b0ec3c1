/// Message ids shaped like Meta's: `m_` followed by 86 url-safe characters.
enum MessageID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

    /// A new, practically unique message id.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return "m_" + String((0..<86).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
