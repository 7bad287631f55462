// linkedin-bot dashboard: the little script it needs (no framework, no third party).
// 1. Buttons with data-confirm ask before their form is sent.
// 2. Elements with data-live="<url>" follow a server-sent event stream: each event's data
//    is JSON {html?: string, text?: {id: text}, done?: bool}; the page reloads when done.
"use strict";

document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
    return;
  }
  if (button) {
    // One press sends one request: a second click while the page loads does nothing.
    setTimeout(() => { button.disabled = true; }, 0);
  }
});

function follow(element) {
  const url = element.dataset.live;
  if (!url || !window.EventSource) return;
  const source = new EventSource(url);
  source.addEventListener("update", (event) => {
    let data;
    try { data = JSON.parse(event.data); } catch (_) { return; }
    if (typeof data.html === "string") {
      const target = element.querySelector("[data-live-body]") || element;
      target.innerHTML = data.html;  // rendered and escaped by the server's templates
    }
    if (data.done) {
      source.close();
      if (element.dataset.reloadWhenDone !== undefined) window.location.reload();
    }
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CLOSED) element.classList.add("stale");
  });
  window.addEventListener("pagehide", () => source.close());
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-live]").forEach(follow);
  document.querySelectorAll("[data-autosubmit]").forEach((input) => {
    input.addEventListener("change", () => input.form && input.form.requestSubmit());
  });
});

// --- people & templates: the template editor's live preview -------------------------------
// A form with data-preview-url posts itself there (debounced) as the person types and puts
// the answer, HTML rendered and escaped by the server, in data-preview-target. Without this
// the editor's Preview button does the same with a page load.
function livePreview(form) {
  const target = document.querySelector(form.dataset.previewTarget);
  if (!target || !window.fetch) return;
  let timer = null;
  let latest = 0;
  const refresh = async () => {
    const asked = ++latest;
    try {
      const answer = await fetch(form.dataset.previewUrl, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
      });
      if (asked !== latest) return;  // a newer draft was sent meanwhile
      if (!answer.ok) { target.classList.add("stale"); return; }
      target.innerHTML = await answer.text();
      target.classList.remove("stale");
    } catch (_) {
      target.classList.add("stale");
    }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 400); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-preview-url]").forEach(livePreview);
});
