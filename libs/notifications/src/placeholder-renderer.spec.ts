import { describe, expect, it } from '@jest/globals';
import {
  escapeHtml,
  placeholdersIn,
  renderPlaceholders,
  TemplateVariableError,
} from './placeholder-renderer';

describe('renderPlaceholders', () => {
  it('replaces every placeholder, with or without inner spaces, repeatedly', () => {
    expect(
      renderPlaceholders('Hi {{firstName}}, {{ link }} and again {{link}}', {
        firstName: 'Ada',
        link: 'http://x/y?a=1&b=2',
      }),
    ).toBe('Hi Ada, http://x/y?a=1&b=2 and again http://x/y?a=1&b=2');
  });

  it('escapes values in HTML mode only', () => {
    const data = { name: `<script>"O'Neil" & co</script>` };
    expect(renderPlaceholders('<p>{{name}}</p>', data, { html: true })).toBe(
      '<p>&lt;script&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/script&gt;</p>',
    );
    expect(renderPlaceholders('{{name}}', data)).toBe(data.name);
  });

  it('throws on a placeholder without a value, naming it and the template', () => {
    expect(() =>
      renderPlaceholders('Hi {{fristName}}', { firstName: 'Ada' }, { label: 'x/body.txt' }),
    ).toThrow(new TemplateVariableError('fristName', 'x/body.txt'));
    expect(() => renderPlaceholders('Hi {{firstName}}', {})).toThrow(TemplateVariableError);
  });

  it('does not read inherited properties', () => {
    expect(() => renderPlaceholders('{{constructor}} {{toString}}', {})).toThrow(
      TemplateVariableError,
    );
  });

  it('does not re-render placeholders that appear inside values', () => {
    expect(renderPlaceholders('{{a}}', { a: '{{b}}', b: 'no' })).toBe('{{b}}');
  });

  it('leaves text that is not a placeholder alone, and ignores unused values', () => {
    expect(renderPlaceholders('{ {a} } {{ 1x }} {{}}', { a: 'x', unused: 'y' })).toBe(
      '{ {a} } {{ 1x }} {{}}',
    );
  });

  it('does not interpret $ patterns in values', () => {
    expect(renderPlaceholders('{{a}}', { a: "$& $1 $$ $'" })).toBe("$& $1 $$ $'");
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('placeholdersIn', () => {
  it('lists each variable once', () => {
    expect(placeholdersIn('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });
});
