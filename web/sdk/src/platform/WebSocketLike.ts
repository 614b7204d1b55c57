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
  /** Called once the connection is open. */
  onopen: Handler<unknown> | null;
  /** Called with each frame the server sends (an ArrayBuffer: the SDK sets `binaryType`). */
  onmessage: Handler<{ readonly data: unknown }> | null;
  /** Called once the connection is closed, with the close code and reason. */
  onclose: Handler<{ readonly code: number; readonly reason: string }> | null;
  /** Called when the connection fails (a close follows). */
  onerror: Handler<unknown> | null;
  /** Sends one binary frame. */
  send(data: Uint8Array): void;
  /** Closes the connection with a close code and reason. */
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor (`new WebSocket(url, protocols)`), e.g. the browser's, undici's or the `ws` package's. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** The host's WebSocket, when it has one. */
export function globalWebSocket(): WebSocketConstructor | undefined {
  const candidate = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof candidate === "function" ? (candidate as WebSocketConstructor) : undefined;
}
