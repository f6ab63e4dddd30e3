/* Report screen: uploads the workbook and the report as multipart forms through fetch, so the
 * page keeps its state and shows what is happening. The server checks every file and answers
 * with a Chinese reason when it refuses one. The current file of each slot is drawn through
 * the engine's "report-file" kind, so attempt.js repaints it and counts it when handing in. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("report-config").textContent);

  function sizeText(size) {
    if (size < 1024) return size + " 字节";
    if (size < 1024 * 1024) return (size / 1024).toFixed(1) + " KB";
    return (size / 1024 / 1024).toFixed(1) + " MB";
  }

  function paintFile(el, value) {
    if (!value || !value.name) return;
    el.dataset.name = value.name;
    el.textContent = "已上传:";
    const name = document.createElement("span");
    name.className = "report-file-name";
    name.textContent = value.name;
    el.appendChild(name);
    const at = window.Contest.clockText(Date.parse(value.uploaded_at));
    el.appendChild(document.createTextNode("(" + sizeText(value.size) + "," + at + ")"));
  }

  window.ContestKinds = window.ContestKinds || {};
  window.ContestKinds["report-file"] = {
    read: (el) => el.dataset.name || "",
    write: paintFile,
  };

  function setStatus(box, text, state) {
    const status = box.querySelector(".report-status");
    status.textContent = text;
    status.dataset.state = state;
  }

  function refusalOf(file, slot) {
    if (!file) return "请先选择要上传的文件";
    if (!file.name.toLowerCase().endsWith("." + slot)) return "此处只接受 ." + slot + " 文件,请另存为 ." + slot + " 后再上传";
    if (file.size === 0) return "文件为空(0 字节),请重新保存后上传";
    if (file.size > config.maxBytes) return "文件过大(" + sizeText(file.size) + "),上限为 " + sizeText(config.maxBytes);
    return "";
  }

  async function send(form) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.timeoutMs);
    try {
      const response = await fetch(form.action, {
        method: "POST", credentials: "same-origin", body: new FormData(form),
        headers: { "X-CSRFToken": window.Contest.csrfToken }, signal: controller.signal,
      });
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      return { status: response.status, data: data };
    } finally {
      clearTimeout(timer);
    }
  }

  async function upload(event) {
    event.preventDefault();
    const form = event.target;
    const box = form.closest(".report-upload");
    const slot = box.dataset.slot;
    const input = form.querySelector("input[type=file]");
    const button = form.querySelector("button");
    const progress = form.querySelector("progress");
    const problem = refusalOf(input.files[0], slot);
    if (problem) { setStatus(box, problem, "refused"); return; }
    button.disabled = true;
    progress.hidden = false;
    setStatus(box, "正在上传并检查文件……", "busy");
    let result = null;
    try { result = await send(form); } catch (e) { result = null; }
    button.disabled = false;
    progress.hidden = true;
    const data = (result && result.data) || {};
    if (result && result.status === 200 && data.ok) {
      paintFile(box.querySelector("[data-kind=report-file]"), data.file);
      input.value = "";
      setStatus(box, "上传成功,文件可以正常打开(" + window.Contest.clockText(Date.now()) + ")。如需修改,可再次上传,以最后一次为准。", "ok");
    } else if (result) {
      setStatus(box, "未上传:" + (data.message || "服务器暂时无法接收文件,请稍后重试"), "refused");
    } else {
      setStatus(box, "网络中断或超时,文件未上传,请检查网络后重试", "refused");
    }
  }

  document.querySelectorAll(".report-form").forEach((form) => form.addEventListener("submit", upload));
})();
