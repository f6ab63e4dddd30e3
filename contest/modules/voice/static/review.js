/* The marking page: playback speed, comments pinned to the current time, seeking to a pin. */
(function () {
  "use strict";
  const audio = document.getElementById("review-audio");
  if (!audio) return;
  const player = document.getElementById("player");
  const list = document.getElementById("pins");
  const form = document.getElementById("pin-form");
  const text = document.getElementById("pin-text");

  document.getElementById("review-speed").addEventListener("change", (event) => {
    // The default rate too: loading the recording resets playbackRate to it, so a speed
    // chosen before the audio had loaded was lost
    audio.defaultPlaybackRate = audio.playbackRate = Number(event.target.value);
  });

  function stamp(seconds) {
    const m = Math.floor(seconds / 60);
    return m + ":" + (seconds - m * 60).toFixed(1).padStart(4, "0");
  }

  function paint(pins) {
    list.replaceChildren(...pins.map((pin) => {
      const item = document.createElement("li");
      const seek = document.createElement("button");
      seek.type = "button";
      seek.className = "small secondary";
      seek.dataset.seek = String(pin.at_s);
      seek.textContent = stamp(pin.at_s);
      item.append(seek, " " + pin.text + (pin.judge ? "(" + pin.judge + ")" : ""));
      return item;
    }));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!text.value.trim()) return;
    const result = await window.Contest.postJSON(player.dataset.pinsUrl,
      { at_s: audio.currentTime, text: text.value }, 10000).catch(() => null);
    if (result && result.status === 200) {
      text.value = "";
      paint(result.data.pins);
    } else {
      window.alert((result && result.data && result.data.message) || "批注未能保存,请重试");
    }
  });

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-seek]");
    if (!button) return;
    audio.currentTime = Number(button.dataset.seek);
    audio.play().catch(() => {});
  });
})();
