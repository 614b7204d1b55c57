import type { LiveClient, LiveClientEvents, LiveRoom, LiveRoomEvents } from "@openlive/sdk";

/** The event map of an SDK object. */
type EventsOf<E> = E extends LiveClient ? LiveClientEvents : E extends LiveRoom ? LiveRoomEvents : never;

/**
 * The next event of `type` that matches `predicate`, or a rejection after `timeoutMs` (real time: these wait on
 * the real server).
 */
export function nextEvent<E extends LiveClient | LiveRoom, K extends keyof EventsOf<E>>(
  emitter: E,
  type: K,
  predicate: (event: EventsOf<E>[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<EventsOf<E>[K]> {
  const on = emitter.on.bind(emitter) as unknown as (type: K, listener: (event: EventsOf<E>[K]) => void) => () => void;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${String(type)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = on(type, (event) => {
      if (predicate(event)) {
        clearTimeout(timer);
        off();
        resolve(event);
      }
    });
  });
}

/** Collects every event of `type` from now on. */
export function collect<E extends LiveClient | LiveRoom, K extends keyof EventsOf<E>>(emitter: E, type: K): Array<EventsOf<E>[K]> {
  const on = emitter.on.bind(emitter) as unknown as (type: K, listener: (event: EventsOf<E>[K]) => void) => () => void;
  const events: Array<EventsOf<E>[K]> = [];
  on(type, (event) => events.push(event));
  return events;
}
