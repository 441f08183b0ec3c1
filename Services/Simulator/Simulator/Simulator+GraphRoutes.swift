import Foundation
import Hummingbird
import SimulatorClient
import Synchronization

extension Simulator {
    /// The parameters of one Graph call: query string, then the JSON (or form) body, which wins.
    struct GraphParameters: Sendable {
        var values: [String: JSONValue] = [:]

        subscript(key: String) -> JSONValue? { values[key] }

        /// A parameter that may arrive as an object or as its JSON text (form bodies, query strings).
        func object(_ key: String) -> JSONValue? {
            guard let value = values[key] else { return nil }
            if case .string(let text) = value, text.hasPrefix("{"), let parsed = JSONValue.parse(Array(text.utf8)) {
                return parsed
            }
            return value
        }
    }

    func addGraphRoutes(to router: Router<SimulatorRequestContext>) {
        for path in ["/:version/:node", "/:version/:node/:edge"] {
            for method in [HTTPRequest.Method.get, .post, .delete] {
                router.on(RouterPath(path), method: method) { [self] request, context in
                    await Self.answer { () async throws(GraphError) -> Response in
                        try await graphCall(request, context)
                    }
                }
            }
        }
    }

    private func graphCall(_ request: Request, _ context: SimulatorRequestContext) async throws(GraphError) -> Response
    {
        let version = context.parameters.get("version") ?? ""
        let node = context.parameters.get("node") ?? ""
        let edge = context.parameters.get("edge")
        let method = request.method.rawValue
        guard Self.isGraphVersion(version),
            let endpoint = SimulatedEndpoint(method: method, edge: edge)
        else {
            if let edge, SimulatedEndpoint(rawValue: edge) != nil {
                throw GraphError.unknownObject(edge, method: method)
            }
            throw GraphError.unknownPath(request.uri.path)
        }
        stats.graphCall(endpoint, remote: context.remoteAddress)
        do {
            return try await serve(endpoint, node: node, request, context)
        } catch {
            stats.graphError(endpoint, injected: error.isInjected)
            throw error
        }
    }

    private func serve(
        _ endpoint: SimulatedEndpoint, node: String, _ request: Request, _ context: SimulatorRequestContext
    )
        async throws(GraphError) -> Response
    {
        let decision = faults.withLock { $0.decide(endpoint) }
        if decision.latency > .zero {
            try? await Task.sleep(for: decision.latency)
        }
        if var injected = decision.error {
            injected.isInjected = true
            throw injected
        }
        guard node == "me" || node == configuration.pageID else {
            throw GraphError.unknownObject(node, method: request.method.rawValue)
        }
        let parameters = try await Self.parameters(request, context)
        let caller = try authenticate(request, parameters)
        switch endpoint {
        case .passThreadControl:
            let psid = try Self.recipient(parameters)
            let metadata = try Self.metadata(parameters)
            try mutate { (state, now) throws(GraphError) in
                try state.pass(
                    caller: caller, psid: psid, target: parameters["target_app_id"], metadata: metadata, now: now)
            }
            return Self.success()
        case .takeThreadControl:
            let psid = try Self.recipient(parameters)
            let metadata = try Self.metadata(parameters)
            let owner = try mutate { (state, now) throws(GraphError) in
                try state.take(caller: caller, psid: psid, metadata: metadata, now: now)
            }
            guard let owner else { return Self.success() }
            return Self.json(.ok, ownerAnswer(owner))
        case .requestThreadControl:
            let psid = try Self.recipient(parameters)
            let metadata = try Self.metadata(parameters)
            try mutate { (state, now) throws(GraphError) in
                try state.request(caller: caller, psid: psid, metadata: metadata, now: now)
            }
            return Self.success()
        case .releaseThreadControl:
            let psid = try Self.recipient(parameters)
            let metadata = try Self.metadata(parameters)
            try mutate { (state, now) throws(GraphError) in
                try state.release(caller: caller, psid: psid, metadata: metadata, now: now)
            }
            return Self.success()
        case .extendThreadControl:
            let psid = try Self.recipient(parameters)
            try mutate { (state, now) throws(GraphError) in
                try state.extend(caller: caller, psid: psid, duration: parameters["duration"], now: now)
            }
            return Self.success()
        case .threadOwner:
            let psid = try Self.recipient(parameters)
            let owner = try mutate { (state, now) throws(GraphError) in
                try state.owner(caller: caller, psid: psid, now: now)
            }
            return Self.json(.ok, ownerAnswer(owner))
        case .secondaryReceivers:
            let receivers = try page.withLock { (state) throws(GraphError) in
                try state.secondaryReceivers(caller: caller)
            }
            let fields = Self.fields(parameters, default: ["id", "name"])
            let data = receivers.map { app -> JSONValue in
                .members([
                    ("id", fields.contains("id") ? .string(app.id) : nil),
                    ("name", fields.contains("name") ? .string(app.name) : nil),
                ])
            }
            return Self.json(.ok, .object([("data", .array(data))]))
        case .page:
            return Self.json(.ok, pageNode(fields: Self.fields(parameters, default: ["name", "id"])))
        case .messages:
            return try sendMessage(caller: caller, parameters)
        }
    }

    // MARK: Answers

    private static func success() -> Response {
        json(.ok, .object([("success", true)]))
    }

    /// `{"data":[{"thread_owner":{"app_id":…,"expiration":…}}]}`, or `{"data":[]}` when idle.
    private func ownerAnswer(_ owner: PageState.OwnerView) -> JSONValue {
        guard owner.isOwned else { return .object([("data", .array([]))]) }
        let payload = WebhookPayload(pageID: configuration.pageID, idStyle: configuration.idStyle)
        return .object([
            (
                "data",
                .array([
                    .object([
                        (
                            "thread_owner",
                            .members([
                                ("app_id", owner.appID.map { payload.appID($0, documented: .string) }),
                                ("expiration", owner.expiration.map { .int($0) }),
                            ])
                        )
                    ])
                ])
            )
        ])
    }

    private func pageNode(fields: [String]) -> JSONValue {
        var members: [(String, JSONValue?)] = []
        for field in fields {
            switch field {
            case "messaging_feature_status":
                members.append(
                    (
                        "messaging_feature_status",
                        .object([
                            ("hop_v2", .bool(configuration.mode == .routing)), ("msgr_multi_app", true),
                            ("ig_multi_app", false),
                        ])
                    ))
            case "name": members.append(("name", .string(configuration.pageName)))
            default: break
            }
        }
        members.append(("id", .string(configuration.pageID)))
        return .members(members)
    }

    private func sendMessage(caller: String, _ parameters: GraphParameters) throws(GraphError) -> Response {
        let psid = try Self.recipient(parameters)
        if let type = parameters["messaging_type"]?.stringValue, !["RESPONSE", "UPDATE", "MESSAGE_TAG"].contains(type) {
            throw GraphError.invalidParameter("param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}")
        }
        let message = parameters.object("message")
        if message == nil {
            guard let action = parameters["sender_action"]?.stringValue else {
                throw GraphError.invalidParameter("Must send either message or sender action")
            }
            guard ["typing_on", "typing_off", "mark_seen"].contains(action) else {
                throw GraphError.invalidParameter(
                    "param sender_action must be one of {typing_on, typing_off, mark_seen}")
            }
            try mutate { (state, now) throws(GraphError) in
                try state.senderAction(action, caller: caller, psid: psid, now: now)
            }
            return Self.json(.ok, .object([("recipient_id", .string(psid))]))
        }
        let text = message?["text"]?.stringValue
        let attachment = message?["attachment"]
        guard text != nil || attachment != nil else {
            throw GraphError.invalidParameter("param message must contain text or an attachment")
        }
        if let text, text.count > 2000 {
            throw GraphError.invalidParameter("param message[text] must be UTF-8 encoded with 2000 or fewer characters")
        }
        let metadata = message?["metadata"]?.stringValue
        if let metadata, metadata.count > 1000 {
            throw GraphError.invalidParameter("param message[metadata] must be 1000 or fewer characters")
        }
        var threadControl: PageState.SendThreadControl?
        if let control = parameters.object("thread_control") {
            // Conversation Routing: no control_type means release.
            switch control["control_type"]?.stringValue {
            case "pass": threadControl = .pass(control["app_id"]?.stringValue)
            case "release", nil: threadControl = .release
            default: throw GraphError.invalidParameter("param thread_control[control_type] must be pass or release")
            }
        }
        if let attachment { try Self.validate(attachment: attachment) }
        let outgoing = PageState.OutgoingMessage(
            text: text, metadata: metadata, attachment: attachment,
            messagingType: parameters["messaging_type"]?.stringValue, tag: parameters["tag"]?.stringValue,
            personaID: parameters["persona_id"]?.stringValue)
        let mid = try mutate { (state, now) throws(GraphError) in
            try state.send(caller: caller, psid: psid, message: outgoing, threadControl: threadControl, now: now)
        }
        return Self.json(.ok, .object([("recipient_id", .string(psid)), ("message_id", .string(mid))]))
    }

    /// The attachments the Send API takes here: image, audio, video and file by `payload.url`
    /// (http or https), and templates (`payload.template_type`, with postback buttons).
    private static func validate(attachment: JSONValue) throws(GraphError) {
        let type = attachment["type"]?.stringValue ?? ""
        switch type {
        case "image", "audio", "video", "file":
            guard let url = attachment["payload"]?["url"]?.stringValue,
                url.hasPrefix("https://") || url.hasPrefix("http://")
            else { throw GraphError.invalidParameter("param message[attachment][payload][url] must be an http(s) URL") }
        case "template":
            guard attachment["payload"]?["template_type"]?.stringValue != nil else {
                throw GraphError.invalidParameter("param message[attachment][payload][template_type] is required")
            }
            let buttons = attachment["payload"]?["buttons"]?.arrayValue ?? []
            for button in buttons where button["type"]?.stringValue == "postback" {
                guard button["payload"]?.stringValue?.isEmpty == false else {
                    throw GraphError.invalidParameter("a postback button needs a payload")
                }
            }
        default:
            throw GraphError.invalidParameter(
                "param message[attachment][type] must be image, audio, video, file or template")
        }
    }

    // MARK: Parameters and authentication

    private static func isGraphVersion(_ version: String) -> Bool {
        guard version.hasPrefix("v"), version.count > 1 else { return false }
        return version.dropFirst().allSatisfy { $0.isNumber || $0 == "." }
    }

    private static func parameters(_ request: Request, _ context: SimulatorRequestContext) async throws(GraphError)
        -> GraphParameters
    {
        var parameters = GraphParameters()
        for (key, value) in request.uri.queryParameters {
            parameters.values[String(key)] = .string(String(value))
        }
        guard request.method == .post else { return parameters }
        let bytes: [UInt8]
        do {
            bytes = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        } catch {
            throw GraphError.invalidParameter("the request body is too large")
        }
        if bytes.isEmpty { return parameters }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            for pair in String(decoding: bytes, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                let decode = { (text: Substring) in
                    text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
                }
                guard let key = parts.first else { continue }
                parameters.values[decode(key)] = .string(parts.count > 1 ? decode(parts[1]) : "")
            }
            return parameters
        }
        guard let json = JSONValue.parse(bytes), let members = json.objectValue else {
            throw GraphError.invalidParameter("the request body must be a JSON object")
        }
        for (key, value) in members { parameters.values[key] = value }
        return parameters
    }

    /// The PSID of `recipient` (`{"id":…}`, its JSON text, or a bare id as `thread_owner` takes it).
    private static func recipient(_ parameters: GraphParameters) throws(GraphError) -> String {
        let recipient = parameters.object("recipient")
        let id = recipient?["id"]?.stringValue ?? recipient?.stringValue
        guard let id, !id.isEmpty else { throw GraphError.invalidParameter("param recipient must be non-empty.") }
        return id
    }

    private static func metadata(_ parameters: GraphParameters) throws(GraphError) -> String? {
        guard let value = parameters["metadata"] else { return nil }
        guard let text = value.stringValue, text.count <= 1000 else {
            throw GraphError.invalidParameter("param metadata must be a string of 1000 or fewer characters")
        }
        return text
    }

    private static func fields(_ parameters: GraphParameters, default defaultFields: [String]) -> [String] {
        guard let raw = parameters["fields"]?.stringValue, !raw.isEmpty else { return defaultFields }
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The calling app from its page token; checks `appsecret_proof` (HMAC-SHA256 of the token
    /// keyed with the app secret).
    private func authenticate(_ request: Request, _ parameters: GraphParameters) throws(GraphError) -> String {
        var token = parameters["access_token"]?.stringValue
        if token == nil, let authorization = request.headers[.authorization] {
            for scheme in ["Bearer ", "OAuth "] where authorization.hasPrefix(scheme) {
                token = String(authorization.dropFirst(scheme.count))
            }
        }
        guard let token, !token.isEmpty else { throw GraphError.missingToken }
        guard let app = page.withLock({ $0.app(forToken: token) }) else { throw GraphError.invalidToken }
        if let proof = parameters["appsecret_proof"]?.stringValue {
            let expected = WebhookSigner.hmacSHA256Hex(key: app.secret, message: Array(token.utf8))
            guard WebhookSigner.constantTimeEqual(proof, expected) else { throw GraphError.invalidProof }
        } else if configuration.requireAppSecretProof {
            throw GraphError.missingProof
        }
        return app.id
    }
}
