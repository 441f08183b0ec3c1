// The agent console: sign-in, the queue and the agent's own conversations, one conversation with
// its history, replies and thread actions, live through Server-Sent Events.
//
// Everything it shows comes from the agent API under /console/api, authenticated by the session
// cookie (HttpOnly: this script never sees it) plus the CSRF token that /console/session hands
// this page. Text from users and agents is only ever set as textContent, never as HTML.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const api = "/console/api";

  const state = {
    session: null, // {agent:{id,name}, csrf_token, expires_at, heartbeat_ms}
    queue: [],
    mine: [],
    selected: null, // user id (psid) of the open conversation
    thread: null, // the thread view (window, owner, conversation)
    history: [], // entries, oldest first
    nextBefore: null,
    events: null, // the EventSource
    timers: [],
    presence: "online",
    lastTypingAt: 0,
    refreshing: null,
    refreshAgain: false,
    loadedAt: 0,
    skew: 0,
  };

  // MARK: Talking to the desk

  /** An error the desk answered with: {status, code, message}. */
  class DeskError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** The desk could not be reached at all. */
  class Unreachable extends Error {}

  async function call(method, path, body, headers = {}) {
    const init = { method, credentials: "same-origin", headers: { ...headers } };
    if (method !== "GET") {
      init.headers["Content-Type"] = "application/json";
      if (state.session) init.headers["X-CSRF-Token"] = state.session.csrf_token;
      init.body = JSON.stringify(body ?? {});
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      throw new Unreachable("The desk cannot be reached.");
    }
    let json = null;
    try {
      json = await response.json();
    } catch (error) {
      json = null;
    }
    if (!response.ok) {
      const detail = json && json.error ? json.error : {};
      const failure = new DeskError(
        response.status, detail.code || "http_" + response.status,
        detail.message || "The desk answered " + response.status + ".");
      if (response.status === 401 && state.session) sessionEnded(failure);
      throw failure;
    }
    return json;
  }

  const get = (path) => call("GET", api + path);
  const post = (path, body, headers) => call("POST", api + path, body, headers);

  // MARK: Messages to the agent

  function banner(text, kind = "error") {
    const element = $("banner");
    element.textContent = text;
    element.className = kind;
    element.hidden = !text;
  }

  function clearBanner(kind) {
    if (!kind || $("banner").className === kind) banner("");
  }

  function report(error) {
    if (error instanceof Unreachable) {
      banner("The desk cannot be reached. Your work is kept; retrying…");
    } else if (error instanceof DeskError) {
      if (error.status !== 401) banner(error.message);
    } else {
      banner(String(error && error.message ? error.message : error));
    }
  }

  // MARK: Signing in and out

  async function start() {
    try {
      const session = await call("GET", "/console/session");
      if (session.signed_in) {
        enterDesk(session);
      } else {
        showSignIn(session.reason === "session_expired" ? "Your session has expired. Sign in again." : "");
      }
    } catch (error) {
      if (error instanceof Unreachable) report(error);
      showSignIn("");
    }
  }

  function showSignIn(note) {
    $("desk").hidden = true;
    $("sign-in").hidden = false;
    $("sign-in-note").textContent = note;
    $("sign-in-error").textContent = "";
    const field = $("agent-id").value ? $("token") : $("agent-id");
    field.focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const agentID = $("agent-id").value.trim();
    const token = $("token").value;
    if (!agentID || !token) {
      $("sign-in-error").textContent = "Enter your agent id and your token.";
      return;
    }
    $("sign-in-button").disabled = true;
    try {
      const session = await call("POST", "/console/session", { agent_id: agentID, token });
      $("token").value = "";
      clearBanner();
      enterDesk(session);
    } catch (error) {
      $("sign-in-error").textContent =
        error instanceof Unreachable ? "The desk cannot be reached. Try again in a moment." : error.message;
    } finally {
      $("sign-in-button").disabled = false;
    }
  }

  async function signOut() {
    try {
      await call("DELETE", "/console/session");
    } catch (error) {
      // Signed out already, or the desk is away: the page forgets the session either way.
    }
    leaveDesk();
    showSignIn("You are signed out.");
  }

  /** The desk said the session is over: back to sign-in, keeping unsent replies. */
  function sessionEnded(error) {
    leaveDesk();
    showSignIn(
      error.code === "session_expired"
        ? "Your session has expired. Sign in again; replies you had not sent are kept."
        : "Sign in to continue.");
  }

  function enterDesk(session) {
    state.session = session;
    $("sign-in").hidden = true;
    $("desk").hidden = false;
    $("me").textContent = session.agent.name + " (" + session.agent.id + ")";
    $("agent-id").value = session.agent.id;
    $("presence").value = state.presence;
    listen();
    heartbeat();
    state.timers.push(setInterval(heartbeat, Math.max(1000, session.heartbeat_ms)));
    state.timers.push(setInterval(tick, 1000));
    refresh();
    renderOutbox();
    sendOutbox();
  }

  function leaveDesk() {
    state.session = null;
    if (state.events) state.events.close();
    state.events = null;
    state.timers.forEach(clearInterval);
    state.timers = [];
    state.queue = [];
    state.mine = [];
    closeConversation();
    $("live").classList.remove("on");
  }

  async function heartbeat() {
    if (!state.session) return;
    try {
      await post("/presence", { status: state.presence });
      clearBanner("error");
    } catch (error) {
      report(error);
    }
  }

  // MARK: Live updates

  function listen() {
    if (state.events) state.events.close();
    const events = new EventSource(api + "/events");
    state.events = events;
    events.addEventListener("ready", () => {
      $("live").classList.add("on");
      $("live").title = "Live updates: on";
      clearBanner("error");
      refresh();
      sendOutbox();
    });
    events.addEventListener("change", () => refresh());
    events.addEventListener("session", () => sessionEnded({ code: "session_expired" }));
    events.onerror = () => {
      $("live").classList.remove("on");
      $("live").title = "Live updates: reconnecting";
      if (!state.session) return;
      // The browser retries by itself; if the stream was refused, ask why (a 401 signs out).
      call("GET", "/console/session").then(
        (session) => {
          if (!session.signed_in) {
            sessionEnded({ code: session.reason });
          } else if (events.readyState === EventSource.CLOSED && state.events === events) {
            listen();
          }
        },
        (error) => { if (error instanceof Unreachable) report(error); });
    };
  }

  /** Reloads the lists and the open conversation; calls that overlap collapse into one more. */
  async function refresh() {
    if (state.refreshing) {
      state.refreshAgain = true;
      return state.refreshing;
    }
    state.refreshing = (async () => {
      do {
        state.refreshAgain = false;
        await load();
      } while (state.refreshAgain && state.session);
    })();
    try {
      await state.refreshing;
    } finally {
      state.refreshing = null;
    }
  }

  async function load() {
    if (!state.session) return;
    try {
      const [queue, mine] = await Promise.all([get("/queue"), get("/conversations")]);
      const me = state.session.agent.id;
      // Mine: offered to me or held by me. The queue: everything else waiting for an agent.
      state.mine = mine.conversations.filter((c) => c.agent_id === me);
      state.queue = queue.conversations.filter((c) => c.agent_id !== me);
      state.loadedAt = Date.now();
      renderLists();
      if (state.selected) await loadConversation(state.selected);
      clearBanner("error");
    } catch (error) {
      report(error);
    }
  }

  // MARK: The lists

  function renderLists() {
    renderList($("queue"), state.queue, $("queue-empty"), $("queue-count"));
    renderList($("mine"), state.mine, $("mine-empty"), $("mine-count"));
  }

  function renderList(list, conversations, empty, count) {
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.user : null;
    list.replaceChildren(...conversations.map((conversation) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.user = conversation.user_id;
      button.dataset.state = conversation.state;
      button.setAttribute("aria-current", String(conversation.user_id === state.selected));
      const line1 = document.createElement("span");
      line1.className = "line1";
      const who = document.createElement("span");
      who.textContent = "User " + conversation.user_id;
      const badge = document.createElement("span");
      badge.className = "badge " + conversation.state;
      badge.textContent = stateLabel(conversation);
      line1.append(who, badge);
      const line2 = document.createElement("span");
      line2.className = "line2";
      line2.textContent = summary(conversation);
      button.append(line1, line2);
      button.addEventListener("click", () => openConversation(conversation.user_id));
      item.append(button);
      return item;
    }));
    empty.hidden = conversations.length > 0;
    count.textContent = String(conversations.length);
    if (focused) {
      const again = list.querySelector('button[data-user="' + CSS.escape(focused) + '"]');
      if (again) again.focus();
    }
  }

  function stateLabel(conversation) {
    const me = state.session && conversation.agent_id === state.session.agent.id;
    switch (conversation.state) {
      case "waiting": return "waiting";
      case "offered": return me ? "offered to you" : "offered to " + conversation.agent_id;
      case "active": return me ? "yours" : "with " + conversation.agent_id;
      default: return conversation.state;
    }
  }

  function summary(conversation) {
    const parts = [];
    if (conversation.waiting_ms != null) {
      parts.push("waiting " + span(conversation.waiting_ms + (Date.now() - (state.loadedAt || Date.now()))));
    }
    parts.push("reason: " + reasonLabel(conversation.reason));
    if (conversation.handoff_metadata) parts.push("handoff: " + conversation.handoff_metadata);
    return parts.join(" · ");
  }

  function reasonLabel(reason) {
    return String(reason || "").replace(/_/g, " ");
  }

  // MARK: One conversation

  async function openConversation(user) {
    if (state.selected !== user) {
      state.selected = user;
      state.history = [];
      state.nextBefore = null;
      state.thread = null;
      $("history").replaceChildren();
    }
    $("conversation").hidden = false;
    $("nothing-open").hidden = true;
    $("desk").classList.add("viewing");
    renderLists();
    try {
      await loadConversation(user);
    } catch (error) {
      report(error);
      return;
    }
    renderOutbox();
    if (holding()) {
      post("/threads/" + encodeURIComponent(user) + "/seen").catch(() => {});
      $("reply-text").focus();
    } else {
      $("conversation-title").focus();
    }
  }

  function closeConversation() {
    const was = state.selected;
    state.selected = null;
    state.thread = null;
    state.history = [];
    $("conversation").hidden = true;
    $("nothing-open").hidden = false;
    $("desk").classList.remove("viewing");
    renderLists();
    if (was) {
      const button = document.querySelector('.conversations button[data-user="' + CSS.escape(was) + '"]');
      if (button) button.focus();
    }
  }

  async function loadConversation(user) {
    const path = "/threads/" + encodeURIComponent(user);
    const [thread, history] = await Promise.all([get(path), get(path + "/history?limit=50")]);
    if (state.selected !== user) return;
    state.thread = thread;
    // The window is counted on the desk's clock, whatever this computer's clock says.
    state.skew = thread.now - Date.now();
    // Keep the earlier pages already loaded; the newest page replaces what it covers.
    const newest = history.entries;
    const firstNew = newest.length ? newest[0] : null;
    const older = firstNew ? state.history.filter((e) => before(e, firstNew)) : state.history;
    state.history = older.concat(newest);
    if (!older.length) state.nextBefore = history.next_before;
    renderConversation();
  }

  function before(a, b) {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  async function loadEarlier() {
    if (!state.selected || !state.nextBefore) return;
    const user = state.selected;
    try {
      const page = await get(
        "/threads/" + encodeURIComponent(user) + "/history?limit=50&before=" + encodeURIComponent(state.nextBefore));
      if (state.selected !== user) return;
      state.history = page.entries.concat(state.history);
      state.nextBefore = page.next_before;
      renderConversation();
    } catch (error) {
      report(error);
    }
  }

  function conversation() {
    return state.thread ? state.thread.conversation : null;
  }

  function holding() {
    const c = conversation();
    return !!(c && state.session && c.state === "active" && c.agent_id === state.session.agent.id);
  }

  function renderConversation() {
    const c = conversation();
    const me = state.session ? state.session.agent.id : null;
    $("conversation-title").textContent = "User " + state.selected;
    $("conversation-title").tabIndex = -1;
    $("conversation-state").textContent = c
      ? stateLabel(c) + " · " + reasonLabel(c.reason) + (c.handoff_metadata ? " · handoff: " + c.handoff_metadata : "")
      : "No conversation with the desk.";
    const open = c && c.state !== "ended";
    $("accept").hidden = !(open && (c.state === "waiting" || (c.state === "offered" && c.agent_id === me)));
    $("decline").hidden = !(open && c.state === "offered" && c.agent_id === me);
    $("handback").hidden = !holding();
    $("release").hidden = !holding();
    $("extend").hidden = !(holding() && state.session && state.session.can_extend);
    $("reply-form").hidden = !holding();
    renderWindow();
    renderHistory();
  }

  function renderHistory() {
    const box = $("history-box");
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    const c = conversation();
    const items = [];
    let dividerShown = false;
    for (const entry of state.history) {
      if (c && !dividerShown && !entry.before_handoff && state.history.some((e) => e.before_handoff)) {
        const divider = document.createElement("li");
        divider.className = "handoff-divider";
        divider.textContent = "Handed to the desk · " + time(c.queued_at);
        items.push(divider);
        dividerShown = true;
      }
      items.push(renderEntry(entry));
    }
    $("history").replaceChildren(...items);
    $("earlier").hidden = !state.nextBefore;
    if (atBottom || !box.dataset.seen) {
      box.scrollTop = box.scrollHeight;
      box.dataset.seen = "1";
    }
  }

  const authors = { user: "User", bot: "Bot", agent: "Agent", inbox: "Page Inbox", app: "Another app" };

  function renderEntry(entry) {
    const item = document.createElement("li");
    item.className = "entry " + entry.author + (entry.before_handoff ? " before-handoff" : "");
    item.dataset.id = entry.id;
    item.dataset.author = entry.author;
    const meta = document.createElement("span");
    meta.className = "meta";
    const who = document.createElement("span");
    who.className = "author";
    who.textContent = (authors[entry.author] || entry.author) + (entry.agent_id ? " " + entry.agent_id : "");
    const when = document.createElement("time");
    when.dateTime = new Date(entry.at).toISOString();
    when.textContent = time(entry.at);
    meta.append(who, when);
    if (entry.before_handoff) {
      const mark = document.createElement("span");
      mark.className = "before-handoff-mark";
      mark.textContent = "before handoff";
      meta.append(mark);
    }
    item.append(meta);
    if (entry.text) {
      const text = document.createElement("div");
      text.className = "text";
      text.textContent = entry.text;
      item.append(text);
    } else if (entry.payload) {
      const text = document.createElement("div");
      text.className = "text";
      text.textContent = "[button: " + entry.payload + "]";
      item.append(text);
    }
    for (const attachment of entry.attachments || []) item.append(renderAttachment(attachment));
    return item;
  }

  function renderAttachment(attachment) {
    const url = safeURL(attachment.url);
    if (!url) {
      const note = document.createElement("div");
      note.className = "note";
      note.textContent = "[" + attachment.type + "]";
      return note;
    }
    if (attachment.type === "image") {
      const image = document.createElement("img");
      image.src = url;
      image.alt = "Image " + url;
      image.loading = "lazy";
      image.referrerPolicy = "no-referrer";
      return image;
    }
    const link = document.createElement("a");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = attachment.type + ": " + url;
    return link;
  }

  /** Only http(s) URLs become links or images. */
  function safeURL(value) {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // MARK: The messaging window

  function renderWindow() {
    const note = $("window");
    const thread = state.thread;
    if (!thread || !conversation()) {
      note.hidden = true;
      return;
    }
    const now = Date.now() + (state.skew || 0);
    let text;
    let kind = "";
    if (thread.closes_at != null && now < thread.closes_at) {
      text = "Standard messaging window: " + span(thread.closes_at - now) + " left to reply.";
    } else if (thread.human_agent_closes_at != null && now < thread.human_agent_closes_at) {
      text = "The 24-hour window has closed. Replies go with the HUMAN_AGENT tag, "
        + span(thread.human_agent_closes_at - now) + " left.";
      kind = "human-agent";
    } else if (thread.human_agent_closes_at != null) {
      text = "The messaging window is closed: no reply can be sent until the user writes again.";
      kind = "closed";
    } else {
      text = "The window is unknown (no message from the user seen yet); replies are sent normally.";
    }
    note.textContent = text;
    note.className = "window " + kind;
    // The countdown matters to the agent holding it; that the window closed, to anyone looking.
    note.hidden = !holding() && kind !== "closed";
    $("send").disabled = kind === "closed";
  }

  /** Every second: the window's countdown and the waiting times move on. */
  function tick() {
    renderWindow();
    for (const conversation of state.queue.concat(state.mine)) {
      const line = document.querySelector(
        '.conversations button[data-user="' + CSS.escape(conversation.user_id) + '"] .line2');
      if (line) line.textContent = summary(conversation);
    }
  }

  // MARK: Actions

  async function act(action) {
    const user = state.selected;
    if (!user) return;
    const button = $(action);
    button.disabled = true;
    try {
      await post("/threads/" + encodeURIComponent(user) + "/" + action,
        action === "extend" ? { duration_seconds: 7 * 24 * 3600 } : {});
      clearBanner();
      await refresh();
      if (action === "handback" || action === "release" || action === "decline") {
        banner(action === "decline" ? "Declined." : action === "release" ? "Released." : "Handed back to the bot.", "info");
      } else if (action === "extend") {
        banner("The thread stays with you for 7 days; after 24 h without the user, replies go as HUMAN_AGENT.", "info");
      }
    } catch (error) {
      report(error);
      await refresh();
    } finally {
      button.disabled = false;
    }
  }

  // MARK: Replies: an outbox kept in the browser

  // Every reply is first written to this browser's storage with an idempotency key, then sent.
  // If the desk cannot be reached it stays, marked, and is sent again (same key) when the
  // connection returns; the desk sends one message per key, so a retry never sends twice.

  function outboxKey() {
    return "handover.console.outbox." + (state.session ? state.session.agent.id : $("agent-id").value);
  }

  function readOutbox() {
    try {
      return JSON.parse(localStorage.getItem(outboxKey()) || "[]");
    } catch (error) {
      return [];
    }
  }

  function writeOutbox(items) {
    localStorage.setItem(outboxKey(), JSON.stringify(items));
    renderOutbox();
  }

  function updateOutbox(key, change) {
    writeOutbox(readOutbox().flatMap((item) => {
      if (item.key !== key) return [item];
      const next = change(item);
      return next ? [next] : [];
    }));
  }

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function submitReply(event) {
    event.preventDefault();
    if (!state.selected || !holding()) return;
    const text = $("reply-text").value;
    const url = $("attach-url").value.trim();
    const items = [];
    if (url) {
      if (!safeURL(url)) {
        banner("The attachment's URL must start with https:// or http://.");
        $("attach-url").focus();
        return;
      }
      items.push({ attachment: { type: $("attach-type").value, url } });
    }
    if (text.trim()) items.push({ text });
    if (!items.length) {
      $("reply-text").focus();
      return;
    }
    const queued = items.map((body) => ({
      key: newKey(), user: state.selected, body, status: "sending", error: null, created: Date.now(),
    }));
    writeOutbox(readOutbox().concat(queued));
    $("reply-text").value = "";
    $("attach-url").value = "";
    $("attach").open = false;
    sendOutbox();
  }

  let sending = false;

  async function sendOutbox() {
    if (sending || !state.session) return;
    sending = true;
    try {
      for (const item of readOutbox()) {
        if (item.status === "failed" || item.status === "unknown") continue;
        if (!navigator.onLine) {
          updateOutbox(item.key, (i) => ({ ...i, status: "waiting", error: "Offline: it will be sent when the connection returns." }));
          retrySoon();
          continue;
        }
        try {
          await post("/threads/" + encodeURIComponent(item.user) + "/reply", item.body, { "Idempotency-Key": item.key });
          updateOutbox(item.key, () => null);
        } catch (error) {
          if (error instanceof Unreachable || (error instanceof DeskError && error.status >= 500)) {
            updateOutbox(item.key, (i) => ({ ...i, status: "waiting", error: "Not sent yet: the desk cannot be reached. It will be retried." }));
            report(error);
            retrySoon();
            break;
          } else if (error instanceof DeskError && error.status === 401) {
            updateOutbox(item.key, (i) => ({ ...i, status: "waiting", error: "Not sent: sign in again to send it." }));
            break;
          } else if (error instanceof DeskError && error.code === "reply_in_progress") {
            updateOutbox(item.key, (i) => ({ ...i, status: "unknown", error: "It may have been sent: check the history before sending again." }));
          } else {
            updateOutbox(item.key, (i) => ({ ...i, status: "failed", error: "Not sent: " + error.message }));
          }
        }
      }
    } finally {
      sending = false;
    }
    refresh();
  }

  let retryTimer = null;

  /** Tries the waiting replies again in a few seconds (same keys: nothing is sent twice). */
  function retrySoon() {
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (state.session) sendOutbox();
    }, 3000);
  }

  function renderOutbox() {
    const list = $("outbox");
    const items = readOutbox().filter((item) => item.user === state.selected);
    list.replaceChildren(...items.map((item) => {
      const row = document.createElement("li");
      row.dataset.key = item.key;
      row.dataset.status = item.status;
      const text = document.createElement("span");
      text.className = "text";
      text.textContent = item.body.text || item.body.attachment.type + ": " + item.body.attachment.url;
      const why = document.createElement("span");
      why.className = "why";
      why.textContent = item.status === "sending" ? "Sending…" : item.error || "";
      row.append(text, why);
      if (item.status !== "sending") {
        const retry = document.createElement("button");
        retry.type = "button";
        retry.textContent = "Retry";
        retry.addEventListener("click", () => {
          updateOutbox(item.key, (i) => ({ ...i, status: "sending", error: null }));
          sendOutbox();
        });
        const discard = document.createElement("button");
        discard.type = "button";
        discard.textContent = "Discard";
        discard.addEventListener("click", () => updateOutbox(item.key, () => null));
        row.append(retry, discard);
      }
      return row;
    }));
  }

  function typing() {
    if (!holding() || Date.now() - state.lastTypingAt < 5000) return;
    state.lastTypingAt = Date.now();
    post("/threads/" + encodeURIComponent(state.selected) + "/typing", { on: true }).catch(() => {});
  }

  // MARK: Formatting

  function span(ms) {
    const minutes = Math.max(0, Math.floor(ms / 60000));
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    if (days > 0) return days + " d " + hours + " h";
    if (hours > 0) return hours + " h " + rest + " min";
    if (minutes > 0) return rest + " min";
    return Math.max(0, Math.floor(ms / 1000)) + " s";
  }

  function time(ms) {
    return new Date(ms).toLocaleString([], { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" });
  }

  // MARK: Wiring

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in-form").addEventListener("submit", signIn);
    $("sign-out").addEventListener("click", signOut);
    $("presence").addEventListener("change", () => {
      state.presence = $("presence").value;
      heartbeat();
    });
    for (const action of ["accept", "decline", "handback", "release", "extend"]) {
      $(action).addEventListener("click", () => act(action));
    }
    $("back").addEventListener("click", closeConversation);
    $("earlier").addEventListener("click", loadEarlier);
    $("reply-form").addEventListener("submit", submitReply);
    $("reply-text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $("reply-form").requestSubmit();
      }
    });
    $("reply-text").addEventListener("input", typing);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && state.selected && !$("desk").hidden) closeConversation();
    });
    window.addEventListener("online", () => {
      clearBanner("error");
      for (const item of readOutbox()) {
        if (item.status === "waiting") updateOutbox(item.key, (i) => ({ ...i, status: "sending", error: null }));
      }
      sendOutbox();
    });
    window.addEventListener("offline", () => banner("You are offline. Replies you write are kept and sent when you are back."));
    start();
  });
})();
