/* The exam terminal's engine, shared by every contest module:
 * - every change gets a sequence number, is kept in localStorage and sent to the server;
 * - the server acknowledges by (key, seq); unacknowledged changes are resent until it does;
 * - the countdown uses the server's clock (offset measured on every response), never the
 *   terminal's own clock, and the server's deadline.
 * Modules mark each answer container with data-item="<key>" and data-kind="<kind>".
 */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("attempt-config").textContent);
  const storeKey = "contest.attempt." + config.attemptId;
  const root = document.getElementById("attempt-root");
  const ui = {
    saveState: document.getElementById("save-state"),
    alarm: document.getElementById("save-alarm"),
    countdown: document.getElementById("countdown"),
    overlay: document.getElementById("pause-overlay"),
    overlayText: document.getElementById("pause-overlay-text"),
    submitButton: document.getElementById("submit-button"),
    dialog: document.getElementById("submit-dialog"),
    dialogCount: document.getElementById("submit-dialog-count"),
    confirmSubmit: document.getElementById("submit-confirm"),
    cancelSubmit: document.getElementById("submit-cancel"),
  };

  const kinds = {
    choice: {
      read: (el) => Array.from(el.querySelectorAll("input:checked"))
        .map((input) => Number(input.value)).sort((a, b) => a - b),
      write: (el, value) => {
        const chosen = new Set(value || []);
        el.querySelectorAll("input").forEach((input) => { input.checked = chosen.has(Number(input.value)); });
      },
    },
    text: {
      read: (el) => fieldOf(el).value,
      write: (el, value) => { fieldOf(el).value = value == null ? "" : String(value); },
    },
  };

  // Modules loaded before this script may add kinds of their own (recorders, uploads...).
  Object.assign(kinds, window.ContestKinds || {});

  function fieldOf(el) {
    return el.matches("input, textarea, select") ? el : el.querySelector("input, textarea, select");
  }

  // ---- local copy -------------------------------------------------------------------------
  function loadLocal() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(storeKey));
      if (stored && stored.items) return stored;
    } catch (e) { /* unreadable copy: the server's answers still stand */ }
    return { items: {}, seq: 0 };
  }
  const local = loadLocal();

  function persist() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(local)); } catch (e) { /* quota */ }
  }

  /* A local change the server has not confirmed, or one newer than the server's, is resent. */
  function mergeServerAnswers() {
    Object.entries(config.answers).forEach(([key, server]) => {
      const mine = local.items[key];
      if (!mine || mine.seq <= server.seq) {
        local.items[key] = { value: server.value, seq: server.seq, acked: true };
      } else {
        mine.acked = false;
      }
    });
    Object.values(local.items).forEach((item) => {
      if (item.acked && !(item.seq <= (config.status.last_seq || 0))) item.acked = false;
    });
    local.seq = Math.max(local.seq || 0, config.status.last_seq || 0);
    persist();
  }

  function containers() { return root.querySelectorAll("[data-item]"); }
  function kindOf(el) { return kinds[el.dataset.kind] || kinds.text; }

  function paintAnswers() {
    containers().forEach((el) => {
      const item = local.items[el.dataset.item];
      if (item) kindOf(el).write(el, item.value);
    });
    document.dispatchEvent(new CustomEvent("attempt:painted"));
  }

  // ---- recording changes --------------------------------------------------------------------
  let composing = false;
  root.addEventListener("compositionstart", () => { composing = true; });
  root.addEventListener("compositionend", (event) => { composing = false; noteChange(event.target); });
  root.addEventListener("input", (event) => { if (!composing && !event.isComposing) noteChange(event.target); });
  root.addEventListener("change", (event) => noteChange(event.target));

  function noteChange(target) {
    const el = target.closest("[data-item]");
    if (!el || locked) return;
    const value = kindOf(el).read(el);
    const previous = local.items[el.dataset.item];
    if (previous && JSON.stringify(previous.value) === JSON.stringify(value)) return;
    local.seq += 1;
    local.items[el.dataset.item] = { value: value, seq: local.seq, acked: false };
    persist();
    document.dispatchEvent(new CustomEvent("attempt:changed", { detail: { key: el.dataset.item } }));
    scheduleFlush();
  }

  // ---- sending -----------------------------------------------------------------------------
  let flushTimer = null;
  let firstPendingAt = null;
  let inFlight = null;
  let failures = 0;
  let locked = false;

  function pendingItems() {
    return Object.entries(local.items).filter(([, item]) => !item.acked)
      .map(([key, item]) => ({ key: key, seq: item.seq, value: item.value }));
  }

  function scheduleFlush(delay) {
    const now = Date.now();
    if (firstPendingAt === null) firstPendingAt = now;
    const wait = delay !== undefined ? delay : Math.max(0, Math.min(700, firstPendingAt + 2000 - now));
    clearTimeout(flushTimer);
    flushTimer = setTimeout(flush, wait);
  }

  async function flush() {
    if (inFlight) return inFlight;
    const items = pendingItems();
    if (!items.length) { firstPendingAt = null; return true; }
    inFlight = send(items).finally(() => { inFlight = null; });
    return inFlight;
  }

  async function send(items) {
    let result;
    try {
      result = await window.Contest.postJSON(config.saveUrl, { items: items }, 10000);
    } catch (e) {
      return saveFailed("网络中断");
    }
    if (result.status === 200 && result.data && result.data.ok) {
      applyAcks(result.data);
      takeStatus(result.data, result);
      return true;
    }
    return saveRefused(result);
  }

  function applyAcks(data) {
    data.acked.forEach((ack) => {
      const item = local.items[ack.key];
      if (item && item.seq === ack.seq) item.acked = true;
    });
    data.rejected.forEach((refusal) => {
      const item = local.items[refusal.key];
      if (item && item.seq === refusal.seq) item.acked = true;
      showNotice(refusal.message);
    });
    persist();
    failures = 0;
    ui.alarm.classList.remove("show");
    ui.saveState.classList.remove("failing");
    ui.saveState.textContent = "已保存 " + window.Contest.clockText(data.saved_at_ms || Date.now());
    if (pendingItems().length) scheduleFlush(0); else firstPendingAt = null;
  }

  function saveRefused(result) {
    const code = result.data && result.data.error;
    if (code === "closed") { lock(result.data.message); return false; }
    if (code === "terminal_replaced" || code === "login_required") {
      lock(result.data.message + " 本机已保存的答案不会丢失,重新登录后会自动补交。", "/");
      return false;
    }
    if (code === "csrf") return saveFailed("页面已过期,请刷新页面(答案已暂存本机)");
    return saveFailed((result.data && result.data.message) || "服务器暂时无法保存");
  }

  function saveFailed(reason) {
    failures += 1;
    ui.alarm.textContent = "⚠ " + reason + ":答案已暂存在本机,正在自动重试,请勿关闭浏览器。";
    ui.alarm.classList.add("show");
    ui.saveState.classList.add("failing");
    ui.saveState.textContent = "保存失败,重试中……";
    scheduleFlush(Math.min(10000, 1000 * Math.pow(2, Math.min(failures, 4))));
    return false;
  }

  function showNotice(message) {
    ui.alarm.textContent = message;
    ui.alarm.classList.add("show");
  }

  // ---- server time and state ----------------------------------------------------------------
  let offsetMs = config.status.server_now_ms - Date.now();
  let status = config.status;
  // A save's answer carries the same status as a poll, so a terminal that saved lately does not
  // poll; it still polls every 12-18 s, because only polls bring the proctor's broadcasts. The
  // period is drawn per terminal: 300 pages open within the same seconds of a synchronised
  // start, and with one common period their polls kept arriving together, in waves.
  const STATUS_EVERY_MS = 5000;
  const BROADCASTS_EVERY_MS = 12000 + Math.random() * 6000;
  let statusAt = Date.now();
  let polledAt = Date.now();

  function takeStatus(data, exchange) {
    if (exchange) {
      offsetMs = data.server_now_ms - (exchange.sentAt + exchange.receivedAt) / 2;
    }
    statusAt = Date.now();
    status = data;
    if (data.paused) {
      ui.overlay.classList.add("show");
      ui.overlayText.textContent = "比赛已暂停,计时已冻结。请等待监考老师指示。";
    } else if (!locked) {
      ui.overlay.classList.remove("show");
    }
    if (data.state !== "open") lock("本场作答已结束。");
  }

  let lastExpiryCheck = 0;

  function remainingMs() {
    if (status.paused) return status.remaining_ms;
    return Math.max(0, status.deadline_ms - (Date.now() + offsetMs));
  }

  function tick() {
    const left = remainingMs();
    const seconds = Math.ceil(left / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    ui.countdown.textContent = (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
    ui.countdown.classList.toggle("low", seconds <= 300);
    ui.countdown.dataset.remainingMs = String(Math.round(left));
    if (left <= 0 && !locked && !status.paused && Date.now() - lastExpiryCheck > 2000) {
      lastExpiryCheck = Date.now();
      flush().finally(pollStatus);
    }
  }

  function pollStatusWhenDue() {
    const now = Date.now();
    if (now - statusAt >= STATUS_EVERY_MS || now - polledAt >= BROADCASTS_EVERY_MS) {
      pollStatus();
    }
  }

  async function pollStatus() {
    polledAt = Date.now();
    try {
      const result = await window.Contest.postJSON(config.statusUrl, {}, 8000);
      if (result.status === 200 && result.data) {
        takeStatus(result.data, result);
        if (window.ContestBroadcast) window.ContestBroadcast.show(result.data.broadcasts);
      }
      else if (result.data && result.data.error) saveRefused(result);
    } catch (e) { /* the save path reports network trouble */ }
  }

  function lock(message, next) {
    if (locked) return;
    locked = true;
    root.querySelectorAll("input, textarea, select, button").forEach((el) => { el.disabled = true; });
    ui.overlayText.textContent = message;
    ui.overlay.classList.add("show");
    setTimeout(() => window.location.assign(next || config.doneUrl), 2500);
  }

  // ---- submitting -------------------------------------------------------------------------
  function answeredCount() {
    let answered = 0;
    const all = containers();
    all.forEach((el) => {
      const value = kindOf(el).read(el);
      if (Array.isArray(value) ? value.length : String(value || "").trim()) answered += 1;
    });
    return [answered, all.length];
  }

  ui.submitButton.addEventListener("click", () => {
    const [answered, total] = answeredCount();
    ui.dialogCount.textContent = "已作答 " + answered + " / " + total + " 题。";
    ui.dialog.showModal();
  });
  ui.cancelSubmit.addEventListener("click", () => ui.dialog.close());
  ui.confirmSubmit.addEventListener("click", async () => {
    ui.confirmSubmit.disabled = true;
    const saved = await flush();
    if (!saved || pendingItems().length) {
      ui.dialog.close();
      ui.confirmSubmit.disabled = false;
      showNotice("还有答案未能保存到服务器,请检查网络后再交卷。");
      return;
    }
    const result = await window.Contest.postJSON(config.submitUrl, {}, 10000).catch(() => null);
    if (result && (result.status === 200 || (result.data && result.data.error === "closed"))) {
      window.localStorage.removeItem(storeKey);
      window.location.assign(config.doneUrl);
    } else {
      ui.dialog.close();
      ui.confirmSubmit.disabled = false;
      showNotice("交卷失败:" + ((result && result.data && result.data.message) || "网络中断,请稍后再试"));
    }
  });

  // ---- start ----------------------------------------------------------------------------------
  window.ContestAttempt = { noteChange: noteChange, local: local };
  mergeServerAnswers();
  paintAnswers();
  takeStatus(config.status);
  if (pendingItems().length) scheduleFlush(0);
  tick();
  setInterval(tick, 250);
  setInterval(pollStatusWhenDue, 1000);
  window.addEventListener("online", () => { scheduleFlush(0); pollStatus(); });
})();
