/* Follow unfinished print jobs until their PDF is ready. */
(function () {
  "use strict";
  const labels = { queued: "排队中", running: "生成中", done: "已完成", failed: "失败" };
  document.querySelectorAll("#print-jobs tr[data-job]").forEach(function (row) {
    async function poll() {
      try {
        const data = await (await fetch(row.dataset.progressUrl, { credentials: "same-origin" })).json();
        row.querySelector("progress").max = data.total || 1;
        row.querySelector("progress").value = data.done;
        row.querySelector('[data-field="count"]').textContent = data.done + "/" + data.total;
        row.querySelector('[data-field="state"]').textContent = labels[data.state] + " " + (data.error || "");
        if (data.state === "done") { window.location.reload(); return; }
        if (data.state === "failed") return;
      } catch (e) { /* retry */ }
      setTimeout(poll, 1000);
    }
    if (!/已完成|失败/.test(row.querySelector('[data-field="state"]').textContent)) poll();
  });
})();
