// Joins the Node baseline and BenchmarkDotNet's JSON report into one Markdown table (medians, ratios, allocations).
'use strict';
const fs = require('fs');
const path = require('path');
const out = process.argv[2];
const node = JSON.parse(fs.readFileSync(path.join(out, 'node.json')));
const dir = path.join(out, 'bdn', 'results');
const file = fs.readdirSync(dir).find((f) => f.includes('-report-full') && f.endsWith('.json'));
const report = JSON.parse(fs.readFileSync(path.join(dir, file)));
const rows = [['Tencent Node `genUserSig` (baseline)', node.median, null]];
for (const b of report.Benchmarks) {
  const name = (b.DisplayInfo || b.Method).replace(/^UserSigBenchmarks\./, '').replace(/:.*$/, '').replace(/'/g, '');
  rows.push([`OpenLive ${name}`, 1e9 / b.Statistics.Median, b.Memory ? b.Memory.BytesAllocatedPerOperation : null]);
}
console.log('| operation (one core) | median ops/s | × Node genSig | allocated B/op |');
console.log('|---|---:|---:|---:|');
for (const [name, ops, alloc] of rows) {
  console.log(`| ${name} | ${Math.round(ops).toLocaleString('en-US')} | ${(ops / node.median).toFixed(2)} | ${alloc === null ? '—' : alloc} |`);
}
console.log(`\nNode rounds (ops/s): ${node.rounds.map((r) => Math.round(r)).join(', ')}`);
