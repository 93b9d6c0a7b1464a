// The GRU book's own page script (book/_ext/gru_book.py adds it to every page, deferred).
(function () {
  "use strict";
  // Figures: never shrink one below 75 % of its drawn size (its 10 pt tick labels stay at
  // 10 px or more); a wider one scrolls sideways in a box that keyboard users can reach.
  const MIN_SCALE = 0.75;
  function fit(img) {
    if (!img.naturalWidth) return;
    // A cell diagram comes as <picture> (its phone form below 600 px): the picture moves.
    const unit = img.parentElement.tagName === "PICTURE" ? img.parentElement : img;
    const box = unit.parentElement;
    const column = (box.classList.contains("gru-wide-figure") ? box.parentElement : box)
      .clientWidth;
    // A figure's natural width in CSS px: SVGs come in pt (4/3 px), PNGs at 1 px per pixel.
    const natural = img.naturalWidth;
    const wide = natural * MIN_SCALE > column + 1;
    if (wide && !box.classList.contains("gru-wide-figure")) {
      const wrap = document.createElement("div");
      wrap.className = "gru-wide-figure";
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "group");
      wrap.setAttribute("aria-label", img.getAttribute("alt") || "");
      unit.parentNode.insertBefore(wrap, unit);
      wrap.appendChild(unit);
      img.style.width = Math.round(natural * MIN_SCALE) + "px";
    } else if (!wide && box.classList.contains("gru-wide-figure")) {
      box.parentNode.insertBefore(unit, box);
      box.remove();
      img.style.width = "";
    }
  }
  function fitAll() {
    document.querySelectorAll(".cell_output img").forEach((img) => {
      if (img.complete) fit(img); else img.addEventListener("load", () => fit(img), {once: true});
    });
  }
  // The language switch keeps the section: a link to this page's twin in the other language
  // gets the id of the section being read (a Chinese section carries its English twin's id).
  function currentSection() {
    const fromHash = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const heads = Array.from(document.querySelectorAll(
      "article.bd-article section > h2, article.bd-article section > h3"));
    let best = null;
    for (const h of heads) {
      if (h.getBoundingClientRect().top <= window.innerHeight * 0.35) best = h; else break;
    }
    const section = best ? best.parentElement : (fromHash && fromHash.closest("section"));
    return section && section.id ? section.id : "";
  }
  function twinLink(a) {
    const here = location.pathname.split("/"), there = new URL(a.href, location.href);
    const path = there.pathname.split("/");
    if (there.protocol !== location.protocol || path.length !== here.length) return false;
    const n = here.length;
    if (path[n - 1] !== here[n - 1]) return false;
    const pair = [here[n - 2], path[n - 2]].sort().join();
    return pair === "en,zh" && path.slice(0, n - 2).join("/") === here.slice(0, n - 2).join("/");
  }
  document.addEventListener("click", (event) => {
    const a = event.target.closest && event.target.closest("a[href]");
    if (!a || !twinLink(a)) return;
    const id = currentSection();
    if (id) { const url = new URL(a.href); url.hash = id; a.href = url.href; }
  }, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fitAll);
  else fitAll();
  window.addEventListener("resize", fitAll);
  window.gruBook = {fitAll: fitAll, currentSection: currentSection};
})();
