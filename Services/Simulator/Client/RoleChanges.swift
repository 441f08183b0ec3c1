/// The body of `PUT /_sim/roles`: a Page admin gives apps new roles,
/// `{"<app id>": "primary_receiver" | "secondary_receiver" | "none"}`. A role may also be written
/// as Meta lists it, `["primary_receiver"]`, or `[]` for none; `primary` and `secondary` are
/// accepted as short forms.
public struct RoleChanges: Sendable, Hashable, Codable {
    /// Role names by app id.
    public var roles: [String: String]

    /// Changes giving each app in `roles` its role.
    public init(_ roles: [String: String]) { self.roles = roles }

    public init(from decoder: any Decoder) throws {
        let members = try decoder.singleValueContainer().decode([String: JSONValue].self)
        roles = members.mapValues { value in
            switch value {
            case .string(let name): name
            case .array(let names) where names.isEmpty: "none"
            case .array(let names) where names.count == 1: names[0].stringValue ?? ""
            default: ""
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(roles)
    }
}
