// Completion: PREFIX lines (ours and the common ones) and our ontology's terms with labels.
import { declaredPrefixes } from "./prefixes.js";

const PREFIX_LINE = /^\s*PREFIX\s+([A-Za-z][\w-]*)?$/i;
const PREFIXED = /[A-Za-z][\w-]*:[\w-]*$/;

function labelText(term, lang) {
  const order = lang === "en" ? ["en", "da"] : ["da", "en"];
  return order.map((l) => term.label[l]).filter(Boolean).join(" · ");
}

function prefixOptions(data) {
  return Object.entries(data.prefixes).map(([name, namespace]) => ({
    label: `${name}: <${namespace}>`,
    type: "namespace",
    boost: name === "kg" ? 2 : 0,
  }));
}

function termOptions(data, name, namespace, lang) {
  return data.terms
    .filter((t) => t.iri.startsWith(namespace) && /^[\w-]+$/.test(t.iri.slice(namespace.length)))
    .map((t) => ({
      label: `${name}:${t.iri.slice(namespace.length)}`,
      detail: labelText(t, lang),
      type: t.kind === "class" ? "class" : "property",
    }));
}

/** Return a completion source over the terms JSON (a promise of {prefixes, terms}). */
export function completions(termsPromise, lang) {
  return async (context) => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const declaring = PREFIX_LINE.exec(before);
    const word = declaring ? null : context.matchBefore(PREFIXED);
    if (!declaring && !word) return null;
    const data = await termsPromise;
    if (!data) return null;
    if (declaring) {
      const typed = declaring[1] || "";
      return { from: context.pos - typed.length, options: prefixOptions(data), validFor: /^[\w-]*$/ };
    }
    const name = word.text.slice(0, word.text.indexOf(":"));
    const namespace = declaredPrefixes(context.state.doc.toString())[name] || data.prefixes[name];
    if (!namespace) return null;
    return {
      from: word.from,
      options: termOptions(data, name, namespace, lang),
      validFor: /^[A-Za-z][\w-]*:[\w-]*$/,
    };
  };
}
