/* The proctor's board refreshes itself every few seconds. */
(function () {
  "use strict";
  const table = document.getElementById("board");
  const badge = document.getElementById("session-state");
  if (!table) return;
  let offsetMs = 0;

  function minutes(seconds) {
    const m = Math.floor(seconds / 60);
    return m + ":" + String(seconds % 60).padStart(2, "0");
  }

  function update(seat) {
    const row = table.querySelector('tr[data-attempt="' + seat.attempt_id + '"]');
    if (!row) return false;
    const set = (field, text) => { const cell = row.querySelector('[data-field="' + field + '"]'); if (cell) cell.textContent = text; };
    row.querySelector('[data-field="online"]').classList.toggle("on", seat.online);
    set("state_label", seat.state_label);
    set("progress", seat.answered + "/" + seat.total);
    set("last_save", seat.last_save_ms ? window.Contest.clockText(seat.last_save_ms) : "—");
    set("remaining", seat.state === "open" ? minutes(seat.remaining_s) : "—");
    set("credit", seat.credit_min);
    set("device", seat.device_problem || "");
    return true;
  }

  async function refresh() {
    try {
      const response = await fetch(table.dataset.boardUrl, { credentials: "same-origin" });
      const data = await response.json();
      offsetMs = data.server_now_ms - Date.now();
      badge.textContent = data.state_label;
      const known = data.seats.every(update);
      if (!known) window.location.reload();
    } catch (e) { /* keep the last picture until the server answers again */ }
    setTimeout(refresh, 3000);
  }
  refresh();
})();
