// Result views chosen when they fit: a map (our own land drawing), a timeline, a bar chart.
import { fill, h, svg } from "./dom.js";
import { numberOf, termText, yearOf } from "./terms.js";

const LAT = /^(lat|latitude)$|lat$/i;
const LONG = /^(long|lon|lng|longitude)$|(long|lon|lng)$/i;

/** Return the row's name: the label of its first IRI, else its first text. */
export function rowName(row, vars, ctx) {
  const iri = vars.find((v) => row[v] && row[v].type === "uri" && ctx.labels[row[v].value]?.label);
  if (iri) return { text: ctx.labels[row[iri].value].label, href: ctx.labels[row[iri].value].href };
  const text = vars.find((v) => row[v] && row[v].type === "literal" && numberOf(row[v]) === null
    && yearOf(row[v], v) === null && (!row[v]["xml:lang"] || row[v]["xml:lang"] === ctx.lang));
  const first = vars.find((v) => row[v]);
  const term = row[text || first];
  return { text: termText(term, ctx.labels, ctx.prefixes), href: term && ctx.labels[term.value]?.href };
}

function points(vars, rows) {
  const lat = vars.find((v) => LAT.test(v));
  const long = vars.find((v) => LONG.test(v) && v !== lat);
  if (!lat || !long) return [];
  return rows.map((row) => ({ row, lat: Number(row[lat]?.value), long: Number(row[long]?.value) }))
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.long)
      && Math.abs(p.lat) <= 90 && Math.abs(p.long) <= 180 && p.row[lat]?.type === "literal");
}

/** Return the column holding dates: the first whose bound values are mostly years. */
function dateColumn(vars, rows) {
  return vars.find((v) => {
    const bound = rows.filter((r) => r[v]);
    const dated = bound.filter((r) => yearOf(r[v], v) !== null);
    return dated.length > 0 && dated.length * 2 >= bound.length;
  });
}

function events(vars, rows) {
  const column = dateColumn(vars, rows);
  if (!column) return [];
  return rows.filter((row) => yearOf(row[column], column) !== null)
    .map((row) => ({ row, year: yearOf(row[column], column) }))
    .sort((a, b) => a.year - b.year);
}

function bars(vars, rows) {
  const numeric = vars.filter((v) => rows.length && rows.every((r) => numberOf(r[v]) !== null));
  if (numeric.length !== 1 || vars.length < 2 || rows.length > 60 || LAT.test(numeric[0])) return [];
  return rows.map((row) => ({ row, value: numberOf(row[numeric[0]]) }));
}

/** Return the views that fit a result, best first: [{name, draw}], table always last. */
export function fittingViews(vars, rows, ctx) {
  const views = [];
  const where = points(vars, rows);
  if (where.length) views.push({ name: "map", draw: () => drawMap(where, vars, ctx) });
  const when = events(vars, rows);
  if (when.length) views.push({ name: "timeline", draw: () => drawTimeline(when, vars, ctx) });
  const how = bars(vars, rows);
  if (how.length && !where.length) views.push({ name: "bars", draw: () => drawBars(how, vars, ctx) });
  return views;
}

function drawMap(where, vars, ctx) {
  const figure = h("figure", { class: "worldmap result-map" });
  const lats = where.map((p) => p.lat);
  const longs = where.map((p) => p.long);
  const box = { west: Math.min(...longs), south: Math.min(...lats), east: Math.max(...longs), north: Math.max(...lats) };
  fetch(`${ctx.mapUrl}?${new URLSearchParams(box)}`).then((r) => r.json()).then((outline) => {
    const w = outline.window;
    const project = (p) => [((p.long - w.west) * w.stretch * w.scale).toFixed(1), ((w.north - p.lat) * w.scale).toFixed(1)];
    const title = fill(ctx.T.mapTitle, { n: where.length });
    const unit = Math.max(1, w.width / 720); // map units per screen pixel, about
    figure.replaceChildren(svg("svg", { viewBox: `0 0 ${w.width} ${w.height}`, role: "group", "aria-label": title, class: "map" },
      svg("title", {}, title),
      svg("rect", { class: "sea", width: w.width, height: w.height }),
      outline.graticule.map(([x1, y1, x2, y2]) => svg("line", { class: "graticule", x1, y1, x2, y2 })),
      svg("path", { class: "land", d: outline.land }),
      where.map((p) => marker(p, project(p), vars, ctx, unit, w.width))),
    h("figcaption", {}, ctx.T.mapNote));
  });
  return figure;
}

function marker(point, [x, y], vars, ctx, unit, width) {
  const name = rowName(point.row, vars, ctx);
  const left = Number(x) > width * 0.85; // names near the right edge go on the left
  const text = svg("text", {
    x: (Number(x) + (left ? -7 : 7) * unit).toFixed(1), y: (Number(y) + 4 * unit).toFixed(1),
    "text-anchor": left ? "end" : null,
  }, name.text);
  text.style.fontSize = `${(13 * unit).toFixed(1)}px`; // CSSOM, which the CSP allows
  const parts = [svg("circle", { cx: x, cy: y, r: (5 * unit).toFixed(1) }), text, svg("title", {}, name.text)];
  return name.href
    ? svg("a", { href: name.href, class: "city marker" }, parts)
    : svg("g", { class: "city marker" }, parts);
}

function drawTimeline(when, vars, ctx) {
  return h("ol", { class: "timeline result-timeline" }, when.map(({ row, year }) => {
    const name = rowName(row, vars, ctx);
    return h("li", {}, h("span", { class: "year" }, year), " ",
      name.href ? h("a", { href: name.href }, h("bdi", {}, name.text)) : h("bdi", {}, name.text));
  }));
}

function drawBars(how, vars, ctx) {
  const top = Math.max(...how.map((b) => b.value), 0) || 1;
  const rowHeight = 28;
  return h("figure", { class: "result-bars" }, svg("svg", {
    viewBox: `0 0 600 ${how.length * rowHeight + 4}`, role: "img", "aria-label": ctx.T.bars,
  }, how.map((b, i) => {
    const y = i * rowHeight + 2;
    const width = Math.max(1, (b.value / top) * 360);
    return svg("g", { class: "bar" },
      svg("text", { x: 0, y: y + 18, class: "bar-label" }, rowName(b.row, vars, ctx).text),
      svg("rect", { x: 190, y, width: width.toFixed(1), height: rowHeight - 6 }),
      svg("text", { x: 190 + width + 6, y: y + 18, class: "bar-value" }, b.value.toLocaleString(ctx.lang)));
  })));
}
