/**
 * The client IP of a request. Proxy headers are believed only as far as trusted proxies wrote them:
 * everything left of the first untrusted hop could have been sent by the client itself.
 */
import { isIP } from 'node:net';

export interface ClientIpInput {
  /** the socket peer, as Node reports it (IPv4 on dual-stack sockets comes as `::ffff:a.b.c.d`) */
  remoteAddress: string | undefined;
  /** X-Forwarded-For */
  forwardedFor?: string;
  /** RFC 7239 Forwarded */
  forwarded?: string;
  /** IPs or CIDRs, IPv4 and IPv6 */
  trustedProxies: string[];
}

/** An address as 4 or 16 bytes; IPv4-mapped IPv6 is stored as its 4 IPv4 bytes. */
type AddressBytes = number[];

interface Cidr {
  base: AddressBytes;
  prefix: number;
}

/** Longest legitimate form is about `[ffff:…:255.255.255.255%zone]:65535`; anything longer is not parsed at all. */
const MAX_ADDRESS_LENGTH = 100;
// RFC 7239 allows obfuscated ports ("_abc") as well as numbers.
const PORT = String.raw`(?::(?:\d{1,5}|_[A-Za-z0-9._-]+))?`;
const BRACKETED = new RegExp(String.raw`^\[([^\]]+)\]${PORT}$`);
const IPV4_WITH_PORT = new RegExp(String.raw`^(\d{1,3}(?:\.\d{1,3}){3})${PORT}$`);

/** Words of one IPv6 group: a hex group is one 16-bit word, an embedded dotted IPv4 is two. */
function groupWords(group: string): number[] {
  if (!group.includes('.')) return [parseInt(group, 16)];
  const [a, b, c, d] = group.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

function parseAddress(value: string): AddressBytes | null {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_ADDRESS_LENGTH) return null;
  const text = BRACKETED.exec(trimmed)?.[1] ?? IPV4_WITH_PORT.exec(trimmed)?.[1] ?? trimmed;
  const family = isIP(text);
  if (family === 4) return text.split('.').map(Number);
  if (family !== 6) return null;
  // isIP has validated the syntax: at most one "::", valid groups, an optional zone id (meaningless off-host, dropped).
  const [head, tail] = text.replace(/%.*$/, '').split('::');
  const headWords = head ? head.split(':').flatMap(groupWords) : [];
  const tailWords = tail ? tail.split(':').flatMap(groupWords) : [];
  const words =
    tail === undefined
      ? headWords
      : [...headWords, ...Array(8 - headWords.length - tailWords.length).fill(0), ...tailWords];
  const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
  const isV4Mapped =
    bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return isV4Mapped ? bytes.slice(12) : bytes;
}

/** RFC 5952 text: lowercase, no leading zeros, the first longest run of two or more zero words as "::". */
function formatAddress(bytes: AddressBytes): string {
  if (bytes.length === 4) return bytes.join('.');
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let runStart = -1;
  let runLength = 1;
  for (let i = 0; i < 8; i++) {
    let end = i;
    while (end < 8 && words[end] === 0) end++;
    if (end - i > runLength) [runStart, runLength] = [i, end - i];
    i = end;
  }
  const hex = words.map((word) => word.toString(16));
  if (runStart < 0) return hex.join(':');
  return `${hex.slice(0, runStart).join(':')}::${hex.slice(runStart + runLength).join(':')}`;
}

/**
 * `value` in canonical form, or null when it is not an IP address. Accepts `[v6]:port`, `v4:port`,
 * surrounding whitespace and zone ids; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes plain IPv4.
 */
export function normalizeIp(value: string): string | null {
  const bytes = parseAddress(value);
  return bytes && formatAddress(bytes);
}

function parseCidr(cidr: string): Cidr | null {
  const slash = cidr.lastIndexOf('/');
  const prefixText = cidr.slice(slash + 1).trim();
  if (slash < 0 || !/^\d{1,3}$/.test(prefixText)) return null;
  const baseText = cidr.slice(0, slash);
  const base = parseAddress(baseText);
  if (!base) return null;
  // `::ffff:10.0.0.0/104` is written in IPv6 bits but its base became IPv4.
  const prefix = Number(prefixText) - (base.length === 4 && baseText.includes(':') ? 96 : 0);
  return prefix >= 0 && prefix <= base.length * 8 ? { base, prefix } : null;
}

function contains({ base, prefix }: Cidr, address: AddressBytes): boolean {
  if (address.length !== base.length) return false;
  const fullBytes = prefix >> 3;
  for (let i = 0; i < fullBytes; i++) if (address[i] !== base[i]) return false;
  const restBits = prefix & 7;
  if (restBits === 0) return true;
  const mask = (0xff << (8 - restBits)) & 0xff;
  return (address[fullBytes] & mask) === (base[fullBytes] & mask);
}

/** Whether `ip` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`); false when either is malformed or the families differ. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = parseAddress(ip);
  const range = parseCidr(cidr);
  return !!address && !!range && contains(range, address);
}

const NON_PUBLIC_RANGES = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // private
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, incl. broadcast
  '::/128', // unspecified
  '::1/128', // loopback
  '100::/64', // discard-only
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
  'fc00::/7', // unique-local
  'fe80::/10', // link-local
  'ff00::/8', // multicast
].map((cidr) => parseCidr(cidr) as Cidr);

/** Whether `ip` is a routable internet address: false for private, loopback, link-local, CGNAT, multicast, documentation… */
export function isPublicIp(ip: string): boolean {
  const address = parseAddress(ip);
  return !!address && !NON_PUBLIC_RANGES.some((range) => contains(range, address));
}

function isTrustedProxy(ip: string, trustedProxies: string[]): boolean {
  return trustedProxies.some((entry) =>
    entry.includes('/') ? ipInCidr(ip, entry) : normalizeIp(entry) === ip
  );
}

/** `text` split at `separator`s that are not inside a quoted string (RFC 7230 quoted-string, with backslash escapes). */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (quoted && text[i] === '\\') i++;
    else if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The `for` value of each Forwarded element, unquoted; '' for an element without one. */
function forwardedForValues(header: string): string[] {
  return splitOutsideQuotes(header, ',').map((element) => {
    for (const pair of splitOutsideQuotes(element, ';')) {
      const equals = pair.indexOf('=');
      if (equals < 0 || pair.slice(0, equals).trim().toLowerCase() !== 'for') continue;
      const value = pair.slice(equals + 1).trim();
      return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
        ? value.slice(1, -1).replace(/\\(.)/g, '$1')
        : value;
    }
    return '';
  });
}

/**
 * The client's IP, or null when it cannot be told. Hops are read right to left (each proxy appends the
 * peer it saw) and only while the address they came from is a trusted proxy; the first untrusted address
 * is the client. A malformed or unknown hop ends the walk with null rather than guessing.
 *
 * X-Forwarded-For wins over Forwarded when both are present: most proxies append only X-Forwarded-For,
 * so a Forwarded header next to it would be passed through from the client untouched.
 */
export function clientIp({
  remoteAddress,
  forwardedFor,
  forwarded,
  trustedProxies,
}: ClientIpInput): string | null {
  const peer = remoteAddress === undefined ? null : normalizeIp(remoteAddress);
  if (!peer || !isTrustedProxy(peer, trustedProxies)) return peer;
  const hops = forwardedFor?.trim()
    ? forwardedFor.split(',')
    : forwarded?.trim()
      ? forwardedForValues(forwarded)
      : [];
  let client = peer;
  for (let i = hops.length - 1; i >= 0 && isTrustedProxy(client, trustedProxies); i--) {
    const hop = normalizeIp(hops[i]);
    if (!hop) return null;
    client = hop;
  }
  return client;
}

/**
 * Whether the client reached the site over HTTPS, as a trusted proxy reports it in
 * X-Forwarded-Proto (its first value, as Koa reads it); from anyone else the header is a claim.
 */
export function forwardedHttps({
  remoteAddress,
  forwardedProto,
  trustedProxies,
}: {
  remoteAddress: string | undefined;
  forwardedProto: string | undefined;
  trustedProxies: string[];
}): boolean {
  const peer = remoteAddress === undefined ? null : normalizeIp(remoteAddress);
  if (!peer || !forwardedProto || !isTrustedProxy(peer, trustedProxies)) return false;
  return forwardedProto.split(',')[0].trim().toLowerCase() === 'https';
}
