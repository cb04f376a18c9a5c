/**
 * Chat markup around a question, removed before it is read:
 *
 *   Slack   `<@U123ABC>` mentions, `<#C123|general>`, `<tel:+4930555|+49 30 555>`,
 *           `<mailto:a@b|a@b>`, `<http://x|label>`, `&lt;` `&gt;` `&amp;` escapes, ``` fences
 *   Teams   `<at>sipsleuth</at>` mentions, `&nbsp;`, `<p>`/`<br>` HTML wrappers
 *
 * Line breaks are kept (a pasted SIP message needs them). Pure.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** `<…>` Slack markup (only its own kinds: a SIP `<sip:…>` stays as it is) → what a person typed: mentions vanish, links keep their label (or target). */
function slackMarkup(inner: string): string {
  const c = inner.charAt(0);
  if (c === '@' || c === '!') {
    return '';
  }
  const bar = inner.indexOf('|');
  if (c === '#') {
    return bar >= 0 ? inner.slice(bar + 1) : '';
  }
  if (bar >= 0) {
    return inner.slice(bar + 1);
  }
  const lower = inner.toLowerCase();
  for (const scheme of ['mailto:', 'tel:']) {
    if (lower.startsWith(scheme)) {
      return inner.slice(scheme.length);
    }
  }
  return inner;
}

/** Removes chat markup; keeps line breaks. */
export function cleanQuestionText(raw: string): string {
  let s = raw.replace(/\r\n?/g, '\n');
  // Teams: mentions and the HTML a client may wrap around text
  s = s.replace(/<at>[^<]{0,200}<\/at>/gi, ' ');
  s = s.replace(/<br\s*\/?>/gi, '\n').replace(/<\/?(p|div|span)(\s[^<>]{0,200})?>/gi, '');
  // Slack: every literal `<` arrives escaped, so a raw `<…>` is markup
  s = s.replace(/<([@!#][^<>\n]{0,500}|(?:tel|mailto|https?):[^<>\n]{1,500})>/gi, (_m, inner: string) => slackMarkup(inner));
  s = s.replace(/&(lt|gt|amp|quot|#39|nbsp);/g, (m) => ENTITIES[m] ?? m);
  // code fences and inline code around pasted text
  s = s.replace(/```/g, '\n');
  return s.trim();
}
