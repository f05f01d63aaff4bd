// Small DOM helpers: elements built with attributes only (no inline styles: strict CSP).
const SVG_NS = "http://www.w3.org/2000/svg";

function setAll(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

function appendAll(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Return a new HTML element with attributes and children. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAll(el, attrs);
  appendAll(el, children);
  return el;
}

/** Return a new SVG element with attributes and children. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAll(el, attrs);
  appendAll(el, children);
  return el;
}

/** Return a template with its {name} fields filled in. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
}

/** Return the page's translated strings (a JSON script element the server renders). */
export function strings() {
  const el = document.getElementById("editor-strings");
  return el ? JSON.parse(el.textContent) : {};
}

/** Replace an element's children (nested lists flattened, empty parts left out). */
export function put(el, ...children) {
  el.replaceChildren();
  appendAll(el, children);
}
