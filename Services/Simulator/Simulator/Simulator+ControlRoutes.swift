import Hummingbird
import Synchronization

extension Simulator {
    /// The `/_sim/…` control API: the user's and the Page Inbox's side of the conversation, roles,
    /// faults, clock, and views of what happened (readme-simulator.md has the reference).
    func addControlRoutes(to router: Router<SimulatorRequestContext>) {
        let control = router.group("/_sim")

        control.post("/users/:psid/messages") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                let input = try Self.userInput(try await Self.jsonBody(request, context))
                let mid = try mutate { (state, now) throws(GraphError) in state.receive(input, from: psid, now: now) }
                return Self.json(.ok, .object([("mid", .string(mid)), ("thread", try threadSummary(psid))]))
            }
        }
        control.post("/inbox/:psid/reply") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                let body = try await Self.jsonBody(request, context)
                guard let text = body["text"]?.stringValue, !text.isEmpty else {
                    throw GraphError.control(.badRequest, "text is required")
                }
                let mid = try mutate { (state, now) throws(GraphError) in
                    try state.inboxReply(psid: psid, text: text, now: now)
                }
                return Self.json(.ok, .object([("mid", .string(mid))]))
            }
        }
        control.post("/inbox/:psid/done") { [self] _, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                try mutate { (state, now) throws(GraphError) in try state.inboxDone(psid: psid, now: now) }
                return Self.json(.ok, .object([("success", true), ("thread", try threadSummary(psid))]))
            }
        }
        control.post("/inbox/:psid/move") { [self] _, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                try mutate { (state, now) throws(GraphError) in try state.inboxMove(psid: psid, now: now) }
                return Self.json(.ok, .object([("success", true), ("thread", try threadSummary(psid))]))
            }
        }
        control.put("/roles") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let changes = try Self.roleChanges(try await Self.jsonBody(request, context))
                try mutate { (state, now) throws(GraphError) in try state.changeRoles(changes, now: now) }
                return Self.json(.ok, page.withLock { $0.pageView(now: $0.now) })
            }
        }
        control.get("/page") { [self] _, _ in
            Self.json(.ok, page.withLock { $0.pageView(now: $0.now) })
        }
        control.get("/threads") { [self] _, _ in
            let list = try? mutate { (state, now) throws(GraphError) in state.threadList(now: now) }
            return Self.json(.ok, list ?? .object([("data", .array([]))]))
        }
        control.get("/threads/:psid") { [self] _, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                let view = try mutate { (state, now) throws(GraphError) in try state.threadView(psid, now: now) }
                return Self.json(.ok, view)
            }
        }
        control.get("/deliveries") { [self] request, _ in
            let appID = request.uri.queryParameters["app_id"].map(String.init)
            return Self.json(.ok, page.withLock { $0.deliveryList(appID: appID) })
        }
        control.get("/faults") { [self] _, _ in
            Self.json(.ok, faults.withLock { $0.json })
        }
        control.post("/faults") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let body = try await Self.jsonBody(request, context)
                let rule = try FaultRule(json: body)
                let endpoints: [String]
                switch body["endpoint"] {
                case nil: endpoints = ["*"]
                case .array(let values)?: endpoints = values.compactMap(\.stringValue)
                case let value?: endpoints = value.stringValue.map { [$0] } ?? []
                }
                guard !endpoints.isEmpty,
                    endpoints.allSatisfy({ $0 == "*" || SimulatedEndpoint(rawValue: $0) != nil })
                else {
                    let names = SimulatedEndpoint.allCases.map(\.rawValue).joined(separator: ", ")
                    throw GraphError.control(.badRequest, "endpoint must be \"*\" or one of \(names)")
                }
                faults.withLock { plan in
                    for endpoint in endpoints { plan.set(rule, for: endpoint) }
                }
                return Self.json(.ok, faults.withLock { $0.json })
            }
        }
        control.delete("/faults") { [self] _, _ in
            faults.withLock { $0.clear() }
            return Self.json(.ok, .object([("success", true)]))
        }
        control.get("/stats") { [self] _, _ in
            Self.json(.ok, stats.json)
        }
        control.post("/reset") { [self] _, _ in
            reset()
            return Self.json(.ok, .object([("success", true)]))
        }
        control.get("/clock") { [self] _, _ in
            Self.json(.ok, .object([("now", .int(page.now()))]))
        }
        control.post("/clock") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let body = try await Self.jsonBody(request, context)
                guard let seconds = body["advance_seconds"]?.intValue, seconds >= 0, seconds <= 365 * 86_400 else {
                    throw GraphError.control(.badRequest, "advance_seconds must be a number of seconds (0 to 31536000)")
                }
                page.withLock { $0.clockOffset += seconds * 1000 }
                return Self.json(.ok, .object([("now", .int(page.now()))]))
            }
        }
    }

    private func threadSummary(_ psid: String) throws(GraphError) -> JSONValue {
        let view = try mutate { (state, now) throws(GraphError) in try state.threadView(psid, now: now) }
        return .members([
            ("psid", view["psid"]), ("owner", view["owner"]), ("expiration", view["expiration"]),
            ("pending_inbox_request", view["pending_inbox_request"]),
        ])
    }

    private static func psid(_ context: SimulatorRequestContext) throws(GraphError) -> String {
        guard let psid = context.parameters.get("psid"), !psid.isEmpty, psid.count <= 64,
            psid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            throw GraphError.control(.badRequest, "psid must be 1 to 64 letters, digits, _ or -")
        }
        return psid
    }

    /// `{"text":…}` (with optional `quick_reply.payload`, `attachments`) or
    /// `{"postback":{"title":…,"payload":…}}`.
    private static func userInput(_ body: JSONValue) throws(GraphError) -> PageState.UserInput {
        guard body.objectValue != nil else { throw GraphError.control(.badRequest, "the body must be a JSON object") }
        if let postback = body["postback"] {
            guard let payload = postback["payload"]?.stringValue else {
                throw GraphError.control(.badRequest, "postback.payload is required")
            }
            return .postback(title: postback["title"]?.stringValue ?? payload, payload: payload)
        }
        let text = body["text"]?.stringValue
        let attachments = body["attachments"]
        if let attachments, attachments.arrayValue == nil {
            throw GraphError.control(.badRequest, "attachments must be an array")
        }
        guard text != nil || attachments != nil else {
            throw GraphError.control(.badRequest, "text, attachments or postback is required")
        }
        return .text(text, quickReplyPayload: body["quick_reply"]?["payload"]?.stringValue, attachments: attachments)
    }

    /// `{"<app id>": "primary_receiver" | "secondary_receiver" | "none" | ["primary_receiver"] | []}`.
    private static func roleChanges(_ body: JSONValue) throws(GraphError) -> [(String, PageState.Role)] {
        guard let members = body.objectValue, !members.isEmpty else {
            throw GraphError.control(.badRequest, "the body must map app ids to roles")
        }
        var changes: [(String, PageState.Role)] = []
        for (appID, value) in members {
            let name: String
            switch value {
            case .string(let text): name = text
            case .array(let values) where values.isEmpty: name = "none"
            case .array(let values) where values.count == 1: name = values[0].stringValue ?? ""
            default: name = ""
            }
            switch name {
            case "primary", "primary_receiver": changes.append((appID, .primary))
            case "secondary", "secondary_receiver": changes.append((appID, .secondary))
            case "none": changes.append((appID, .none))
            default:
                throw GraphError.control(
                    .badRequest, "role of \(appID) must be primary_receiver, secondary_receiver or none")
            }
        }
        return changes
    }
}
