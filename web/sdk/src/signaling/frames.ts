import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { ClientFrameSchema, ServerFrameSchema, type ServerFrame } from "../gen/protocol.js";

/** The WebSocket subprotocol of signaling v1. */
export const subProtocol = "openlive.v1";

/** The protocol version the SDK speaks (Login.protocol_version). */
export const protocolVersion = 1;

/** A request body: one case of ClientFrame's `body` oneof, e.g. `{ case: "login", value: { … } }`. */
export type ClientBody = Exclude<NonNullable<MessageInitShape<typeof ClientFrameSchema>["body"]>, { case: undefined }>;

/** The name of a ServerFrame body case (`"login"`, `"room"`, `"ok"`, …). */
export type ServerBodyCase = NonNullable<ServerFrame["body"]["case"]>;

/** The value of a ServerFrame body case. */
export type ServerBodyValue<C extends ServerBodyCase> = Extract<ServerFrame["body"], { case: C }>["value"];

/** Serializes a ClientFrame. */
export function encodeClientFrame(requestId: number, body: ClientBody): Uint8Array {
  return toBinary(ClientFrameSchema, create(ClientFrameSchema, { requestId, body }));
}

/** Parses a ServerFrame; throws on bytes that are not one. */
export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  return fromBinary(ServerFrameSchema, bytes);
}

/** The signaling URL of a server base URL: http(s)/ws(s)://host[:port][/base] -> ws(s)://host[:port][/base]/signal. */
export function signalingUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/signal`;
  url.search = "";
  url.hash = "";
  return url.toString();
}
