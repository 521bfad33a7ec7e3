import { describe, expect, it } from 'vitest';
import { triedTask } from '../test-support/attempts-fixture.js';
import { runResults, sampleResults, task } from '../test-support/fixtures.js';
import { escapeXmlAttribute, escapeXmlText } from './escape-xml.js';
import { renderJUnitReport } from './render-junit-report.js';

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Element[];
}

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+);/g;

/**
 * A small, strict reader for the XML the reporter writes: balanced tags, quoted attributes,
 * no raw `<` or stray `&` in text or values, no characters XML 1.0 forbids. Throws on anything else.
 */
function parseXml(xml: string): Element {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for forbidden characters.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) throw new Error('forbidden character');
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const root: Element = { name: '#document', attributes: {}, text: '', children: [] };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/y;
  let position = 0;
  while (position < body.length) {
    const next = body.indexOf('<', position);
    const text = body.slice(position, next === -1 ? undefined : next);
    if (text.replace(ENTITY, '').includes('&')) throw new Error(`stray & in ${JSON.stringify(text)}`);
    const current = stack.at(-1);
    if (!current) throw new Error('unbalanced');
    current.text += decodeEntities(text);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(body);
    if (!match) throw new Error(`bad tag at ${body.slice(next, next + 40)}`);
    const [all, closing, name = '', attributeText = '', selfClosing] = match;
    if (closing) {
      if (current.name !== name) throw new Error(`</${name}> closes <${current.name}>`);
      stack.pop();
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key = '', value = ''] of attributeText.matchAll(/([\w-]+)="([^"]*)"/g)) {
        if (value.replace(ENTITY, '').includes('&')) throw new Error(`stray & in attribute ${key}`);
        attributes[key] = decodeEntities(value);
      }
      const element: Element = { name, attributes, text: '', children: [] };
      current.children.push(element);
      if (!selfClosing) stack.push(element);
    }
    position = next + all.length;
  }
  if (stack.length !== 1 || root.children.length !== 1) throw new Error('unbalanced document');
  return root.children[0] as Element;
}

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (entity) => {
    const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    return named[entity] ?? String.fromCodePoint(Number(entity.slice(2, -1)));
  });
}

const all = (element: Element, name: string): Element[] => [
  ...element.children.filter((child) => child.name === name),
  ...element.children.flatMap((child) => all(child, name)),
];

describe('renderJUnitReport', () => {
  const xml = renderJUnitReport(sampleResults());
  const document = parseXml(xml);
  const [suite] = all(document, 'testsuite');
  const cases = all(document, 'testcase');

  it('is one well-formed suite with the counts and time of the run', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(document.name).toBe('testsuites');
    expect(document.attributes).toMatchObject({ tests: '5', failures: '3', errors: '0', time: '123.400' });
    expect(suite?.attributes).toMatchObject({
      name: 'agentbatch 20250115-143015-ab12',
      tests: '5',
      failures: '3',
      errors: '0',
      time: '123.400',
      timestamp: '2025-01-15T06:30:15.000Z',
    });
    const properties = Object.fromEntries(
      all(document, 'property').map((property) => [property.attributes.name, property.attributes.value]),
    );
    expect(properties).toMatchObject({ status: 'failed', totalTokens: '71960', costUsd: '0.2683' });
  });

  it('has a test case per task in task order, named by id and first prompt line, timed in seconds', () => {
    expect(cases.map((testcase) => testcase.attributes)).toEqual([
      { name: 'react-perf: 帮我优化这个React组件的性能…', classname: 'agentbatch', time: '45.120' },
      { name: 'py-errors: Do task py-errors', classname: 'agentbatch', time: '300.000' },
      { name: 'java|refactor: Do task java|refactor', classname: 'agentbatch', time: '12.000' },
      { name: 'docs: Do task docs', classname: 'agentbatch', time: '2.000' },
      { name: 'lint: Do task lint', classname: 'agentbatch', time: '30.000' },
    ]);
  });

  it('fails unfinished tasks with the error message, else the verdict summary', () => {
    const failures = cases.map((testcase) => all(testcase, 'failure')[0]?.attributes ?? null);
    expect(failures).toEqual([
      null,
      { message: 'Tests still fail: `a | b` <broken>', type: 'incomplete' },
      { message: '429 Too Many Requests…', type: 'rate-limited' },
      { message: '429 rate limited', type: 'rate-limited' },
      null,
    ]);
    expect(all(cases[2] as Element, 'failure')[0]?.text).toBe(
      'status: error\niterations: 2\nerror (rate-limited): 429 Too Many Requests\nretry budget exhausted',
    );
    expect(all(cases[1] as Element, 'failure')[0]?.text).toContain('verdict (continue): Tests still fail');
  });

  it('escapes markup, quotes and line breaks, and drops terminal codes and control characters', () => {
    const nasty = task({
      id: 'a<b>&"c\'',
      index: 0,
      prompt: '<script>alert("x")</script> & more',
      status: 'failed',
      verdict: { status: 'failed', summary: 'broke \u001b[31mred\u001b[0m "it" & <that>\u0007' },
    });
    const out = renderJUnitReport(runResults([nasty]));
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u0007');
    const testcase = all(parseXml(out), 'testcase')[0];
    expect(testcase?.attributes.name).toBe('a<b>&"c\': <script>alert("x")</script> & more');
    expect(all(testcase as Element, 'failure')[0]?.attributes).toEqual({
      message: 'broke red "it" & <that>',
      type: 'failed',
    });
  });

  it('renders an empty run', () => {
    const empty = parseXml(renderJUnitReport(runResults([])));
    expect(empty.attributes).toMatchObject({ tests: '0', failures: '0' });
    expect(all(empty, 'testcase')).toEqual([]);
  });
});

describe('escapeXml', () => {
  it('escapes text and attribute values', () => {
    expect(escapeXmlText('a < b && c > d "q"')).toBe('a &lt; b &amp;&amp; c &gt; d "q"');
    expect(escapeXmlAttribute('say "hi"\n\'there\'\t')).toBe('say &quot;hi&quot;&#10;&apos;there&apos;&#9;');
  });

  it('keeps astral characters and drops lone surrogates', () => {
    expect(escapeXmlText('ok 😀 \ud800 end')).toBe('ok 😀  end');
  });
});

describe('renderJUnitReport with attempts', () => {
  it("lists a task's attempts, the chosen one marked, its branch and its apply-back in the test case's output", () => {
    const xml = renderJUnitReport(runResults([triedTask()]));
    expect(xml).toContain('attempt 1: incomplete, 2 iterations, 1,500 tokens, $0.0100');
    expect(xml).toContain('attempt 2 (chosen): completed, 2 iterations, 2,500 tokens, $0.0200');
    expect(xml).toContain('branch: agentbatch/r1/tried');
    expect(xml).toContain('apply back: conflict (patch failed: calc.js:1; calc.js: patch does not apply)');
  });
});
