import fc from 'fast-check';
import {
  reachableContentTypes,
  relationSlots,
  slotEntries,
  type Entry,
  type SchemaOf,
} from '../populate-tree';

/** The example app's model, as far as the walk reads it. */
const SCHEMAS: Record<string, ReturnType<SchemaOf>> = {
  'api::page.page': {
    title: { type: 'string' },
    offers: { type: 'relation', target: 'api::offer.offer' },
    blocks: {
      type: 'dynamiczone',
      components: ['blocks.hero', 'blocks.teaser-grid', 'blocks.text'],
    },
    seo: { type: 'component', component: 'shared.seo' },
    localizations: { type: 'relation', target: 'api::page.page' },
  },
  'api::offer.offer': {
    headline: { type: 'string' },
    image: { type: 'media' },
    dealer: { type: 'relation', target: 'api::dealer.dealer' },
  },
  'api::dealer.dealer': { name: { type: 'string' } },
  'blocks.hero': {
    headline: { type: 'string' },
    image: { type: 'media' },
    offer: { type: 'relation', target: 'api::offer.offer' },
    callToAction: { type: 'component', component: 'blocks.call-to-action' },
  },
  'blocks.call-to-action': { label: { type: 'string' } },
  'blocks.teaser-grid': {
    offers: { type: 'relation', target: 'api::offer.offer' },
    pages: { type: 'relation', target: 'api::page.page' },
  },
  'blocks.text': { body: { type: 'richtext' } },
  'shared.seo': { shareImage: { type: 'media' } },
  'api::tag.tag': { about: { type: 'relation', target: ['api::page.page', 'api::offer.offer'] } },
};
const schemaOf: SchemaOf = (uid) => SCHEMAS[uid];

const offer = (documentId: string, extra: Entry = {}): Entry => ({
  id: 1,
  documentId,
  headline: documentId,
  ...extra,
});

function homePage(): Entry {
  return {
    documentId: 'home',
    title: 'Home',
    offers: [offer('hybrid-bonus'), offer('leasing')],
    seo: { id: 1, shareImage: { id: 9, documentId: 'file', url: '/uploads/x.png' } },
    localizations: [{ documentId: 'home', locale: 'de' }],
    blocks: [
      { __component: 'blocks.hero', headline: 'Hi', offer: offer('hybrid-bonus') },
      { __component: 'blocks.teaser-grid', offers: [offer('leasing')], pages: [] },
      { __component: 'blocks.text', body: 'text' },
    ],
  };
}

/** The slots as `<uid> <attribute> <entries>`, for readable expectations. */
const describeSlots = (entries: Entry[], populate: unknown) =>
  relationSlots(entries, 'api::page.page', populate, schemaOf).map(
    (slot) =>
      `${slot.uid} ${slot.attribute} [${slotEntries(slot)
        .map((entry) => entry.documentId)
        .join(',')}]`
  );

describe('relationSlots', () => {
  it('finds relations of the entry, inside single components and inside every dynamic-zone component', () => {
    expect(describeSlots([homePage()], '*')).toEqual([
      'api::offer.offer offers [hybrid-bonus,leasing]',
      'api::offer.offer offer [hybrid-bonus]',
      'api::offer.offer offers [leasing]',
      'api::page.page pages []',
    ]);
  });

  it('skips media, i18n localizations, missing and null attributes, and morph relations', () => {
    const page = { documentId: 'p', offers: null, seo: { shareImage: { documentId: 'f' } } };
    expect(describeSlots([page], '*')).toEqual([]);
    const tag = { documentId: 't', about: [offer('leasing')] };
    expect(relationSlots([tag], 'api::tag.tag', '*', schemaOf)).toEqual([]);
  });

  it('gives each relation the shape its entries were read with, in every populate syntax', () => {
    const shapes = (populate: unknown) =>
      Object.fromEntries(
        relationSlots([homePage()], 'api::page.page', populate, schemaOf).map((slot) => [
          `${slot.owner.__component ?? 'page'}.${slot.attribute}`,
          slot.shape,
        ])
      );
    expect(shapes('*')).toEqual({
      'page.offers': {},
      'blocks.hero.offer': {},
      'blocks.teaser-grid.offers': {},
      'blocks.teaser-grid.pages': {},
    });
    expect(shapes('offers.image,offers.dealer,blocks')['page.offers']).toEqual({
      populate: ['image', 'dealer'],
    });
    expect(shapes(['offers', 'blocks'])['page.offers']).toEqual({});
    expect(
      shapes({
        offers: { fields: ['headline'], populate: { image: true }, filters: { slug: 'x' } },
        blocks: {
          on: {
            'blocks.hero': { populate: { offer: { fields: ['title'] } } },
            'blocks.teaser-grid': { populate: { offers: { populate: '*' } } },
          },
        },
      })
    ).toEqual({
      'page.offers': { fields: ['headline'], populate: { image: true } },
      'blocks.hero.offer': { fields: ['title'] },
      'blocks.teaser-grid.offers': { populate: '*' },
      'blocks.teaser-grid.pages': {},
    });
    expect(shapes({ blocks: { populate: '*' } })['blocks.hero.offer']).toEqual({});
  });

  it('reads nested components with their own populate', () => {
    const hero = {
      __component: 'blocks.hero',
      callToAction: { label: 'Go' },
      offer: offer('leasing', { dealer: { documentId: 'dealer-1' } }),
    };
    const slots = relationSlots(
      [hero],
      'blocks.hero',
      { offer: { populate: { dealer: true } }, callToAction: true },
      schemaOf
    );
    expect(slots.map((slot) => [slot.attribute, slot.shape])).toEqual([
      ['offer', { populate: { dealer: true } }],
    ]);
    // the next level: the related entry's own relations, read with the relation's populate
    const next = relationSlots(
      slotEntries(slots[0]),
      slots[0].uid,
      slots[0].shape.populate,
      schemaOf
    );
    expect(next.map((slot) => `${slot.uid} ${slot.attribute}`)).toEqual([
      'api::dealer.dealer dealer',
    ]);
  });

  it('lets the owner of a slot be changed in place: the slot reads the current list', () => {
    const page = homePage();
    const [slot] = relationSlots([page], 'api::page.page', { offers: true }, schemaOf);
    expect(slot.owner).toBe(page);
    page.offers = [offer('other')];
    expect(slotEntries(slot).map((entry) => entry.documentId)).toEqual(['other']);
  });

  it('counts of a relation are no entries', () => {
    const page = { documentId: 'p', offers: { count: 2 } };
    const [slot] = relationSlots([page], 'api::page.page', { offers: { count: true } }, schemaOf);
    expect(slotEntries(slot)).toEqual([]);
  });

  it('never throws and finds only present relations, whatever the populate value', () => {
    fc.assert(
      fc.property(fc.anything(), (populate) => {
        const slots = relationSlots([homePage()], 'api::page.page', populate, schemaOf);
        for (const slot of slots) expect(slot.owner[slot.attribute]).toBeDefined();
        expect(slots).toHaveLength(4);
      })
    );
  });
});

describe('reachableContentTypes', () => {
  it('follows relations, components and dynamic zones, cycles included', () => {
    expect([...reachableContentTypes('api::page.page', schemaOf)].sort()).toEqual([
      'api::dealer.dealer',
      'api::offer.offer',
      'api::page.page',
    ]);
    expect([...reachableContentTypes('api::offer.offer', schemaOf)]).toEqual([
      'api::dealer.dealer',
    ]);
    expect(reachableContentTypes('api::dealer.dealer', schemaOf).size).toBe(0);
    expect(reachableContentTypes('api::unknown.unknown', schemaOf).size).toBe(0);
  });
});
