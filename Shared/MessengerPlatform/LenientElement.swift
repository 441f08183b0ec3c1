/// One array element decoded leniently: an element of the wrong shape becomes nil instead of
/// failing the whole array.
struct LenientElement<Value: Decodable>: Decodable {
    var value: Value?

    init(from decoder: any Decoder) throws {
        value = try? decoder.singleValueContainer().decode(Value.self)
    }
}
