// PREFIX lines: which a query declares, where a new one goes, adding a missing one.
import { EditorState } from "@codemirror/state";

const DECLARED = /^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>/gim;
const PROLOGUE = /^\s*(PREFIX|BASE)\b/i;
// A prefixed name just typed: "kg:" not inside an IRI, a variable or another name.
const TYPED_PREFIX = /(?:^|[\s{}().,;\[\]=!/|^*+])([A-Za-z][\w-]*):$/;

/** Return the prefixes a query text declares, name -> namespace. */
export function declaredPrefixes(text) {
  const found = {};
  for (const m of text.matchAll(DECLARED)) found[m[1] || ""] = m[2];
  return found;
}

/** Return the offset just after the query's leading PREFIX/BASE lines (and comments). */
export function prologueEnd(doc) {
  let end = 0;
  for (let n = 1; n <= doc.lines; n++) {
    const line = doc.line(n);
    if (PROLOGUE.test(line.text)) end = line.to;
    else if (line.text.trim() !== "" && !line.text.trim().startsWith("#")) break;
  }
  return end;
}

/** Return a change that adds `PREFIX name: <ns>` to the prologue of doc. */
export function prefixChange(doc, name, namespace) {
  const line = `PREFIX ${name}: <${namespace}>`;
  const end = prologueEnd(doc);
  if (end === 0) return { from: 0, insert: line + "\n" };
  return { from: end, insert: "\n" + line };
}

/** Return an extension adding a missing PREFIX line when a known prefix is typed. */
export function autoPrefix(knownPrefixes, announce) {
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || !tr.isUserEvent("input.type")) return tr;
    let at = -1;
    tr.changes.iterChanges((fromA, toA, fromB, toB, inserted) => {
      if (inserted.toString().endsWith(":")) at = toB;
    });
    if (at < 0) return tr;
    const doc = tr.newDoc;
    const line = doc.lineAt(at);
    if (PROLOGUE.test(line.text)) return tr;
    const typed = TYPED_PREFIX.exec(line.text.slice(0, at - line.from));
    const name = typed && typed[1];
    const namespace = name && knownPrefixes()[name];
    if (!namespace || name in declaredPrefixes(doc.toString())) return tr;
    const change = prefixChange(doc, name, namespace);
    announce(change.insert.trim());
    return [tr, { changes: change, sequential: true }];
  });
}
