/// Meta's error body: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`.
struct GraphErrorBody: Decodable {
    struct Detail: Decodable {
        var message: String?
        var type: String?
        var code: FlexibleInt?
        var errorSubcode: FlexibleInt?
        var fbtraceID: String?

        enum CodingKeys: String, CodingKey {
            case message, type, code
            case errorSubcode = "error_subcode"
            case fbtraceID = "fbtrace_id"
        }
    }

    var error: Detail
}
