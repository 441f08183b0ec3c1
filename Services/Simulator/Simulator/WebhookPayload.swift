import SimulatorClient

/// Builds the event items and envelopes of docs/protocol.md, "Webhooks", in the key order Meta's documentation
/// shows and with app ids written per ``SimulatorConfiguration/IDStyle``.
struct WebhookPayload: Sendable {
    let pageID: String
    let idStyle: SimulatorConfiguration.IDStyle

    /// How Meta's documentation writes a given id field.
    enum DocumentedForm {
        case string
        case number
    }

    /// An app id in the configured style; ids that are not all digits stay strings.
    func appID(_ id: String, documented: DocumentedForm) -> JSONValue {
        let asNumber: Bool
        switch idStyle {
        case .meta: asNumber = documented == .number
        case .string: asNumber = false
        case .number: asNumber = true
        }
        if asNumber, let value = Int64(id) { return .int(value) }
        return .string(id)
    }

    private func userToPage(_ psid: String, _ timestamp: Int64) -> [(String, JSONValue?)] {
        [
            ("sender", .object([("id", .string(psid))])),
            ("recipient", .object([("id", .string(pageID))])),
            ("timestamp", .int(timestamp)),
        ]
    }

    /// A user's text message (`quick_reply` and `attachments` when given).
    func userMessage(
        psid: String, timestamp: Int64, mid: String, text: String?, quickReplyPayload: String?, attachments: JSONValue?
    ) -> JSONValue {
        .members(
            userToPage(psid, timestamp) + [
                (
                    "message",
                    .members([
                        ("mid", .string(mid)),
                        ("text", text.map { .string($0) }),
                        ("quick_reply", quickReplyPayload.map { .object([("payload", .string($0))]) }),
                        ("attachments", attachments),
                    ])
                )
            ])
    }

    /// A postback; on `standby` Meta leaves the payload out.
    func postback(
        psid: String, timestamp: Int64, mid: String, title: String, payload: String, placement: WebhookPlacement
    ) -> JSONValue {
        .members(
            userToPage(psid, timestamp) + [
                (
                    "postback",
                    .members([
                        ("mid", .string(mid)),
                        ("title", .string(title)),
                        ("payload", placement == .messaging ? .string(payload) : nil),
                    ])
                )
            ])
    }

    /// The echo of a message the page sent (by `senderAppID`).
    func echo(
        psid: String, timestamp: Int64, mid: String, senderAppID: String, text: String?, metadata: String?,
        attachment: JSONValue?
    )
        -> JSONValue
    {
        .members([
            ("sender", .object([("id", .string(pageID))])),
            ("recipient", .object([("id", .string(psid))])),
            ("timestamp", .int(timestamp)),
            (
                "message",
                .members([
                    ("is_echo", .bool(true)),
                    ("app_id", appID(senderAppID, documented: .number)),
                    ("metadata", metadata.map { .string($0) }),
                    ("mid", .string(mid)),
                    ("text", text.map { .string($0) }),
                    ("attachments", attachment.map { .array([$0]) }),
                ])
            ),
        ])
    }

    /// `pass_thread_control`, for the new owner.
    func passThreadControl(psid: String, timestamp: Int64, previousOwner: String?, newOwner: String, metadata: String?)
        -> JSONValue
    {
        .members(
            userToPage(psid, timestamp) + [
                (
                    "pass_thread_control",
                    .members([
                        ("previous_owner_app_id", previousOwner.map { appID($0, documented: .string) } ?? .null),
                        ("new_owner_app_id", appID(newOwner, documented: .string)),
                        ("metadata", metadata.map { .string($0) }),
                    ])
                )
            ])
    }

    /// `take_thread_control`, for the previous owner (Conversation Routing: every app).
    func takeThreadControl(psid: String, timestamp: Int64, previousOwner: String?, newOwner: String, metadata: String?)
        -> JSONValue
    {
        .members(
            userToPage(psid, timestamp) + [
                (
                    "take_thread_control",
                    .members([
                        ("previous_owner_app_id", previousOwner.map { appID($0, documented: .string) } ?? .null),
                        ("new_owner_app_id", appID(newOwner, documented: .string)),
                        ("metadata", metadata.map { .string($0) }),
                    ])
                )
            ])
    }

    /// `request_thread_control`, for the primary.
    func requestThreadControl(psid: String, timestamp: Int64, requestedOwner: String, metadata: String?) -> JSONValue {
        .members(
            userToPage(psid, timestamp) + [
                (
                    "request_thread_control",
                    .members([
                        ("requested_owner_app_id", appID(requestedOwner, documented: .number)),
                        ("metadata", metadata.map { .string($0) }),
                    ])
                )
            ])
    }

    /// `app_roles`: no sender; the recipient is the page.
    func appRoles(timestamp: Int64, roles: [(String, SimulatorConfiguration.App.Role)]) -> JSONValue {
        .object([
            ("recipient", .object([("id", .string(pageID))])),
            ("timestamp", .int(timestamp)),
            (
                "app_roles",
                .object(roles.filter { $0.1 != .none }.map { ($0.0, .array([.string($0.1.rawValue)])) })
            ),
        ])
    }

    /// The envelope: consecutive items of the same placement share one entry, so a batch may mix
    /// `messaging` and `standby` entries as Meta's do.
    func envelope(_ items: [(WebhookPlacement, JSONValue)], time: Int64) -> JSONValue {
        var entries: [JSONValue] = []
        var index = 0
        while index < items.count {
            let placement = items[index].0
            var group: [JSONValue] = []
            while index < items.count, items[index].0 == placement {
                group.append(items[index].1)
                index += 1
            }
            entries.append(
                .object([
                    ("id", .string(pageID)), ("time", .int(time)), (placement.rawValue, .array(group)),
                ]))
        }
        return .object([("object", "page"), ("entry", .array(entries))])
    }
}
