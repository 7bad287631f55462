(function () {
  "use strict";
  const CFG = JSON.parse(document.getElementById("sim-config").textContent);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const withLang = (url) => url + (url.includes("?") ? "&" : "?") + "lang=" + CFG.lang;

  function syncSend(form) {
    const box = form.querySelector("[data-sim-box]");
    form.querySelector("button[type=submit]").disabled = box.innerText.trim() === "";
  }

  function appendMessage(list, text) {
    const li = document.createElement("li");
    li.className = CFG.msgEvent;
    const who = document.createElement("span");
    who.className = "msg-s-message-group__name";
    who.textContent = CFG.member;
    const body = document.createElement("p");
    body.className = CFG.msgBody;
    body.textContent = text;
    li.append(who, body);
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  async function send(form) {
    const box = form.querySelector("[data-sim-box]");
    const text = box.innerText.trim();
    const error = form.querySelector("[data-sim-error]");
    if (!text) return;
    form.querySelector("button[type=submit]").disabled = true;
    error.hidden = true;
    let response = null;
    try {
      response = await fetch("/voyager/api/messaging/conversations", {
        method: "POST",
        headers: {"content-type": "application/json", "csrf-token": "ajax:sim"},
        body: JSON.stringify({recipient_slug: form.dataset.recipient, text: text}),
      });
    } catch (e) { response = null; }
    if (!response || response.status !== 201) {
      error.textContent = CFG.failed;
      error.hidden = false;
      syncSend(form);
      return;
    }
    const message = await response.json();
    appendMessage(form.closest("[data-sim-conversation]").querySelector("[data-sim-list]"), message.text);
    if (!form.hasAttribute("data-sim-keep")) box.innerHTML = "";
    syncSend(form);
  }

  async function openOverlay(slug) {
    const root = document.querySelector("[data-sim-overlay-root]");
    for (const bubble of root.querySelectorAll("[data-sim-bubble]")) {
      if (bubble.dataset.recipient === slug) { bubble.querySelector("[data-sim-box]").focus(); return; }
    }
    const response = await fetch(withLang("/__sim/api/overlay/" + encodeURIComponent(slug) + "/"));
    if (!response.ok) return;
    root.insertAdjacentHTML("beforeend", await response.text());
    const bubbles = root.querySelectorAll("[data-sim-bubble]");
    if (bubbles.length > 3) bubbles[0].remove();
    root.lastElementChild.querySelector("[data-sim-box]").focus();
  }

  function setupLazy() {
    const list = document.querySelector("[data-sim-lazy]");
    const sentinel = document.querySelector("[data-sim-sentinel]");
    if (!list || !sentinel) return;
    let busy = false;
    const finish = () => {
      sentinel.remove();
      const end = document.querySelector("[data-sim-end]");
      if (end) end.hidden = false;
    };
    const visible = () => sentinel.isConnected && sentinel.getBoundingClientRect().top < window.innerHeight;
    async function load() {
      if (busy || !list.dataset.next) return;
      busy = true;
      sentinel.hidden = false;
      await sleep(150);
      const response = await fetch(withLang(list.dataset.next));
      busy = false;
      if (!response.ok) return;
      const batch = await response.json();
      list.insertAdjacentHTML("beforeend", batch.html);
      list.dataset.next = batch.next || "";
      if (!batch.next) { finish(); return; }
      if (visible()) load();
    }
    if (!list.dataset.next) { finish(); return; }
    new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) load();
    }).observe(sentinel);
    window.addEventListener("scroll", () => { if (visible()) load(); }, {passive: true});
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const dismiss = target.closest("[data-sim-dismiss]");
    if (dismiss) { dismiss.closest("[data-sim-popup]").remove(); return; }
    const opener = target.closest("[data-sim-open]");
    if (opener) { event.preventDefault(); openOverlay(opener.dataset.simOpen); return; }
    const close = target.closest("[data-sim-close]");
    if (close) { close.closest("[data-sim-bubble]").remove(); return; }
    const link = target.closest("[data-sim-href]");
    if (link && !link.disabled) window.location.href = link.dataset.simHref;
  });
  document.addEventListener("input", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form[data-sim-composer]") : null;
    if (form) syncSend(form);
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-sim-composer]");
    if (!form) return;
    event.preventDefault();
    if (form.hasAttribute("data-sim-noop")) return;
    send(form);
  });
  setupLazy();
})();
