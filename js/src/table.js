// The result table: labels next to IRIs, quiet language tags and datatypes, sorting, paging.
import { fill, h, put } from "./dom.js";
import { datatypeName, numberOf, shortName, termText } from "./terms.js";

const PAGE = 50;

function cell(term, ctx) {
  if (!term) return h("td");
  if (term.type === "uri") {
    const known = ctx.labels[term.value] || {};
    const name = shortName(term.value, ctx.prefixes);
    const text = known.label || name || term.value;
    const link = known.href ? h("a", { href: known.href }, h("bdi", {}, text)) : h("code", {}, text);
    const quiet = known.label ? h("span", { class: "iri" }, " ", name || term.value) : null;
    return h("td", {}, link, quiet);
  }
  if (term.type === "bnode") return h("td", { class: "iri" }, `_:${term.value}`);
  const lang = term["xml:lang"];
  const type = datatypeName(term, ctx.prefixes);
  const numeric = numberOf(term) !== null;
  return h("td", { class: numeric ? "num" : null },
    h("bdi", { lang: lang || null }, term.value),
    lang ? [" ", h("span", { class: "lang" }, lang)] : null,
    type ? [" ", h("span", { class: "dt" }, type)] : null);
}

function compare(a, b, ctx) {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  const [x, y] = [numberOf(a), numberOf(b)];
  if (x !== null && y !== null) return x - y;
  return termText(a, ctx.labels, ctx.prefixes).localeCompare(termText(b, ctx.labels, ctx.prefixes), ctx.lang);
}

/** Return a sortable, paged table of SPARQL JSON bindings. */
export function resultTable(vars, rows, ctx) {
  const state = { page: 0, sortBy: null, descending: false };
  const wrap = h("div", { class: "result-table" });
  const draw = () => {
    const sorted = state.sortBy === null ? rows : [...rows].sort((r, s) => {
      const order = compare(r[state.sortBy], s[state.sortBy], ctx);
      return state.descending ? -order : order;
    });
    const start = state.page * PAGE;
    const shown = sorted.slice(start, start + PAGE);
    put(wrap, 
      h("div", { class: "results" }, h("table", {},
        h("caption", { class: "visually-hidden" }, ctx.T.results),
        h("thead", {}, h("tr", {}, vars.map((v) => header(v, state, ctx, draw)))),
        h("tbody", {}, shown.map((row) => h("tr", {}, vars.map((v) => cell(row[v], ctx))))))),
      pager(state, rows.length, ctx, draw));
  };
  draw();
  return wrap;
}

function header(name, state, ctx, draw) {
  const sorted = state.sortBy === name;
  const sort = sorted ? (state.descending ? "descending" : "ascending") : null;
  const button = h("button", {
    type: "button", class: "sort", title: fill(ctx.T.sort, { name }),
    onclick: () => {
      state.descending = sorted ? !state.descending : false;
      state.sortBy = name;
      state.page = 0;
      draw();
      ctx.focusHeader(name);
    },
  }, name);
  return h("th", { scope: "col", "aria-sort": sort, "data-var": name }, button);
}

function pager(state, total, ctx, draw) {
  if (total <= PAGE) return null;
  const last = Math.ceil(total / PAGE) - 1;
  const go = (page) => () => { state.page = page; draw(); };
  const from = state.page * PAGE + 1;
  const to = Math.min(total, from + PAGE - 1);
  return h("p", { class: "pager" },
    h("button", { type: "button", disabled: state.page === 0, onclick: go(state.page - 1) }, ctx.T.previous),
    " ", h("span", { role: "status" }, fill(ctx.T.page, { from, to, n: total })), " ",
    h("button", { type: "button", disabled: state.page >= last, onclick: go(state.page + 1) }, ctx.T.next));
}
