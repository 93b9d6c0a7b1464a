"""Measuring a view as a phone reader and a low-vision reader meet it (Chromium, via Playwright):
the smallest font a reader sees inside it (CSS px after the SVG's scaling), whatever sticks out of
it sideways, and the WCAG contrast of every visible text against what lies under it.

:func:`audit` runs one script in the page and returns plain numbers and the worst offenders, so a
test can assert on them and say which text failed. Used by tests/gru_viz/test_views_a11y_browser.py
(and by hand, to take the before/after figures of issue 25).
"""
from __future__ import annotations

AUDIT_JS = r"""
(root) => {
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) { return null; }
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (rgb) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const over = (top, a, bottom) => [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a));
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  // The opaque colour behind an element: its ancestors' backgrounds, blended from the page down.
  const behind = (node) => {
    const chain = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) { chain.push(n); }
    let bg = [255, 255, 255];
    for (const n of chain.reverse()) {
      if (n instanceof SVGElement) { continue; }
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { bg = over(c, c[3], bg); }
    }
    return bg;
  };
  const opacityOf = (node) => {
    let a = 1;
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      a *= parseFloat(getComputedStyle(n).opacity);
    }
    return a;
  };
  const visible = (n) => {
    if (!n.getClientRects().length) { return false; }
    const s = getComputedStyle(n);
    return s.visibility !== "hidden" && s.display !== "none";
  };
  const rootBox = root.getBoundingClientRect();
  const out = {fonts: [], contrast: [], overflow: [], width: rootBox.width,
               page_overflow: document.documentElement.scrollWidth - window.innerWidth};
  // Every element with its own text.
  const all = [root, ...root.querySelectorAll("*")];
  for (const n of all) {
    if (["SCRIPT", "STYLE", "NOSCRIPT", "OPTION", "title"].includes(n.tagName)) { continue; }
    if (n.closest("[aria-hidden=true]") && !n.closest("svg.ge-legend-bar")) { continue; }
    const own = Array.from(n.childNodes).filter(c => c.nodeType === 3 && c.textContent.trim());
    if (!own.length || !visible(n)) { continue; }
    const style = getComputedStyle(n);
    let size = parseFloat(style.fontSize), fg, bg;
    if (n instanceof SVGElement) {
      const text = n.closest("text") || n;
      const m = text.getScreenCTM();
      size *= m ? Math.hypot(m.a, m.b) : 1;
      fg = parse(style.fill);
      const a = parseFloat(style.fillOpacity);
      bg = behind(n.ownerSVGElement || n);
      if (fg) { fg = over(fg, (isNaN(a) ? 1 : a) * fg[3], bg); }
      // A text drawn on a filled shape of the drawing (a gate's box) is read against the shape.
      const under = n.getAttribute("data-on");
      if (under) { const u = parse(under); if (u) { bg = over(u, u[3], bg); } }
    } else {
      fg = parse(style.color);
      bg = behind(n);
      if (fg) { fg = over(fg, fg[3], bg); }
    }
    const a = opacityOf(n);
    if (fg && a < 1) { fg = over(fg, a, bg); }
    const what = (n.getAttribute("class") || n.tagName) + ": " + n.textContent.trim().slice(0, 24);
    out.fonts.push([Math.round(size * 100) / 100, what]);
    if (fg) { out.contrast.push([Math.round(ratio(fg, bg) * 100) / 100, what,
                                 fg.map(Math.round).join(","), bg.map(Math.round).join(",")]); }
  }
  // Anything that reaches past the view's own box, or a box of it that scrolls sideways.
  for (const n of all) {
    if (!visible(n)) { continue; }
    const b = n.getBoundingClientRect();
    if (b.width && (b.right > rootBox.right + 1 || b.left < rootBox.left - 1)) {
      out.overflow.push(["sticks out " + Math.round(Math.max(b.right - rootBox.right, rootBox.left - b.left)) + " px",
                         (n.getAttribute("class") || n.tagName)]);
    }
    if (!(n instanceof SVGElement) && n.scrollWidth > n.clientWidth + 1 &&
        ["auto", "scroll"].includes(getComputedStyle(n).overflowX)) {
      out.overflow.push(["scrolls " + (n.scrollWidth - n.clientWidth) + " px",
                         (n.getAttribute("class") || n.tagName)]);
    }
  }
  out.fonts.sort((p, q) => p[0] - q[0]);
  out.contrast.sort((p, q) => p[0] - q[0]);
  return out;
}
"""


def audit(root) -> dict:
    """The measures of one view (a Playwright element handle): ``fonts`` [(CSS px, what)],
    ``contrast`` [(ratio, what, fg, bg)], both smallest first, ``overflow`` [(how, what)],
    ``page_overflow`` (px the page scrolls sideways) and the view's ``width``."""
    return root.evaluate(AUDIT_JS)


def min_font(report) -> float:
    return report["fonts"][0][0] if report["fonts"] else float("inf")


def min_contrast(report) -> float:
    return report["contrast"][0][0] if report["contrast"] else float("inf")
