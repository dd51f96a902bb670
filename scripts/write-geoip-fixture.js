#!/usr/bin/env node
'use strict';
/**
 * Writes a tiny GeoLite2-City-shaped MaxMind DB for tests, plus `<out>.json` with the answer expected
 * for each network. Same bytes on every run. Format: https://maxmind.github.io/MaxMind-DB/
 *
 * Usage: node scripts/write-geoip-fixture.js [out.mmdb]   (default: plugin/tests/fixtures/geoip-fixture.mmdb)
 */
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_OUT = path.join(__dirname, '..', 'plugin', 'tests', 'fixtures', 'geoip-fixture.mmdb');
const BUILD_EPOCH = 1735689600; // 2025-01-01T00:00:00Z, fixed so the output is reproducible
const DATA_SECTION_SEPARATOR = Buffer.alloc(16);
const METADATA_MARKER = Buffer.concat([
  Buffer.from([0xab, 0xcd, 0xef]),
  Buffer.from('MaxMind.com'),
]);

// Data-section type numbers. Types above 7 are "extended" (see `controlBytes`).
const TYPE = { utf8: 2, double: 3, uint16: 5, uint32: 6, map: 7, uint64: 9, array: 11 };

/** A number with an explicit MaxMind type; plain strings, arrays and objects are encoded as utf8, array and map. */
class Scalar {
  constructor(type, payload) {
    this.type = type;
    this.payload = payload;
  }
}
/** Unsigned ints are stored big-endian in as few bytes as needed (zero takes none). */
const uint = (type) => (value) => {
  const bytes = [];
  for (let rest = BigInt(value); rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  return new Scalar(type, Buffer.from(bytes));
};
const uint16 = uint(TYPE.uint16);
const uint32 = uint(TYPE.uint32);
const uint64 = uint(TYPE.uint64);
const double = (value) => {
  const payload = Buffer.alloc(8);
  payload.writeDoubleBE(value);
  return new Scalar(TYPE.double, payload);
};

/** Control byte: 3 type bits, then 5 size bits (0-28 literal, 29/30 = size continues in 1/2 more bytes). */
function controlBytes(type, size) {
  // Extended types put 0 in the type bits and `type - 7` in the next byte; size-extension bytes follow that.
  const bytes = type <= 7 ? [type << 5] : [0, type - 7];
  if (size < 29) bytes[0] |= size;
  else if (size < 285) {
    bytes.push(size - 29);
    bytes[0] |= 29;
  } else if (size < 65821) {
    bytes.push((size - 285) >> 8, (size - 285) & 0xff);
    bytes[0] |= 30;
  } else throw new Error(`size ${size} is too large for this writer`);
  return Buffer.from(bytes);
}

function encode(value) {
  if (value instanceof Scalar)
    return Buffer.concat([controlBytes(value.type, value.payload.length), value.payload]);
  if (typeof value === 'string') {
    const utf8 = Buffer.from(value, 'utf8');
    return Buffer.concat([controlBytes(TYPE.utf8, utf8.length), utf8]);
  }
  if (Array.isArray(value))
    return Buffer.concat([controlBytes(TYPE.array, value.length), ...value.map(encode)]);
  const entries = Object.entries(value); // map sizes count key/value pairs
  return Buffer.concat([
    controlBytes(TYPE.map, entries.length),
    ...entries.flatMap(([k, v]) => [encode(k), encode(v)]),
  ]);
}

const names = (en, de) => ({ en, de });
const EUROPE = { code: 'EU', geoname_id: uint32(6255148), names: names('Europe', 'Europa') };
const NORTH_AMERICA = {
  code: 'NA',
  geoname_id: uint32(6255149),
  names: names('North America', 'Nordamerika'),
};
const GERMANY = {
  iso_code: 'DE',
  geoname_id: uint32(2921044),
  names: names('Germany', 'Deutschland'),
};
const AUSTRIA = {
  iso_code: 'AT',
  geoname_id: uint32(2782113),
  names: names('Austria', 'Österreich'),
};
const UNITED_KINGDOM = {
  iso_code: 'GB',
  geoname_id: uint32(2635167),
  names: names('United Kingdom', 'Vereinigtes Königreich'),
};
const UNITED_STATES = {
  iso_code: 'US',
  geoname_id: uint32(6252001),
  names: names('United States', 'Vereinigte Staaten'),
};
const BAVARIA = { iso_code: 'BY', geoname_id: uint32(2951839), names: names('Bavaria', 'Bayern') };
const VIENNA_STATE = { iso_code: '9', geoname_id: uint32(2761367), names: names('Vienna', 'Wien') };
const ENGLAND = {
  iso_code: 'ENG',
  geoname_id: uint32(6269131),
  names: names('England', 'England'),
};
const WASHINGTON = {
  iso_code: 'WA',
  geoname_id: uint32(5815135),
  names: names('Washington', 'Washington'),
};

/** A GeoLite2-City record and the lookup result the plugin's reader should make of it. */
function place([
  city,
  geonameId,
  continent,
  country,
  subdivision,
  postal,
  [latitude, longitude],
  accuracyRadius,
  timeZone,
]) {
  const record = {
    city: { geoname_id: uint32(geonameId), names: city },
    continent,
    country,
    location: {
      accuracy_radius: uint16(accuracyRadius),
      latitude: double(latitude),
      longitude: double(longitude),
      time_zone: timeZone,
    },
    postal: { code: postal },
    subdivisions: [subdivision],
  };
  const expected = {
    country: country.iso_code,
    countryName: country.names.en,
    region: subdivision.iso_code,
    regionName: subdivision.names.en,
    city: city.en,
    postalCode: postal,
    continent: continent.code,
    latitude,
    longitude,
    timeZone,
  };
  return { record, expected };
}

// city names, geoname_id, continent, country, subdivision, postal code, [lat, lon], accuracy radius (km), time zone
const NUREMBERG = place([
  names('Nuremberg', 'Nürnberg'),
  2861650,
  EUROPE,
  GERMANY,
  BAVARIA,
  '90402',
  [49.4521, 11.0767],
  20,
  'Europe/Berlin',
]);
const MUNICH = place([
  names('Munich', 'München'),
  2867714,
  EUROPE,
  GERMANY,
  BAVARIA,
  '80331',
  [48.1374, 11.5755],
  10,
  'Europe/Berlin',
]);
const VIENNA = place([
  names('Vienna', 'Wien'),
  2761369,
  EUROPE,
  AUSTRIA,
  VIENNA_STATE,
  '1010',
  [48.2082, 16.3738],
  10,
  'Europe/Vienna',
]);
const LONDON = place([
  names('London', 'London'),
  2643743,
  EUROPE,
  UNITED_KINGDOM,
  ENGLAND,
  'EC1A',
  [51.5074, -0.1278],
  50,
  'Europe/London',
]);
const SEATTLE = place([
  names('Seattle', 'Seattle'),
  5809844,
  NORTH_AMERICA,
  UNITED_STATES,
  WASHINGTON,
  '98101',
  [47.6062, -122.3321],
  20,
  'America/Los_Angeles',
]);

// Public ISP ranges (not documentation ranges, which lookups treat as non-public).
const NETWORKS = [
  ['91.64.10.0/24', NUREMBERG],
  ['2a02:8106:10::/48', NUREMBERG],
  ['84.150.20.0/24', MUNICH],
  ['62.178.30.0/24', VIENNA],
  ['2a02:8388:40::/48', VIENNA],
  ['86.150.40.0/24', LONDON],
  ['73.53.50.0/24', SEATTLE],
];

/** Address as a 128-bit integer; IPv4 lives in ::/96 of the IPv6 tree ("IPv4-compatible" placement). */
function toBigInt(address) {
  if (!address.includes(':'))
    return address.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(octet), 0n);
  const [head, tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = [
    ...headGroups,
    ...Array(8 - headGroups.length - tailGroups.length).fill('0'),
    ...tailGroups,
  ];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}
const fromBigInt = (value, isV4) =>
  isV4
    ? [24n, 16n, 8n, 0n].map((shift) => (value >> shift) & 0xffn).join('.')
    : Array.from({ length: 8 }, (_, i) =>
        ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)
      ).join(':');

function buildDatabase() {
  const dataSection = [];
  const dataOffsets = new Map(); // place → offset, so networks of one place share one record
  const root = {};
  for (const [network, entry] of NETWORKS) {
    if (!dataOffsets.has(entry)) {
      dataOffsets.set(
        entry,
        dataSection.reduce((size, chunk) => size + chunk.length, 0)
      );
      dataSection.push(encode(entry.record));
    }
    const [address, prefix] = network.split('/');
    const bits = toBigInt(address);
    const depth = Number(prefix) + (address.includes(':') ? 0 : 96);
    // Walk (and create) one node per bit, most significant first; the last bit's record points at the data.
    let node = root;
    for (let i = 0; i < depth; i++) {
      const side = (bits >> BigInt(127 - i)) & 1n ? 'right' : 'left';
      if (i === depth - 1) node[side] = { dataOffset: dataOffsets.get(entry) };
      else node = node[side] ??= {};
      if ('dataOffset' in node) throw new Error(`${network} overlaps a network listed before it`);
    }
  }

  const nodes = [root]; // breadth-first numbering; node 0 is the root
  for (let i = 0; i < nodes.length; i++) {
    for (const child of [nodes[i].left, nodes[i].right])
      if (child && !('dataOffset' in child)) nodes.push(child);
  }
  const nodeNumbers = new Map(nodes.map((node, i) => [node, i]));
  const nodeCount = nodes.length;
  // Record values: < nodeCount → node number; = nodeCount → no data; > nodeCount → nodeCount + 16 + data offset.
  const recordValue = (child) =>
    !child
      ? nodeCount
      : 'dataOffset' in child
        ? nodeCount + DATA_SECTION_SEPARATOR.length + child.dataOffset
        : nodeNumbers.get(child);
  const tree = Buffer.alloc(nodeCount * 6); // 24-bit records: 3 bytes left, 3 bytes right, big-endian
  nodes.forEach((node, i) => {
    tree.writeUIntBE(recordValue(node.left), i * 6, 3);
    tree.writeUIntBE(recordValue(node.right), i * 6 + 3, 3);
  });

  const metadata = {
    binary_format_major_version: uint16(2),
    binary_format_minor_version: uint16(0),
    build_epoch: uint64(BUILD_EPOCH),
    database_type: 'GeoLite2-City',
    description: {
      en: 'strapi-plugin-cxm GeoIP test fixture',
      de: 'strapi-plugin-cxm GeoIP-Testdaten',
    },
    ip_version: uint16(6),
    languages: ['en', 'de'],
    node_count: uint32(nodeCount),
    record_size: uint16(24),
  };
  const database = Buffer.concat([
    tree,
    DATA_SECTION_SEPARATOR,
    ...dataSection,
    METADATA_MARKER,
    encode(metadata),
  ]);
  const answers = NETWORKS.map(([network, entry]) => {
    const [address, prefix] = network.split('/');
    const isV4 = !address.includes(':');
    const hostBits = BigInt((isV4 ? 32 : 128) - Number(prefix));
    const first = toBigInt(address);
    return {
      network,
      first: fromBigInt(first, isV4),
      last: fromBigInt(first | ((1n << hostBits) - 1n), isV4),
      expected: entry.expected,
    };
  });
  return { database, answers };
}

const out = path.resolve(process.argv[2] ?? DEFAULT_OUT);
const { database, answers } = buildDatabase();
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, database);
fs.writeFileSync(`${out}.json`, `${JSON.stringify(answers, null, 2)}\n`);
console.log(`wrote ${out} (${database.length} bytes) and ${path.basename(out)}.json`);
