// Turns `perf script` output into a self-contained, interactive flame graph
// (d3-flame-graph from npm, inlined, so the HTML opens offline).
//
//   node scripts/flamegraph/make.mjs perf.script out.html [title]
//
// Also writes out.folded (one "frame;frame;frame count" line per stack),
// the format other flame-graph tools read.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [, , input, output, title = 'bbd flame graph'] = process.argv;
if (!input || !output) {
  console.error('usage: make.mjs perf.script out.html [title]');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const nm = join(here, 'node_modules');

// perf script: a header line per sample ("comm pid [cpu] time: event:"),
// then one line per frame, innermost first ("\taddr symbol+off (dso)"),
// then a blank line.
function fold(text) {
  const counts = new Map();
  let comm = null;
  let frames = [];
  const flush = () => {
    if (comm !== null) {
      const key = [comm, ...frames.reverse()].join(';');
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    comm = null;
    frames = [];
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') { flush(); continue; }
    if (!/^\s/.test(line)) { flush(); comm = line.trim().split(/\s+/)[0]; continue; }
    const m = line.trim().match(/^[0-9a-fx]+\s+(.+?)\s+\((.*)\)$/);
    let sym = m ? m[1] : line.trim();
    sym = sym.replace(/\+0x[0-9a-f]+$/, '');
    if (sym === '[unknown]' && m) sym = `[${m[2].split('/').pop()}]`;
    frames.push(sym);
  }
  flush();
  return counts;
}

function tree(counts) {
  const root = { name: 'all', value: 0, children: [] };
  for (const [stack, n] of counts) {
    let node = root;
    root.value += n;
    for (const f of stack.split(';')) {
      let child = node.children.find((c) => c.name === f);
      if (!child) { child = { name: f, value: 0, children: [] }; node.children.push(child); }
      child.value += n;
      node = child;
    }
  }
  return root;
}

const counts = fold(readFileSync(input, 'utf8'));
if (counts.size === 0) {
  console.error(`${input}: no samples with call stacks (was perf record run with -g?)`);
  process.exit(1);
}
writeFileSync(output.replace(/\.html$/, '') + '.folded',
  [...counts].map(([k, v]) => `${k} ${v}`).join('\n') + '\n');
const data = JSON.stringify(tree(counts)).replace(/</g, '\\u003c');
const esc = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]));
const inline = (p) => readFileSync(join(nm, p), 'utf8').replace(/<\/script/gi, '<\\/script');
const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${esc(title)}</title><style>${readFileSync(join(nm, 'd3-flame-graph/dist/d3-flamegraph.css'), 'utf8')}
body{font-family:system-ui,sans-serif;margin:1rem}</style></head><body>
<h1 style="font-size:1.2rem">${esc(title)}</h1><p>Click a frame to zoom, click the root to reset. ${counts.size} distinct stacks.</p>
<div id="chart"></div>
<script>${inline('d3/dist/d3.min.js')}</script>
<script>${inline('d3-flame-graph/dist/d3-flamegraph.min.js')}</script>
<script>${inline('d3-flame-graph/dist/d3-flamegraph-tooltip.min.js')}</script>
<script>const data=${data};const chart=flamegraph().width(Math.max(960,window.innerWidth-40)).cellHeight(18)
.tooltip(flamegraph.tooltip.defaultFlamegraphTooltip().html(d=>d.data.name+': '+d.data.value+' samples'));
d3.select('#chart').datum(data).call(chart);</script></body></html>`;
writeFileSync(output, html);
console.log(`flame graph: ${output} (${counts.size} stacks)`);
