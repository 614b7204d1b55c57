// Drives Tencent's own TLS-Sig v2 library (npm tls-sig-api-v2) for the interop tests.
//   gen APPID KEY USER EXPIRE [NOW]                        -> userSig
//   pmk APPID KEY USER EXPIRE ROOMID PRIVILEGES [NOW]      -> privateMapKey, numeric room
//   pmkstr APPID KEY USER EXPIRE ROOMSTR PRIVILEGES [NOW]  -> privateMapKey, string room
//   check APPID KEY SIG                                    -> JSON: decoded by their format rules, MAC recomputed by their code
// NOW pins the library's clock (Unix seconds) so fixed-time vectors can be reproduced.
'use strict';
const zlib = require('zlib');
const TLSSigAPIv2 = require('tls-sig-api-v2');

const [cmd, appId, key, ...rest] = process.argv.slice(2);
const api = new TLSSigAPIv2.Api(Number(appId), key);
const pinClock = (now) => { if (now !== undefined) { Date.now = () => Number(now) * 1000; } };

switch (cmd) {
  case 'gen': {
    const [user, expire, now] = rest;
    pinClock(now);
    console.log(api.genUserSig(user, Number(expire)));
    break;
  }
  case 'pmk': {
    const [user, expire, room, privileges, now] = rest;
    pinClock(now);
    console.log(api.genPrivateMapKey(user, Number(expire), Number(room), Number(privileges)));
    break;
  }
  case 'pmkstr': {
    const [user, expire, room, privileges, now] = rest;
    pinClock(now);
    console.log(api.genPrivateMapKeyWithStringRoomID(user, Number(expire), room, Number(privileges)));
    break;
  }
  case 'check': {
    // The library's own unescape rule: pad, then '_'->'=', '-'->'/', '*'->'+'.
    const sig = rest[0];
    const b64 = (sig + Array(5 - sig.length % 4)).replace(/_/g, '=').replace(/-/g, '/').replace(/\*/g, '+');
    const doc = JSON.parse(zlib.inflateSync(Buffer.from(b64, 'base64')).toString());
    const types = Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, typeof v]));
    const mac = api._hmacsha256(doc['TLS.identifier'], doc['TLS.time'], doc['TLS.expire'], doc['TLS.userbuf'] === undefined ? null : doc['TLS.userbuf']);
    let userBufMatches = null;
    if (doc['TLS.userbuf'] !== undefined) {
      // Rebuild the userbuf with their layout code at the ticket's own issue time and compare byte for byte.
      const buf = Buffer.from(doc['TLS.userbuf'], 'base64');
      const version = buf[0];
      const accountLength = buf.readUInt16BE(1);
      const account = buf.subarray(3, 3 + accountLength).toString();
      const off = 3 + accountLength;
      const room = buf.readUInt32BE(off + 4);
      const privileges = buf.readUInt32BE(off + 12);
      const roomStr = version === 1 ? buf.subarray(off + 22).toString() : null;
      pinClock(doc['TLS.time']);
      const theirs = api._genUserbuf(account, room, doc['TLS.expire'], privileges, 0, roomStr);
      userBufMatches = Buffer.compare(theirs, buf) === 0;
    }
    console.log(JSON.stringify({ doc, types, macMatches: mac === doc['TLS.sig'], userBufMatches }));
    break;
  }
  default:
    console.error(`unknown command ${cmd}`);
    process.exit(2);
}
