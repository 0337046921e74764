/**
 * The error every component throws for bad input, before it registers any resource.
 *
 * `argument` is the path of the offending argument as the caller wrote it (`regions.standby`,
 * `subnets[1].addressPrefix`), so that tools and tests can tell which input was wrong without parsing
 * the message. The message itself always names the argument, the value received and the fix.
 */
export class InvalidArgumentError extends Error {
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(message);
    this.name = "InvalidArgumentError";
    this.argument = argument;
  }
}

/** Formats a received value for an error message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Throws an {@link InvalidArgumentError} for `argument`. */
export function fail(argument: string, message: string): never {
  throw new InvalidArgumentError(argument, message);
}

/**
 * Runs `build` and, when it throws an {@link InvalidArgumentError} for an argument a config key set, rethrows it
 * naming that key first: the user set `failoverGatewayCapacity`, not `gateway.capacity`. `keys` maps argument
 * paths (as components name them; a path also covers what lies under it) to config keys.
 */
export function namingConfigKeys<T>(keys: Readonly<Record<string, string>>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      const under = (path: string) =>
        error.argument === path ||
        error.argument.startsWith(`${path}.`) ||
        error.argument.startsWith(`${path}[`);
      const match = Object.keys(keys)
        .filter(under)
        .sort((a, b) => b.length - a.length)[0];
      if (match !== undefined) {
        const key = keys[match];
        throw new InvalidArgumentError(
          error.argument,
          `config "${key}" is not usable (fix it with \`pulumi config set ${key} <value>\`): ${error.message}`,
        );
      }
    }
    throw error;
  }
}
