'use strict';

/** The car maker's demo: what the marketing team sets up in the admin (see the README's scenario). */
module.exports = {
  profiles: [
    {
      name: 'Vehicle interest',
      slug: 'vehicle-interest',
      description: 'What kind of car and offer a visitor is looking for',
      scoring: 'sum',
      halfLifeDays: 30,
      keys: [
        { name: 'Limousine', slug: 'limousine' },
        { name: 'Hybrid', slug: 'hybrid' },
        { name: 'Compact', slug: 'compact' },
        { name: 'Leasing', slug: 'leasing' },
      ],
    },
  ],
  personas: [
    {
      profile: 'vehicle-interest',
      name: 'Family father',
      slug: 'family-father',
      description: 'Needs space for the family, prefers a predictable monthly rate',
      keyValues: { limousine: 8, leasing: 6, hybrid: 2, compact: 1 },
    },
    {
      profile: 'vehicle-interest',
      name: 'Urban single',
      slug: 'urban-single',
      description: 'Drives short distances in the city, cares about efficiency',
      keyValues: { compact: 8, hybrid: 6, limousine: 1, leasing: 2 },
    },
  ],
  goals: [
    { slug: 'webinar-sign-up', name: 'Webinar sign-up', points: 30 },
    { slug: 'brochure-download', name: 'Brochure download', points: 20 },
    { slug: 'product-video', name: 'Product video', points: 10 },
    { slug: 'newsletter-sign-up', name: 'Newsletter sign-up', points: 15 },
    { slug: 'test-drive-booking', name: 'Test-drive booking', points: 60, isConversion: true },
    { slug: 'like-share', name: 'Like / share', points: 5 },
  ],
  campaigns: [
    {
      slug: 'spring-newsletter',
      name: 'Spring newsletter',
      channel: 'email',
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'spring-2026',
    },
    {
      slug: 'fan-page-post',
      name: 'Fan-page post',
      channel: 'social',
      utmSource: 'facebook',
      utmCampaign: 'fan-page-2026',
    },
    {
      slug: 'search-ads',
      name: 'Search ads',
      channel: 'paid-search',
      utmMedium: 'cpc',
      utmCampaign: 'brand-search',
      cost: 1200,
    },
    {
      slug: 'poster-qr',
      name: 'Poster with QR code',
      channel: 'offline',
      linkToken: 'poster-2026',
      cost: 800,
    },
    { slug: 'service-mail', name: 'Service e-mail', channel: 'email', utmCampaign: 'service-mail' },
  ],
  dealers: [
    {
      name: 'Autohaus Nürnberg',
      city: 'Nuremberg',
      address: 'Frankenstraße 150, 90461 Nürnberg',
      latitude: 49.4316,
      longitude: 11.0873,
    },
    {
      name: 'Autohaus München',
      city: 'Munich',
      address: 'Landsberger Straße 300, 80687 München',
      latitude: 48.1421,
      longitude: 11.5097,
    },
    {
      name: 'Autohaus Wien',
      city: 'Vienna',
      address: 'Triester Straße 40, 1100 Wien',
      latitude: 48.1769,
      longitude: 16.3539,
    },
    {
      name: 'London Motors',
      city: 'London',
      address: '1 Park Lane, London W1K',
      latitude: 51.5055,
      longitude: -0.1517,
    },
    {
      name: 'Seattle Auto Center',
      city: 'Seattle',
      address: '1000 Mercer St, Seattle, WA',
      latitude: 47.6245,
      longitude: -122.3421,
    },
  ],
  /** Images shipped in ./images, uploaded once through Strapi's upload service; blocks name them by file name. */
  images: [
    { file: 'hero-hybrid.png', alternativeText: 'The new hybrid on a green field' },
    { file: 'hero-limousine.png', alternativeText: 'The limousine, test winner for families' },
    { file: 'offer-leasing.png', alternativeText: 'A new car for 199 € a month' },
    { file: 'offer-limousine-leasing.png', alternativeText: 'The limousine for 349 € a month' },
  ],
  /** Offer boxes that pages and their blocks relate to (by slug). */
  offers: [
    {
      slug: 'leasing-offer',
      title: 'Leasing offer',
      headline: 'Leasing from 199 € a month',
      body: 'Drive a new car for a fixed monthly rate.',
      monthlyRate: 199,
      callToAction: 'Calculate your rate',
      image: 'offer-leasing.png',
    },
    {
      slug: 'leasing-offer-limousine',
      title: 'Leasing offer (Limousine)',
      headline: 'The limousine from 349 € a month',
      body: 'Leasing for families: the limousine with service and insurance included.',
      monthlyRate: 349,
      callToAction: 'Calculate your limousine rate',
      image: 'offer-limousine-leasing.png',
    },
    {
      slug: 'hybrid-bonus',
      title: 'Hybrid bonus',
      headline: '3,000 € bonus on every hybrid',
      body: 'Trade in your old car and drive electric for less.',
      callToAction: 'Claim your bonus',
      image: 'hero-hybrid.png',
    },
  ],
  /**
   * Pages, in the order they are created (teaser grids name pages created before them). `blocks`
   * is the dynamic zone: `image` names a file of `images`, `offer` / `offers` / `pages` slugs.
   */
  pages: [
    {
      slug: 'limousine',
      title: 'Limousine',
      headline: 'Space, comfort and safety',
      body: 'Our limousine seats five in comfort and tops every safety test.',
      callToAction: 'Configure your limousine',
      seo: { metaTitle: 'The limousine', metaDescription: 'Five seats, top safety marks.' },
      blocks: [
        {
          __component: 'blocks.hero',
          headline: 'Space, comfort and safety',
          image: 'hero-limousine.png',
        },
        {
          __component: 'blocks.text',
          body: 'Five seats, a boot for the whole family and **five stars** in every crash test.',
        },
        {
          __component: 'blocks.teaser-grid',
          title: 'Drive it for less',
          offers: ['leasing-offer'],
        },
      ],
    },
    {
      slug: 'hybrid',
      title: 'Hybrid',
      headline: 'Efficient and electric',
      body: 'Hybrid drive for the city and the motorway.',
      callToAction: 'Compare hybrids',
      seo: { metaTitle: 'Hybrid cars', metaDescription: 'Electric in the city, long range.' },
      blocks: [
        {
          __component: 'blocks.hero',
          headline: 'Efficient and electric',
          image: 'hero-hybrid.png',
        },
        { __component: 'blocks.teaser-grid', title: 'Offers', offers: ['hybrid-bonus'] },
      ],
    },
    {
      slug: 'compact',
      title: 'Compact',
      headline: 'Small outside, big inside',
      body: 'The compact car that parks anywhere.',
      callToAction: 'Configure your compact',
      seo: { metaTitle: 'The compact', metaDescription: 'Parks anywhere.' },
      blocks: [
        { __component: 'blocks.text', body: 'Four doors, five metres less to park.' },
        {
          __component: 'blocks.call-to-action',
          label: 'Configure your compact',
          url: '/configurator/compact',
        },
      ],
    },
    {
      slug: 'accessories',
      title: 'Accessories',
      headline: 'Made for your new car',
      body: 'Roof boxes, child seats and winter wheels, fitted by your dealer. Customers recruit customers: recommend us and you both get a service voucher.',
      callToAction: 'Find your accessories',
      seo: { metaTitle: 'Accessories', metaDescription: 'Roof boxes, child seats, winter wheels.' },
      blocks: [
        {
          __component: 'blocks.text',
          body: 'Roof boxes, child seats and winter wheels, **fitted by your dealer**.',
        },
        {
          __component: 'blocks.call-to-action',
          label: 'Find your accessories',
          url: '/accessories/finder',
        },
      ],
    },
    {
      slug: 'home',
      title: 'Home',
      headline: 'Drive the future: our new hybrid range',
      body: 'Discover the hybrid models that combine electric efficiency with long range.',
      callToAction: 'Explore hybrids',
      offers: ['hybrid-bonus', 'leasing-offer'],
      seo: {
        metaTitle: 'Cars for every life',
        metaDescription: 'Hybrid, limousine and compact cars, and a dealer near you.',
        shareImage: 'hero-hybrid.png',
      },
      blocks: [
        {
          __component: 'blocks.hero',
          headline: 'Drive the future: our new hybrid range',
          text: 'Electric efficiency with long range.',
          image: 'hero-hybrid.png',
          offer: 'hybrid-bonus',
          callToAction: { label: 'Explore hybrids', url: '/hybrid' },
        },
        {
          __component: 'blocks.teaser-grid',
          title: 'Offers for you',
          offers: ['leasing-offer', 'hybrid-bonus'],
          pages: ['limousine', 'hybrid', 'compact'],
        },
        { __component: 'blocks.dealer-box', title: 'A dealer near you', dealers: 1 },
      ],
    },
    {
      slug: 'home-limousine',
      title: 'Home (Limousine)',
      headline: 'The limousine that won the family car test',
      body: 'Test winner in safety and space. A dealer near you has one ready for a test drive.',
      callToAction: 'Book a test drive with a dealer near you',
      offers: ['leasing-offer'],
      seo: {
        metaTitle: 'The family car test winner',
        metaDescription: 'Test winner in safety and space.',
        shareImage: 'hero-limousine.png',
      },
      blocks: [
        {
          __component: 'blocks.hero',
          headline: 'The limousine that won the family car test',
          text: 'Test winner in safety and space.',
          image: 'hero-limousine.png',
          offer: 'leasing-offer',
          callToAction: { label: 'Book a test drive', url: '/test-drive' },
        },
        {
          __component: 'blocks.teaser-grid',
          title: 'Offers for you',
          offers: ['leasing-offer'],
          pages: ['limousine'],
        },
        {
          __component: 'blocks.dealer-box',
          title: 'Your test drive, at a dealer near you',
          text: 'A limousine is ready for you.',
          dealers: 1,
        },
      ],
    },
    {
      slug: 'home-germany',
      title: 'Home (Germany)',
      headline: 'Die Zukunft fahren: unsere neuen Hybridmodelle',
      body: 'Entdecken Sie Hybridmodelle, die elektrische Effizienz mit großer Reichweite verbinden.',
      callToAction: 'Händler in Ihrer Nähe finden',
      offers: ['hybrid-bonus', 'leasing-offer'],
      seo: {
        metaTitle: 'Autos für jedes Leben',
        metaDescription: 'Hybrid, Limousine, Kompakt, und ein Händler in Ihrer Nähe.',
        shareImage: 'hero-hybrid.png',
      },
      blocks: [
        {
          __component: 'blocks.hero',
          headline: 'Die Zukunft fahren: unsere neuen Hybridmodelle',
          image: 'hero-hybrid.png',
          offer: 'hybrid-bonus',
          callToAction: { label: 'Hybridmodelle entdecken', url: '/hybrid' },
        },
        { __component: 'blocks.dealer-box', title: 'Ihr Händler in der Nähe', dealers: 1 },
      ],
    },
  ],
  /** Content tags: `type` is `page` or `offer`, the document named by its slug. */
  tags: [
    { type: 'page', slug: 'limousine', keyValues: { limousine: 5 } },
    { type: 'page', slug: 'hybrid', keyValues: { hybrid: 5 } },
    { type: 'page', slug: 'compact', keyValues: { compact: 5 } },
    { type: 'offer', slug: 'leasing-offer', keyValues: { leasing: 5 } },
  ],
  /** Variant rules of a page or an offer; each rule's `variant` is a slug of the same type. */
  variantRules: [
    {
      type: 'page',
      slug: 'home',
      name: 'Home page variants',
      rules: [
        {
          name: 'family-father',
          condition: { persona: { $eq: 'family-father' } },
          variant: 'home-limousine',
        },
        { name: 'germany', condition: { 'geo.country': { $eq: 'DE' } }, variant: 'home-germany' },
      ],
    },
    {
      type: 'offer',
      slug: 'leasing-offer',
      name: 'Leasing box for limousine fans',
      rules: [
        {
          name: 'limousine-leasing',
          // a limousine fan: about one limousine page read in the last ten days (30-day half-life),
          // however much else they read; `topKey` would drop them at their second leasing read
          condition: { 'scores.limousine': { $gte: 4 } },
          variant: 'leasing-offer-limousine',
        },
      ],
    },
  ],
  automations: [
    {
      name: 'Service e-mail after a test drive',
      description:
        'When a test drive is booked, wait 14 days, then send the service e-mail with accessories and the referral offer.',
      trigger: { type: 'goal', goal: 'test-drive-booking' },
      reentry: 'once',
      flow: {
        start: 'wait-14-days',
        steps: [
          { id: 'wait-14-days', type: 'wait', duration: { days: 14 }, next: 'service-mail' },
          {
            id: 'service-mail',
            type: 'email',
            campaign: 'service-mail',
            subject: '{{firstName|Hello}}, everything for your new car',
            text: [
              'Hello {{firstName|there}},',
              '',
              'thank you for your test drive. Our accessories are made for your new car:',
              'roof boxes, child seats and winter wheels, fitted by your dealer.',
              '{{link:SITE/accessories}}',
              '',
              'Customers recruit customers: recommend us to a friend and you both get a service voucher.',
              '',
              'No more of these e-mails: {{unsubscribe}}',
            ].join('\n'),
            html: [
              '<p>Hello {{firstName|there}},</p>',
              '<p>thank you for your test drive. Our <a href="{{link:SITE/accessories}}">accessories</a>',
              'are made for your new car: roof boxes, child seats and winter wheels, fitted by your dealer.</p>',
              '<p><strong>Customers recruit customers:</strong> recommend us to a friend and you both get a service voucher.</p>',
              '<p><a href="{{unsubscribe}}">Unsubscribe</a></p>',
            ].join('\n'),
          },
        ],
      },
    },
  ],
};
