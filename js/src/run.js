// Running a query against /sparql: GET for short queries (cacheable), POST otherwise.
const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, application/json;q=0.5";
export const GET_LIMIT = 1800;

/** Run a query; return {ok, kind, data, ms} or {ok: false, status, error, ms}. */
export async function runQuery(endpoint, text) {
  const started = performance.now();
  const encoded = encodeURIComponent(text);
  const response = encoded.length < GET_LIMIT
    ? await fetch(`${endpoint}?query=${encoded}`, { headers: { Accept: ACCEPT } })
    : await fetch(endpoint, {
      method: "POST",
      headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: text }),
    });
  const body = await response.text();
  const ms = Math.round(performance.now() - started);
  if (!response.ok) return { ok: false, status: response.status, error: readError(body), ms };
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("sparql-results+json")) return { ok: true, kind: "table", data: JSON.parse(body), ms };
  return { ok: true, kind: "graph", data: parseNTriples(body), ms };
}

function readError(body) {
  try {
    return JSON.parse(body).error;
  } catch {
    return { message: body.slice(0, 500) };
  }
}

/** Return the line and column of an error's "where" ("line 3, column 2"), or null. */
export function errorPlace(error) {
  const m = /line (\d+), column (\d+)/.exec((error && error.where) || "");
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

const TERM = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;
const ESCAPES = { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" };

function unescape(text) {
  return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (all, u4, u8, ch) =>
    u4 || u8 ? String.fromCodePoint(parseInt(u4 || u8, 16)) : ESCAPES[ch] ?? ch);
}

function readTerm(line) {
  const m = TERM.exec(line);
  if (!m) return null;
  if (m[1] !== undefined) return { type: "uri", value: unescape(m[1]) };
  if (m[2] !== undefined) return { type: "bnode", value: m[2] };
  const term = { type: "literal", value: unescape(m[3]) };
  if (m[4]) term["xml:lang"] = m[4];
  if (m[5]) term.datatype = m[5];
  return term;
}

/** Return N-Triples as a SPARQL-JSON-shaped table of subject, predicate, object. */
export function parseNTriples(text) {
  const bindings = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    TERM.lastIndex = 0;
    const [s, p, o] = [readTerm(line), readTerm(line), readTerm(line)];
    if (s && p && o) bindings.push({ subject: s, predicate: p, object: o });
  }
  return { head: { vars: ["subject", "predicate", "object"] }, results: { bindings } };
}
