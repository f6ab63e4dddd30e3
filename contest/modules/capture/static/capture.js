/* Capture screen: plays are asked of the server (which counts them) before the clip is
 * loaded; no seeking or speed change unless the session allows it; Enter moves to the next
 * field (not while an input method is composing). Answers themselves go through attempt.js. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("capture-config").textContent);
  const player = document.getElementById("capture-player");
  const buttons = Array.from(document.querySelectorAll("[data-play-call]"));
  const fields = Array.from(document.querySelectorAll(".capture-call input[data-item]"));
  let current = null;   // the play in progress: {box, url, lastTime}
  let asking = false;

  function boxOf(callId) { return document.querySelector('.capture-call[data-call="' + callId + '"]'); }

  function timeText(seconds) {
    const s = Math.max(0, Math.floor(seconds || 0));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function paint() {
    buttons.forEach((button) => {
      const left = Number(button.dataset.left);
      button.querySelector(".capture-left").textContent = String(left);
      button.disabled = left <= 0 || asking || current !== null;
    });
    document.querySelectorAll(".capture-time").forEach((span) => {
      const box = span.closest(".capture-call");
      const played = current && current.box === box ? player.currentTime : 0;
      span.textContent = timeText(played) + " / " + timeText(Number(span.dataset.duration));
    });
  }

  function setStatus(box, text, state) {
    box.querySelector(".capture-status").textContent = text;
    if (state) box.dataset.state = state;
  }

  async function ask(button) {
    const box = boxOf(button.dataset.playCall);
    asking = true;
    paint();
    let result = null;
    try {
      result = await window.Contest.postJSON(config.playUrl, { call: button.dataset.playCall }, 10000);
    } catch (e) { /* reported below */ }
    asking = false;
    const data = (result && result.data) || {};
    if (result && result.status === 200 && data.ok) {
      button.dataset.left = String(data.plays_left);
      start(box, data);
    } else {
      if (data.error === "play_limit") button.dataset.left = "0";
      setStatus(box, data.message || "网络中断,未能播放,请稍后再试", "refused");
    }
    paint();
  }

  function start(box, grant) {
    current = { box: box, url: grant.url, lastTime: 0 };
    box.classList.add("playing");
    box.querySelector(".capture-retry").hidden = true;
    if (config.allowSeeking) { player.controls = true; box.querySelector(".capture-call-head").appendChild(player); }
    setStatus(box, "第 " + grant.play + " 次播放中……", "playing");
    load(grant.url);
  }

  function load(url) {
    player.src = url;
    player.playbackRate = 1;
    player.play().catch(() => { /* the error event explains */ });
  }

  function finish(text, state) {
    if (!current) return;
    const box = current.box;
    box.classList.remove("playing");
    setStatus(box, text, state);
    current = null;
    paint();
  }

  player.addEventListener("timeupdate", () => {
    if (!current) return;
    if (!player.seeking) current.lastTime = player.currentTime;
    current.box.querySelector(".capture-progress").value = player.currentTime;
    paint();
  });
  player.addEventListener("seeking", () => {
    if (current && !config.allowSeeking && Math.abs(player.currentTime - current.lastTime) > 0.5) {
      player.currentTime = current.lastTime;
    }
  });
  player.addEventListener("ratechange", () => {
    if (!config.allowSeeking && player.playbackRate !== 1) player.playbackRate = 1;
  });
  player.addEventListener("ended", () => finish("播放结束", "ended"));
  player.addEventListener("error", () => {
    if (!current) return;
    const box = current.box;
    box.dataset.retryUrl = current.url;
    box.querySelector(".capture-retry").hidden = false;
    finish("录音加载失败(本次播放已计次),可点击“重新加载本次播放”", "failed");
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-play-call]");
    if (button && !button.disabled) ask(button);
    const retry = event.target.closest(".capture-retry");
    if (retry && !current) {
      const box = retry.closest(".capture-call");
      retry.hidden = true;
      current = { box: box, url: box.dataset.retryUrl, lastTime: 0 };
      box.classList.add("playing");
      setStatus(box, "重新加载中……", "playing");
      load(current.url);
      paint();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
    const index = fields.indexOf(event.target);
    if (index < 0) return;
    event.preventDefault();
    if (index + 1 < fields.length) fields[index + 1].focus();
  });

  paint();
})();
