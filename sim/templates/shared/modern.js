(function () {
  "use strict";
  // The classic and sdui pages' behaviour. data-sim-* attributes are this script's hooks
  // only: what a driver needs is carried by roles, labels, text and hrefs.
  const CFG = JSON.parse(document.getElementById("sim-config").textContent);
  const SEND = "/voyager/api/messaging/conversations";
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const withLang = (url) => url + (url.includes("?") ? "&" : "?") + "lang=" + CFG.lang;
  const inView = (el) => el.isConnected && el.getBoundingClientRect().top < window.innerHeight;

  // Placeholders (data-sim-defer) hold their content in a <template>: it is rendered only
  // once the placeholder scrolls into view.
  const deferred = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      deferred.unobserve(entry.target);
      setTimeout(() => fill(entry.target), CFG.deferMs);
    }
  });

  function fill(el) {
    const tpl = el.querySelector(":scope > template");
    if (!tpl) return;
    el.replaceChildren(tpl.content.cloneNode(true));
    el.removeAttribute("aria-busy");
    el.removeAttribute("data-sim-defer");
    upgrade(el);
  }

  // Part of a conversation lives in an open shadow root (sdui).
  function attachShadow(host) {
    const tpl = host.querySelector(":scope > template");
    if (host.shadowRoot || !tpl) return;
    host.attachShadow({mode: "open"}).append(tpl.content.cloneNode(true));
    tpl.remove();
  }

  // Details pages: more items when the sentinel at the bottom scrolls into view.
  const scrolled = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) loadNext(entry.target);
  });

  async function loadNext(sentinel) {
    if (sentinel.dataset.busy) return;
    sentinel.dataset.busy = "1";
    await sleep(CFG.moreMs);
    const response = await fetch(withLang(sentinel.dataset.simScrollNext));
    if (!response.ok) { delete sentinel.dataset.busy; return; }
    const batch = await response.json();
    const items = document.querySelector("[data-sim-items]");
    items.insertAdjacentHTML("beforeend", batch.html);
    upgrade(items);
    if (!batch.next) { sentinel.remove(); return; }
    sentinel.dataset.simScrollNext = batch.next;
    delete sentinel.dataset.busy;
    if (inView(sentinel)) loadNext(sentinel);
  }

  function upgrade(root) {
    root.querySelectorAll("[data-sim-defer]").forEach((el) => deferred.observe(el));
    root.querySelectorAll("[data-sim-shadow]").forEach(attachShadow);
    root.querySelectorAll("[data-sim-scroll-next]").forEach((el) => scrolled.observe(el));
  }

  async function showMore(button) {
    if (button.disabled) return;
    button.disabled = true;
    await sleep(CFG.moreMs);
    const response = await fetch(withLang(button.dataset.simMore));
    if (!response.ok) { button.disabled = false; return; }
    const batch = await response.json();
    const items = document.querySelector("[data-sim-items]");
    items.insertAdjacentHTML("beforeend", batch.html);
    upgrade(items);
    if (batch.next) { button.dataset.simMore = batch.next; button.disabled = false; }
    else button.closest("[data-sim-more-wrap]") ? button.closest("[data-sim-more-wrap]").remove() : button.remove();
  }

  // Conversations.
  const boxOf = (form) => form.querySelector("[data-sim-box]");
  const BLOCKS = new Set(["P", "DIV"]);

  // The composer's plain text as the editor sends it: one line per paragraph or <br>
  // (a <br> closing a paragraph is not a line of its own), no-break spaces as spaces.
  function textOf(box) {
    const lines = [];
    let line = "";
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) line += child.data;
        else if (child.nodeName === "BR") {
          if (child.nextSibling || !BLOCKS.has(node.nodeName)) { lines.push(line); line = ""; }
        } else if (BLOCKS.has(child.nodeName)) {
          if (line) { lines.push(line); line = ""; }
          walk(child);
          lines.push(line);
          line = "";
        } else walk(child);
      }
    };
    walk(box);
    if (line) lines.push(line);
    return lines.join("\n").replace(/\u00a0/g, " ").trim();
  }

  function listOf(conversation) {
    const direct = conversation.querySelector("[data-sim-list]");
    if (direct) return direct;
    const host = conversation.querySelector("[data-sim-shadow]");
    return host && host.shadowRoot ? host.shadowRoot.querySelector("[data-sim-list]") : null;
  }

  function syncSend(form) {
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = textOf(boxOf(form)) === "";
  }

  function caretToEnd(box) {
    box.focus();
    const range = document.createRange();
    range.selectNodeContents(box);
    range.collapse(false);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // The nearest scrollable ancestor, across the shadow boundary.
  function scrollDown(list) {
    let el = list;
    while (el) {
      const overflow = getComputedStyle(el).overflowY;
      if (overflow === "auto" || overflow === "scroll") { el.scrollTop = el.scrollHeight; return; }
      el = el.parentElement || (el.getRootNode() instanceof ShadowRoot ? el.getRootNode().host : null);
    }
  }

  function showFailed(list, form, text) {
    const item = document.getElementById("sim-failed").content.firstElementChild.cloneNode(true);
    item.querySelector("[data-sim-text]").textContent = text;
    item.querySelector("[data-sim-retry]").addEventListener("click", () => {
      item.remove();
      deliver(form, text);
    });
    list.append(item);
    scrollDown(list);
  }

  async function deliver(form, text) {
    const list = listOf(form.closest("[data-sim-conversation]"));
    let response = null;
    try {
      response = await fetch(SEND, {
        method: "POST",
        headers: {"content-type": "application/json", "csrf-token": "ajax:sim"},
        body: JSON.stringify({recipient_slug: form.dataset.recipient, text: text}),
      });
    } catch (e) { response = null; }
    if (!response || response.status !== 201) { showFailed(list, form, text); return; }
    const message = await response.json();
    list.insertAdjacentHTML("beforeend", message.html);
    scrollDown(list);
  }

  async function send(form) {
    if (form.hasAttribute("data-sim-noop")) return;
    const box = boxOf(form);
    const text = textOf(box);
    if (!text) return;
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    if (!form.hasAttribute("data-sim-keep")) box.innerHTML = "";
    await deliver(form, text);
    syncSend(form);
  }

  async function openConversation(params) {
    const overlay = document.querySelector("[data-sim-overlay-root]");
    const response = await fetch(withLang("/__sim/api/conversation/?" + params.toString()));
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const bubble = holder.firstElementChild;
    for (const open of overlay.querySelectorAll("[data-sim-bubble]")) {
      if (open.dataset.recipient === bubble.dataset.recipient) { caretToEnd(boxOf(open)); return; }
    }
    overlay.append(bubble);
    upgrade(bubble);
    scrollDown(listOf(bubble));
    const bubbles = overlay.querySelectorAll("[data-sim-bubble]");
    if (bubbles.length > CFG.maxBubbles) bubbles[0].remove();
    caretToEnd(boxOf(bubble));
  }

  function toggleMenu(trigger) {
    const menu = trigger.parentElement.querySelector("[data-sim-menu-content]");
    const open = menu.hidden;
    menu.hidden = !open;
    trigger.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const dismiss = target.closest("[data-sim-dismiss]");
    if (dismiss) { dismiss.closest("[data-sim-popup]").remove(); return; }
    const compose = target.closest('a[href*="/messaging/compose/"]');
    if (compose && document.querySelector("[data-sim-overlay-root]")) {
      event.preventDefault();
      openConversation(new URL(compose.href).searchParams);
      return;
    }
    const opener = target.closest("[data-sim-open]");
    if (opener) {
      event.preventDefault();
      openConversation(new URLSearchParams({recipient: opener.dataset.simOpen}));
      return;
    }
    const more = target.closest("[data-sim-more]");
    if (more) { showMore(more); return; }
    const close = target.closest("[data-sim-close]");
    if (close) { close.closest("[data-sim-bubble]").remove(); return; }
    const minimize = target.closest("[data-sim-minimize]");
    if (minimize) { minimize.closest("[data-sim-bubble]").toggleAttribute("data-sim-minimized"); return; }
    const toggle = target.closest("[data-sim-toggle]");
    if (toggle) {
      const body = toggle.parentElement.querySelector("[data-sim-toggled]");
      body.hidden = !body.hidden;
      return;
    }
    const menu = target.closest("[data-sim-menu]");
    if (menu) { toggleMenu(menu); return; }
    const link = target.closest("[data-sim-href]");
    if (link && !link.disabled) window.location.href = link.dataset.simHref;
  });

  document.addEventListener("keydown", (event) => {
    const box = event.target instanceof Element ? event.target.closest("[data-sim-box]") : null;
    if (!box || event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    const form = box.closest("form[data-sim-composer]");
    if (form.hasAttribute("data-sim-enter")) { event.preventDefault(); send(form); }
  });
  document.addEventListener("input", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form[data-sim-composer]") : null;
    if (form) syncSend(form);
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-sim-composer]");
    if (!form) return;
    event.preventDefault();
    send(form);
  });
  window.addEventListener("scroll", () => {
    document.querySelectorAll("[data-sim-scroll-next]").forEach((el) => { if (inView(el)) loadNext(el); });
  }, {passive: true});
  upgrade(document);
  document.querySelectorAll("[data-sim-conversation]").forEach((c) => scrollDown(listOf(c)));
})();
