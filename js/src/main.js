// The query page, enhanced: editor, completion, running with Ctrl+Enter, results, history.
import { createEditor, clearError, markError, setText } from "./editor.js";
import { completions } from "./complete.js";
import { autoPrefix } from "./prefixes.js";
import { errorPlace, runQuery } from "./run.js";
import { resultIris, showError, showResult } from "./results.js";
import { fill, h, strings } from "./dom.js";

const form = document.getElementById("query-form");
if (form) start(form);

function loadJson(url, options) {
  return fetch(url, options).then((r) => (r.ok ? r.json() : null)).catch(() => null);
}

function start(form) {
  const T = strings();
  const lang = document.documentElement.lang || "da";
  const textarea = form.querySelector("textarea");
  const section = document.getElementById("query-results");
  const body = document.getElementById("results-body");
  const note = h("p", { class: "hint", role: "status" });
  let known = {};
  const terms = loadJson(form.dataset.terms).then((data) => { if (data) known = data.prefixes; return data; });
  let running = false;

  const view = createEditor(textarea, {
    run: () => run(true),
    complete: completions(terms, lang),
    extra: autoPrefix(() => known, (line) => { note.textContent = fill(T.insertedPrefix, { line }); }),
    label: T.editor,
  });
  document.getElementById("editor-keys").hidden = false;
  form.querySelector(".editor-host").after(note);
  document.getElementById("query-label").addEventListener("click", () => view.focus());
  form.addEventListener("submit", (event) => {
    // A button with its own formaction ("Cite this query") posts the form as usual.
    if (event.submitter && event.submitter.hasAttribute("formaction")) return;
    event.preventDefault();
    run(true);
  });

  async function run(remember) {
    if (running) return;
    running = true;
    const text = view.state.doc.toString();
    if (remember) keep(text);
    clearError(view);
    section.hidden = false;
    body.setAttribute("aria-busy", "true");
    body.replaceChildren(h("p", { role: "status" }, T.running));
    try {
      await draw(text);
    } catch (error) { // the server could not be reached, or answered something unreadable
      showError(body, { status: 0, error: { message: String(error) } }, { T });
    } finally {
      body.removeAttribute("aria-busy");
      running = false;
    }
  }

  async function draw(text) {
    const answer = await runQuery(form.dataset.endpoint, text);
    const ctx = { T, lang, text, endpoint: form.dataset.endpoint, mapUrl: form.dataset.map, labels: {}, prefixes: known };
    if (!answer.ok) {
      const place = errorPlace(answer.error);
      if (place) markError(view, place.line, place.column, answer.error.message);
      showError(body, answer, ctx, place);
      return;
    }
    const iris = resultIris(answer.data).slice(0, 5000);
    if (iris.length) {
      const found = await loadJson(form.dataset.labels, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ iris }),
      });
      ctx.labels = (found && found.labels) || {};
    }
    ctx.prefixes = (await terms)?.prefixes || {};
    showResult(body, answer, ctx);
  }

  function keep(text) {
    const url = new URL(form.dataset.editor, location.href);
    url.searchParams.set("query", text);
    const state = { query: text, ran: true };
    const target = url.href.length < 2000 ? url.href : form.dataset.editor;
    if (history.state && history.state.query === text && history.state.ran) history.replaceState(state, "", target);
    else history.pushState(state, "", target);
  }

  window.addEventListener("popstate", (event) => {
    const state = event.state;
    if (!state || typeof state.query !== "string") return;
    setText(view, state.query);
    if (state.ran) run(false);
    else { section.hidden = true; body.replaceChildren(); }
  });

  const asked = new URL(location.href).searchParams.get("query");
  history.replaceState({ query: view.state.doc.toString(), ran: asked !== null }, "");
  if (asked !== null) run(false);
  form.dataset.ready = String(Math.round(performance.now()));
}
