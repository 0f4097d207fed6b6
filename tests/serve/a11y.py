"""An accessibility check of a page as Chromium rendered it, from its DOM and computed styles.

No axe-core build is packaged for Python and kept up to date, so the tests make the WCAG 2.2 AA
checks that apply to these pages themselves, in the browser, with nothing fetched:

* the page has a language, a title, exactly one ``h1`` and headings that never skip a level;
* every form control has a label (``<label for>``, a wrapping label or aria-label), every button
  and link has text, every image has an ``alt``, every frame a title;
* every visible piece of text has a contrast of at least 4.5:1 (3:1 when large) against the
  background it is drawn on, both read from the computed styles (colours with alpha blended);
* every control that takes focus shows it: a focus outline or ring that is not there without focus.
"""

from __future__ import annotations

from typing import Any

CHECK = r"""
const problems = [];
const say = (el, what) => problems.push(what + ": <" + el.tagName.toLowerCase()
    + (el.id ? " id=" + el.id : "") + "> " + (el.textContent || "").trim().slice(0, 40));
const doc = document.documentElement;
if (!doc.lang) problems.push("the page has no lang");
if (!document.title.trim()) problems.push("the page has no title");
const h1 = document.querySelectorAll("h1").length;
if (h1 !== 1) problems.push("the page has " + h1 + " h1 headings");
let level = 0;
for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
  const n = Number(h.tagName[1]);
  if (n > level + 1) say(h, "heading skips from h" + level);
  level = n;
}
const visible = (el) => {
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return s.visibility !== "hidden" && s.display !== "none" && r.width > 1 && r.height > 1;
};
for (const el of document.querySelectorAll("input, select, textarea")) {
  if (el.type === "hidden") continue;
  const named = (el.labels && el.labels.length) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
  if (!named) say(el, "form control without a label");
}
for (const el of document.querySelectorAll("button, a[href]")) {
  if (!(el.textContent || "").trim() && !el.getAttribute("aria-label")) say(el, "button or link without text");
}
for (const el of document.querySelectorAll("img")) if (!el.hasAttribute("alt")) say(el, "image without alt");
for (const el of document.querySelectorAll("iframe")) if (!el.title) say(el, "frame without a title");

const parse = (c) => {
  const m = c.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
const background = (el) => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255, 1];
  for (const c of layers.reverse()) bg = over(c, bg);
  return bg;
};
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
};
const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
const pairs = {};
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || !el || !visible(el)) continue;
  const s = getComputedStyle(el);
  const bg = background(el);
  const fg = over(parse(s.color), bg);
  const size = parseFloat(s.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
  const r = ratio(fg, bg);
  pairs[s.color + " on " + bg.slice(0, 3).join(",")] = r;
  if (r < (large ? 3 : 4.5)) say(el, "contrast " + r.toFixed(2) + ":1 of " + s.color + " on rgb(" + bg.slice(0, 3) + ")");
}
const ring = (s) => (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 ? s.outlineStyle + s.outlineWidth + s.outlineColor : "")
    + (s.boxShadow !== "none" ? s.boxShadow : "");
const focusable = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")]
    .filter((el) => el.type !== "hidden" && !el.disabled && (visible(el) || el.classList.contains("skip")));
for (const el of focusable) {
  const before = ring(getComputedStyle(el));
  el.focus({preventScroll: true});
  const after = ring(getComputedStyle(el));
  if (document.activeElement !== el) { say(el, "cannot take focus"); continue; }
  if (!after || after === before) say(el, "focus not visible");
  el.blur();
}
window.scrollTo(0, 0);
return {problems: problems, pairs: pairs, focusable: focusable.length};
"""


def check_page(driver: Any) -> dict[str, Any]:
    """Run the checks on the page the browser shows; fail listing every problem found."""
    found: dict[str, Any] = driver.execute_script(CHECK)
    assert found["problems"] == [], f"{driver.current_url}: " + "; ".join(found["problems"])
    assert found["pairs"], "no text was checked"
    return found
