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
