// The DOM helpers every view's renderer shares: SVG elements from plain items, clearing a node,
// showing or hiding one, and SVG text with subscripts. The pure layout modules describe what to
// draw as items {tag, attrs, text} (Node tests them); draw() puts items into an element.
"use strict";

var NS = "http://www.w3.org/2000/svg";
var PALETTE = require("./gru_palette.json");

// The palette's colours by value: "#0072B2" → "h_prev-line". An item's fill or stroke of the
// palette is drawn as var(--<prefix>-<role>-<kind>, #hex), so that the view's dark theme (CSS
// custom properties from gru_viz/page.py) recolours it; the layout's items keep plain colours.
var THEMED = (function () {
  var out = {}, roles = PALETTE.roles;
  Object.keys(roles).forEach(function (role) {
    ["text", "line"].forEach(function (kind) { out[roles[role][kind].toLowerCase()] = role + "-" + kind; });
  });
  Object.keys(PALETTE.surfaces).forEach(function (name) {
    out[PALETTE.surfaces[name].toLowerCase()] = name;
  });
  return out;
})();
function themedStyle(attrs, prefix) {
  var style = [];
  ["fill", "stroke"].forEach(function (prop) {
    var c = attrs[prop];
    if (typeof c !== "string") { return; }
    var name = THEMED[c.toLowerCase()];
    if (name) { style.push(prop + ": var(--" + prefix + "-" + name + ", " + c + ")"); }
  });
  return style.join("; ");
}

// An SVG element with attributes and (optional) text.
function el(tag, attrs, text, doc) {
  var node = (doc || document).createElementNS(NS, tag);
  for (var k in attrs) {
    if (Object.prototype.hasOwnProperty.call(attrs, k)) { node.setAttribute(k, attrs[k]); }
  }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

// The attribute, which SVG elements have too (not the property).
function show(node, on) {
  if (on) { node.removeAttribute("hidden"); } else { node.setAttribute("hidden", ""); }
}

// Text with subscripts: "H_{t−1}" and "x_t" become pieces, some marked sub (pure).
var SUBSCRIPT = /_(\{[^}]*\}|.)/g;
function pieces(text) {
  var out = [], last = 0, m;
  SUBSCRIPT.lastIndex = 0;
  while ((m = SUBSCRIPT.exec(text)) !== null) {
    if (m.index > last) { out.push({text: text.slice(last, m.index)}); }
    out.push({text: m[1].charAt(0) === "{" ? m[1].slice(1, -1) : m[1], sub: true});
    last = m.index + m[0].length;
  }
  if (last < text.length) { out.push({text: text.slice(last)}); }
  return out;
}

// An SVG text element whose subscripts are tspans, `size` its font size, `subSize` theirs.
function richText(node, text, size, subSize, doc) {
  var shift = Math.round(size * 0.3);
  pieces(text).forEach(function (part, i, all) {
    var span = el("tspan", {}, part.text, doc);
    if (part.sub) {
      span.setAttribute("font-size", subSize);
      span.setAttribute("dy", shift);
    } else if (i > 0 && all[i - 1].sub) {
      span.setAttribute("dy", -shift);
    }
    node.appendChild(span);
  });
}

// Replaces the children of `svg` with the items (an item with `rich` gets subscripts, at
// item.size or `font`, subscripts at font·subRatio).
function draw(svg, items, font, subRatio, prefix) {
  var doc = svg.ownerDocument, frag = doc.createDocumentFragment();
  items.forEach(function (item) {
    var node = el(item.tag, item.attrs, item.rich ? undefined : item.text, doc);
    var style = themedStyle(item.attrs, prefix || "gv");
    if (style) { node.setAttribute("style", style); }
    if (item.rich && item.text !== undefined) {
      var size = item.size || font;
      richText(node, item.text, size, size * (subRatio || 1), doc);
    }
    frag.appendChild(node);
  });
  // An SVG's <desc> (what it shows, for screen readers) stays; everything else is redrawn.
  var desc = svg.firstChild && svg.firstChild.nodeName === "desc" ? svg.firstChild : null;
  clear(svg);
  if (desc) { svg.appendChild(desc); }
  svg.appendChild(frag);
}

// The width of an element's content box in CSS px (0 when it is not laid out).
function contentWidth(node) {
  if (!node || !node.clientWidth) { return 0; }
  var st = window.getComputedStyle(node);
  return node.clientWidth - (parseFloat(st.paddingLeft) || 0) - (parseFloat(st.paddingRight) || 0);
}

module.exports = {NS: NS, themedStyle: themedStyle, contentWidth: contentWidth, el: el, clear: clear, show: show, pieces: pieces, richText: richText,
                  draw: draw};
