/**
 * An event-handler slot type that host objects' own handler types are assignable to (a method signature is checked
 * bivariantly), so the browser's, undici's, werift's and wrtc's objects all fit the SDK's small structural interfaces.
 */
export type Handler<TEvent> = { bivarianceHack(event: TEvent): void }["bivarianceHack"];
