// RDF terms of a SPARQL JSON result: labels, links, short names, numbers, years.
const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger", "positiveInteger"];

/** Return the prefixed name of an IRI (kg:party), or null. */
export function shortName(iri, prefixes) {
  let best = null;
  for (const [name, space] of Object.entries(prefixes || {})) {
    if (iri.startsWith(space) && iri.length > space.length && (!best || space.length > best[1].length)) {
      best = [name, space];
    }
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : null;
}

/** Return the text a term shows: its label, else a short name, else its value. */
export function termText(term, labels, prefixes) {
  if (!term) return "";
  if (term.type === "uri") {
    const known = labels[term.value];
    return (known && known.label) || shortName(term.value, prefixes) || term.value;
  }
  if (term.type === "bnode") return `_:${term.value}`;
  return term.value;
}

/** Return the number a literal holds, or null. */
export function numberOf(term) {
  if (!term || term.type === "uri" || term.type === "bnode") return null;
  const type = (term.datatype || "").replace(XSD, "");
  if (!NUMERIC.includes(type)) return null;
  const n = Number(term.value);
  return Number.isFinite(n) ? n : null;
}

/** Return the year a literal names (gYear, date, dateTime, or a *year* integer), or null. */
export function yearOf(term, name) {
  if (!term || term.type !== "literal" && term.type !== "typed-literal") return null;
  const type = (term.datatype || "").replace(XSD, "");
  let year = null;
  if (["gYear", "date", "dateTime", "gYearMonth"].includes(type)) year = parseInt(term.value, 10);
  else if (/year/i.test(name) && numberOf(term) !== null) year = numberOf(term);
  return Number.isInteger(year) && year > 0 && year < 3000 ? year : null;
}

/** Return the short name of a datatype (xsd:integer) to show quietly, or null for strings. */
export function datatypeName(term, prefixes) {
  const type = term.datatype;
  if (!type || type === XSD + "string" || term["xml:lang"]) return null;
  return shortName(type, prefixes) || type;
}
