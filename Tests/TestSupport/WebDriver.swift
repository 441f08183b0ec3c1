import CurlHTTP
import Foundation
import Launcher
import Synchronization

/// A headless Chromium driven over the W3C WebDriver protocol, for tests of pages in a real
/// browser: `chromedriver` (Debian's `chromium-driver`) is started as a child process that dies
/// with the test process, on a free port; each ``Browser`` is one WebDriver session.
///
/// ```swift
/// let driver = try await ChromeDriver.start()
/// let browser = try await driver.browser(width: 1280, height: 800)
/// try await browser.go(to: url + "/console")
/// try await browser.type("#agent-id", "ana")
/// try await browser.click("#sign-in-button")
/// try await browser.wait(for: "the queue") { try await browser.isDisplayed("#queue") }
/// await driver.stop()  // closes the browsers too
/// ```
public final class ChromeDriver: Sendable {
    /// The driver's address.
    public let baseURL: String
    let http: CurlHTTPClient
    private let process: ChildProcess
    private let profiles: URL

    /// Why the browser cannot be used.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The `chromium` and `chromedriver` binaries (`CHROMIUM`, `CHROMEDRIVER` override), or nil
    /// when either is missing.
    public static func binaries() -> (chromium: String, driver: String)? {
        let environment = ProcessInfo.processInfo.environment
        func find(_ variable: String, _ names: [String]) -> String? {
            if let given = environment[variable], FileManager.default.isExecutableFile(atPath: given) { return given }
            let path = (environment["PATH"] ?? "") + ":/usr/bin:/usr/lib/chromium"
            for folder in path.split(separator: ":") {
                for name in names where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                    return "\(folder)/\(name)"
                }
            }
            return nil
        }
        guard let chromium = find("CHROMIUM", ["chromium", "chromium-browser"]),
            let driver = find("CHROMEDRIVER", ["chromedriver"])
        else { return nil }
        return (chromium, driver)
    }

    /// Starts `chromedriver` on a free loopback port and waits until it answers.
    public static func start(timeout: Duration = .seconds(30)) async throws -> ChromeDriver {
        guard let binaries = binaries() else {
            throw Unavailable(
                description:
                    "chromium or chromedriver is missing: run scripts/install-deps (apt-get install chromium chromium-driver)"
            )
        }
        let port = try PortProbe.kernelAssignedPort()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "handover-chrome-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = try await ChildProcess.start(
            ChildLaunch(
                name: "chromedriver", executable: URL(fileURLWithPath: binaries.driver),
                arguments: ["--port=\(port)", "--allowed-ips=127.0.0.1"],
                environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path, "LANG": "C.UTF-8"],
                logURL: folder.appendingPathComponent("chromedriver.log")))
        let driver = ChromeDriver(
            baseURL: "http://127.0.0.1:\(port)", process: process, profiles: folder,
            chromium: binaries.chromium)
        let deadline = ContinuousClock.now + timeout
        while (try? await driver.http.execute(CurlRequest(url: driver.baseURL + "/status")))?.status != 200 {
            guard process.isRunning, ContinuousClock.now < deadline else {
                await driver.stop()
                throw Unavailable(description: "chromedriver did not answer on port \(port)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return driver
    }

    let chromium: String

    private init(baseURL: String, process: ChildProcess, profiles: URL, chromium: String) {
        self.baseURL = baseURL
        self.process = process
        self.profiles = profiles
        self.chromium = chromium
        http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 4, defaultTimeout: .seconds(60)))
    }

    /// A new headless browser window of `width` × `height` CSS pixels with a fresh profile.
    ///
    /// Chromium is started through a wrapper that gives it a parent-death signal: chromedriver
    /// leaves its browsers running when it is killed, and they would outlive the test run.
    public func browser(width: Int = 1280, height: Int = 800) async throws -> Browser {
        let profile = profiles.appendingPathComponent(UUID().uuidString).path
        let wrapper = profiles.appendingPathComponent("chromium")
        if !FileManager.default.fileExists(atPath: wrapper.path) {
            let script = "#!/bin/sh\nexec /usr/bin/setpriv --pdeathsig KILL '\(chromium)' \"$@\"\n"
            try Data(script.utf8).write(to: wrapper)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        }
        let options: [String: Any] = [
            "binary": wrapper.path,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=\(width),\(height)", "--user-data-dir=\(profile)", "--no-first-run",
                "--disable-extensions", "--lang=en-US",
            ],
        ]
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome", "goog:chromeOptions": options,
                    "goog:loggingPrefs": ["browser": "ALL"],
                ]
            ]
        ]
        let value = try await Browser.command(http, "POST", baseURL + "/session", capabilities)
        guard let session = (value as? [String: Any])?["sessionId"] as? String else {
            throw WebDriverError(error: "session not created", message: "\(String(describing: value))")
        }
        let browser = Browser(http: http, base: baseURL + "/session/" + session)
        sessions.withLock { $0.append(browser) }
        return browser
    }

    private let sessions = Mutex<[Browser]>([])

    /// Closes every browser still open, stops the driver and removes the profiles.
    public func stop() async {
        for browser in sessions.withLock({ $0 }) { await browser.quit() }
        _ = await process.stop(grace: .seconds(5))
        http.shutdown()
        try? FileManager.default.removeItem(at: profiles)
    }
}

/// A WebDriver error answer: the W3C `error` code (`no such element`, …) and its message.
public struct WebDriverError: Error, CustomStringConvertible {
    /// The W3C error code.
    public let error: String
    /// The driver's message.
    public let message: String

    public var description: String { "WebDriver: \(error): \(message.prefix(500))" }
}

/// One browser window (a WebDriver session). Elements are named by CSS selectors.
public final class Browser: Sendable {
    let http: CurlHTTPClient
    /// The session's URL on the driver.
    let base: String

    init(http: CurlHTTPClient, base: String) {
        self.http = http
        self.base = base
    }

    /// The W3C element reference key.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// One command; its `value`, or a ``WebDriverError``.
    static func command(_ http: CurlHTTPClient, _ method: String, _ url: String, _ body: Any? = nil) async throws
        -> Any?
    {
        var request = CurlRequest(method: method, url: url, headers: [CurlHeader("Content-Type", "application/json")])
        if let body { request.body = Array(try JSONSerialization.data(withJSONObject: body)) }
        let response = try await http.execute(request)
        let json = try? JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"]
        if !(200..<300).contains(response.status) {
            let detail = value as? [String: Any]
            throw WebDriverError(
                error: detail?["error"] as? String ?? "HTTP \(response.status)",
                message: detail?["message"] as? String ?? String(decoding: response.body.prefix(300), as: UTF8.self))
        }
        return value ?? nil
    }

    @discardableResult
    func command(_ method: String, _ path: String, _ body: Any? = nil) async throws -> Any? {
        try await Self.command(http, method, base + path, body ?? (method == "POST" ? [String: Any]() : nil))
    }

    // MARK: Navigation and windows

    /// Opens `url` and waits for the page to load.
    public func go(to url: String) async throws { try await command("POST", "/url", ["url": url]) }

    /// The page's URL.
    public func url() async throws -> String { try await command("GET", "/url") as? String ?? "" }

    /// Reloads the page.
    public func reload() async throws { try await command("POST", "/refresh") }

    /// Resizes the window (CSS pixels).
    public func resize(width: Int, height: Int) async throws {
        try await command("POST", "/window/rect", ["width": width, "height": height])
    }

    /// Cuts the browser off the network (`offline: true`) or connects it again (Chromium's network
    /// emulation: requests fail as if the connection were gone).
    public func network(offline: Bool) async throws {
        try await command(
            "POST", "/chromium/network_conditions",
            [
                "network_conditions": [
                    "offline": offline, "latency": 0, "download_throughput": -1, "upload_throughput": -1,
                ]
            ]
        )
    }

    /// Closes the window and ends the session.
    public func quit() async { _ = try? await command("DELETE", "") }

    // MARK: Elements

    /// The first element matching `css`.
    public func element(_ css: String) async throws -> String {
        let value = try await command("POST", "/element", ["using": "css selector", "value": css])
        guard let id = (value as? [String: Any])?[Self.elementKey] as? String else {
            throw WebDriverError(error: "no such element", message: css)
        }
        return id
    }

    /// How many elements match `css`.
    public func count(_ css: String) async throws -> Int {
        (try await command("POST", "/elements", ["using": "css selector", "value": css]) as? [Any])?.count ?? 0
    }

    /// Runs `operation` on the element matching `css`, finding it again when the page replaced
    /// it meanwhile (a live page re-renders its lists).
    @discardableResult
    func on(_ css: String, _ operation: (String) async throws -> Any?) async throws -> Any? {
        var attempt = 0
        while true {
            do {
                return try await operation(try await element(css))
            } catch let error as WebDriverError where error.error == "stale element reference" && attempt < 5 {
                attempt += 1
            }
        }
    }

    /// Clicks the element matching `css`.
    public func click(_ css: String) async throws {
        try await on(css) { try await self.command("POST", "/element/\($0)/click") }
    }

    /// Types `text` into the element matching `css` (``Key`` values for special keys).
    public func type(_ css: String, _ text: String) async throws {
        try await on(css) { try await self.command("POST", "/element/\($0)/value", ["text": text]) }
    }

    /// Types `text` into whatever has the focus.
    public func typeIntoFocus(_ text: String) async throws {
        let active = try await execute("return document.activeElement")
        guard let id = (active as? [String: Any])?[Self.elementKey] as? String else {
            throw WebDriverError(error: "no such element", message: "nothing has the focus")
        }
        try await command("POST", "/element/\(id)/value", ["text": text])
    }

    /// Empties the field matching `css`.
    public func clear(_ css: String) async throws {
        try await on(css) { try await self.command("POST", "/element/\($0)/clear") }
    }

    /// The rendered text of the element matching `css`.
    public func text(_ css: String) async throws -> String {
        try await on(css) { try await self.command("GET", "/element/\($0)/text") } as? String ?? ""
    }

    /// Whether the element matching `css` exists and is shown.
    public func isDisplayed(_ css: String) async throws -> Bool {
        guard (try? await element(css)) != nil else { return false }
        return try await on(css) { try await self.command("GET", "/element/\($0)/displayed") } as? Bool ?? false
    }

    /// The `id` attribute of the focused element.
    public func focusedID() async throws -> String {
        try await execute("return document.activeElement ? document.activeElement.id : ''") as? String ?? ""
    }

    // MARK: Scripts, screenshots, logs, cookies

    /// Runs `script` (a function body; `arguments[i]` are `arguments`) and returns its result.
    @discardableResult
    public func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("POST", "/execute/sync", ["script": script, "args": arguments])
    }

    /// Runs `script` whose last argument is a callback to call with the result (for `fetch`).
    @discardableResult
    public func executeAsync(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("POST", "/execute/async", ["script": script, "args": arguments])
    }

    /// A PNG of the window.
    public func screenshot() async throws -> Data {
        guard let base64 = try await command("GET", "/screenshot") as? String, let data = Data(base64Encoded: base64)
        else { throw WebDriverError(error: "unknown error", message: "no screenshot") }
        return data
    }

    /// The browser console's entries since the last call: level (`SEVERE`, `WARNING`, `INFO`) and
    /// message (Chromium's log endpoint).
    public func consoleLog() async throws -> [(level: String, message: String)] {
        let entries = try await command("POST", "/se/log", ["type": "browser"]) as? [[String: Any]] ?? []
        return entries.map { ($0["level"] as? String ?? "", $0["message"] as? String ?? "") }
    }

    /// The page's cookies as the browser keeps them (`name`, `value`, `httpOnly`, `sameSite`, `path`, …).
    public func cookies() async throws -> [[String: Any]] {
        try await command("GET", "/cookie") as? [[String: Any]] ?? []
    }

    /// Polls `condition` every 50 ms until it holds; fails naming `what` after `timeout`.
    public func wait(
        for what: String, timeout: Duration = .seconds(10), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if (try? await condition()) == true { return }
            guard ContinuousClock.now < deadline else {
                throw WebDriverError(error: "timeout", message: "waited \(timeout) for \(what)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// WebDriver's codes for keys that are not characters.
    public enum Key {
        public static let enter = "\u{E007}"
        public static let tab = "\u{E004}"
        public static let escape = "\u{E00C}"
        public static let shift = "\u{E008}"
    }
}
