/* Shared by every page: CSRF-protected JSON posts and confirmation of dangerous buttons. */
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrfToken = meta ? meta.content : "";

  async function postJSON(url, body, timeoutMs) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs || 10000);
    const started = Date.now();
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
        body: JSON.stringify(body || {}),
        signal: controller.signal,
      });
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      return { status: response.status, data: data, sentAt: started, receivedAt: Date.now() };
    } finally {
      clearTimeout(timer);
    }
  }

  function two(n) { return String(n).padStart(2, "0"); }
  function clockText(ms) {
    const d = new Date(ms);
    return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });

  window.Contest = { postJSON: postJSON, clockText: clockText, csrfToken: csrfToken };
})();
