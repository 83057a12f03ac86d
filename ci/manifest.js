#!/usr/bin/env node
// Checks SITE/manifest.json against the command-line contract:
// {"briefs": [{"id", "title", "period", "regions": [ids], "lang", "markdown",
// "html", "charts": [paths]}]}, paths relative to the site and present,
// lang "zh" or "en", ids unique; and that index.html links every brief.
//
// Usage: node manifest.js SITE_DIR

'use strict';
const fs = require('fs');
const path = require('path');

const site = path.resolve(process.argv[2] || '');
const problems = [];
const keys = ['id', 'title', 'period', 'regions', 'lang', 'markdown', 'html', 'charts'];
let manifest;
try {
  manifest = JSON.parse(fs.readFileSync(path.join(site, 'manifest.json'), 'utf8'));
} catch (e) {
  console.error(`FAIL manifest.json: ${e.message}`);
  process.exit(1);
}
const index = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
const briefs = Array.isArray(manifest.briefs) ? manifest.briefs : [];
if (!briefs.length) problems.push('no "briefs" array, or it is empty');
const ids = new Set();
const file = (where, p) => {
  if (typeof p !== 'string' || p.startsWith('/') || p.includes('..') || /^[a-z]+:/i.test(p)) problems.push(`${where}: ${JSON.stringify(p)} is not a path relative to the site`);
  else if (!fs.existsSync(path.join(site, p))) problems.push(`${where}: ${p} does not exist`);
};
briefs.forEach((b, n) => {
  const where = `briefs[${n}]`;
  for (const k of keys) if (!(k in b)) problems.push(`${where}: no "${k}"`);
  for (const k of ['id', 'title', 'period']) if (typeof b[k] !== 'string' || !b[k]) problems.push(`${where}.${k}: not a non-empty string`);
  if (!['zh', 'en'].includes(b.lang)) problems.push(`${where}.lang: ${JSON.stringify(b.lang)}`);
  if (!Array.isArray(b.regions) || !b.regions.every((r) => typeof r === 'string')) problems.push(`${where}.regions: not a list of ids`);
  if (ids.has(b.id)) problems.push(`${where}: duplicate id ${b.id}`);
  ids.add(b.id);
  file(`${where}.markdown`, b.markdown);
  file(`${where}.html`, b.html);
  (Array.isArray(b.charts) ? b.charts : []).forEach((c, i) => file(`${where}.charts[${i}]`, c));
  if (!index.includes(`href="${b.html}"`)) problems.push(`${where}: index.html does not link ${b.html}`);
});
if (problems.length) {
  for (const p of problems) console.error(`FAIL manifest.json ${p}`);
  process.exit(1);
}
console.log(`manifest: ${briefs.length} brief page(s) as the contract says, each linked from the index`);
