/* The voice screen's recorders. A take is recorded with MediaRecorder (Opus in WebM, or the
 * best the browser offers, with echo cancellation, noise suppression and auto gain off), kept
 * in IndexedDB, played back, and on 提交 uploaded in chunks with retry and backoff until the
 * server acknowledges the whole take by its SHA-256. Loaded before attempt.js, which sees a
 * recorder's acknowledged take as the answer of its item (kind "recording"). */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("voice-config").textContent);
  const store = window.VoiceStore;
  const MIME_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4;codecs=opus",
    "audio/webm", "audio/mp4"];
  const CONSTRAINTS = { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } };
  const recorders = {};

  window.ContestKinds = window.ContestKinds || {};
  window.ContestKinds.recording = {
    read: (el) => el.voiceValue || "",
    write: (el, value) => {
      el.voiceValue = value || "";
      if (recorders[el.dataset.recorder]) recorders[el.dataset.recorder].paint();
    },
  };

  // ---- microphone problems, said plainly and reported to the proctor's board -------------
  const banner = document.getElementById("voice-device");
  let deviceProblem = null;

  function report(problem, detail) {
    window.Contest.postJSON(config.deviceUrl, { problem: problem, detail: detail || "" }, 8000)
      .catch(() => { /* the board misses one report; the message on screen stays */ });
  }

  function deviceTrouble(problem, message, detail) {
    banner.textContent = "⚠ " + message;
    banner.hidden = false;
    if (deviceProblem !== problem) report(problem, detail);
    deviceProblem = problem;
  }

  function deviceWorks() {
    banner.hidden = true;
    if (deviceProblem) report("ok");
    deviceProblem = null;
  }

  function checkDevices() {
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      deviceTrouble("insecure", "本页面不是安全连接(HTTPS),浏览器禁止使用麦克风,无法录音。请举手报告监考老师。");
      return;
    }
    if (!window.MediaRecorder) {
      deviceTrouble("recorder", "本浏览器不支持录音,请举手报告监考老师。");
      return;
    }
    navigator.mediaDevices.enumerateDevices().then((devices) => {
      if (!devices.some((device) => device.kind === "audioinput")) {
        deviceTrouble("no_microphone", "没有检测到麦克风。请检查耳麦是否插好,然后举手报告监考老师。");
      }
    }).catch(() => { /* asked again when recording starts */ });
  }

  async function microphone() {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
      deviceWorks();
      return stream;
    } catch (error) {
      const name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") {
        deviceTrouble("denied", "浏览器拒绝了麦克风权限。请点击地址栏左侧的图标允许使用麦克风,或举手报告监考老师。", name);
      } else if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") {
        deviceTrouble("no_microphone", "没有检测到可用的麦克风。请检查耳麦是否插好,然后举手报告监考老师。", name);
      } else {
        deviceTrouble("recorder", "无法开始录音,请举手报告监考老师。", String(name || error));
      }
      return null;
    }
  }

  function pickMime() {
    return MIME_TYPES.find((type) => window.MediaRecorder.isTypeSupported(type)) || "";
  }

  // ---- helpers ---------------------------------------------------------------------------
  function hex(buffer) {
    return Array.from(new Uint8Array(buffer)).map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  function newId() {
    return hex(window.crypto.getRandomValues(new Uint8Array(16)));
  }

  function clock(seconds) {
    const s = Math.floor(seconds);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

  async function postBytes(url, bytes) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30000);
    try {
      const response = await fetch(url, {
        method: "POST", credentials: "same-origin", body: bytes, signal: controller.signal,
        headers: { "Content-Type": "application/octet-stream", "X-CSRFToken": window.Contest.csrfToken },
      });
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      return { status: response.status, data: data };
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- one recorder ------------------------------------------------------------------------
  function Recorder(el) {
    this.el = el;
    this.name = el.dataset.recorder;
    this.ui = {
      record: el.querySelector('[data-action="record"]'),
      stop: el.querySelector('[data-action="stop"]'),
      submit: el.querySelector('[data-action="submit"]'),
      discard: el.querySelector('[data-action="discard"]'),
      level: el.querySelector('[data-role="level"]'),
      elapsed: el.querySelector('[data-role="elapsed"]'),
      playback: el.querySelector('[data-role="playback"]'),
      takes: el.querySelector('[data-role="takes"]'),
      state: el.querySelector('[data-role="state"]'),
    };
    this.startedKey = "contest.voice." + config.attemptId + "." + this.name + ".started";
    this.take = null;
    this.uploading = false;
    this.ui.record.addEventListener("click", () => this.record());
    this.ui.stop.addEventListener("click", () => this.stop());
    this.ui.submit.addEventListener("click", () => this.submit());
    this.ui.discard.addEventListener("click", () => this.discard());
  }

  Recorder.prototype.started = function () {
    const local = Number(window.localStorage.getItem(this.startedKey) || 0);
    return Math.max(local, config.takes[this.name] || 0);
  };

  Recorder.prototype.setState = function (state, text) {
    this.el.dataset.state = state;
    this.ui.state.textContent = text;
  };

  Recorder.prototype.paint = function () {
    const left = config.maxTakes - this.started();
    this.ui.takes.textContent = "本段录音可录 " + config.maxTakes + " 次,还可录 " + Math.max(0, left) + " 次;以最后一次提交的为准。";
    const busy = this.media || this.uploading || (this.take && this.take.state !== "acked");
    this.ui.record.disabled = Boolean(busy) || left <= 0;
    const value = this.el.voiceValue;
    if (!this.take && value && value.sha256) {
      this.el.dataset.serverSha256 = value.sha256;
      this.setState("acked", "✓ 已提交第 " + value.take + " 次录音(" + Number(value.duration).toFixed(1) +
        " 秒),服务器已确认完整收到(校验码 " + value.sha256.slice(0, 12) + "…)");
    } else if (!this.take && !this.media) {
      this.setState("idle", "尚未提交录音。");
    }
  };

  Recorder.prototype.record = async function () {
    if (this.started() >= config.maxTakes) return;
    const stream = await microphone();
    if (!stream) return;
    const mime = pickMime();
    const options = { audioBitsPerSecond: 64000 };
    if (mime) options.mimeType = mime;
    const media = new window.MediaRecorder(stream, options);
    const parts = [];
    media.ondataavailable = (event) => { if (event.data && event.data.size) parts.push(event.data); };
    media.onstop = () => this.recorded(stream, media, parts);
    window.localStorage.setItem(this.startedKey, String(this.started() + 1));
    this.media = media;
    this.startedAt = Date.now();
    this.meter(stream);
    media.start(1000);
    this.ui.stop.disabled = false;
    this.ui.playback.hidden = true;
    this.setState("recording", "● 正在录音……");
    this.timer = setInterval(() => this.tick(), 200);
    this.paint();
  };

  Recorder.prototype.meter = function (stream) {
    try {
      this.audio = new window.AudioContext();
      const analyser = this.audio.createAnalyser();
      analyser.fftSize = 1024;
      this.audio.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const draw = () => {
        if (!this.media) { this.ui.level.value = 0; return; }
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        samples.forEach((v) => { sum += v * v; });
        this.ui.level.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
        window.requestAnimationFrame(draw);
      };
      draw();
    } catch (e) { /* no meter, the recording still works */ }
  };

  Recorder.prototype.tick = function () {
    const seconds = (Date.now() - this.startedAt) / 1000;
    this.ui.elapsed.textContent = clock(seconds);
    if (seconds >= config.maxSeconds - 0.5) this.stop();
  };

  Recorder.prototype.stop = function () {
    if (this.media && this.media.state !== "inactive") this.media.stop();
    this.ui.stop.disabled = true;
  };

  Recorder.prototype.recorded = async function (stream, media, parts) {
    clearInterval(this.timer);
    stream.getTracks().forEach((track) => track.stop());
    if (this.audio) this.audio.close().catch(() => {});
    const durationMs = Date.now() - this.startedAt;
    this.media = null;
    const blob = new Blob(parts, { type: media.mimeType || "audio/webm" });
    const data = await blob.arrayBuffer();
    const digest = hex(await window.crypto.subtle.digest("SHA-256", data));
    this.take = {
      takeId: newId(), attemptId: config.attemptId, recording: this.name, data: data,
      size: data.byteLength, sha256: digest, mime: blob.type, durationMs: durationMs,
      createdAt: Date.now(), state: "recorded",
    };
    await store.put(this.take);
    this.showLocal();
  };

  Recorder.prototype.showLocal = function () {
    const take = this.take;
    this.el.dataset.sha256 = take.sha256;
    this.ui.playback.src = URL.createObjectURL(new Blob([take.data], { type: take.mime }));
    this.ui.playback.hidden = false;
    this.ui.submit.disabled = false;
    this.ui.discard.disabled = false;
    this.setState("recorded", "录音已保存在本机(" + (take.durationMs / 1000).toFixed(1) + " 秒)。请试听,满意后点“提交这次录音”。");
    this.paint();
  };

  Recorder.prototype.discard = async function () {
    if (!this.take || this.take.state !== "recorded") return;
    await store.remove(this.take.takeId);
    this.take = null;
    this.ui.playback.hidden = true;
    this.ui.submit.disabled = true;
    this.ui.discard.disabled = true;
    this.paint();
  };

  Recorder.prototype.submit = async function () {
    if (!this.take || this.take.state !== "recorded") return;
    this.take.state = "uploading";
    await store.put(this.take);
    this.ui.submit.disabled = true;
    this.ui.discard.disabled = true;
    this.upload();
  };

  // ---- the upload: start, chunks in order, retry with backoff until acknowledged -----------
  Recorder.prototype.upload = async function () {
    if (this.uploading) return;
    this.uploading = true;
    this.paint();
    let failures = 0;
    let checksumRetries = 0;
    for (;;) {
      let outcome;
      try {
        outcome = await this.sendTake();
      } catch (e) {
        outcome = { retry: true, reason: "网络中断" };
      }
      if (outcome.done) break;
      if (outcome.checksum && checksumRetries < 2) {
        checksumRetries += 1;
        this.take.takeId = newId();
        await store.put(this.take);
        continue;
      }
      if (!outcome.retry) { await this.failed(outcome.reason); break; }
      failures += 1;
      const wait = Math.min(15000, 1000 * Math.pow(2, Math.min(failures, 4)));
      this.setState("retrying", "⚠ " + outcome.reason + ":录音已保存在本机,正在自动重试(第 " + failures + " 次),请勿关闭浏览器。");
      await sleep(wait);
    }
    this.uploading = false;
    this.paint();
  };

  Recorder.prototype.sendTake = async function () {
    const take = this.take;
    const start = await window.Contest.postJSON(config.uploadUrl, {
      recording: this.name, take_id: take.takeId, size: take.size, sha256: take.sha256, mime: take.mime,
    }, 15000);
    const data = start.data || {};
    if (start.status !== 200) return this.refused(start.status, data);
    if (data.state === "complete") return this.acknowledged(data);
    let next = data.next;
    const count = Math.ceil(take.size / config.chunkBytes);
    while (next < count) {
      this.setState("uploading", "正在上传 " + Math.round(100 * next / count) + "%(" + next + "/" + count + " 块)……");
      const bytes = take.data.slice(next * config.chunkBytes, (next + 1) * config.chunkBytes);
      const result = await postBytes(config.uploadUrl + "/" + data.upload_id + "/chunks/" + next, bytes);
      const body = result.data || {};
      if (result.status === 200 && body.state === "complete") return this.acknowledged(body);
      if (result.status === 200) { next = body.next; continue; }
      if (body.error === "out_of_order" && typeof body.next === "number") { next = body.next; continue; }
      if (body.error === "complete") return { retry: true, reason: "正在确认" };
      return this.refused(result.status, body);
    }
    return { retry: true, reason: "等待服务器确认" };
  };

  Recorder.prototype.refused = function (status, body) {
    if (status >= 500 || status === 0 || !body.error) return { retry: true, reason: "服务器暂时无法接收" };
    if (body.error === "checksum") return { checksum: true, reason: body.message };
    if (body.error === "csrf") return { retry: false, reason: "页面已过期,请刷新页面(录音已保存在本机,刷新后会继续上传)" };
    return { retry: false, reason: body.message || "录音未被接受" };
  };

  Recorder.prototype.acknowledged = async function (body) {
    const take = this.take;
    if (body.sha256 !== take.sha256) return { retry: false, reason: "服务器收到的录音与本机不一致" };
    take.state = "acked";
    take.data = null;
    await store.put(take);
    config.takes[this.name] = Math.max(config.takes[this.name] || 0, (body.file && body.file.take) || 0);
    this.el.voiceValue = body.file || { sha256: body.sha256, take: config.takes[this.name], duration: take.durationMs / 1000 };
    this.el.dataset.serverSha256 = body.sha256;
    this.take = null;
    this.ui.playback.hidden = true;
    this.paint();
    return { done: true };
  };

  Recorder.prototype.failed = async function (reason) {
    this.take.state = "failed";
    await store.put(this.take);
    this.setState("failed", "✗ " + reason);
    this.take = null;
  };

  // ---- the 复述 prompt: every play is counted by the server before it sends the audio -----
  const promptButton = document.getElementById("prompt-play");
  if (promptButton) {
    const player = document.getElementById("prompt-audio");
    const left = document.getElementById("prompt-left");
    promptButton.addEventListener("click", async () => {
      promptButton.disabled = true;
      let response;
      try {
        response = await fetch(config.promptUrl, {
          method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": window.Contest.csrfToken },
        });
      } catch (e) {
        left.textContent = "网络中断,请稍后再试(未计次数)";
        promptButton.disabled = false;
        return;
      }
      if (response.status !== 200) {
        const body = await response.json().catch(() => ({}));
        left.textContent = body.message || "无法播放";
        return;
      }
      const remaining = Number(response.headers.get("X-Plays-Left"));
      player.src = URL.createObjectURL(await response.blob());
      player.onended = () => { promptButton.disabled = remaining <= 0; };
      left.textContent = "剩余 " + remaining + " 次";
      player.play().catch(() => { promptButton.disabled = remaining <= 0; });
    });
  }

  // ---- start -------------------------------------------------------------------------------
  document.querySelectorAll("[data-recorder]").forEach((el) => {
    recorders[el.dataset.recorder] = new Recorder(el);
  });

  async function resume() {
    let takes = [];
    try { takes = await store.forAttempt(config.attemptId); } catch (e) { return; }
    takes.sort((a, b) => a.createdAt - b.createdAt).forEach((take) => {
      const recorder = recorders[take.recording];
      if (!recorder || take.state === "acked" || take.state === "failed") return;
      recorder.take = take;
    });
    Object.values(recorders).forEach((recorder) => {
      if (!recorder.take) return;
      if (recorder.take.state === "uploading") {
        recorder.ui.playback.src = URL.createObjectURL(new Blob([recorder.take.data], { type: recorder.take.mime }));
        recorder.ui.playback.hidden = false;
        recorder.el.dataset.sha256 = recorder.take.sha256;
        recorder.upload();
      } else {
        recorder.showLocal();
      }
    });
  }

  function pending() {
    return Object.values(recorders).some((r) => r.media || (r.take && r.take.state !== "acked"));
  }

  document.getElementById("submit-button").addEventListener("click", () => {
    // attempt.js fills the dialog after this listener; the warning goes in after it.
    setTimeout(() => {
      if (pending()) {
        document.getElementById("submit-dialog-count").textContent +=
          " ⚠ 还有录音未提交或未上传完成,交卷后将不能再提交!";
      }
    }, 0);
  });
  window.addEventListener("beforeunload", (event) => {
    if (Object.values(recorders).some((r) => r.uploading || r.media)) event.preventDefault();
  });
  window.addEventListener("online", () => {
    Object.values(recorders).forEach((r) => { if (r.take && r.take.state === "uploading") r.upload(); });
  });
  document.addEventListener("attempt:painted", () => Object.values(recorders).forEach((r) => r.paint()));
  checkDevices();
  resume();
})();
