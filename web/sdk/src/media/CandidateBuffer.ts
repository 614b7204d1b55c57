/**
 * Holds our ICE candidates until the server knows the connection they belong to (its answer was applied, or ours
 * sent), then passes them on as they come.
 */
export class CandidateBuffer {
  readonly #send: (candidate: string) => void;
  #held: string[] | undefined = [];

  constructor(send: (candidate: string) => void) {
    this.#send = send;
  }

  /** A gathered candidate; the empty end-of-candidates marker is not sent. */
  add(candidate: string | undefined): void {
    if (candidate === undefined || candidate.length === 0) {
      return;
    }

    if (this.#held === undefined) {
      this.#send(candidate);
    } else {
      this.#held.push(candidate);
    }
  }

  /** The server knows the connection now: send what was held and everything after. */
  release(): void {
    const held = this.#held;
    this.#held = undefined;
    for (const candidate of held ?? []) {
      this.#send(candidate);
    }
  }
}
