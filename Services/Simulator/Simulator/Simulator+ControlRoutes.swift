import Hummingbird
import SimulatorClient
import Synchronization

extension Simulator {
    /// The `/_sim/…` control API: the user's and the Page Inbox's side of the conversation, roles,
    /// faults, clock, and views of what happened (readme-simulator.md has the reference).
    func addControlRoutes(to router: Router<SimulatorRequestContext>) {
        let control = router.group("/_sim")

        control.post("/users/:psid/messages") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                let input = try Self.userInput(try await Self.body(UserInput.self, request, context))
                let mid = try mutate { (state, now) throws(GraphError) in state.receive(input, from: psid, now: now) }
                return Self.json(.ok, encoding: MessageAnswer(mid: mid, thread: try threadSummary(psid)))
            }
        }
        control.post("/inbox/:psid/reply") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                let reply = try await Self.body(InboxReply.self, request, context)
                guard !reply.text.isEmpty else { throw GraphError.control(.badRequest, "text is required") }
                let mid = try mutate { (state, now) throws(GraphError) in
                    try state.inboxReply(psid: psid, text: reply.text, now: now)
                }
                return Self.json(.ok, encoding: MessageAnswer(mid: mid))
            }
        }
        control.post("/inbox/:psid/done") { [self] _, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                try mutate { (state, now) throws(GraphError) in try state.inboxDone(psid: psid, now: now) }
                return Self.json(.ok, encoding: SuccessAnswer(thread: try threadSummary(psid)))
            }
        }
        control.post("/inbox/:psid/move") { [self] _, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                try mutate { (state, now) throws(GraphError) in try state.inboxMove(psid: psid, now: now) }
                return Self.json(.ok, encoding: SuccessAnswer(thread: try threadSummary(psid)))
            }
        }
        control.put("/roles") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let changes = try Self.roleChanges(try await Self.body(RoleChanges.self, request, context))
                try mutate { (state, now) throws(GraphError) in try state.changeRoles(changes, now: now) }
                return Self.json(.ok, encoding: page.withLock { $0.pageView(now: $0.now) })
            }
        }
        control.get("/page") { [self] _, _ in
            Self.json(.ok, encoding: page.withLock { $0.pageView(now: $0.now) })
        }
        control.get("/threads") { [self] _, _ in
            let list = try? mutate { (state, now) throws(GraphError) in state.threadList(now: now) }
            return Self.json(.ok, encoding: list ?? SimulatedThreadList(data: []))
        }
        control.get("/threads/:psid") { [self] _, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let psid = try Self.psid(context)
                let view = try mutate { (state, now) throws(GraphError) in try state.threadView(psid, now: now) }
                return Self.json(.ok, encoding: view)
            }
        }
        control.get("/deliveries") { [self] request, _ in
            let appID = request.uri.queryParameters["app_id"].map(String.init)
            return Self.json(.ok, encoding: page.withLock { $0.deliveryList(appID: appID) })
        }
        control.get("/faults") { [self] _, _ in
            Self.json(.ok, encoding: faults.withLock { $0.states })
        }
        control.post("/faults") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let setting = try await Self.body(FaultSetting.self, request, context)
                let rule = try FaultRule(setting: setting)
                guard !setting.endpoints.isEmpty,
                    setting.endpoints.allSatisfy({ $0 == "*" || SimulatedEndpoint(rawValue: $0) != nil })
                else {
                    let names = SimulatedEndpoint.allCases.map(\.rawValue).joined(separator: ", ")
                    throw GraphError.control(.badRequest, "endpoint must be \"*\" or one of \(names)")
                }
                faults.withLock { plan in
                    for endpoint in setting.endpoints { plan.set(rule, for: endpoint) }
                }
                return Self.json(.ok, encoding: faults.withLock { $0.states })
            }
        }
        control.delete("/faults") { [self] _, _ in
            faults.withLock { $0.clear() }
            return Self.json(.ok, encoding: SuccessAnswer())
        }
        control.get("/stats") { [self] _, _ in
            Self.json(.ok, encoding: stats.view)
        }
        control.post("/reset") { [self] _, _ in
            reset()
            return Self.json(.ok, encoding: SuccessAnswer())
        }
        control.get("/clock") { [self] _, _ in
            Self.json(.ok, encoding: ClockReading(now: page.now()))
        }
        control.post("/clock") { [self] request, context in
            await Self.answer { () async throws(GraphError) -> Response in
                let seconds = try await Self.body(ClockAdvance.self, request, context).advanceSeconds
                guard seconds >= 0, seconds <= 365 * 86_400 else {
                    throw GraphError.control(.badRequest, "advance_seconds must be a number of seconds (0 to 31536000)")
                }
                page.withLock { $0.clockOffset += seconds * 1000 }
                return Self.json(.ok, encoding: ClockReading(now: page.now()))
            }
        }
    }

    private func threadSummary(_ psid: String) throws(GraphError) -> SimulatedThreadSummary {
        try mutate { (state, now) throws(GraphError) in try state.threadSummary(psid, now: now) }
    }

    private static func psid(_ context: SimulatorRequestContext) throws(GraphError) -> String {
        guard let psid = context.parameters.get("psid"), !psid.isEmpty, psid.count <= 64,
            psid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            throw GraphError.control(.badRequest, "psid must be 1 to 64 letters, digits, _ or -")
        }
        return psid
    }

    /// A message (`text` and/or `attachments`, optionally a tapped quick reply) or a postback.
    private static func userInput(_ body: UserInput) throws(GraphError) -> PageState.UserInput {
        if let postback = body.postback {
            return .postback(title: postback.title ?? postback.payload, payload: postback.payload)
        }
        if let attachments = body.attachments, attachments.arrayValue == nil {
            throw GraphError.control(.badRequest, "attachments must be an array")
        }
        guard body.text != nil || body.attachments != nil else {
            throw GraphError.control(.badRequest, "text, attachments or postback is required")
        }
        return .text(body.text, quickReplyPayload: body.quickReply?.payload, attachments: body.attachments)
    }

    /// Role names by app id, in app id order (`primary`/`secondary` are short forms).
    private static func roleChanges(_ body: RoleChanges) throws(GraphError) -> [(String, PageState.Role)] {
        guard !body.roles.isEmpty else { throw GraphError.control(.badRequest, "the body must map app ids to roles") }
        var changes: [(String, PageState.Role)] = []
        for (appID, name) in body.roles.sorted(by: { $0.key < $1.key }) {
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
