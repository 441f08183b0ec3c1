import AgentDesk
import AgentWorker
import CurlHTTP
import Foundation
import MessengerPlatform
import SimulatorClient
import Testing

/// The agent console's HTTP side, without a browser: its files and headers, sign-in and the
/// session cookie, CSRF and origin checks, the sign-in throttle, session expiry and sign-out,
/// and replies sent once per idempotency key. (The browser tests drive the page itself.)
@Suite("The agent console over HTTP", .serialized)
struct AgentConsoleTests {
    static let anaToken = AgentDeskConversationTests.anaToken
    static let benToken = AgentDeskConversationTests.benToken

    static func options() -> ConversationHarness.Options {
        var options = ConversationHarness.Options()
        options.handoverTarget = ConversationHarness.agentApp
        options.withAgent = true
        options.deskPolicy = AgentDeskConversationTests.policy()
        return options
    }

    /// A browser-like client of one agent worker (no browser: curl): keeps the session cookie and the CSRF token.
    struct ConsoleClient {
        let http: CurlHTTPClient
        let base: String
        var cookie: String?
        var csrf: String?

        struct Answer {
            var status: Int
            var json: [String: Any]
            var headers: [CurlHeader]
            var text: String

            func header(_ name: String) -> [String] {
                headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
            }
            var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        }

        func call(
            _ method: String, _ path: String, body: String? = nil, csrf: String?? = .none, origin: String? = nil,
            contentType: String = "application/json", extra: [CurlHeader] = []
        ) async throws -> Answer {
            var headers = extra
            if body != nil || method != "GET" { headers.append(CurlHeader(name: "Content-Type", value: contentType)) }
            if let cookie { headers.append(CurlHeader(name: "Cookie", value: cookie)) }
            let token: String? =
                switch csrf {
                case .none: self.csrf
                case .some(let given): given
                }
            if let token, method != "GET" { headers.append(CurlHeader(name: "X-CSRF-Token", value: token)) }
            if let origin { headers.append(CurlHeader(name: "Origin", value: origin)) }
            let response = try await http.execute(
                CurlRequest(method: method, url: base + path, headers: headers, body: body.map { Array($0.utf8) }))
            let text = String(decoding: response.body, as: UTF8.self)
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
            return Answer(status: response.status, json: json, headers: response.headers, text: text)
        }

        /// Signs in; keeps the cookie and the CSRF token.
        mutating func signIn(_ agent: String, _ token: String) async throws -> Answer {
            let answer = try await call(
                "POST", "/console/session", body: #"{"agent_id":"\#(agent)","token":"\#(token)"}"#)
            if let setCookie = answer.header("Set-Cookie").first {
                cookie = String(setCookie.split(separator: ";")[0])
            }
            csrf = answer.json["csrf_token"] as? String
            return answer
        }
    }

    func client(_ h: ConversationHarness) throws -> ConsoleClient {
        ConsoleClient(http: h.http, base: try #require(h.agent).baseURL)
    }

    /// Ana signed in, and `user`'s handoff offered to her.
    func signedInWithAnOffer(_ h: ConversationHarness, _ user: String) async throws -> (ConsoleClient, Conversation?) {
        var b = try client(h)
        #expect(try await b.signIn("ana", Self.anaToken).status == 200)
        try await h.driver.userSays(user, "hi")
        try await h.driver.userSays(user, "/help")
        return (b, try await AgentDeskConversationTests().waitForConversation(h, user) { $0?.state == .offered })
    }

    @Test func thePageAndItsFilesComeWithStrictHeaders() async throws {
        try await ConversationHarness.with(Self.options()) { h in
            let b = try client(h)
            #expect(try await b.call("GET", "/console").text.contains("<title>Agent console</title>"))
            let page = try await b.call("GET", "/console/")
            #expect(page.status == 200 && page.text.contains("<title>Agent console</title>"))
            #expect(page.header("Content-Type").first?.hasPrefix("text/html") == true)
            let policy = try #require(page.header("Content-Security-Policy").first)
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(page.header("X-Frame-Options") == ["DENY"] && page.header("X-Content-Type-Options") == ["nosniff"])
            let script = try await b.call("GET", "/console/console.js")
            #expect(script.status == 200 && script.header("Content-Type").first?.hasPrefix("text/javascript") == true)
            let etag = try #require(script.header("ETag").first)
            let again = try await b.call(
                "GET", "/console/console.js", extra: [CurlHeader(name: "If-None-Match", value: etag)])
            #expect(again.status == 304 && again.text.isEmpty)
            #expect(try await b.call("GET", "/console/console.css").status == 200)
            #expect(try await b.call("GET", "/console/secrets.txt").status == 404)
            #expect(try await b.call("GET", "/console/../agent/me").status != 200)
        }
    }

    @Test func signingInSetsAnHttpOnlyStrictSessionCookieAndHandsOutTheCSRFToken() async throws {
        try await ConversationHarness.with(Self.options()) { h in
            var b = try client(h)
            let nobody = try await b.call("GET", "/console/session")
            #expect(nobody.status == 200 && nobody.json["signed_in"] as? Bool == false)
            #expect(nobody.json["reason"] as? String == "signed_out" && nobody.json["csrf_token"] == nil)
            let api = try await b.call("GET", "/console/api/me")
            #expect(api.status == 401 && api.errorCode == "signed_out")
            #expect(api.header("WWW-Authenticate").isEmpty, "a console answer, not a bearer challenge")

            let signed = try await b.signIn("ana", Self.anaToken)
            #expect(signed.status == 200)
            #expect((signed.json["agent"] as? [String: Any])?["id"] as? String == "ana")
            let cookie = try #require(signed.header("Set-Cookie").first)
            let attributes = Set(
                cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(attributes.isSuperset(of: ["httponly", "samesite=strict", "path=/console", "secure"]), "\(cookie)")
            #expect(!cookie.contains(Self.anaToken), "the cookie is a session id, not the token")
            let csrf = try #require(b.csrf)
            #expect(csrf.count >= 40)

            let session = try await b.call("GET", "/console/session")
            #expect(session.status == 200 && session.json["csrf_token"] as? String == csrf)
            #expect(session.json["signed_in"] as? Bool == true)
            #expect(session.header("Cache-Control") == ["no-store"])
            let me = try await b.call("GET", "/console/api/me")
            #expect(me.status == 200 && me.json["id"] as? String == "ana" && me.json["status"] as? String == "online")

            // The session is stored hashed: the cookie's value is nowhere in the store.
            let store = try #require(h.deskStore)
            let rows = try await store.database.query("SELECT * FROM console_sessions")
            let value = try #require(b.cookie?.split(separator: "=", maxSplits: 1).last.map(String.init))
            #expect(rows.count == 1 && rows.allSatisfy { !$0.values.values.contains(.text(value)) })
        }
    }

    @Test func badSignInsAreRefusedAndAGuessingAgentIdIsThrottled() async throws {
        try await ConversationHarness.with(Self.options()) { h in
            var b = try client(h)
            #expect(try await b.signIn("ana", "wrong-token").errorCode == "sign_in_failed")
            #expect(try await b.signIn("ana", Self.benToken).errorCode == "sign_in_failed", "Ben's token is not Ana's")
            #expect(try await b.signIn("nobody", Self.anaToken).errorCode == "sign_in_failed")
            #expect(b.cookie == nil)
            let form = try await b.call(
                "POST", "/console/session", body: "agent_id=ana&token=\(Self.anaToken)",
                contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 400, "a cross-site form cannot post JSON")
            let foreign = try await b.call(
                "POST", "/console/session", body: #"{"agent_id":"ana","token":"\#(Self.anaToken)"}"#,
                origin: "https://evil.example")
            #expect(foreign.status == 403 && foreign.errorCode == "cross_origin")
            #expect(try await b.call("POST", "/console/session", body: "{").status == 400)
            // An id no agent can have is refused like a wrong token and leaves nothing in the store.
            let long = String(repeating: "x", count: 10_000)
            #expect(try await b.signIn(long, Self.anaToken).errorCode == "sign_in_failed")
            #expect(try await b.signIn("ana/..", Self.anaToken).errorCode == "sign_in_failed")
            let counted = try await #require(h.deskStore).database.query(
                "SELECT agent_id FROM console_sign_in_attempts ORDER BY agent_id")
            #expect(counted.compactMap { $0.text("agent_id") } == ["ana", "nobody"])

            for _ in 0..<3 { _ = try await b.signIn("ben", "guess") }
            #expect(try await b.signIn("ben", "guess").errorCode == "sign_in_failed")
            #expect(try await b.signIn("ben", "guess").errorCode == "sign_in_failed")
            let throttled = try await b.signIn("ben", Self.benToken)
            #expect(throttled.status == 429 && throttled.errorCode == "too_many_sign_ins", "even the right token")
            #expect(throttled.header("Retry-After") == ["300"])
            #expect(try await b.signIn("ana", Self.anaToken).status == 200, "other agents are not locked out")
            let agent = try #require(h.agent)
            #expect(try await h.metric(agent, "agent_console_sign_ins_total", ["outcome": "throttled"]) == 1)
            #expect(
                try await h.metric(agent, "agent_console_sign_ins_total", ["outcome": "refused"]) == 11,
                "3 bad pairs, 1 foreign origin, 2 impossible ids, 5 guesses")
            #expect(try await h.metric(agent, "agent_console_sign_ins_total", ["outcome": "signed_in"]) == 1)
        }
    }

    @Test func withoutTheCSRFTokenOrFromAnotherOriginNothingChanges() async throws {
        try await ConversationHarness.with(Self.options()) { h in
            let user = "u-csrf"
            let (b, offered) = try await signedInWithAnOffer(h, user)
            let store = try #require(h.deskStore)

            let noToken = try await b.call("POST", "/console/api/threads/\(user)/accept", csrf: .some(nil))
            #expect(noToken.status == 403 && noToken.errorCode == "csrf_token_invalid")
            let wrong = try await b.call("POST", "/console/api/threads/\(user)/accept", csrf: "x" + (b.csrf ?? ""))
            #expect(wrong.status == 403 && wrong.errorCode == "csrf_token_invalid")
            let foreign = try await b.call(
                "POST", "/console/api/threads/\(user)/accept", origin: "http://attacker.example:8082")
            #expect(foreign.status == 403 && foreign.errorCode == "cross_origin")
            let unchanged = try await store.latestConversation(pageID: ConversationHarness.pageID, userID: user)
            #expect(unchanged?.version == offered?.version && unchanged?.state == .offered)

            // A bearer token counts for nothing under /console/api, a cookie nothing under /agent.
            let bearer = try await h.agentAPI("GET", "/console/api/me", token: Self.anaToken)
            #expect(bearer.status == 401)
            let cookieOnAgentAPI = try await b.call("GET", "/agent/me")
            #expect(cookieOnAgentAPI.status == 401)

            // Behind a reverse proxy the page's origin is the proxy's host, as X-Forwarded-Host says
            // (a header another site's page cannot add); any other origin stays refused.
            let proxied = try await b.call(
                "POST", "/console/api/presence", body: #"{"status":"online"}"#, origin: "https://desk.example.com",
                extra: [CurlHeader(name: "X-Forwarded-Host", value: "desk.example.com")])
            #expect(proxied.status == 200)
            let spoofed = try await b.call(
                "POST", "/console/api/presence", body: #"{"status":"online"}"#, origin: "https://evil.example",
                extra: [CurlHeader(name: "X-Forwarded-Host", value: "desk.example.com")])
            #expect(spoofed.status == 403 && spoofed.errorCode == "cross_origin")

            // With the token, from the page's own origin, it works.
            let origin = "http://" + (try #require(h.agent).baseURL.split(separator: "/").last.map(String.init) ?? "")
            let accepted = try await b.call("POST", "/console/api/threads/\(user)/accept", origin: origin)
            #expect(accepted.status == 200 && accepted.json["state"] as? String == "active")
        }
    }

    @Test func anExpiredOrSignedOutSessionIsRefusedWithAClearCode() async throws {
        try await ConversationHarness.with(Self.options()) { h in
            var b = try client(h)
            #expect(try await b.signIn("ana", Self.anaToken).status == 200)
            let store = try #require(h.deskStore)
            try await store.database.query("UPDATE console_sessions SET expires_at = 1")
            let expired = try await b.call("GET", "/console/api/queue")
            #expect(expired.status == 401 && expired.errorCode == "session_expired")
            #expect(try await b.call("GET", "/console/api/events").errorCode == "session_expired")

            #expect(try await b.signIn("ana", Self.anaToken).status == 200)
            #expect(try await b.call("DELETE", "/console/session", csrf: .some(nil)).status == 403)
            let out = try await b.call("DELETE", "/console/session")
            #expect(out.status == 200)
            #expect(out.header("Set-Cookie").first?.contains("Max-Age=0") == true)
            #expect(try await b.call("GET", "/console/session").json["reason"] as? String == "session_expired")
            let presence = try await store.presence()["ana"]
            #expect(presence?.status == "offline", "signing out takes the agent offline")
        }
    }

    @Test func aReplyRetriedWithItsIdempotencyKeyIsSentOnce() async throws {
        try await ConversationHarness.with(Self.options()) { h in
            let user = "u-once"
            let (b, _) = try await signedInWithAnOffer(h, user)
            #expect(try await b.call("POST", "/console/api/threads/\(user)/accept").status == 200)

            let key = [CurlHeader(name: "Idempotency-Key", value: "reply-1")]
            let first = try await b.call(
                "POST", "/console/api/threads/\(user)/reply", body: #"{"text":"once"}"#, extra: key)
            #expect(first.status == 200)
            let retried = try await b.call(
                "POST", "/console/api/threads/\(user)/reply", body: #"{"text":"once"}"#, extra: key)
            #expect(retried.status == 200 && retried.header("Idempotent-Replayed") == ["true"])
            #expect(retried.json["message_id"] as? String == first.json["message_id"] as? String)
            let bad = try await b.call(
                "POST", "/console/api/threads/\(user)/reply", body: #"{"text":"x"}"#,
                extra: [CurlHeader(name: "Idempotency-Key", value: "has space")])
            #expect(bad.status == 400)
            let thread = try await h.driver.waitForThread(user) {
                $0.texts(by: ConversationHarness.agentApp.rawValue).contains("once")
            }
            #expect(thread.texts(by: ConversationHarness.agentApp.rawValue).filter { $0 == "once" }.count == 1)
        }
    }
}
