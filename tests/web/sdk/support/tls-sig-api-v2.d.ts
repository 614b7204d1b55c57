// Tencent's TLS-Sig v2 library (npm tls-sig-api-v2) ships no types; the tests use this much of it.
declare module "tls-sig-api-v2" {
  export class Api {
    constructor(sdkAppId: number, key: string);
    genUserSig(userId: string, expireSeconds: number): string;
    genPrivateMapKey(userId: string, expireSeconds: number, roomId: number, privileges: number): string;
    genPrivateMapKeyWithStringRoomID(userId: string, expireSeconds: number, roomId: string, privileges: number): string;
  }
}
