"""Reading a page as a person sees it: visible text only, each text once, in lines.

LinkedIn doubles many labels: the visible text in an ``aria-hidden`` span and a copy for
screen readers, clipped to one pixel. ``textContent`` reads both ("About About"), and so
does ``innerText`` (clipped text is rendered). These scripts walk the DOM, skip what is
not displayed (``display:none``, ``visibility:hidden``, closed templates) and what is
visually hidden (clipped to a pixel or less), and cut the rest into *lines*: the text of
one block element (a paragraph, a list item, a flex row...), inline children included.
Buttons and menus are left out: their words are actions, not data.

The scripts run in the page (one evaluation per page or list, not one round trip per
element): ``profile.py`` and ``search.py`` read the lines they return.
"""

from __future__ import annotations

# The shared helpers, prepended to each script below.
_PRELUDE = r"""
const SKIP = 'script, style, template, svg, button, select, input, textarea, noscript,'
  + ' [role=button], [role=menu], [role=menuitem], [role=dialog]';
const HEADING = 'h1, h2, h3, h4, h5, h6, [role=heading]';
const hiddenCache = new Map();
function isHidden(el) {
  if (hiddenCache.has(el)) return hiddenCache.get(el);
  let hidden = false;
  if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) hidden = true;
  else {
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    // A screen-reader copy: a box of a pixel or less that hides what overflows it.
    if ((cs.overflow === 'hidden' || cs.clip !== 'auto' || cs.clipPath.startsWith('inset'))
        && r.width <= 1 && r.height <= 1) hidden = true;
  }
  hiddenCache.set(el, hidden);
  return hidden;
}
function isBlock(el) {
  const d = getComputedStyle(el).display;
  return !(d.startsWith('inline') || d === 'contents');
}
function clean(text) { return text.replace(/\s+/g, ' ').trim(); }
// The visible lines of `root`: [{text, el}] where `el` is the block element holding it.
function visibleLines(root) {
  const out = [];
  let buf = '', owner = root;
  const flush = () => { const t = clean(buf); if (t) out.push({text: t, el: owner}); buf = ''; };
  // An element that holds no text of its own but several inline elements (spans side by
  // side, each one fact) gives one line per element; with text of its own ("<a>X</a> and
  // 3 others"), the inline elements are part of its line.
  const ownsText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const walk = (el) => {
    const split = !ownsText(el);
    for (const node of el.childNodes) {
      if (node.nodeType === 3) { buf += node.textContent; continue; }
      if (node.nodeType !== 1) continue;
      if (node.matches(SKIP) || isHidden(node)) continue;
      if (node.tagName === 'BR') { buf += ' '; continue; }
      if (split || isBlock(node)) {
        flush();
        const saved = owner; owner = node;
        walk(node);
        flush();
        owner = saved;
      } else {
        walk(node);
      }
    }
  };
  if (!isHidden(root)) walk(root);
  flush();
  return out;
}
// The visible text of `root` as innerText would give it, screen-reader copies and buttons
// left out; new lines kept where the page keeps them (pre-line text, blocks, <br>).
function visibleText(root) {
  let out = '';
  const walk = (el) => {
    for (const node of el.childNodes) {
      if (node.nodeType === 3) {
        const ws = getComputedStyle(el).whiteSpace;
        out += ws.startsWith('pre') ? node.textContent : node.textContent.replace(/\s+/g, ' ');
        continue;
      }
      if (node.nodeType !== 1 || node.matches(SKIP) || isHidden(node)) continue;
      if (node.tagName === 'BR') { out += '\n'; continue; }
      const block = isBlock(node);
      if (block) out += '\n';
      walk(node);
      if (block) out += '\n';
    }
  };
  if (!isHidden(root)) walk(root);
  return out.split('\n').map((l) => l.replace(/[ \t]+/g, ' ').trim()).filter(Boolean).join('\n');
}
function ownText(el) { return clean(visibleText(el)); }
function firstVisible(root, selector) {
  return [...root.querySelectorAll(selector)].find((el) => !isHidden(el)) || null;
}
// The block element holding `el` (itself when it is one), below `stop`.
function blockOf(el, stop) {
  let b = el;
  while (b !== stop && b.parentElement && !isBlock(b)) b = b.parentElement;
  return b;
}
const DESCRIPTION = '[data-testid*="expandable-text" i]';
"""

# The profile page (or a details page): the top card and the sections whose visible
# heading is one of `headings`, each with its entries' lines. Argument: {headings: [...],
# dateRange: a JS regular expression source, contactInfo: href fragment}.
PROFILE_JS = (
    "(args) => {"
    + _PRELUDE
    + r"""
  const main = document.querySelector('main') || document.body;
  const known = new Set(args.headings);
  const dateRe = new RegExp(args.dateRange, 'iu');
  const headings = [...main.querySelectorAll(HEADING)].filter((h) => !isHidden(h));
  const headingText = (h) => ownText(h).toLocaleLowerCase();
  const isCard = (el) => el.tagName === 'SECTION' || el.tagName === 'ARTICLE'
    || el.hasAttribute('componentkey');
  const isRoot = (el) => el === main || el.hasAttribute('data-sdui-screen');
  // The smallest block around a heading that holds no other heading of its level: its
  // card. A card (section, componentkey) ends the climb; so does the page's wrapper.
  function cardOf(h) {
    const level = h.tagName;
    let el = h;
    while (!isCard(el)) {
      const up = el.parentElement;
      if (!up || isRoot(up)) break;
      const same = [...up.querySelectorAll(level)].filter((x) => !isHidden(x));
      if (same.length > 1) break;
      el = up;
    }
    return el;
  }
  // Top card: the name heading (h1; 2026 pages put it in the first h2 that is no section).
  let nameEl = headings.find((h) => h.tagName === 'H1' && !known.has(headingText(h)));
  if (!nameEl) nameEl = headings.find((h) => !known.has(headingText(h)));
  const top = nameEl ? cardOf(nameEl) : null;
  const topOut = {name: null, lines: [], contact: null, otwImage: false, message: null,
                  mainLines: 0, topLines: 0};
  if (top) {
    topOut.name = ownText(nameEl);
    topOut.lines = visibleLines(top).map((l) => ({text: l.text, name: nameEl.contains(l.el)}));
    const contact = firstVisible(top, 'a[href*="' + args.contactInfo + '"]');
    if (contact) {
      topOut.contact = {line: ownText(blockOf(contact.parentElement, top)), link: ownText(contact)};
    }
    const otwAlt = /#OPEN_?TO_?WORK/i;
    topOut.otwImage = [...top.querySelectorAll('img[alt]')].some((i) => otwAlt.test(i.alt))
      || !!top.querySelector('[data-testid*="open-to-work" i]');
    const compose = firstVisible(top, 'a[href*="/messaging/compose/"]');
    const messageLabel = new RegExp(args.messageLabel, 'iu');
    const label = (b) => clean(b.getAttribute('aria-label') || b.innerText);
    const button = [...top.querySelectorAll('button')].find(
      (b) => !isHidden(b) && messageLabel.test(label(b)));
    topOut.message = compose ? 'link' : (button ? 'button' : null);
    topOut.mainLines = visibleLines(main).length;
    topOut.topLines = topOut.lines.length;
  }
  // Entries of a card: the outermost list items (li, role=listitem, componentkey) below it.
  function entriesOf(card, heading) {
    const all = [...card.querySelectorAll('li, [role=listitem], [componentkey]')]
      .filter((el) => el !== card && !el.contains(heading) && !isHidden(el));
    return all.filter((el) => !all.some((other) => other !== el && other.contains(el)));
  }
  // An entry's lines, each marked: a heading, a date range, inside a nested list or a
  // description (not the entry's own facts), and which role block (grouped positions).
  function entry(el) {
    const lines = visibleLines(el);
    const dates = lines.filter((l) => dateRe.test(l.text));
    const blocks = [];
    if (dates.length > 1) {
      for (const d of dates) {
        let b = d.el;
        const alone = (box) => dates.filter((x) => box.contains(x.el)).length === 1;
        while (b.parentElement && b.parentElement !== el && alone(b.parentElement)) {
          b = b.parentElement;
        }
        blocks.push(b);
      }
    }
    return lines.map((l) => {
      const nested = l.el.closest('ul, ol, [role=list]');
      return {
        text: l.text,
        heading: !!l.el.closest(HEADING),
        date: dateRe.test(l.text),
        nested: !!(nested && nested !== el && el.contains(nested)
          && !blocks.some((b) => nested.contains(b))),
        described: !!l.el.closest(DESCRIPTION),
        block: blocks.findIndex((b) => b.contains(l.el)),
      };
    });
  }
  const sections = [];
  for (const h of headings) {
    if (top && top.contains(h)) continue;
    const text = headingText(h);
    if (!known.has(text)) continue;
    const card = cardOf(h);
    const showAll = firstVisible(card, 'a[href*="/details/"]');
    // About: its text box, else the first block after the heading that holds text.
    const body = [...card.children].filter((c) => !c.contains(h) && !isHidden(c));
    const described = firstVisible(card, DESCRIPTION);
    sections.push({
      heading: text,
      about: described ? visibleText(described) : (body.map(visibleText).find(Boolean) || ''),
      showAll: showAll ? showAll.getAttribute('href') : null,
      showAllText: showAll ? ownText(showAll) : null,
      entries: entriesOf(card, h).map(entry),
    });
  }
  return {top: topOut, sections, busy: main.querySelectorAll('[aria-busy=true]').length};
}"""
)

# People-search results: for each result card (argument: the cards), its lines and its
# profile links [{href, text}] in page order.
SEARCH_CARDS_JS = (
    "(cards) => {"
    + _PRELUDE
    + r"""
  return cards.map((card) => ({
    lines: visibleLines(card).map((l) => l.text),
    links: [...card.querySelectorAll('a[href*="/in/"]')].map((a) => ({
      href: a.getAttribute('href'), text: isHidden(a) ? '' : ownText(a),
      line: ownText(blockOf(a, card)),
    })),
  }));
}"""
)
