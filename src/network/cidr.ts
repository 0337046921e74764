import { fail, show } from "../errors";

/**
 * IPv4 CIDR arithmetic for network specs: parsing, containment, overlap, free-block search and moving a
 * subnet from one address space to another. Pure; every failure names the argument it was given.
 */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
  /** Number of addresses in the block. */
  readonly size: number;
  /** Canonical text: `10.20.0.0/16`. */
  readonly text: string;
}

/**
 * Smallest subnet Azure accepts (/29: 8 addresses, of which Azure reserves 5).
 * https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#how-small-and-how-large-can-virtual-networks-and-subnets-be
 */
export const azureMinSubnetPrefix = 29;

/**
 * Azure Firewall needs a subnet named `AzureFirewallSubnet` of at least /26.
 * https://learn.microsoft.com/azure/firewall/firewall-faq#why-does-azure-firewall-need-a--26-subnet-size
 */
export const firewallSubnetPrefix = 26;

const toText = (base: number, prefix: number) =>
  `${[24, 16, 8, 0].map((shift) => (base >>> shift) & 255).join(".")}/${prefix}`;

function make(base: number, prefix: number): Cidr {
  return { base: base >>> 0, prefix, size: 2 ** (32 - prefix), text: toText(base >>> 0, prefix) };
}

/** Parses `a.b.c.d/n`; throws when it is not a valid IPv4 network address (host bits must be zero). */
export function parseCidr(argument: string, value: unknown): Cidr {
  const match =
    typeof value === "string" ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value) : null;
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || octets.some((o) => o > 255) || prefix > 32) {
    fail(argument, `${argument} must be an IPv4 CIDR block such as "10.20.0.0/16", but got ${show(value)}.`);
  }
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const base = (address & mask) >>> 0;
  if (base !== address) {
    fail(
      argument,
      `${argument} ${show(value)} has host bits set: the network address of that block is "${toText(base, prefix)}".`,
    );
  }
  return make(base, prefix);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + inner.size <= outer.base + outer.size
  );
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The block of the same size that immediately follows `cidr` (10.20.0.0/16 -> 10.21.0.0/16), if any. */
export function nextBlock(cidr: Cidr): Cidr | undefined {
  const base = cidr.base + cidr.size;
  return base > 0xffffffff ? undefined : make(base, cidr.prefix);
}

/** The same offset inside another space of the same size: 10.20.1.0/24 in 10.20.0.0/16 -> 10.21.1.0/24. */
export function translate(cidr: Cidr, from: Cidr, to: Cidr): Cidr {
  return make(to.base + (cidr.base - from.base), cidr.prefix);
}

/** The first block of `prefix` inside `space` that overlaps none of `used`, or undefined when full. */
export function firstFreeBlock(space: Cidr, prefix: number, used: readonly Cidr[]): Cidr | undefined {
  if (prefix < space.prefix) return undefined;
  const size = 2 ** (32 - prefix);
  for (let base = space.base; base + size <= space.base + space.size; base += size) {
    const candidate = make(base, prefix);
    if (!used.some((u) => overlaps(u, candidate))) return candidate;
  }
  return undefined;
}
