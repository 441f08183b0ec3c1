extension Array where Element == UInt8 {
    /// Appends `text` as a JSON string literal (quotes included): `"` and `\` escaped, control
    /// characters as `\n`, `\t`, ... or `\u00XX`; everything else as its UTF-8 bytes.
    mutating func appendJSONString(_ text: String) {
        append(UInt8(ascii: "\""))
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "\""): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                append(contentsOf: Array(#"\u00"#.utf8))
                append(hex[Int(c >> 4)])
                append(hex[Int(c & 0x0F)])
            default: append(c)
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// Appends `text` as raw ASCII (keys, numbers, literals).
    mutating func appendASCII(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// JSON string literals for the few lines written by hand (log lines, the audit line): the same
/// escaping as the record values, by the same writer.
public enum JSONString {
    /// `text` as a JSON string literal, quotes included (RFC 8259 escaping; non-ASCII kept as is).
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        out.appendJSONString(text)
        return String(decoding: out, as: UTF8.self)
    }
}
