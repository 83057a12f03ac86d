#!/usr/bin/env node
// Loads every page of a built site in headless Chromium, offline, and fails
// on any finding:
//   - a request to anything but a local file (all such requests are aborted),
//   - a failed request, a console error or a page error,
//   - a <script> or an on* attribute (a brief must read without JavaScript),
//   - a link or resource that is absolute ("/x", "file:") or points to a
//     local file or #fragment that does not exist,
//   - axe-core violations of impact "serious" or "critical" (on the index,
//     the region pages and the briefs given by --axe, in every language).
// Then serves the site from a sub-path (/intranet/briefs/) on 127.0.0.1 and
// loads the index and a brief again, so relative links are proven on HTTP.
//
// Usage: node browser.js SITE_DIR [--axe all|some]

'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const { pathToFileURL, fileURLToPath } = require('url');
const { chromium } = require('playwright-core');

const site = path.resolve(process.argv[2] || '');
const axeMode = process.argv.includes('--axe') ? process.argv[process.argv.indexOf('--axe') + 1] : 'some';
if (!fs.existsSync(path.join(site, 'index.html'))) {
  console.error(`usage: node browser.js SITE_DIR: no index.html in ${site}`);
  process.exit(2);
}
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const findings = [];
const finding = (page, text) => findings.push(`${page}: ${text}`);

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

const idCache = new Map();
function idsOf(file) {
  if (!idCache.has(file)) {
    const text = fs.readFileSync(file, 'utf8');
    idCache.set(file, new Set([...text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
  }
  return idCache.get(file);
}

async function loadPage(context, url, rel, allowed) {
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!allowed(r.url())) finding(rel, `requested ${r.url()}`);
  });
  page.on('requestfailed', (r) => finding(rel, `failed request ${r.url()}: ${r.failure() && r.failure().errorText}`));
  page.on('console', (m) => {
    if (m.type() === 'error') finding(rel, `console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => finding(rel, `page error: ${e.message}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response && !response.ok()) finding(rel, `HTTP ${response.status()}`);
  return page;
}

async function checkLinks(page, rel, file) {
  const refs = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('[href], [src], [srcset]')) {
      for (const attr of ['href', 'src', 'srcset']) {
        const v = el.getAttribute(attr);
        if (v !== null) out.push({ tag: el.tagName.toLowerCase(), attr, value: v, resolved: new URL(v, document.baseURI).href });
      }
    }
    for (const el of document.querySelectorAll('*')) {
      const v = el.getAttribute('xlink:href');
      if (v !== null) out.push({ tag: el.tagName.toLowerCase(), attr: 'xlink:href', value: v, resolved: new URL(v, document.baseURI).href });
    }
    const scripts = document.querySelectorAll('script').length;
    const handlers = [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length;
    return { out, scripts, handlers };
  });
  if (refs.scripts) finding(rel, `${refs.scripts} <script> element(s): a page must read without JavaScript`);
  if (refs.handlers) finding(rel, `${refs.handlers} element(s) with on* event handlers`);
  for (const r of refs.out) {
    const external = /^[a-z][a-z0-9+.-]*:/i.test(r.value) && !r.value.startsWith('file:');
    if (external) {
      if (!(r.tag === 'a' && /^(https?|mailto):/i.test(r.value))) {
        finding(rel, `<${r.tag} ${r.attr}="${r.value}">: only links to sources may leave the site`);
      }
      continue;
    }
    if (r.value.startsWith('/') || r.value.startsWith('file:')) {
      finding(rel, `<${r.tag} ${r.attr}="${r.value}">: links must be relative`);
      continue;
    }
    const url = new URL(r.resolved);
    const target = url.protocol === 'file:' ? fileURLToPath(url) : null;
    if (!target) continue;
    if (!target.startsWith(site + path.sep) && target !== site) {
      finding(rel, `<${r.tag} ${r.attr}="${r.value}"> leaves the site folder`);
      continue;
    }
    let t = target;
    if (fs.existsSync(t) && fs.statSync(t).isDirectory()) t = path.join(t, 'index.html');
    if (!fs.existsSync(t)) {
      finding(rel, `<${r.tag} ${r.attr}="${r.value}">: no such file ${path.relative(site, t)}`);
      continue;
    }
    const frag = decodeURIComponent(url.hash.slice(1));
    if (frag && t.endsWith('.html') && !idsOf(t).has(frag)) {
      finding(rel, `<${r.tag} ${r.attr}="${r.value}">: no id "${frag}" in ${path.relative(site, t)}`);
    }
  }
  void file;
}

async function runAxe(page, rel) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  for (const v of result) {
    const line = `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') finding(rel, line);
    else console.log(`  note ${rel}: ${line}`);
  }
  return result.length;
}

function axeWanted(rel) {
  if (axeMode === 'all') return true;
  return rel === 'index.html' || /^latest\/(zh|en)\/brief\.html$/.test(rel) || /^regions\/[^/]+\/(zh|en)\/index\.html$/.test(rel) ||
    rel === newestPeriodBrief('zh') || rel === newestPeriodBrief('en');
}

let newest = null;
function newestPeriodBrief(lang) {
  if (newest === null) {
    const manifest = JSON.parse(fs.readFileSync(path.join(site, 'manifest.json'), 'utf8'));
    const periods = manifest.briefs.filter((b) => b.period !== 'latest');
    newest = periods.length ? periods[0].period : '';
    newest = manifest.briefs.find((b) => b.period === newest);
    newest = newest ? path.dirname(path.dirname(newest.html)) : '';
  }
  return `${newest}/${lang}/brief.html`;
}

function serveSite(prefix) {
  const types = { '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.xml': 'application/atom+xml', '.json': 'application/json', '.md': 'text/markdown; charset=utf-8', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    if (!u.pathname.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    let p = path.join(site, decodeURIComponent(u.pathname.slice(prefix.length)));
    if (!p.startsWith(site)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
    if (!fs.existsSync(p)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream' });
    res.end(fs.readFileSync(p));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

(async () => {
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext();
  // Nothing but local files: every other request is aborted (and recorded).
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:') || u.startsWith('data:')) return route.continue();
    finding('(route)', `aborted request to ${u}`);
    return route.abort('blockedbyclient');
  });
  const files = htmlFiles(site);
  let axed = 0;
  for (const file of files) {
    const rel = path.relative(site, file).split(path.sep).join('/');
    const page = await loadPage(context, pathToFileURL(file).href, rel, (u) => u.startsWith('file:') || u.startsWith('data:'));
    await checkLinks(page, rel, file);
    if (axeWanted(rel)) {
      await runAxe(page, rel);
      axed += 1;
    }
    await page.close();
  }
  await context.close();

  // The same site from a sub-path of a web server.
  const prefix = '/intranet/briefs/';
  const server = await serveSite(prefix);
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  const httpContext = await browser.newContext();
  await httpContext.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || u.startsWith('data:')) return route.continue();
    finding('(http route)', `aborted request to ${u}`);
    return route.abort('blockedbyclient');
  });
  const viaHttp = ['index.html', newestPeriodBrief('zh'), newestPeriodBrief('en')].filter((rel) => fs.existsSync(path.join(site, rel)));
  for (const rel of viaHttp) {
    const page = await loadPage(httpContext, base + rel, `http ${rel}`, (u) => u.startsWith(base) || u.startsWith('data:'));
    const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.href).filter((h) => h.startsWith(location.origin)));
    for (const link of new Set(links.map((l) => l.split('#')[0]))) {
      const status = await new Promise((resolve) => http.get(link, (res) => { res.resume(); resolve(res.statusCode); }).on('error', () => resolve(0)));
      if (status !== 200) finding(`http ${rel}`, `link ${link} answers ${status}`);
    }
    await page.close();
  }
  await httpContext.close();
  server.close();
  await browser.close();

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (findings.length) {
    for (const f of findings) console.error(`FAIL ${f}`);
    console.error(`browser: ${findings.length} finding(s) on ${files.length} page(s)`);
    process.exit(1);
  }
  console.log(`browser: ${files.length} page(s) loaded offline with no request, error or broken link; axe on ${axed}; ${viaHttp.length} via HTTP at ${prefix} (${secs} s)`);
})().catch((e) => {
  console.error(`browser: ${e.stack || e}`);
  process.exit(1);
});
