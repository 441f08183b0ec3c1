import Foundation
import GraphAPI
import Hummingbird
import Logging
import MessengerPlatform
import NIOCore
import ServiceKit
import WorkerKit

/// The agent API: what a human agent (through the desk) does with a thread.
///
/// | route | body | effect |
/// |---|---|---|
/// | `GET /agent/threads/{psid}` | | the thread's owner (ownership view) and its messaging window |
/// | `POST /agent/threads/{psid}/reply` | `{"text":"…","metadata":"…"?}` | Send API message: `RESPONSE` within 24 h of the user's last message, `HUMAN_AGENT` up to 7 days, 409 after |
/// | `POST /agent/threads/{psid}/handback` | `{"metadata":"…"?}` | pass control to `PRIMARY_APP_ID` |
/// | `POST /agent/threads/{psid}/request` | `{"metadata":"…"?}` | request control (first generation, or a routing page without a default app; 409 otherwise) |
/// | `POST /agent/threads/{psid}/release` | `{"metadata":"…"?}` | release control (Conversation Routing) |
/// | `POST /agent/threads/{psid}/extend` | `{"duration_seconds":N}` | extend control (Conversation Routing) |
///
/// Every route needs `Authorization: Bearer <AGENT_API_TOKEN>`; `?page_id=` picks the page when the
/// worker serves several.
struct AgentRoutes: Sendable {
    let runtime: WorkerRuntime
    let token: AgentAPIToken
    let primaryAppID: AppID
    let threadControl: ThreadControlMode
    /// Now, in ms since 1970.
    let clock: @Sendable () -> Int64

    /// Largest request body accepted.
    static let maxBodyBytes = 64 * 1024
    /// Messenger's limit on a text message.
    static let maxTextLength = 2000
    /// `extend_thread_control` accepts up to 7 days.
    static let maxExtension = 7 * 24 * 3600

    func register(on router: Router<BasicRequestContext>) {
        let threads = router.group("agent/threads").add(middleware: AgentAuthMiddleware(token: token))
        threads.get(":psid") { request, context in try await owner(request, context) }
        threads.post(":psid/reply") { request, context in try await reply(request, context) }
        threads.post(":psid/handback") { request, context in try await handback(request, context) }
        threads.post(":psid/request") { request, context in try await requestControl(request, context) }
        threads.post(":psid/release") { request, context in try await release(request, context) }
        threads.post(":psid/extend") { request, context in try await extend(request, context) }
    }

    // MARK: Routes

    private func owner(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
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
        let replyAs = Self.replyAs(window.humanReply(at: clock()))
        return try Response.json(
            status: .ok,
            ThreadAnswer(
                pageID: thread.pageID, userID: thread.userID, ownerAppID: owner?.rawValue, ownerVisible: visible,
                isOwner: owner == runtime.configuration.appID, lastUserMessageAt: window.lastUserMessageAt,
                closesAt: window.closesAt, humanAgentClosesAt: window.humanAgentClosesAt, replyAs: replyAs))
    }

    /// A person's reply: the window decides how it is sent (``MessagingWindow``). When the worker has
    /// not seen the user's last message (after a restart), it sends a normal reply and, if Meta
    /// answers that the window is closed, once more as `HUMAN_AGENT` (a person wrote it).
    private func reply(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (thread, actions) = try target(request, context)
        let body = try await decode(ReplyBody.self, request, context, example: #"{"text":"…"}"#, optional: false)
        let text = body.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw AgentAPIError.badRequest("text must not be empty") }
        guard body.text.count <= Self.maxTextLength else {
            throw AgentAPIError.badRequest("text must be at most \(Self.maxTextLength) characters")
        }
        let window = runtime.userActivity.window(of: thread)
        func message(tagged: Bool) -> OutgoingMessage {
            OutgoingMessage(
                recipientID: thread.userID, text: body.text, messagingType: tagged ? .messageTag : .response,
                tag: tagged ? "HUMAN_AGENT" : nil, metadata: body.metadata)
        }
        var tagged: Bool
        switch window.humanReply(at: clock()) {
        case .closed: throw AgentAPIError.messagingWindowClosed
        case .humanAgent: tagged = true
        case .response, .unknown: tagged = false
        }
        let sent: SentMessage
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
        log(context, tagged ? "agent replied (HUMAN_AGENT)" : "agent replied", thread)
        return try Response.json(
            status: .ok,
            ReplyAnswer(
                recipientID: thread.userID, messageID: sent.messageID,
                messagingType: tagged ? "MESSAGE_TAG" : "RESPONSE", tag: tagged ? "HUMAN_AGENT" : nil))
    }

    private func handback(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (thread, actions) = try target(request, context)
        let body = try await decode(MetadataBody.self, request, context, example: #"{"metadata":"…"}"#, optional: true)
        try await graph { try await actions.passThreadControl(thread, to: primaryAppID, metadata: body.metadata) }
        log(context, "agent handed the thread back", thread)
        return try Response.json(status: .ok, StatusAnswer(status: "passed", owner: .app(primaryAppID.rawValue)))
    }

    private func requestControl(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (thread, actions) = try target(request, context)
        let body = try await decode(MetadataBody.self, request, context, example: #"{"metadata":"…"}"#, optional: true)
        guard threadControl.allowsRequest else { throw AgentAPIError.requestNotAllowed }
        try await graph { try await actions.requestThreadControl(thread, metadata: body.metadata) }
        log(context, "agent requested control", thread)
        return try Response.json(status: .ok, StatusAnswer(status: "requested"))
    }

    private func release(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (thread, actions) = try target(request, context)
        let body = try await decode(MetadataBody.self, request, context, example: #"{"metadata":"…"}"#, optional: true)
        try await graph { try await actions.releaseThreadControl(thread, metadata: body.metadata) }
        log(context, "agent released the thread", thread)
        return try Response.json(status: .ok, StatusAnswer(status: "released", owner: .nobody))
    }

    private func extend(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (thread, actions) = try target(request, context)
        let body = try await decode(
            ExtendBody.self, request, context, example: #"{"duration_seconds":3600}"#, optional: false)
        guard (1...Self.maxExtension).contains(body.durationSeconds) else {
            throw AgentAPIError.badRequest("duration_seconds must be from 1 to \(Self.maxExtension)")
        }
        try await graph {
            try await actions.extendThreadControl(thread, duration: .seconds(body.durationSeconds))
        }
        log(context, "agent extended control", thread)
        return try Response.json(status: .ok, StatusAnswer(status: "extended", durationSeconds: body.durationSeconds))
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
    private func decode<T: Decodable>(
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

    /// Runs a Graph call, turning its typed error into the HTTP answer.
    private func graph<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let error as GraphAPIError {
            throw AgentAPIError(graph: error)
        }
    }

    private func log(_ context: BasicRequestContext, _ message: Logger.Message, _ thread: ThreadKey) {
        context.logger.info(message, metadata: ["thread.key": "\(thread)"])
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

    /// A JSON number or `null`.

    private struct ReplyBody: Decodable {
        var text: String
        var metadata: String?
    }

    private struct MetadataBody: Decodable {
        var metadata: String?
    }

    private struct ExtendBody: Decodable {
        var durationSeconds: Int

        enum CodingKeys: String, CodingKey {
            case durationSeconds = "duration_seconds"
        }
    }
}
