// Builds the browser side of argmap into api/static/dist from the npm packages in
// node_modules (package.json, package-lock.json): nothing third-party is kept in git, and the
// pages load nothing from another host, so they work with no internet.
//
//   node api/static/build.mjs      (make setup runs it after `npm ci`)
import { build } from "esbuild";
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const dist = join(here, "dist");
const modules = join(root, "node_modules");
// Built beside dist (the same depth, so the source maps' relative paths hold) and swapped in at
// the end: a service or a test run reading dist meanwhile never finds it half built, or gone.
const staging = join(here, `.dist-${process.pid}`);
const retired = join(here, `.dist-${process.pid}-old`);

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
await mkdir(join(staging, "vendor"), { recursive: true });
try {
  await assemble(staging);
  // Two renames, so dist is missing for no longer than between them (rm takes a while).
  await rename(dist, retired).catch((error) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(staging, dist);
} finally {
  await rm(staging, { recursive: true, force: true });
  await rm(retired, { recursive: true, force: true });
}

/** Bundle our pages and copy the vendored files into `out`, stamping it when done. */
async function assemble(out) {
  await build({
    entryPoints: entries.map((name) => join(here, "src", name)),
    outdir: out,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "esm",
    target: ["es2020"],
    logLevel: "warning",
  });
  for (const [name, source] of Object.entries(vendored)) {
    const target = join(out, "vendor", name);
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
  await writeFile(join(out, ".built"), new Date().toISOString() + "\n");
}
