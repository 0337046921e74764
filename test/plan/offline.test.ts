import { expect } from "chai";
import { skipClosureSerialization } from "../../src/plan/offline";

describe("the plan process's offline runtime", () => {
  it("keeps Pulumi's promise leak bookkeeping but captures no stack per promise (unless PULUMI_DEBUG_PROMISE_LEAKS)", async () => {
    skipClosureSerialization();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
      debuggablePromise(p: Promise<unknown>, ctx: string): Promise<unknown>;
    };
    const inner = Promise.resolve(42);
    const wrapped = debuggable.debuggablePromise(inner, "test");
    expect(await wrapped).to.equal(42);
    // The context is still recorded; the trace is a bare "Error" instead of a formatted stack.
    const stamped = inner as unknown as { _debugCtx: string; _debugStackTrace: string };
    expect(stamped._debugCtx).to.equal("test");
    expect(stamped._debugStackTrace).to.equal("Error");
    // Errors the program throws keep their stacks.
    expect(new Error("x").stack).to.match(/offline\.test\.ts/);
  });
});
