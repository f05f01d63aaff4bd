// Bundle the query editor with esbuild and list the licences of what went into it.
// Usage: node js/build.mjs [output folder]  (default: src/kolding_graph/web/static)
import { build } from "esbuild";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, "../src/kolding_graph/web/static"));
const LICENCES = "editor-licences.txt";

/** Return the package folders (node_modules/...) whose files the bundle holds. */
function bundledPackages(metafile) {
  const found = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) found.add(`node_modules/${m[1]}`);
  }
  return [...found].sort();
}

/** Return the licence text a package ships (LICENSE, LICENCE, COPYING...). */
function licenceText(folder) {
  const name = readdirSync(join(here, folder)).find((f) => /^(licen[cs]e|copying)/i.test(f));
  return name ? readFileSync(join(here, folder, name), "utf8").trim() : "(no licence file shipped)";
}

/** Return the licence list: each bundled package, its version, licence and text. */
function licences(folders) {
  const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8")).packages;
  const parts = folders.map((folder) => {
    const entry = lock[folder];
    const name = folder.slice("node_modules/".length);
    return `${name} ${entry.version} (${entry.license})\n\n${licenceText(folder)}\n`;
  });
  const head = "The query editor (editor.js) bundles these npm packages, pinned in js/package-lock.json.\n";
  return [head, ...parts].join("\n" + "-".repeat(72) + "\n");
}

const result = await build({
  absWorkingDir: here,
  entryPoints: ["src/main.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  banner: { js: `/*! kolding-graph query editor; bundled packages and their licences: ${LICENCES} */` },
  outfile: join(out, "editor.js"),
  metafile: true,
  logLevel: "warning",
});
if (!existsSync(out)) throw new Error(`no output folder ${out}`);
writeFileSync(join(out, LICENCES), licences(bundledPackages(result.metafile)));
