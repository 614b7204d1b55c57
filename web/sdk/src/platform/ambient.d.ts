// The few host globals the SDK core uses that the ES library does not declare. Browsers and Node 20 both have them;
// they are declared here (not taken from lib.dom or @types/node) so the core cannot drift into host-specific APIs.

declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(callback: () => void): void;

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T } | undefined;

declare class URL {
  constructor(url: string, base?: string);
  protocol: string;
  pathname: string;
  search: string;
  hash: string;
  toString(): string;
}
