"""Visible text as a person reads it, in the page: JavaScript shared by the list readers.

LinkedIn doubles many texts for screen readers (a visually hidden copy clipped to one
pixel) and hides presence lines ("Status is online") inside photo links; ``textContent``
and even ``innerText`` read those. These helpers read only what is drawn on screen, and
split a container's text into blocks the way it is laid out (a paragraph, a link's or a
button's text), each with its emphasised words.
"""

from __future__ import annotations

# Defines `hidden(el, root)` and `blocks(root)` for the scripts that include it.
VISIBLE_TEXT_JS = """
const hiddenCache = new Map();
function hiddenOne(el) {
  if (hiddenCache.has(el)) return hiddenCache.get(el);
  const style = getComputedStyle(el);
  let hidden = el.tagName === "TEMPLATE" || style.display === "none"
    || style.visibility === "hidden" || style.visibility === "collapse";
  if (!hidden && (style.clip.startsWith("rect(0") || style.clipPath === "inset(50%)")) {
    hidden = true;
  }
  if (!hidden && style.overflow === "hidden") {
    const box = el.getBoundingClientRect();
    hidden = box.width <= 1 && box.height <= 1;
  }
  hiddenCache.set(el, hidden);
  return hidden;
}
function hidden(el, root) {
  for (let node = el; node && node !== root; node = node.parentElement) {
    if (hiddenOne(node)) return true;
  }
  return root ? hiddenOne(root) : false;
}
const INTERACTIVE = "a[href], button, [role=button], [role=link]";
function blockOf(node, root) {
  for (let el = node.parentElement; el && el !== root; el = el.parentElement) {
    if (el.matches(INTERACTIVE)) return el;
    const display = getComputedStyle(el).display;
    if (!display.startsWith("inline") && display !== "contents") return el;
  }
  return root;
}
function blocks(root) {
  const found = new Map();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim() || !node.parentElement || hidden(node.parentElement, root)) continue;
    const block = blockOf(node, root);
    if (!found.has(block)) found.set(block, {el: block, text: "", strong: ""});
    const entry = found.get(block);
    entry.text += node.data;
    const emphasis = node.parentElement.closest("strong, b, em");
    if (emphasis && block.contains(emphasis)) entry.strong += node.data;
  }
  const squash = (text) => text.replace(/\\s+/g, " ").trim();
  return Array.from(found.values()).map((b) => ({
    el: b.el, text: squash(b.text), strong: squash(b.strong),
  }));
}
"""
