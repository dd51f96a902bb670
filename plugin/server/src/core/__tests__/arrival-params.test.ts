import { LINK_TOKEN_PARAM } from '../campaigns';
import { ARRIVAL_PARAMS, classifyChannel, UTM_FIELDS } from '../channels';

describe('ARRIVAL_PARAMS: the landing-URL parameters a visit records', () => {
  it('are the utm fields, the click ids, the link token and the source marker', () => {
    expect([...ARRIVAL_PARAMS].sort()).toEqual(
      [
        'utm_source',
        'utm_medium',
        'utm_campaign',
        'utm_term',
        'utm_content',
        'gclid',
        'gbraid',
        'wbraid',
        'msclkid',
        'dclid',
        'fbclid',
        'ttclid',
        'li_fat_id',
        'twclid',
        'cxm_c',
        'cxm_src',
      ].sort()
    );
  });

  it('include every parameter the channel classification decides on', () => {
    const others = new Set([...UTM_FIELDS.map((field) => `utm_${field}`), LINK_TOKEN_PARAM]);
    for (const param of ARRIVAL_PARAMS) {
      if (others.has(param)) continue;
      const { reason } = classifyChannel({ params: { [param]: param === 'cxm_src' ? 'qr' : 'x' } });
      expect(reason).toMatch(new RegExp(`^(click id ${param}|${param}=qr)`));
    }
  });
});
