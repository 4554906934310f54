/**
 * `fieldsOf`: the text form of every field value (model/fields.ts), GUIDs as `{UPPER}` whatever
 * the source wrote, any other text of a GUID's length left as it is.
 */
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../src-main/model/fields';

describe('fieldsOf', () => {
  it('writes GUIDs as {UPPER} and leaves other texts of GUID length as they are', () => {
    const f = fieldsOf({
      canonical: '{A1B2C3D4-0000-1111-2222-333344445555}',
      bare: 'a1b2c3d4-0000-1111-2222-333344445555',
      braced: '{a1b2c3d4-0000-1111-2222-333344445555}',
      padded: ' {a1b2c3d4-0000-1111-2222-333344445555} ',
      notHex: '{G1B2C3D4-0000-1111-2222-333344445555}',
      path36: 'C:\\Windows\\System32\\svchost.exe -k x',
      tooLong: '  {a1b2c3d4-0000-1111-2222-333344445555}  ',
      short: 'a1b2c3d4',
    });
    expect(f).toEqual({
      canonical: '{A1B2C3D4-0000-1111-2222-333344445555}',
      bare: '{A1B2C3D4-0000-1111-2222-333344445555}',
      braced: '{A1B2C3D4-0000-1111-2222-333344445555}',
      padded: '{A1B2C3D4-0000-1111-2222-333344445555}',
      notHex: '{G1B2C3D4-0000-1111-2222-333344445555}',
      path36: 'C:\\Windows\\System32\\svchost.exe -k x',
      tooLong: '  {a1b2c3d4-0000-1111-2222-333344445555}  ',
      short: 'a1b2c3d4',
    });
  });

  it('writes numbers, booleans and null as text, nested values in their shape, and keeps __proto__ as a field', () => {
    const data = JSON.parse('{"n":4,"x":1.5,"inf":null,"b":true,"a":[1,"{a1b2c3d4-0000-1111-2222-333344445555}"],"o":{"k":false},"__proto__":"p"}');
    const f = fieldsOf(data);
    expect(Object.keys(f)).toEqual(['n', 'x', 'inf', 'b', 'a', 'o', '__proto__']);
    expect(f).toEqual({ n: '4', x: '1.5', inf: '', b: 'true', a: ['1', '{A1B2C3D4-0000-1111-2222-333344445555}'], o: { k: 'false' }, ['__proto__']: 'p' });
    expect(Object.getPrototypeOf(f)).toBe(Object.prototype);
  });
});
