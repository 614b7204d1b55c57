import assert from "node:assert/strict";
import { LiveError } from "../../../../web/sdk/src/errors/LiveError.js";

/** The LiveError a promise rejects with (or a function throws); fails the test otherwise. */
export async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<LiveError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    assert.ok(error instanceof LiveError, `expected a LiveError, got ${String(error)}`);
    return error;
  }

  assert.fail("expected a rejection");
}
