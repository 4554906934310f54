/** Sigma ATT&CK tags of a built-in rule's technique ids (detect/sigma-export/attack-tags.ts). */
import { describe, expect, it } from 'vitest';
import { attackTags } from '../../../src-main/detect/sigma-export/attack-tags';

describe('attackTags', () => {
  it('gives the tactics of known techniques first (once each), then every technique tag, sub-technique kept', () => {
    expect(attackTags(['T1218.010', 'T1112'])).toEqual(['attack.defense-evasion', 'attack.persistence', 'attack.t1218.010', 'attack.t1112']);
    expect(attackTags(['T1546.015'])).toEqual(['attack.privilege-escalation', 'attack.persistence', 'attack.t1546.015']);
  });

  it('a technique outside the table gets its technique tag only, never a guessed tactic', () => {
    expect(attackTags(['T1003.001'])).toEqual(['attack.t1003.001']);
  });

  it('reads ids case-insensitively with spaces around, lists a repeated technique once, skips what is not a technique id', () => {
    expect(attackTags([' t1112 ', 'T1112', 'TA0005', 'T12', 'T1112.1', ''])).toEqual(['attack.defense-evasion', 'attack.persistence', 'attack.t1112']);
    expect(attackTags([])).toEqual([]);
  });
});
