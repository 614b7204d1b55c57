import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Api } from "tls-sig-api-v2";

/** The dev app a server in dev mode wrote into its data directory (`dev-app.json`), and userSigs for it. */
export interface DevApp {
  readonly sdkAppId: number;
  readonly key: string;
  /** A userSig of the dev app for `userId`, valid an hour. */
  sig(userId: string): string;
}

/** Reads the dev app of the server whose data directory is `dataDir` (once the server has written it). */
export function readDevApp(dataDir: string): DevApp {
  const { sdkAppId, key } = JSON.parse(readFileSync(join(dataDir, "dev-app.json"), "utf8")) as { sdkAppId: number; key: string };
  const api = new Api(sdkAppId, key);
  return { sdkAppId, key, sig: (userId) => api.genUserSig(userId, 3600) };
}
