import type { Handler } from "./Handler.js";

/**
 * The part of the standard WebSocket the SDK uses. Browsers' WebSocket, Node's (`--experimental-websocket` on
 * Node 20, global from Node 22) and the `ws` package all fit it.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** The subprotocol the server accepted. */
  readonly protocol: string;
  /** Set to "arraybuffer" by the SDK so frames arrive in order and synchronously readable. */
  binaryType: string;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ readonly data: unknown }> | null;
  onclose: Handler<{ readonly code: number; readonly reason: string }> | null;
  onerror: Handler<unknown> | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor (`new WebSocket(url, protocols)`), e.g. the browser's, undici's or the `ws` package's. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** The host's WebSocket, when it has one. */
export function globalWebSocket(): WebSocketConstructor | undefined {
  const candidate = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof candidate === "function" ? (candidate as WebSocketConstructor) : undefined;
}
