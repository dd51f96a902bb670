import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openGeoReader, type GeoReader, type GeoResult } from '../reader';

const PLUGIN_ROOT = resolve(__dirname, '../../../..');
const FIXTURE = join(PLUGIN_ROOT, 'tests/fixtures/geoip-fixture.mmdb');
const FIXTURE_SCRIPT = join(PLUGIN_ROOT, '../scripts/write-geoip-fixture.js');
/** MaxMind's own test database, written by MaxMind's tooling rather than by this project. */
const MAXMIND_TEST_DB = join(
  dirname(require.resolve('@posthog/geoip-plugin/package.json')),
  'GeoLite2-City-Test.mmdb'
);

interface FixtureNetwork {
  network: string;
  first: string;
  last: string;
  expected: GeoResult;
}
const FIXTURE_NETWORKS: FixtureNetwork[] = JSON.parse(readFileSync(`${FIXTURE}.json`, 'utf8'));
const NUREMBERG_IP = '91.64.10.20';
const LONDON_IN_MAXMIND_TEST_DB = '81.2.69.142';

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(25);
  }
}

let tempDir: string;
const readers: GeoReader[] = [];
const track = (reader: GeoReader) => (readers.push(reader), reader);

beforeEach(() => {
  tempDir = mkdtempSync(join(tmpdir(), 'cxm-geoip-'));
});

afterEach(() => {
  readers.splice(0).forEach((reader) => reader.close());
  rmSync(tempDir, { recursive: true, force: true });
});

describe('the fixture', () => {
  it('is what scripts/write-geoip-fixture.js writes, byte for byte', () => {
    const out = join(tempDir, 'fixture.mmdb');
    execFileSync(process.execPath, [FIXTURE_SCRIPT, out]);
    expect(readFileSync(out).equals(readFileSync(FIXTURE))).toBe(true);
    expect(readFileSync(`${out}.json`, 'utf8')).toBe(readFileSync(`${FIXTURE}.json`, 'utf8'));
  });

  it('lists IPv4 and IPv6 networks', () => {
    expect(FIXTURE_NETWORKS.map(({ network }) => network)).toEqual([
      '91.64.10.0/24',
      '2a02:8106:10::/48',
      '84.150.20.0/24',
      '62.178.30.0/24',
      '2a02:8388:40::/48',
      '86.150.40.0/24',
      '73.53.50.0/24',
    ]);
  });
});

describe('lookup in the fixture', () => {
  let reader: GeoReader;
  beforeAll(async () => {
    reader = await openGeoReader(FIXTURE);
  });
  afterAll(() => reader.close());

  it('exposes its path', () => {
    expect(reader.path).toBe(FIXTURE);
  });

  it('tells the database type and build date from its metadata', () => {
    expect(reader.info()).toEqual({
      databaseType: 'GeoLite2-City',
      buildDate: new Date('2025-01-01T00:00:00Z'),
      ipVersion: 6,
    });
  });

  describe.each(FIXTURE_NETWORKS)('$network', ({ first, last, expected }) => {
    it(`finds ${expected.city} at the first address`, () => {
      expect(reader.lookup(first)).toEqual(expected);
    });

    it(`finds ${expected.city} at the last address`, () => {
      expect(reader.lookup(last)).toEqual(expected);
    });
  });

  it('answers IPv4-mapped IPv6 like IPv4', () => {
    expect(reader.lookup(`::ffff:${NUREMBERG_IP}`)?.city).toBe('Nuremberg');
  });

  it('answers bracketed and port-suffixed addresses', () => {
    expect(reader.lookup(`${NUREMBERG_IP}:443`)?.city).toBe('Nuremberg');
    expect(reader.lookup('[2a02:8388:40::1]:443')?.city).toBe('Vienna');
  });

  it('returns the full result shape', () => {
    expect(reader.lookup(NUREMBERG_IP)).toEqual({
      country: 'DE',
      countryName: 'Germany',
      region: 'BY',
      regionName: 'Bavaria',
      city: 'Nuremberg',
      postalCode: '90402',
      continent: 'EU',
      latitude: 49.4521,
      longitude: 11.0767,
      timeZone: 'Europe/Berlin',
    });
  });

  it.each([
    '91.64.9.255',
    '91.64.11.0',
    '2a02:8106:11::',
    '2a02:8106:f::ffff',
    '8.8.8.8',
    '2606:4700:4700::1111',
  ])('is null just outside the networks and elsewhere: %p', (ip) => {
    expect(reader.lookup(ip)).toBeNull();
  });

  it.each([
    null,
    '',
    'unknown',
    '1.2.3',
    '<script>',
    '10.0.0.1',
    '192.168.1.1',
    '127.0.0.1',
    '::1',
    '::ffff:127.0.0.1',
    'fe80::1',
    'fd00::1',
    '100.64.0.1',
    '0.0.0.0',
    '::',
  ])('is null for %p', (ip) => {
    expect(reader.lookup(ip)).toBeNull();
  });

  it('is null for a 10 KB string', () => {
    expect(reader.lookup('1'.repeat(10_000))).toBeNull();
  });
});

describe("lookup in MaxMind's GeoLite2-City-Test.mmdb", () => {
  let reader: GeoReader;
  beforeAll(async () => {
    reader = await openGeoReader(MAXMIND_TEST_DB);
  });
  afterAll(() => reader.close());

  it.each<[string, GeoResult]>([
    [
      '81.2.69.142',
      {
        country: 'GB',
        countryName: 'United Kingdom',
        region: 'ENG',
        regionName: 'England',
        city: 'London',
        postalCode: null,
        continent: 'EU',
        latitude: 51.5142,
        longitude: -0.0931,
        timeZone: 'Europe/London',
      },
    ],
    [
      '89.160.20.112',
      {
        country: 'SE',
        countryName: 'Sweden',
        region: 'E',
        regionName: 'Östergötland County',
        city: 'Linköping',
        postalCode: null,
        continent: 'EU',
        latitude: 58.4167,
        longitude: 15.6167,
        timeZone: 'Europe/Stockholm',
      },
    ],
    [
      '216.160.83.56',
      {
        country: 'US',
        countryName: 'United States',
        region: 'WA',
        regionName: 'Washington',
        city: 'Milton',
        postalCode: '98354',
        continent: 'NA',
        latitude: 47.2513,
        longitude: -122.3149,
        timeZone: 'America/Los_Angeles',
      },
    ],
    [
      // two subdivisions: the first (the country part) is the region
      '2.125.160.216',
      {
        country: 'GB',
        countryName: 'United Kingdom',
        region: 'ENG',
        regionName: 'England',
        city: 'Boxford',
        postalCode: 'OX1',
        continent: 'EU',
        latitude: 51.75,
        longitude: -1.25,
        timeZone: 'Europe/London',
      },
    ],
    [
      '175.16.199.1',
      {
        country: 'CN',
        countryName: 'China',
        region: '22',
        regionName: 'Jilin Sheng',
        city: 'Changchun',
        postalCode: null,
        continent: 'AS',
        latitude: 43.88,
        longitude: 125.3228,
        timeZone: 'Asia/Harbin',
      },
    ],
    [
      // country-level IPv6 record: no city, no subdivision
      '2001:218::1',
      {
        country: 'JP',
        countryName: 'Japan',
        region: null,
        regionName: null,
        city: null,
        postalCode: null,
        continent: 'AS',
        latitude: 35.68536,
        longitude: 139.75309,
        timeZone: 'Asia/Tokyo',
      },
    ],
  ])('%p', (ip, expected) => {
    expect(reader.lookup(ip)).toEqual(expected);
  });

  it('answers IPv4-mapped IPv6 like IPv4', () => {
    expect(reader.lookup(`::ffff:${LONDON_IN_MAXMIND_TEST_DB}`)?.city).toBe('London');
  });

  it('is null for an address it does not know', () => {
    expect(reader.lookup('8.8.8.8')).toBeNull();
  });
});

describe('openGeoReader', () => {
  it('rejects a missing file', async () => {
    await expect(openGeoReader(join(tempDir, 'missing.mmdb'))).rejects.toThrow();
  });

  it('rejects a file that is not a MaxMind DB', async () => {
    const file = join(tempDir, 'garbage.mmdb');
    writeFileSync(file, 'not a database');
    await expect(openGeoReader(file)).rejects.toThrow();
  });

  it('answers null after close', async () => {
    const reader = await openGeoReader(FIXTURE);
    reader.close();
    expect(reader.lookup(NUREMBERG_IP)).toBeNull();
    expect(reader.info()).toBeNull();
  });
});

describe('watching the file', () => {
  const POLL_MS = 50;
  // waitFor gives up after 10 s; the test itself must not time out first.
  const TIMEOUT_MS = 15_000;

  async function openWatchedCopy() {
    const file = join(tempDir, 'city.mmdb');
    copyFileSync(FIXTURE, file);
    const events = { reloads: 0, errors: [] as Error[] };
    const reader = track(
      await openGeoReader(file, {
        watch: true,
        pollIntervalMs: POLL_MS,
        onReload: () => events.reloads++,
        onError: (error) => events.errors.push(error),
      })
    );
    // The watcher's first stat is its baseline; changes made before it would go unnoticed.
    await delay(POLL_MS * 4);
    return { file, reader, events };
  }

  /** Replaces `file` the way geoipupdate does: write next to it, then rename over it. */
  function replaceAtomically(file: string, source: string) {
    copyFileSync(source, `${file}.tmp`);
    renameSync(`${file}.tmp`, file);
  }

  it(
    'reloads when the file is replaced',
    async () => {
      const { file, reader, events } = await openWatchedCopy();
      expect(reader.lookup(NUREMBERG_IP)?.city).toBe('Nuremberg');
      expect(reader.lookup(LONDON_IN_MAXMIND_TEST_DB)).toBeNull();

      replaceAtomically(file, MAXMIND_TEST_DB);
      await waitFor(() => reader.lookup(LONDON_IN_MAXMIND_TEST_DB) !== null);

      expect(reader.lookup(LONDON_IN_MAXMIND_TEST_DB)?.city).toBe('London');
      expect(reader.lookup(NUREMBERG_IP)).toBeNull();
      expect(events.reloads).toBeGreaterThanOrEqual(1);
      expect(events.errors).toEqual([]);
    },
    TIMEOUT_MS
  );

  it(
    'reloads when the file is overwritten in place',
    async () => {
      const { file, reader } = await openWatchedCopy();
      writeFileSync(file, readFileSync(MAXMIND_TEST_DB));
      await waitFor(() => reader.lookup(LONDON_IN_MAXMIND_TEST_DB) !== null);
      expect(reader.lookup(NUREMBERG_IP)).toBeNull();
    },
    TIMEOUT_MS
  );

  it(
    'keeps the loaded database and reports the error when the new file is broken, then recovers',
    async () => {
      const { file, reader, events } = await openWatchedCopy();
      writeFileSync(file, 'half a database');
      await waitFor(() => events.errors.length > 0);
      expect(reader.lookup(NUREMBERG_IP)?.city).toBe('Nuremberg');
      expect(events.reloads).toBe(0);

      replaceAtomically(file, MAXMIND_TEST_DB);
      await waitFor(() => reader.lookup(LONDON_IN_MAXMIND_TEST_DB) !== null);
      expect(events.reloads).toBe(1);
    },
    TIMEOUT_MS
  );

  it(
    'keeps the loaded database while the file is deleted, and picks it up when it returns',
    async () => {
      const { file, reader, events } = await openWatchedCopy();
      rmSync(file);
      await delay(POLL_MS * 4);
      expect(reader.lookup(NUREMBERG_IP)?.city).toBe('Nuremberg');

      copyFileSync(MAXMIND_TEST_DB, file);
      await waitFor(() => reader.lookup(LONDON_IN_MAXMIND_TEST_DB) !== null);
      expect(events.errors).toEqual([]);
    },
    TIMEOUT_MS
  );

  it(
    'stops watching on close',
    async () => {
      const { file, reader, events } = await openWatchedCopy();
      reader.close();
      replaceAtomically(file, MAXMIND_TEST_DB);
      await delay(POLL_MS * 6);
      expect(events.reloads).toBe(0);
      expect(reader.lookup(LONDON_IN_MAXMIND_TEST_DB)).toBeNull();
    },
    TIMEOUT_MS
  );

  it(
    'does not reload without watch',
    async () => {
      const file = join(tempDir, 'city.mmdb');
      copyFileSync(FIXTURE, file);
      const reader = track(await openGeoReader(file));
      replaceAtomically(file, MAXMIND_TEST_DB);
      await delay(POLL_MS * 6);
      expect(reader.lookup(NUREMBERG_IP)?.city).toBe('Nuremberg');
    },
    TIMEOUT_MS
  );
});
