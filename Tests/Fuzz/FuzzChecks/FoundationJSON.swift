import Foundation

/// The differential oracle: Foundation's `JSONSerialization`, an independent JSON parser.
///
/// Our scanner is stricter on purpose (duplicate keys, nesting deeper than 512), so the oracle is
/// consulted in one direction: whatever our scanner accepts, Foundation must accept too. Numbers
/// are the one place RFC 8259 leaves limits to implementations: Foundation refuses `1e999`, which
/// the grammar allows and we keep as text. So the oracle sees every number as `0`; the grammar of
/// numbers is checked by our own tests.
enum FoundationJSON {
    /// Whether Foundation parses `bytes` as one JSON value (any top-level value).
    static func accepts(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(numbersAsZero(bytes)), options: [.fragmentsAllowed])) != nil
    }

    /// Whether Foundation parses `bytes` as one JSON object.
    static func acceptsObject(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(numbersAsZero(bytes)), options: [])) is [String: Any]
    }

    /// `bytes` with every run of number characters outside strings replaced by `0`.
    static func numbersAsZero(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                out.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    out.append(bytes[index + 1])
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                index += 1
            } else if byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                while index < bytes.count, isNumberByte(bytes[index]) { index += 1 }
                out.append(UInt8(ascii: "0"))
            } else {
                inString = byte == UInt8(ascii: "\"")
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }
}
