extension EventType {
    /// The payload types in order of precedence, for an item that (oddly) carries several payload
    /// keys: a thread-control change decides the topic, so it wins over anything else.
    static let precedence: [EventType] = [
        .passThreadControl, .takeThreadControl, .requestThreadControl, .appRoles, .message, .postback,
        .reaction, .read, .delivery, .optin, .referral, .policyEnforcement,
    ]

    /// The item-level JSON keys that carry each payload type. `policy-enforcement` is the spelling
    /// of older docs and captures; `policy_enforcement` that of newer ones.
    static let payloadKeys: [(key: StaticString, type: EventType)] = [
        ("message", .message), ("postback", .postback), ("read", .read), ("delivery", .delivery),
        ("reaction", .reaction), ("referral", .referral), ("optin", .optin),
        ("policy_enforcement", .policyEnforcement), ("policy-enforcement", .policyEnforcement),
        ("pass_thread_control", .passThreadControl), ("take_thread_control", .takeThreadControl),
        ("request_thread_control", .requestThreadControl), ("app_roles", .appRoles),
    ]

    /// A bit per type, so a set of present payload keys is one integer.
    var bit: UInt32 { 1 << UInt32(EventType.allCases.firstIndex(of: self)!) }

    /// The type of an item whose non-null payload keys are `present` (bits of `bit`).
    static func classify(present: UInt32, isEcho: Bool) -> EventType {
        for type in precedence where present & type.bit != 0 {
            return type == .message && isEcho ? .echo : type
        }
        return .other
    }
}
