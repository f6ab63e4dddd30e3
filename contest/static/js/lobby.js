/* The lobby waits for the organizer's start and moves into the module by itself: at once, or,
   when the start has a countdown, at the instant the server named (counted from the answer,
   so the terminal's own clock does not matter). */
(function () {
  "use strict";
  const root = document.getElementById("lobby");
  const list = document.getElementById("lobby-sessions");
  const status = document.getElementById("lobby-status");
  const url = root.dataset.stateUrl;

  function render(sessions) {
    list.replaceChildren(...sessions.map(function (s) {
      const li = document.createElement("li");
      li.textContent = s.title + " — " + s.state_label;
      return li;
    }));
  }

  function enterAt(target, at) {
    const left = at - Date.now();
    if (left <= 0) {
      status.textContent = "比赛已开始,正在进入……";
      window.location.assign(target);
      return;
    }
    status.textContent = "距开考还有 " + Math.ceil(left / 1000) + " 秒,届时自动进入比赛";
    setTimeout(() => enterAt(target, at), Math.min(left, 250));
  }

  async function poll() {
    try {
      const result = await window.Contest.postJSON(url, {}, 8000);
      if (result.status === 200 && result.data) {
        render(result.data.sessions);
        window.ContestBroadcast.show(result.data.broadcasts);
        const ready = result.data.sessions.find((s) => s.attempt_url);
        if (ready) {
          enterAt(ready.attempt_url, Date.now() + (ready.starts_in_ms || 0));
          return;
        }
        status.textContent = "等待开考……";
      } else if (result.status === 401 || result.status === 409) {
        window.location.assign("/");
        return;
      } else {
        status.textContent = "与服务器通信异常,正在重试……";
      }
    } catch (e) {
      status.textContent = "网络中断,正在重试……";
    }
    setTimeout(poll, 2000);
  }
  poll();
})();
