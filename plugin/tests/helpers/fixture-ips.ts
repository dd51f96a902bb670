/** Addresses inside the networks of tests/fixtures/geoip-fixture.mmdb. */
export const IPS = {
  nuremberg: '91.64.10.20',
  nurembergV6: '2a02:8106:10::25',
  munich: '84.150.20.7',
  vienna: '62.178.30.9',
  viennaV6: '2a02:8388:40::9',
  london: '86.150.40.1',
  seattle: '73.53.50.5',
};

export const CHROME_DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
