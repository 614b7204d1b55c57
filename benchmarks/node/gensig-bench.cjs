// Tencent's tls-sig-api-v2 (Node) genSig throughput, one thread: ROUNDS rounds of SECONDS each; prints JSON with the median.
'use strict';
const TLSSigAPIv2 = require('tls-sig-api-v2');
const rounds = Number(process.argv[2] || 5);
const seconds = Number(process.argv[3] || 2);
const api = new TLSSigAPIv2.Api(1400000000, '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e');
for (let i = 0; i < 20000; i++) api.genUserSig('xiaojun', 15552000); // warm-up (JIT)
const results = [];
for (let r = 0; r < rounds; r++) {
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(seconds * 1e9);
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i++) api.genUserSig('xiaojun', 15552000);
    n += 1000;
    now = process.hrtime.bigint();
  }
  results.push(n / (Number(now - start) / 1e9));
}
results.sort((a, b) => a - b);
console.log(JSON.stringify({ median: results[Math.floor(results.length / 2)], rounds: results }));
