/** The EventIDs a Sigma condition can match at all (detect/sigma/required-event-ids.ts): the rule index's pre-filter, never a change of meaning. */
import { describe, expect, it } from 'vitest';
import { parseCondition } from '../../../src-main/detect/sigma/condition';
import { requiredEventIds } from '../../../src-main/detect/sigma/required-event-ids';

const SEARCHES: Record<string, unknown> = {
  logon: { EventID: [4624, '4625'], LogonType: 3 },
  logon_list: [{ EventID: 4624 }, { EventID: 4634, X: 1 }],
  anyid: { Image: '*\\cmd.exe' },
  mixed_list: [{ EventID: 1 }, { Image: 'x' }],
  bad_id: { EventID: ['4624', 'abc'] },
  kerberos: { EventID: 4769 },
  both: { EventID: [4624, 4769] },
  keywords: ['mimikatz', 'sekurlsa'],
};
const ids = (condition: string) => {
  const r = requiredEventIds(parseCondition(condition, Object.keys(SEARCHES)), SEARCHES);
  return r === null ? null : [...r].sort((a, b) => a - b);
};

describe('requiredEventIds', () => {
  it('a search requiring EventID (numbers or digit strings, in a map or in every map of a list) constrains it', () => {
    expect(ids('logon')).toEqual([4624, 4625]);
    expect(ids('logon_list')).toEqual([4624, 4634]);
  });

  it('a search without EventID, with a map lacking it, with a value that is not an id, or keywords, constrains nothing', () => {
    for (const c of ['anyid', 'mixed_list', 'bad_id', 'keywords']) expect(ids(c), c).toBeNull();
  });

  it('and / all of intersect (an unconstrained side adds nothing); or / 1 of unite (unconstrained when any branch is)', () => {
    expect(ids('logon and both')).toEqual([4624]);
    expect(ids('logon and anyid')).toEqual([4624, 4625]);
    expect(ids('logon and kerberos')).toEqual([]);
    expect(ids('logon or kerberos')).toEqual([4624, 4625, 4769]);
    expect(ids('logon or anyid')).toBeNull();
    expect(ids('all of logon*')).toEqual([4624]);
    expect(ids('1 of logon*')).toEqual([4624, 4625, 4634]);
  });

  it('not constrains nothing, so it never narrows a branch', () => {
    expect(ids('not kerberos')).toBeNull();
    expect(ids('logon and not kerberos')).toEqual([4624, 4625]);
    expect(ids('kerberos or not logon')).toBeNull();
  });
});
