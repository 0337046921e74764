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

const testSubscription = "/subscriptions/00000000-0000-0000-0000-000000000001";

/** One VM for Site Recovery to protect, as the platform tests name it. */
export const protectedVm = {
  name: "db",
  vmId: `${testSubscription}/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/db`,
  osDisk: { diskId: `${testSubscription}/resourceGroups/app/providers/Microsoft.Compute/disks/db-os` },
};

/** Gateway callers with Entra ID tokens, which the platform requires. */
export const platformCallers = {
  tenantId: "11111111-2222-3333-4444-555555555555",
  clientApplicationIds: ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
  audiences: ["api://agents-gateway"],
};
