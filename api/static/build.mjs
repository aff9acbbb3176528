// Builds the browser side of argmap into api/static/dist from the npm packages in
// node_modules (package.json, package-lock.json): nothing third-party is kept in git, and the
// pages load nothing from another host, so they work with no internet.
//
//   node api/static/build.mjs      (make setup runs it after `npm ci`)
import { build } from "esbuild";
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const dist = join(here, "dist");
const modules = join(root, "node_modules");

// Our own pages' scripts and stylesheets, bundled with the libraries they import.
const entries = (await readdir(join(here, "src"))).filter(
  (name) => name.endsWith(".js") || name.endsWith(".css"),
);

// Ready-made browser bundles of the packages that ship one, served as they are.
const vendored = {
  "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
  "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
  "redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
  "yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
  "yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
};

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, "vendor"), { recursive: true });
await build({
  entryPoints: entries.map((name) => join(here, "src", name)),
  outdir: dist,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: ["es2020"],
  logLevel: "warning",
});
// What a vendored bundle would fetch from another host, replaced by something of its own; the
// build fails if the text is no longer there, so an upgrade cannot bring the fetch back unseen.
const offline = {
  // ReDoc's sidebar credit shows Redocly's logo from their CDN: an empty image instead.
  "redoc.standalone.js": [
    [
      'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"',
      `src:"data:image/svg+xml,${encodeURIComponent("<svg xmlns='http://www.w3.org/2000/svg'/>")}"`,
    ],
  ],
};
for (const [name, source] of Object.entries(vendored)) {
  const target = join(dist, "vendor", name);
  if (!(name in offline)) {
    await copyFile(join(modules, source), target);
    continue;
  }
  let text = await readFile(join(modules, source), "utf8");
  for (const [before, after] of offline[name]) {
    if (!text.includes(before)) throw new Error(`${source} no longer holds ${before}`);
    text = text.replaceAll(before, after);
  }
  await writeFile(target, text);
}
// make's stamp: the bundle is rebuilt when a source or the lockfile is newer than this file.
await writeFile(join(dist, ".built"), new Date().toISOString() + "\n");
