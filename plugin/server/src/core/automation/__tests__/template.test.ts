import fc from 'fast-check';
import { escapeHtml, linkTargets, renderTemplate, validateTemplate } from '../template';

const input = {
  values: { firstName: 'Max', persona: 'Family father', topInterest: null },
  link: (url: string) => `https://t.example/r/${encodeURIComponent(url)}`,
  unsubscribe: 'https://t.example/u/1',
};

describe('templates', () => {
  it('replaces tokens, fallbacks, tracked links and the unsubscribe link', () => {
    expect(
      renderTemplate(
        'Hi {{firstName}}, {{ persona }} · {{topInterest|cars}} {{lastName|}}\n{{link:https://cars.example/a?b=1}} {{unsubscribe}}',
        'text',
        input
      )
    ).toBe(
      'Hi Max, Family father · cars \nhttps://t.example/r/https%3A%2F%2Fcars.example%2Fa%3Fb%3D1 https://t.example/u/1'
    );
  });

  it('escapes every value in HTML', () => {
    const html = renderTemplate(
      '<p>{{firstName}}</p><a href="{{link:https://x.example/?a=1&b=2}}">',
      'html',
      {
        ...input,
        values: { firstName: '<script>"Max" & co</script>' },
        link: (url) => url,
      }
    );
    expect(html).toBe(
      '<p>&lt;script&gt;&quot;Max&quot; &amp; co&lt;/script&gt;</p><a href="https://x.example/?a=1&amp;b=2">'
    );
  });

  it('names unknown tokens, bad links and unclosed braces', () => {
    expect(
      validateTemplate('{{firstName}} {{unsubscribe}} {{link:https://a.example}}', 'text')
    ).toEqual([]);
    expect(validateTemplate('{{first_name}}', 'text')[0].message).toMatch(
      /^unknown token \{\{first_name\}\}/
    );
    expect(validateTemplate('{{link:mailto:x@y}}', 'text')[0].message).toMatch(
      /needs an http\(s\) URL/
    );
    expect(validateTemplate('Hello {{firstName', 'text')[0].message).toBe(
      "'{{' without a matching '}}'"
    );
  });

  it('lists each link target once, in order', () => {
    expect(
      linkTargets(
        '{{link:https://b.example}} {{link:https://a.example}} {{link:https://b.example}}'
      )
    ).toEqual(['https://b.example', 'https://a.example']);
  });

  it('never lets a value close an HTML attribute or open a tag (property)', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const html = renderTemplate('<b title="{{firstName}}">{{firstName}}</b>', 'html', {
          ...input,
          values: { firstName: name },
        });
        expect(html).toBe(`<b title="${escapeHtml(name)}">${escapeHtml(name)}</b>`);
        expect(escapeHtml(name)).not.toMatch(/[<>"']/);
      })
    );
  });
});
