#!/usr/bin/env node
// Renders every brief.md of a built site with markdown-it and checks that
// each pipe table of the source becomes a <table> with the same number of
// columns, the same number of body rows, and every row as wide as its header.
//
// Usage: node md-tables.js SITE_DIR

'use strict';
const fs = require('fs');
const path = require('path');
const markdownit = require('markdown-it');

const site = path.resolve(process.argv[2] || '');
const md = markdownit({ html: true });

function mdFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...mdFiles(p));
    else if (e.name.endsWith('.md')) out.push(p);
  }
  return out.sort();
}

// Cells of a table line: split on pipes not escaped by a backslash and not
// inside a code span; the outer pipes are optional.
function cells(line) {
  let s = line.trim();
  const parts = [];
  let cur = '';
  let code = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) { cur += c + s[i + 1]; i++; continue; }
    if (c === '`') code = !code;
    if (c === '|' && !code) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  if (s.startsWith('|')) parts.shift();
  if (s.endsWith('|') && !s.endsWith('\\|')) parts.pop();
  return parts;
}

const DELIM = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

// Tables as the source writes them: [{ line, columns, rows: [cell counts] }].
function sourceTables(text) {
  const lines = text.split('\n');
  const tables = [];
  let inFence = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (/^\s*(```|~~~)/.test(lines[i])) inFence = !inFence;
    if (inFence) continue;
    if (lines[i].includes('|') && DELIM.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const columns = cells(lines[i + 1]).length;
      const header = cells(lines[i]).length;
      const rows = [];
      let j = i + 2;
      while (j < lines.length && lines[j].trim() !== '' && lines[j].includes('|')) {
        rows.push(cells(lines[j]).length);
        j++;
      }
      tables.push({ line: i + 1, columns, header, rows });
      i = j - 1;
    }
  }
  return tables;
}

// Tables as markdown-it renders them: [{ columns, rows: [cell counts] }].
function renderedTables(text) {
  const tokens = md.parse(text, {});
  const tables = [];
  let t = null;
  let row = null;
  let inBody = false;
  for (const tok of tokens) {
    if (tok.type === 'table_open') { t = { columns: 0, rows: [] }; inBody = false; }
    else if (tok.type === 'tbody_open') inBody = true;
    else if (tok.type === 'tr_open') row = 0;
    else if ((tok.type === 'th_open' || tok.type === 'td_open') && row !== null) row++;
    else if (tok.type === 'tr_close') { if (inBody) t.rows.push(row); else t.columns = row; row = null; }
    else if (tok.type === 'table_close') { tables.push(t); t = null; }
  }
  return { tables, html: md.renderer.render(tokens, md.options, {}) };
}

const problems = [];
let count = 0;
const files = mdFiles(site);
for (const file of files) {
  const rel = path.relative(site, file);
  const text = fs.readFileSync(file, 'utf8');
  const want = sourceTables(text);
  const { tables: got, html } = renderedTables(text);
  const htmlTables = (html.match(/<table>/g) || []).length;
  if (htmlTables !== got.length) problems.push(`${rel}: ${got.length} table token(s) but ${htmlTables} <table> in the HTML`);
  if (want.length !== got.length) {
    problems.push(`${rel}: ${want.length} pipe table(s) in the Markdown, ${got.length} <table> after markdown-it`);
    continue;
  }
  want.forEach((w, i) => {
    const g = got[i];
    const where = `${rel}, table at line ${w.line}`;
    if (w.header !== w.columns) problems.push(`${where}: header has ${w.header} cell(s), delimiter row ${w.columns}`);
    if (g.columns !== w.columns) problems.push(`${where}: ${w.columns} column(s) written, ${g.columns} rendered`);
    if (g.rows.length !== w.rows.length) problems.push(`${where}: ${w.rows.length} row(s) written, ${g.rows.length} rendered`);
    w.rows.forEach((n, r) => {
      if (n !== w.columns) problems.push(`${where}, body row ${r + 1}: ${n} cell(s) for ${w.columns} column(s)`);
    });
    count++;
  });
}
if (problems.length) {
  for (const p of problems) console.error(`FAIL ${p}`);
  process.exit(1);
}
if (!files.length) { console.error(`markdown: no .md file in ${site}`); process.exit(1); }
console.log(`markdown: ${count} table(s) in ${files.length} file(s) render intact under markdown-it`);
