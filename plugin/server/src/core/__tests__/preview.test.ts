import { previewFields } from '../preview';

const ATTRIBUTES = {
  title: { type: 'string' },
  slug: { type: 'uid' },
  kind: { type: 'enumeration' },
  headline: { type: 'string' },
  body: { type: 'text' },
  intro: { type: 'richtext' },
  story: { type: 'blocks' },
};

describe('previewFields', () => {
  it('takes the text fields in schema order, leaving out the title, slugs, enumerations and empty ones', () => {
    const entry = {
      title: 'Home',
      slug: 'home',
      kind: 'page',
      headline: '',
      body: 'Discover   hybrid\ncars.',
      intro: '## Family\nA [car](https://x.example) for **five** ![img](a.png)',
      story: [{ type: 'paragraph', children: [{ type: 'text', text: 'Never read' }] }],
    };
    expect(previewFields(ATTRIBUTES, entry, 'title')).toEqual([
      { field: 'body', text: 'Discover hybrid cars.' },
      { field: 'intro', text: 'Family A car for five' },
      { field: 'story', text: 'Never read' },
    ]);
  });

  it('reads rich text blocks as plain text and stops at three fields', () => {
    const story = [
      { type: 'heading', children: [{ type: 'text', text: 'Safety' }] },
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Five ' },
          { type: 'link', url: 'https://x.example', children: [{ type: 'text', text: 'stars' }] },
        ],
      },
    ];
    const entry = { title: 'T', headline: 'H', body: 'B', intro: 'I', story };
    expect(previewFields(ATTRIBUTES, entry, 'title').map(({ field }) => field)).toEqual([
      'headline',
      'body',
      'intro',
    ]);
    expect(previewFields({ story: { type: 'blocks' } }, { story }, null)).toEqual([
      { field: 'story', text: 'Safety Five stars' },
    ]);
  });

  it('shortens long texts with an ellipsis and answers nothing for a missing entry', () => {
    const [field] = previewFields({ body: { type: 'text' } }, { body: 'word '.repeat(100) }, null);
    expect(field.text.length).toBeLessThanOrEqual(280);
    expect(field.text.endsWith('…')).toBe(true);
    expect(previewFields(ATTRIBUTES, null, 'title')).toEqual([]);
  });
});
