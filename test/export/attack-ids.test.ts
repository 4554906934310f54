import { describe, expect, it } from 'vitest';
import { attackRefs } from '../../src-main/export/attack-ids';

describe('attackRefs', () => {
  it('reads techniques, sub-techniques and tactics from ATT&CK ids and Sigma tags, each once', () => {
    expect(attackRefs(['T1218.010', 'T1112', 't1112'], ['attack.persistence', 'attack.t1546.015', 'attack.defense-evasion', 'attack.g0016', 'cve.2021-1', 'attack.s0001'])).toEqual({
      techniques: ['T1218', 'T1112', 'T1546'],
      subtechniques: ['T1218.010', 'T1546.015'],
      tactics: [{ id: 'TA0003', name: 'Persistence' }, { id: 'TA0005', name: 'Defense Evasion' }],
    });
  });
  it('ignores what is not an ATT&CK id', () => {
    expect(attackRefs(['T12', 'X1000', ''], ['attack.', 'attack.tx'])).toEqual({ techniques: [], subtechniques: [], tactics: [] });
  });
});
