import AgentDesk
import Foundation
import GraphAPI
import HTTPTypes
import Hummingbird
import Logging
import MessengerPlatform
import NIOCore
import ServiceKit
import WorkerKit

/// The agent API: what agents (and an external desk) do with conversations and threads.
///
/// Under `/agent` every route needs `Authorization: Bearer <token>`: an agent's own token (from
/// the desk file), or the service token `AGENT_API_TOKEN` of an external desk, which may act on
/// any thread but cannot accept or decline (those belong to a person). The same routes serve the
/// agent console under `/console/api`, where the caller is the agent of the session cookie
/// (``ConsoleAuth``) and bearer tokens count for nothing. `?page_id=` picks the page when the
/// worker serves several. The README lists every route with its body and answers.
struct AgentRoutes: Sendable {
    let runtime: WorkerRuntime
    let desk: LiveDesk
    let serviceToken: AgentAPIToken
    let primaryAppID: AppID
    let threadControl: ThreadControlMode
    /// Now, in ms since 1970.
    let clock: @Sendable () -> Int64
    /// The console's sessions: set for the routes under `/console/api`, nil under `/agent`.
    var console: ConsoleAuth? = nil

    /// Largest request body accepted.
    static let maxBodyBytes = 64 * 1024
    /// Messenger's limit on a text message.
    static let maxTextLength = 2000
    /// `extend_thread_control` accepts up to 7 days.
    static let maxExtension = 7 * 24 * 3600
    /// The longest page of history.
    static let maxHistoryPage = 200

    /// Adds the routes to `agent` (`/agent`, or `/console/api`).
    func register(on agent: RouterGroup<BasicRequestContext>) {
        agent.get("me") { request, context in try await me(request, context) }
        agent.post("presence") { request, context in try await presence(request, context) }
        agent.get("agents") { request, context in try await agents(request, context) }
        agent.get("queue") { request, context in try await queue(request, context) }
        agent.get("conversations") { request, context in try await conversations(request, context) }
        agent.get("conversations/:id/log") { request, context in try await auditLog(request, context) }
        let threads = agent.group("threads")
        threads.get(":psid") { request, context in try await thread(request, context) }
        threads.get(":psid/history") { request, context in try await history(request, context) }
        threads.post(":psid/accept") { request, context in try await accept(request, context) }
        threads.post(":psid/decline") { request, context in try await decline(request, context) }
        threads.post(":psid/reply") { request, context in try await reply(request, context) }
        threads.post(":psid/typing") { request, context in try await typing(request, context) }
        threads.post(":psid/seen") { request, context in try await seen(request, context) }
        threads.post(":psid/handback") { request, context in try await handback(request, context) }
        threads.post(":psid/request") { request, context in try await requestControl(request, context) }
        threads.post(":psid/release") { request, context in try await release(request, context) }
        threads.post(":psid/extend") { request, context in try await extend(request, context) }
    }

    // MARK: Agents

    private func me(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let agent = try agentOnly(try await authenticate(request))
        let presence = try await store { try await desk.store.presence()[agent.id] }
        return try Response.json(
            status: .ok, AgentAnswer(agent: agent, status: status(presence), load: try await load(of: agent.id)))
    }

    private func presence(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let agent = try agentOnly(try await authenticate(request))
        let body = try await decode(
            PresenceBody.self, request, context, example: #"{"status":"online"}"#, optional: true)
        let status = body.status ?? "online"
        guard ["online", "away", "offline"].contains(status) else {
            throw AgentAPIError.badRequest("status must be online, away or offline")
        }
        try await store { try await desk.store.heartbeat(agentID: agent.id, status: status, at: clock()) }
        return try Response.json(
            status: .ok,
            PresenceAnswer(status: status, expiresInMs: status == "online" ? desk.policy.presenceTimeout : nil))
    }

    private func agents(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try await authenticate(request)
        let presence = try await store { try await desk.store.presence() }
        let loads = try await store { try await desk.store.agentLoads() }
        return try Response.json(
            status: .ok,
            AgentsAnswer(
                agents: desk.policy.agents.agents.map {
                    AgentAnswer(agent: $0, status: status(presence[$0.id]), load: loads[$0.id, default: 0])
                }))
    }

    private func status(_ presence: DeskStore.Presence?) -> String {
        desk.policy.status(of: presence, at: clock())
    }

    private func load(of agentID: String) async throws -> Int {
        try await store { try await desk.store.agentLoads()[agentID, default: 0] }
    }

    // MARK: Conversations

    private func queue(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try await authenticate(request)
        let limit = try Self.limit(request, default: 100, max: 500)
        let list = try await store { try await desk.store.conversations(in: [.waiting, .offered], limit: limit) }
        return try Response.json(status: .ok, ConversationsAnswer(list, now: clock()))
    }

    /// An agent's own conversations (offered to or held by them); everything open for the desk.
    private func conversations(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let actor = try await authenticate(request)
        let limit = try Self.limit(request, default: 100, max: 500)
        let list = try await store {
            try await desk.store.conversations(
                in: [.waiting, .offered, .active], agentID: actor.agent?.id, limit: limit)
        }
        return try Response.json(status: .ok, ConversationsAnswer(list, now: clock()))
    }

    private func auditLog(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try await authenticate(request)
        let id = context.parameters.get("id") ?? ""
        guard try await store({ try await desk.store.conversation(id: id) }) != nil else {
            throw AgentAPIError.noConversation
        }
        let entries = try await store { try await desk.store.log(of: id) }
        return try Response.json(status: .ok, LogAnswer(entries: entries.map(LogAnswer.Entry.init)))
    }

    // MARK: Threads

    private func thread(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try await authenticate(request)
        let (thread, _) = try target(request, context)
        let ownership: ThreadOwnership?
        do {
            ownership = try await runtime.ownership.ownership(of: thread)
        } catch let error as GraphAPIError where error.kind == .ownershipNotVisible {
            ownership = nil
        } catch let error as GraphAPIError {
            throw AgentAPIError(graph: error)
        }
        let owner = ownership?.owner?.appID
        let visible = ownership.map { if case .ownedByAnotherApp = $0 { false } else { true } } ?? false
        let window = runtime.userActivity.window(of: thread)
        let conversation = try await store {
            try await desk.store.latestConversation(pageID: thread.pageID, userID: thread.userID)
        }
        return try Response.json(
            status: .ok,
            ThreadAnswer(
                pageID: thread.pageID, userID: thread.userID, ownerAppID: owner?.rawValue, ownerVisible: visible,
                isOwner: owner == runtime.configuration.appID, lastUserMessageAt: window.lastUserMessageAt,
                closesAt: window.closesAt, humanAgentClosesAt: window.humanAgentClosesAt,
                replyAs: Self.replyAs(window.humanReply(at: clock())),
                conversation: conversation.map { ConversationView($0, now: clock()) }, now: clock()))
    }

    /// A page of the thread's history, newest page first; entries from before the current (or
    /// last) conversation's handoff are marked `before_handoff`.
    private func history(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try await authenticate(request)
        let (thread, _) = try target(request, context)
        let query = request.uri.queryParameters
        let limit = try Self.limit(request, default: 50, max: Self.maxHistoryPage)
        var before: HistoryCursor?
        if let given = query.get("before") {
            guard let cursor = HistoryCursor(token: given) else {
                throw AgentAPIError.badRequest("before must be a cursor from next_before")
            }
            before = cursor
        }
        let entries = try await store {
            try await desk.store.history(pageID: thread.pageID, userID: thread.userID, before: before, limit: limit)
        }
        let conversation = try await store {
            try await desk.store.latestConversation(pageID: thread.pageID, userID: thread.userID)
        }
        let next = entries.count == limit ? entries.first.map { HistoryCursor(at: $0.at, id: $0.id).token } : nil
        return try Response.json(
            status: .ok,
            HistoryAnswer(
                conversationID: conversation?.id,
                entries: entries.map { entry in
                    HistoryAnswer.Entry(
                        entry: entry, beforeHandoff: conversation.map { entry.at < $0.queuedAt } ?? true)
                }, nextBefore: next))
    }

    private func accept(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let agent = try agentOnly(try await authenticate(request))
        let (thread, _) = try target(request, context)
        let open = try await openConversation(thread)
        let accepted = try await act {
            try await desk.transition(open.id, .accept(by: agent.id), by: .agent(agent), action: "accept")
        }
        try await touch(agent)
        log(context, "agent accepted the conversation", thread, agent)
        return try Response.json(status: .ok, ConversationView(accepted, now: clock()))
    }

    private func decline(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let agent = try agentOnly(try await authenticate(request))
        let (thread, _) = try target(request, context)
        let open = try await openConversation(thread)
        let declined = try await act {
            try await desk.transition(open.id, .decline(by: agent.id), by: .agent(agent), action: "decline")
        }
        log(context, "agent declined the conversation", thread, agent)
        if desk.policy.assignment == .auto { try? await desk.offer(declined, now: clock()) }
        return try Response.json(status: .ok, ConversationView(declined, now: clock()))
    }

    /// A person's reply: text or a media attachment by URL. An agent must hold the conversation;
    /// the window decides how it is sent (``MessagingWindow``). When the worker has not seen the
    /// user's last message (after a restart), it sends a normal reply and, if Meta answers that
    /// the window is closed, once more as `HUMAN_AGENT` (a person wrote it).
    private func reply(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let actor = try await authenticate(request)
        let (thread, actions) = try target(request, context)
        let body = try await decode(
            ReplyBody.self, request, context,
            example: #"{"text":"…"} or {"attachment":{"type":"image","url":"https://…"}}"#,
            optional: false)
        let attachment = try body.attachment.map(Self.attachment)
        let text = body.text ?? ""
        switch (attachment, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty) {
        case (nil, true): throw AgentAPIError.badRequest("text must not be empty (or send an attachment)")
        case (.some, false): throw AgentAPIError.badRequest("send text or an attachment, not both in one message")
        default: break
        }
        guard text.count <= Self.maxTextLength else {
            throw AgentAPIError.badRequest("text must be at most \(Self.maxTextLength) characters")
        }
        let held = try await holding(thread, actor)
        let window = runtime.userActivity.window(of: thread)
        func message(tagged: Bool) -> OutgoingMessage {
            OutgoingMessage(
                recipientID: thread.userID, text: text, messagingType: tagged ? .messageTag : .response,
                tag: tagged ? "HUMAN_AGENT" : nil, metadata: body.metadata, attachment: attachment,
                personaID: actor.agent?.personaID)
        }
        var tagged: Bool
        switch window.humanReply(at: clock()) {
        case .closed: throw AgentAPIError.messagingWindowClosed
        case .humanAgent: tagged = true
        case .response, .unknown: tagged = false
        }
        let key = try Self.idempotencyKey(request)
        let keyOwner = actor.agent?.id ?? "desk"
        if let key {
            switch try await store({ try await desk.store.claimReply(agentID: keyOwner, key: key, at: clock()) }) {
            case .claimed: break
            case .sent(let answer): return Self.replayed(answer)
            case .inProgress: throw AgentAPIError.replyInProgress
            }
        }
        let sent: SentMessage
        do {
            do {
                sent = try await actions.send(message(tagged: tagged), in: thread)
            } catch let error as GraphAPIError
                where error.kind == .outsideMessagingWindow && !tagged && window.lastUserMessageAt == nil
            {
                tagged = true
                sent = try await graph { try await actions.send(message(tagged: true), in: thread) }
            } catch let error as GraphAPIError {
                throw AgentAPIError(graph: error)
            }
        } catch {
            // Not sent: the key is free again, so retrying it may send.
            if let key { try? await desk.store.releaseReply(agentID: keyOwner, key: key) }
            throw error
        }
        let answer = ReplyAnswer(
            recipientID: thread.userID, messageID: sent.messageID, messagingType: tagged ? "MESSAGE_TAG" : "RESPONSE",
            tag: tagged ? "HUMAN_AGENT" : nil)
        if let key {
            let body = String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)
            try await store { try await desk.store.completeReply(agentID: keyOwner, key: key, answer: body) }
        }
        try await recordReply(sent, text: text, attachment: attachment, actor: actor, thread: thread, held: held)
        log(context, tagged ? "agent replied (HUMAN_AGENT)" : "agent replied", thread, actor.agent)
        return try Response.json(status: .ok, answer)
    }

    /// The `Idempotency-Key` header: 1 to 200 visible ASCII characters, or absent.
    private static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[idempotencyKeyHeader] else { return nil }
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw AgentAPIError.badRequest("Idempotency-Key must be 1 to 200 visible ASCII characters")
        }
        return key
    }

    static let idempotencyKeyHeader = HTTPField.Name("Idempotency-Key")!

    /// The answer of a reply already sent under the same key, again (`Idempotent-Replayed: true`).
    private static func replayed(_ answer: String) -> Response {
        Response.json(status: .ok, answer, headers: [HTTPField.Name("Idempotent-Replayed")!: "true"])
    }

    /// The reply in the history (its echo, arriving later, adds nothing), the conversation's
    /// activity, and the desk's `agent.reply`.
    private func recordReply(
        _ sent: SentMessage, text: String, attachment: OutgoingMessage.Attachment?, actor: DeskActor,
        thread: ThreadKey, held: Conversation?
    ) async throws {
        let now = clock()
        let attachments = attachment.map { [HistoryEntry.Attachment(type: $0.kind.rawValue, url: $0.url)] } ?? []
        try await store {
            try await desk.store.recordAgentReply(
                HistoryEntry(
                    id: sent.messageID, pageID: thread.pageID, userID: thread.userID, at: now, author: .agent,
                    agentID: actor.agent?.id, appID: runtime.configuration.appID.rawValue,
                    text: text.isEmpty ? nil : text, attachments: attachments))
        }
        guard let held, let agent = actor.agent else { return }
        let replied = try? await desk.transition(held.id, .agentReplied(by: agent.id), by: actor, action: "reply")
        if let replied, held.firstReplyAt == nil { desk.metrics.firstReply(replied) }
        var event = desk.deskEvent(.agentReply, replied ?? held, id: "reply:\(sent.messageID)")
        event.mid = sent.messageID
        event.text = text.isEmpty ? nil : text
        event.attachments = attachments.isEmpty ? nil : attachments
        event.agentID = agent.id
        try await store { try await desk.emit(event) }
    }

    private func typing(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let actor = try await authenticate(request)
        let (thread, actions) = try target(request, context)
        let body = try await decode(TypingBody.self, request, context, example: #"{"on":true}"#, optional: true)
        _ = try await holding(thread, actor)
        let action: SenderAction = body.on ?? true ? .typingOn : .typingOff
        try await graph { try await actions.sendAction(action, in: thread, personaID: actor.agent?.personaID) }
        return try Response.json(status: .ok, StatusAnswer(status: action.rawValue))
    }

    private func seen(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let actor = try await authenticate(request)
        let (thread, actions) = try target(request, context)
        _ = try await holding(thread, actor)
        try await graph { try await actions.sendAction(.markSeen, in: thread) }
        return try Response.json(status: .ok, StatusAnswer(status: SenderAction.markSeen.rawValue))
    }

    private func handback(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let actor = try await authenticate(request)
        let (thread, actions) = try target(request, context)
        let body = try await decode(MetadataBody.self, request, context, example: #"{"metadata":"…"}"#, optional: true)
        let held = try await holding(thread, actor)
        try await graph { try await actions.passThreadControl(thread, to: primaryAppID, metadata: body.metadata) }
        try await end(thread, held, .handedBack, actor: actor, action: "hand_back")
        log(context, "agent handed the thread back", thread, actor.agent)
        return try Response.json(status: .ok, StatusAnswer(status: "passed", owner: .app(primaryAppID.rawValue)))
    }

    private func requestControl(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let actor = try await authenticate(request)
        let (thread, actions) = try target(request, context)
        let body = try await decode(MetadataBody.self, request, context, example: #"{"metadata":"…"}"#, optional: true)
        guard threadControl.allowsRequest else { throw AgentAPIError.requestNotAllowed }
        try await graph { try await actions.requestThreadControl(thread, metadata: body.metadata) }
        log(context, "agent requested control", thread, actor.agent)
        return try Response.json(status: .ok, StatusAnswer(status: "requested"))
    }

    private func release(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let actor = try await authenticate(request)
        let (thread, actions) = try target(request, context)
        let body = try await decode(MetadataBody.self, request, context, example: #"{"metadata":"…"}"#, optional: true)
        let held = try await holding(thread, actor)
        try await graph { try await actions.releaseThreadControl(thread, metadata: body.metadata) }
        try await end(thread, held, .released, actor: actor, action: "release")
        log(context, "agent released the thread", thread, actor.agent)
        return try Response.json(status: .ok, StatusAnswer(status: "released", owner: .nobody))
    }

    private func extend(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let actor = try await authenticate(request)
        let (thread, actions) = try target(request, context)
        let body = try await decode(
            ExtendBody.self, request, context, example: #"{"duration_seconds":3600}"#, optional: false)
        guard (1...Self.maxExtension).contains(body.durationSeconds) else {
            throw AgentAPIError.badRequest("duration_seconds must be from 1 to \(Self.maxExtension)")
        }
        let held = try await holding(thread, actor)
        try await graph {
            try await actions.extendThreadControl(thread, duration: .seconds(body.durationSeconds))
        }
        // The conversation stays open as long as the control lasts.
        if let held {
            let until = clock() + Int64(body.durationSeconds) * 1000
            _ = try? await desk.transition(held.id, .controlExtended(until: until), by: actor, action: "extend")
        }
        log(context, "agent extended control", thread, actor.agent)
        return try Response.json(status: .ok, StatusAnswer(status: "extended", durationSeconds: body.durationSeconds))
    }

    // MARK: Identity and holding

    /// The caller: the console session's agent under `/console/api`; otherwise an agent by their
    /// token, or the external desk by the service token; 401 otherwise.
    private func authenticate(_ request: Request) async throws -> DeskActor {
        if let console { return .agent(try await store { try await console.signed(request) }.agent) }
        let header = request.headers[.authorization]
        if let token = AgentAPIToken.bearer(header), let agent = desk.policy.agents.agent(token: token) {
            return .agent(agent)
        }
        guard serviceToken.authorizes(header) else { throw AgentAPIError.unauthorized }
        return .desk
    }

    private func agentOnly(_ actor: DeskActor) throws -> DeskAgent {
        guard let agent = actor.agent else { throw AgentAPIError.agentTokenRequired }
        return agent
    }

    /// The thread's open conversation the caller may act in: an agent must hold it (409
    /// otherwise); the external desk acts on any thread (nil when none is open).
    private func holding(_ thread: ThreadKey, _ actor: DeskActor) async throws -> Conversation? {
        let open = try await store {
            try await desk.store.openConversation(pageID: thread.pageID, userID: thread.userID)
        }
        guard let agent = actor.agent else { return open }
        guard let open, open.state == .active else { throw AgentAPIError.notHolding }
        guard open.agentID == agent.id else { throw AgentAPIError.heldByAnotherAgent }
        return open
    }

    private func openConversation(_ thread: ThreadKey) async throws -> Conversation {
        guard
            let open = try await store({
                try await desk.store.openConversation(pageID: thread.pageID, userID: thread.userID)
            })
        else { throw AgentAPIError.noConversation }
        return open
    }

    /// Ends the conversation after the thread left the agents (hand-back, release).
    private func end(
        _ thread: ThreadKey, _ held: Conversation?, _ reason: TransitionReason, actor: DeskActor, action: String
    )
        async throws
    {
        guard let held else { return }
        _ = try? await desk.transition(
            held.id, .end(reason), by: actor, action: action, newOwner: reason == .handedBack ? primaryAppID : nil)
    }

    /// Accepting counts as being there.
    private func touch(_ agent: DeskAgent) async throws {
        let presence = try await store { try await desk.store.presence()[agent.id] }
        if presence == nil || presence?.status == "offline" {
            try await store { try await desk.store.heartbeat(agentID: agent.id, status: "online", at: clock()) }
        }
    }

    // MARK: Plumbing

    /// The thread named by the path and `page_id`, and a worker context to act on it with (its
    /// helpers keep the ownership view current and count `handovers_total`).
    private func target(_ request: Request, _ context: BasicRequestContext) throws -> (ThreadKey, WorkerContext) {
        guard let psid = context.parameters.get("psid"), !psid.isEmpty else {
            throw AgentAPIError.badRequest("the path must name a user id")
        }
        let pages = runtime.configuration.pages
        let pageID: String
        if let given = request.uri.queryParameters.get("page_id") {
            pageID = given
        } else if pages.count == 1 {
            pageID = pages[0].pageID
        } else {
            throw AgentAPIError.badRequest("page_id is required: this worker serves several pages")
        }
        guard runtime.client(forPage: pageID) != nil else { throw AgentAPIError.unknownPage }
        let thread = ThreadKey(pageID: pageID, userID: psid)
        return (thread, runtime.context(for: thread, logger: context.logger))
    }

    /// The body as `T`; an empty body reads as `{}` when `optional`. Anything else is a 400.
    func decode<T: Decodable>(
        _ type: T.Type, _ request: Request, _ context: BasicRequestContext, example: String, optional: Bool
    ) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            throw AgentAPIError.badRequest("the body must be at most \(Self.maxBodyBytes) bytes")
        }
        var bytes = Data(buffer.readableBytesView)
        if optional && bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            bytes = Data("{}".utf8)
        }
        do {
            return try JSONDecoder().decode(T.self, from: bytes)
        } catch {
            throw AgentAPIError.badRequest("the body must be JSON like \(example)")
        }
    }

    /// `?limit=`, from 1 to `max`; `default` when absent.
    private static func limit(_ request: Request, default value: Int, max: Int) throws -> Int {
        guard let given = request.uri.queryParameters.get("limit") else { return value }
        guard let limit = Int(given), (1...max).contains(limit) else {
            throw AgentAPIError.badRequest("limit must be from 1 to \(max)")
        }
        return limit
    }

    /// A reply's attachment, checked: a known kind and an http(s) URL.
    private static func attachment(_ body: ReplyBody.AttachmentBody) throws -> OutgoingMessage.Attachment {
        guard let kind = OutgoingMessage.Attachment.Kind(rawValue: body.type) else {
            throw AgentAPIError.badRequest("attachment.type must be image, file, audio or video")
        }
        guard body.url.count <= 2000, let url = URL(string: body.url), ["http", "https"].contains(url.scheme ?? ""),
            url.host?.isEmpty == false
        else { throw AgentAPIError.badRequest("attachment.url must be an http(s) URL of at most 2000 characters") }
        return OutgoingMessage.Attachment(kind: kind, url: body.url)
    }

    /// Runs a Graph call, turning its typed error into the HTTP answer.
    private func graph<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let error as GraphAPIError {
            throw AgentAPIError(graph: error)
        }
    }

    /// Runs a store call; a database failure is a 503.
    func store<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let error as SQLDatabaseError {
            runtime.logger.error("desk store failed", metadata: ["error": "\(error)"])
            throw AgentAPIError.storeUnavailable
        }
    }

    /// Runs a transition; a refusal is a 409 that says why.
    private func act(_ call: () async throws -> Conversation) async throws -> Conversation {
        do {
            return try await store(call)
        } catch let refusal as DeskRefusal {
            throw AgentAPIError(refusal: refusal)
        } catch is DeskBusy {
            throw AgentAPIError.busy
        }
    }

    private func log(
        _ context: BasicRequestContext, _ message: Logger.Message, _ thread: ThreadKey, _ agent: DeskAgent?
    ) {
        var metadata: Logger.Metadata = ["thread.key": "\(thread)"]
        metadata["agent.id"] = agent.map { .string($0.id) } ?? "desk"
        context.logger.info(message, metadata: metadata)
    }

    /// The `reply_as` of the thread view.
    private static func replyAs(_ reply: MessagingWindow.HumanReply) -> String {
        switch reply {
        case .response: "response"
        case .humanAgent: "human_agent"
        case .closed: "closed"
        case .unknown: "unknown"
        }
    }

    private struct ReplyBody: Decodable {
        struct AttachmentBody: Decodable {
            var type: String
            var url: String
        }

        var text: String?
        var attachment: AttachmentBody?
        var metadata: String?
    }

    private struct MetadataBody: Decodable {
        var metadata: String?
    }

    private struct PresenceBody: Decodable {
        var status: String?
    }

    private struct TypingBody: Decodable {
        var on: Bool?
    }

    private struct ExtendBody: Decodable {
        var durationSeconds: Int

        enum CodingKeys: String, CodingKey {
            case durationSeconds = "duration_seconds"
        }
    }
}
