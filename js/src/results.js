// The results area: row count and time, switchable views, the table, downloads.
import { fill, h, put } from "./dom.js";
import { resultTable } from "./table.js";
import { fittingViews } from "./views.js";
import { GET_LIMIT } from "./run.js";

/** Return the IRIs of a result that need labels. */
export function resultIris(data) {
  const found = new Set();
  for (const row of data.results?.bindings || []) {
    for (const term of Object.values(row)) if (term.type === "uri") found.add(term.value);
  }
  return [...found];
}

/** Draw a successful answer into the results area. */
export function showResult(body, answer, ctx) {
  const data = answer.data;
  const T = ctx.T;
  if ("boolean" in data) {
    put(body, h("p", { class: "answer", role: "status" },
      `${T.answer}: `, h("strong", {}, data.boolean ? T.yes : T.no), ` · ${fill(T.time, { ms: answer.ms })}`),
    downloads(ctx, false));
    return;
  }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const graph = answer.kind === "graph";
  const count = rows.length === 1 ? T.row : fill(T.rows, { n: rows.length });
  const table = resultTable(vars, rows, ctx);
  ctx.focusHeader = (name) => table.querySelector(`th[data-var="${CSS.escape(name)}"] button`)?.focus();
  const views = [...fittingViews(vars, rows, ctx), { name: "table", draw: () => table }];
  const stage = h("div", { class: "view" });
  const buttons = views.map((view) => h("button", {
    type: "button", "aria-pressed": "false", "data-view": view.name,
    onclick: () => choose(view),
  }, T[view.name]));
  const choose = (view) => {
    buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.view === view.name)));
    stage.replaceChildren(view.draw());
  };
  put(body, 
    graph ? h("p", {}, T.graph) : null,
    h("p", { class: "count", role: "status" }, `${count} · ${fill(T.time, { ms: answer.ms })}`),
    views.length > 1 ? h("div", { class: "views", role: "group", "aria-label": T.show }, `${T.show}: `, buttons) : null,
    stage, downloads(ctx, graph));
  choose(views[0]);
}

/** Draw a refused or failed query (message, place). */
export function showError(body, answer, ctx, place) {
  const error = answer.error || {};
  put(body, h("div", { class: "query-error", role: "alert" },
    h("p", {}, h("strong", {}, ctx.T.error), answer.status ? ` (${answer.status})` : ""),
    h("p", {}, error.message || ""),
    place ? h("p", {}, fill(ctx.T.at, place)) : null));
}

function downloads(ctx, graph) {
  const formats = ctx.T.formats[graph ? "graph" : "table"]; // the server's names
  const short = encodeURIComponent(ctx.text).length < GET_LIMIT;
  const items = Object.entries(formats).map(([format, name]) => {
    if (short) {
      const url = `${ctx.endpoint}?${new URLSearchParams({ query: ctx.text, format })}`;
      return h("li", {}, h("a", { href: url }, name));
    }
    return h("li", {}, h("form", { method: "post", action: ctx.endpoint },
      h("input", { type: "hidden", name: "query", value: ctx.text }),
      h("input", { type: "hidden", name: "format", value: format }),
      h("button", { type: "submit" }, name)));
  });
  return [h("h3", {}, ctx.T.download), h("ul", { class: "formats" }, items)];
}
