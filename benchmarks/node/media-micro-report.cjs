// Turns BenchmarkDotNet's JSON reports of the SRTP and forwarding benchmarks into Markdown tables (medians, ratios to
// the baseline in the same run, allocations) and derives the cost per forwarded packet and packets per core-second.
'use strict';
const fs = require('fs');
const path = require('path');
const dir = path.join(process.argv[2], 'bdn', 'results');
const reports = fs.readdirSync(dir).filter((f) => f.includes('-report-full') && f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f))));
const all = reports.flatMap((r) => r.Benchmarks);
const param = (b, name) => { const m = new RegExp(`${name}=([^&]+)`).exec(b.Parameters || ''); return m ? m[1] : ''; };
const profile = (b) => (/Gcm/.test(param(b, 'Profile')) ? 'AEAD_AES_128_GCM' : 'AES_CM_128_HMAC_SHA1_80');
const alloc = (b) => (b.Memory ? b.Memory.BytesAllocatedPerOperation : '—');

const srtp = all.filter((b) => b.Type === 'SrtpRtpBenchmarks');
if (srtp.length) {
  console.log('| SRTP (one core) | profile | payload B | median ns | × bare AES-GCM | packets/s | allocated B/op |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const b of srtp) {
    const base = srtp.find((x) => x.Method === 'RawAesGcm' && x.Parameters === b.Parameters);
    const median = b.Statistics.Median;
    console.log(`| ${b.MethodTitle || b.Method} | ${profile(b)} | ${param(b, 'PayloadLength')} | ${median.toFixed(0)} | ${base ? (median / base.Statistics.Median).toFixed(2) : '—'} | ${Math.round(1e9 / median).toLocaleString('en-US')} | ${alloc(b)} |`);
  }
  console.log();
}

const forward = all.filter((b) => b.Type === 'ForwardingBenchmarks');
if (forward.length) {
  console.log('| Forwarding 1,100-B VP8, SRTP both sides (one core) | subscribers | VP8 descriptor rewritten | median ns / publisher packet | baseline ns | SFU ns per forwarded packet | forwarded packets per core-second | allocated B/op |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|');
  for (const b of forward.filter((x) => x.Method === 'ForwardOnePacket')) {
    const n = +param(b, 'Subscribers');
    const base = forward.find((x) => x.Method === 'PublisherSideOnly' && x.Parameters === b.Parameters);
    const perForwarded = (b.Statistics.Median - base.Statistics.Median) / n;
    console.log(`| ForwardOnePacket | ${n} | ${param(b, 'Vp8Layers') === 'True' ? 'yes' : 'no'} | ${b.Statistics.Median.toFixed(0)} | ${base.Statistics.Median.toFixed(0)} | ${perForwarded.toFixed(0)} | ${Math.round(1e9 / perForwarded).toLocaleString('en-US')} | ${alloc(b)} |`);
  }
  console.log('\n(The socket is a counter: no send syscall. The macro harness measures the real path.)');
}
