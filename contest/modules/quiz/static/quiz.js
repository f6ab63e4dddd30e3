/* Quiz screen helpers: navigator colours, flags (kept on this terminal only), clearing a
 * choice, and keyboard moves between questions. Answers themselves go through attempt.js. */
(function () {
  "use strict";
  const questions = Array.from(document.querySelectorAll(".quiz-question"));
  const flagKey = "contest.quizflags." + JSON.parse(document.getElementById("attempt-config").textContent).attemptId;
  let flags = new Set();
  try { flags = new Set(JSON.parse(window.localStorage.getItem(flagKey)) || []); } catch (e) { /* none */ }

  function isAnswered(fieldset) {
    return fieldset.querySelector("input:checked") !== null;
  }

  function paint() {
    questions.forEach((fieldset) => {
      const key = fieldset.dataset.item;
      const link = document.querySelector('[data-nav-for="' + key + '"]');
      link.classList.toggle("answered", isAnswered(fieldset));
      link.classList.toggle("flagged", flags.has(key));
      const button = fieldset.querySelector("[data-flag]");
      button.setAttribute("aria-pressed", String(flags.has(key)));
      button.textContent = flags.has(key) ? "取消标记" : "标记本题";
    });
  }

  function toggleFlag(key) {
    if (flags.has(key)) flags.delete(key); else flags.add(key);
    try { window.localStorage.setItem(flagKey, JSON.stringify(Array.from(flags))); } catch (e) { /* quota */ }
    paint();
  }

  function current() {
    const active = document.activeElement && document.activeElement.closest(".quiz-question");
    return active ? questions.indexOf(active) : -1;
  }

  function focusQuestion(index) {
    const target = questions[Math.max(0, Math.min(questions.length - 1, index))];
    const input = target.querySelector("input:checked") || target.querySelector("input");
    target.scrollIntoView({ block: "center" });
    input.focus();
  }

  document.addEventListener("click", (event) => {
    const flag = event.target.closest("[data-flag]");
    if (flag) toggleFlag(flag.dataset.flag);
    const clear = event.target.closest("[data-clear]");
    if (clear) {
      const fieldset = clear.closest(".quiz-question");
      fieldset.querySelectorAll("input").forEach((input) => { input.checked = false; });
      fieldset.querySelector("input").dispatchEvent(new Event("change", { bubbles: true }));
    }
    const nav = event.target.closest("[data-nav-for]");
    if (nav) {
      event.preventDefault();
      focusQuestion(questions.findIndex((q) => q.dataset.item === nav.dataset.navFor));
    }
  });

  document.addEventListener("keydown", (event) => {
    if (!event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === "n") focusQuestion(current() + 1);
    else if (key === "p") focusQuestion(current() - 1);
    else if (key === "m" && current() >= 0) toggleFlag(questions[current()].dataset.item);
    else return;
    event.preventDefault();
  });

  document.addEventListener("change", paint);
  document.addEventListener("attempt:painted", paint);
  paint();
})();
