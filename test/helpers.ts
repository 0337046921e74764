import { expect } from "chai";
import { InvalidArgumentError } from "../src";
import { record } from "../src/testing";

/** The value an Output resolves to (under the mock runtime every Output resolves). */
export function outputValue<T>(output: { apply: (f: (v: T) => void) => unknown }): Promise<T> {
  return new Promise<T>((resolve) => output.apply(resolve));
}

/**
 * Asserts that constructing fails with an InvalidArgumentError for `argument` whose message matches, and that
 * nothing was registered before it failed.
 */
export async function expectConstructionFailure(
  construct: () => unknown,
  argument: string,
  message: RegExp,
): Promise<void> {
  let error: unknown;
  const recording = await record(() => {
    try {
      construct();
    } catch (e) {
      error = e;
    }
  });
  expect(error).to.be.instanceOf(InvalidArgumentError).with.property("argument", argument);
  expect((error as Error).message).to.match(message);
  expect(recording.resources).to.have.length(0);
}
