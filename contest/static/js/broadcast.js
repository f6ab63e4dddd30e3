/* Proctor's notices: a modal that stays until the contestant presses 已知晓. Used by the
 * lobby and the attempt page, which pass every poll's `broadcasts` list to show(). */
(function () {
  "use strict";
  const dialog = document.getElementById("broadcast-dialog");
  const text = document.getElementById("broadcast-text");
  const button = document.getElementById("broadcast-ack");
  let current = null;

  function show(list) {
    if (!dialog || current || !list || !list.length) return;
    current = list[0];
    text.textContent = current.message;
    if (!dialog.open) dialog.showModal();
  }

  button && button.addEventListener("click", async function () {
    if (!current) return;
    const result = await window.Contest.postJSON("/api/broadcasts/" + current.id + "/ack", {}).catch(() => null);
    if (result && result.status === 200) {
      current = null;
      dialog.close();
    }
  });
  dialog && dialog.addEventListener("cancel", (event) => event.preventDefault());
  window.ContestBroadcast = { show: show };
})();
