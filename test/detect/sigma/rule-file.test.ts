/** Rule files are untrusted: bounded size and aliases, no custom tags, several documents, errors as data. */
import { describe, expect, it } from 'vitest';
import { MAX_RULE_FILE_BYTES, parseRuleFile } from '../../../src-main/detect/sigma/rule-file';

describe('parseRuleFile', () => {
  it('reads several documents', () => {
    const docs = parseRuleFile('title: a\nid: 1\n---\ntitle: b\nid: 2\n---\n');
    expect(docs.map((d) => ('doc' in d ? d.doc['title'] : d.error))).toEqual(['a', 'b']);
  });
  it('merges an action: global document into the following ones', () => {
    const docs = parseRuleFile('action: global\ntitle: t\ndetection:\n  condition: s\n---\nid: 1\ndetection:\n  s:\n    A: 1\n');
    expect(docs).toHaveLength(1);
    expect('doc' in docs[0]! && docs[0].doc).toEqual({ title: 't', id: 1, detection: { condition: 's', s: { A: 1 } } });
  });
  it('refuses an alias bomb (billion laughs) as an error, quickly', () => {
    let y = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) y += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const docs = parseRuleFile(y);
    expect(docs).toHaveLength(1);
    expect('error' in docs[0]! && docs[0].error).toMatch(/alias/i);
  });
  it('refuses custom tags and broken YAML as errors', () => {
    for (const bad of ['title: !!js/function "x"\n', 'title: !custom x\n', 'a: [1, 2\n', 'a: 1\na: 2\n']) {
      const docs = parseRuleFile(bad);
      expect(docs.some((d) => 'error' in d), bad).toBe(true);
    }
  });
  it('refuses a document that is not a map, and a file over the size bound', () => {
    expect(parseRuleFile('- a\n- b\n')[0]).toHaveProperty('error');
    expect(parseRuleFile('a: ' + 'x'.repeat(MAX_RULE_FILE_BYTES))[0]).toHaveProperty('error');
  });
});
