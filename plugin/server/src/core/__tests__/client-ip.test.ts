import { isIP } from 'node:net';
import fc from 'fast-check';
import { clientIp, ipInCidr, isPublicIp, normalizeIp, type ClientIpInput } from '../client-ip';

const CLIENT = '91.64.10.20';
const CLIENT_V6 = '2a02:8106:10::20';
const LOAD_BALANCER = '10.0.0.5';
const CDN_EDGE = '198.41.128.7';

const resolve = (input: Partial<ClientIpInput>) =>
  clientIp({ remoteAddress: undefined, trustedProxies: [], ...input });

describe('normalizeIp', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    ['  1.2.3.4 ', '1.2.3.4'],
    ['1.2.3.4:5678', '1.2.3.4'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:1.2.3.4', '1.2.3.4'],
    ['::ffff:102:304', '1.2.3.4'],
    ['[::ffff:1.2.3.4]:80', '1.2.3.4'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]:_hidden', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['::1.2.3.4', '::102:304'],
    ['2001:db8::1:443', '2001:db8::1:443'], // unbracketed IPv6 cannot carry a port: ":443" is a group
  ])('%p → %p', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'unknown',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.4:',
    '1.2.3.4:123456',
    '[2001:db8::1',
    '2001:db8::1]',
    '[1.2.3.4',
    '2001:db8:::1',
    '_hidden',
    '<script>alert(1)</script>',
    '1.2.3.4\n5.6.7.8',
  ])('%p → null', (input) => {
    expect(normalizeIp(input)).toBeNull();
  });

  it('is null for a 10 KB string', () => {
    expect(normalizeIp('1'.repeat(10_000))).toBeNull();
  });
});

describe('ipInCidr', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.0.0.1', '10.0.0.0/8', false],
    ['172.31.255.255', '172.16.0.0/12', true],
    ['172.32.0.0', '172.16.0.0/12', false],
    ['192.168.1.1', '192.168.1.1/32', true],
    ['192.168.1.2', '192.168.1.1/32', false],
    ['8.8.8.8', '0.0.0.0/0', true],
    ['10.1.2.3', '10.1.2.3/8', true], // host bits in the base are ignored
    ['::ffff:10.1.2.3', '10.0.0.0/8', true],
    ['10.1.2.3', '::ffff:10.0.0.0/104', true],
    ['11.1.2.3', '::ffff:10.0.0.0/104', false],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['2001:db8:abcd::1', '2001:db8:ab00::/40', true],
    ['2001:db8:ac00::1', '2001:db8:ab00::/40', false],
    ['2001:db8::1', '::/0', true],
    ['10.1.2.3', '::/0', false], // families differ
    ['2001:db8::1', '0.0.0.0/0', false],
  ])('%p in %p → %p', (ip, cidr, expected) => {
    expect(ipInCidr(ip, cidr)).toBe(expected);
  });

  it.each([
    ['10.0.0.1', '10.0.0.0'],
    ['10.0.0.1', '10.0.0.0/33'],
    ['10.0.0.1', '10.0.0.0/-1'],
    ['10.0.0.1', '10.0.0.0/'],
    ['10.0.0.1', '10.0.0.0/8x'],
    ['10.0.0.1', 'garbage/8'],
    ['2001:db8::1', '2001:db8::/129'],
    ['10.0.0.1', '::ffff:10.0.0.0/64'],
    ['garbage', '10.0.0.0/8'],
  ])('malformed: %p in %p → false', (ip, cidr) => {
    expect(ipInCidr(ip, cidr)).toBe(false);
  });
});

describe('isPublicIp', () => {
  it.each([
    ['8.8.8.8', true],
    ['91.64.10.20', true],
    ['1.1.1.1', true],
    ['2a02:8106:10::20', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['10.0.0.1', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.178.1', false],
    ['127.0.0.1', false],
    ['127.255.255.254', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['100.127.255.255', false],
    ['100.128.0.1', true],
    ['0.0.0.0', false],
    ['255.255.255.255', false],
    ['224.0.0.251', false],
    ['192.0.2.1', false],
    ['198.51.100.1', false],
    ['203.0.113.1', false],
    ['198.18.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:127.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fe80::1%eth0', false],
    ['fc00::1', false],
    ['fd12:3456:789a::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['3fff::1', false],
    ['100::1', false],
    ['unknown', false],
    ['', false],
  ])('%p → %p', (ip, expected) => {
    expect(isPublicIp(ip)).toBe(expected);
  });
});

describe('clientIp', () => {
  describe('without trusted proxies', () => {
    it('is the socket peer', () => {
      expect(resolve({ remoteAddress: CLIENT })).toBe(CLIENT);
    });

    it('ignores a spoofed X-Forwarded-For', () => {
      expect(resolve({ remoteAddress: CLIENT, forwardedFor: '8.8.8.8' })).toBe(CLIENT);
    });

    it('ignores a spoofed Forwarded', () => {
      expect(resolve({ remoteAddress: CLIENT, forwarded: 'for=8.8.8.8' })).toBe(CLIENT);
    });

    it('ignores headers even when the peer is a private address', () => {
      expect(resolve({ remoteAddress: LOAD_BALANCER, forwardedFor: CLIENT })).toBe(LOAD_BALANCER);
    });

    it('normalizes an IPv4-mapped peer', () => {
      expect(resolve({ remoteAddress: `::ffff:${CLIENT}` })).toBe(CLIENT);
    });

    it.each([undefined, '', 'garbage'])('is null for the peer %p', (remoteAddress) => {
      expect(resolve({ remoteAddress, forwardedFor: CLIENT })).toBeNull();
    });
  });

  describe('behind one trusted proxy', () => {
    const behindLoadBalancer = (forwardedFor: string) =>
      resolve({ remoteAddress: LOAD_BALANCER, forwardedFor, trustedProxies: [LOAD_BALANCER] });

    it('takes the address the proxy appended', () => {
      expect(behindLoadBalancer(CLIENT)).toBe(CLIENT);
    });

    it('ignores what the client put in front of it', () => {
      expect(behindLoadBalancer(`8.8.8.8, 1.1.1.1, ${CLIENT}`)).toBe(CLIENT);
    });

    it('does not walk past an untrusted hop even if it looks internal', () => {
      expect(behindLoadBalancer(`${CLIENT}, 10.0.0.99`)).toBe('10.0.0.99');
    });

    it('accepts the proxy as an IPv4-mapped peer', () => {
      expect(
        resolve({
          remoteAddress: `::ffff:${LOAD_BALANCER}`,
          forwardedFor: CLIENT,
          trustedProxies: [LOAD_BALANCER],
        })
      ).toBe(CLIENT);
    });

    it('accepts a trusted proxy written as IPv4-mapped', () => {
      expect(
        resolve({
          remoteAddress: LOAD_BALANCER,
          forwardedFor: CLIENT,
          trustedProxies: [`::ffff:${LOAD_BALANCER}`],
        })
      ).toBe(CLIENT);
    });

    it('strips ports and normalizes hops', () => {
      expect(behindLoadBalancer(`${CLIENT}:51234`)).toBe(CLIENT);
      expect(behindLoadBalancer(`[${CLIENT_V6}]:443`)).toBe(CLIENT_V6);
      expect(behindLoadBalancer(`::ffff:${CLIENT}`)).toBe(CLIENT);
      expect(behindLoadBalancer(`  ${CLIENT}  `)).toBe(CLIENT);
    });

    it('is the peer when the proxy sent no header', () => {
      expect(resolve({ remoteAddress: LOAD_BALANCER, trustedProxies: [LOAD_BALANCER] })).toBe(
        LOAD_BALANCER
      );
      expect(behindLoadBalancer('')).toBe(LOAD_BALANCER);
      expect(behindLoadBalancer('   ')).toBe(LOAD_BALANCER);
    });

    it.each(['unknown', '1.2.3', '<script>', '_hidden', `${CLIENT} 8.8.8.8`, `${CLIENT},`])(
      'is null when the hop to read is %p',
      (hop) => {
        expect(behindLoadBalancer(hop)).toBeNull();
      }
    );

    it('is null when the hop to read is 10 KB long', () => {
      expect(behindLoadBalancer(`${CLIENT}, ${'1'.repeat(10_000)}`)).toBeNull();
    });

    it('walks a header of 1,000 trusted hops', () => {
      const hops = Array.from({ length: 1_000 }, () => LOAD_BALANCER);
      expect(behindLoadBalancer([CLIENT, ...hops].join(','))).toBe(CLIENT);
    });

    it('never reads past a malformed hop', () => {
      expect(behindLoadBalancer(`${CLIENT}, unknown`)).toBeNull();
    });
  });

  describe('behind two trusted proxies', () => {
    const trustedProxies = [CDN_EDGE, LOAD_BALANCER];

    it('walks both', () => {
      expect(
        resolve({
          remoteAddress: LOAD_BALANCER,
          forwardedFor: `${CLIENT}, ${CDN_EDGE}`,
          trustedProxies,
        })
      ).toBe(CLIENT);
    });

    it('ignores spoofed entries left of the client', () => {
      expect(
        resolve({
          remoteAddress: LOAD_BALANCER,
          forwardedFor: `6.6.6.6, ${CLIENT}, ${CDN_EDGE}`,
          trustedProxies,
        })
      ).toBe(CLIENT);
    });

    it('stops at the first untrusted hop when the request skipped the first proxy', () => {
      expect(
        resolve({
          remoteAddress: LOAD_BALANCER,
          forwardedFor: `${CDN_EDGE}, ${CLIENT}`,
          trustedProxies,
        })
      ).toBe(CLIENT);
    });

    it('is the leftmost hop when every hop is trusted', () => {
      expect(
        resolve({
          remoteAddress: LOAD_BALANCER,
          forwardedFor: `${CDN_EDGE}, ${LOAD_BALANCER}`,
          trustedProxies,
        })
      ).toBe(CDN_EDGE);
    });
  });

  describe('with CIDR-trusted proxies', () => {
    const trustedProxies = ['10.0.0.0/8', '2001:db8:1::/48'];

    it('trusts every address in the range', () => {
      expect(
        resolve({
          remoteAddress: '10.20.30.40',
          forwardedFor: `${CLIENT}, 10.9.8.7`,
          trustedProxies,
        })
      ).toBe(CLIENT);
    });

    it('trusts IPv6 ranges', () => {
      expect(
        resolve({ remoteAddress: '2001:db8:1::7', forwardedFor: CLIENT_V6, trustedProxies })
      ).toBe(CLIENT_V6);
    });

    it('does not trust a peer outside the ranges', () => {
      expect(resolve({ remoteAddress: '11.0.0.1', forwardedFor: CLIENT, trustedProxies })).toBe(
        '11.0.0.1'
      );
      expect(
        resolve({ remoteAddress: '2001:db8:2::7', forwardedFor: CLIENT, trustedProxies })
      ).toBe('2001:db8:2::7');
    });

    it('ignores malformed trust entries', () => {
      expect(
        resolve({
          remoteAddress: LOAD_BALANCER,
          forwardedFor: CLIENT,
          trustedProxies: ['garbage', '10.0.0.0/99', ''],
        })
      ).toBe(LOAD_BALANCER);
    });
  });

  describe('Forwarded (RFC 7239)', () => {
    const behindLoadBalancer = (forwarded: string) =>
      resolve({ remoteAddress: LOAD_BALANCER, forwarded, trustedProxies: [LOAD_BALANCER] });

    it.each([
      ['for=91.64.10.20', CLIENT],
      ['For=91.64.10.20', CLIENT],
      ['for="91.64.10.20:4711"', CLIENT],
      ['for="[2a02:8106:10::20]"', CLIENT_V6],
      ['for="[2a02:8106:10::20]:4711"', CLIENT_V6],
      ['for="[2a02:8106:10::20]:_port"', CLIENT_V6],
      ['for=91.64.10.20;proto=https;by=10.0.0.5', CLIENT],
      ['proto=https; for=91.64.10.20', CLIENT],
      ['host="a;b,c"; for=91.64.10.20', CLIENT],
      ['for=8.8.8.8, for=91.64.10.20', CLIENT],
      ['for=8.8.8.8,for="[2a02:8106:10::20]:4711";proto=https', CLIENT_V6],
    ])('%p → %p', (forwarded, expected) => {
      expect(behindLoadBalancer(forwarded)).toBe(expected);
    });

    it('walks trusted hops', () => {
      expect(
        resolve({
          remoteAddress: LOAD_BALANCER,
          forwarded: `for=${CLIENT}, for="${CDN_EDGE}:443"`,
          trustedProxies: [CDN_EDGE, LOAD_BALANCER],
        })
      ).toBe(CLIENT);
    });

    it.each([
      'for=unknown',
      'for=_hidden',
      'proto=https',
      'for=',
      'for="',
      'for="[2a02:8106:10::20"',
      `for=${CLIENT}, by=10.0.0.5`,
    ])('is null for %p', (forwarded) => {
      expect(behindLoadBalancer(forwarded)).toBeNull();
    });

    it('loses to X-Forwarded-For, which proxies append to', () => {
      expect(
        resolve({
          remoteAddress: LOAD_BALANCER,
          forwardedFor: CLIENT,
          forwarded: 'for=8.8.8.8',
          trustedProxies: [LOAD_BALANCER],
        })
      ).toBe(CLIENT);
    });
  });

  describe('properties', () => {
    const ipv4 = fc.ipV4();
    const anyIp = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.ipV4().map((ip) => `::ffff:${ip}`)
    );
    const junk = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef:.[]%,;="_ '), maxLength: 60 }),
      anyIp
    );
    const optionalJunk = fc.option(junk, { nil: undefined });
    const trust = fc.array(
      fc.oneof(
        anyIp,
        fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
        junk
      ),
      {
        maxLength: 4,
      }
    );

    it('never throws and returns null or a canonical IP', () => {
      fc.assert(
        fc.property(
          optionalJunk,
          optionalJunk,
          optionalJunk,
          trust,
          (remoteAddress, forwardedFor, forwarded, trustedProxies) => {
            const ip = clientIp({ remoteAddress, forwardedFor, forwarded, trustedProxies });
            expect(ip === null || (isIP(ip) !== 0 && normalizeIp(ip) === ip)).toBe(true);
          }
        ),
        { numRuns: 2000 }
      );
    });

    it('ignores headers when the peer is not trusted', () => {
      fc.assert(
        fc.property(anyIp, junk, junk, (remoteAddress, forwardedFor, forwarded) => {
          expect(clientIp({ remoteAddress, forwardedFor, forwarded, trustedProxies: [] })).toBe(
            normalizeIp(remoteAddress)
          );
        })
      );
    });

    it('cannot be steered by anything the client prepends to X-Forwarded-For', () => {
      fc.assert(
        fc.property(fc.array(junk, { maxLength: 5 }), (spoofed) => {
          const forwardedFor = [...spoofed, CLIENT].join(', ');
          expect(
            clientIp({ remoteAddress: LOAD_BALANCER, forwardedFor, trustedProxies: ['10.0.0.0/8'] })
          ).toBe(CLIENT);
        })
      );
    });

    it('normalizeIp agrees with node:net on what an IP is', () => {
      fc.assert(
        fc.property(fc.oneof(anyIp, junk), (value) => {
          const normalized = normalizeIp(value);
          if (normalized !== null) expect(isIP(normalized)).not.toBe(0);
          if (isIP(value) !== 0) expect(normalized).not.toBeNull();
        })
      );
    });
  });
});
