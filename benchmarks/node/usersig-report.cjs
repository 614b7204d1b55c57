// Joins the Node baseline and BenchmarkDotNet's JSON report into one Markdown table (medians, ratios, allocations).
// With --smoke (usersig.sh --quick: BenchmarkDotNet's dry job, one invocation each) it only says what ran: one cold
// call is not a measurement, and rates or ratios from it would read as results.
'use strict';
const fs = require('fs');
const path = require('path');
const out = process.argv[2];
const smoke = process.argv.includes('--smoke');
const node = JSON.parse(fs.readFileSync(path.join(out, 'node.json')));
const dir = path.join(out, 'bdn', 'results');
const file = fs.readdirSync(dir).find((f) => f.includes('-report-full') && f.endsWith('.json'));
const report = JSON.parse(fs.readFileSync(path.join(dir, file)));
const nameOf = (b) => (b.DisplayInfo || b.Method).replace(/^UserSigBenchmarks\./, '').replace(/:.*$/, '').replace(/'/g, '');
// A benchmark that did not run (its generated project failed to build, it threw) has no statistics: say so and fail,
// rather than print a rate of NaN or leave it out.
const failed = report.Benchmarks.filter((b) => !b.Statistics || !(b.Statistics.N > 0));
if (failed.length > 0) {
  console.error(`did not run: ${failed.map(nameOf).join(', ')} (see ${path.join(out, 'bdn.log')})`);
  process.exit(1);
}

if (smoke) {
  const names = report.Benchmarks.map(nameOf);
  console.log(`Smoke run (--quick): Tencent Node \`genUserSig\` (${node.rounds.length} rounds) and ${names.length} OpenLive benchmarks ran:`);
  for (const name of names) console.log(`  OpenLive ${name}`);
  console.log('No figures: the dry job calls each benchmark once, cold; run benchmarks/usersig.sh without --quick to measure.');
  process.exit(0);
}

const rows = [['Tencent Node `genUserSig` (baseline)', node.median, null]];
for (const b of report.Benchmarks) {
  rows.push([`OpenLive ${nameOf(b)}`, 1e9 / b.Statistics.Median, b.Memory ? b.Memory.BytesAllocatedPerOperation : null]);
}
console.log('| operation (one core) | median ops/s | × Node genSig | allocated B/op |');
console.log('|---|---:|---:|---:|');
for (const [name, ops, alloc] of rows) {
  console.log(`| ${name} | ${Math.round(ops).toLocaleString('en-US')} | ${(ops / node.median).toFixed(2)} | ${alloc === null ? '—' : alloc} |`);
}
console.log(`\nNode rounds (ops/s): ${node.rounds.map((r) => Math.round(r)).join(', ')}`);
