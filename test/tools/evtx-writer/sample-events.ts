// Varied synthetic events exercising every value type the writer supports (for oracle tests, fuzz, bench).

import type { DataField, WrittenEvent } from './event';
import { Prng } from './prng';
import { bool, filetime, filetimeFromIso, guid, hex32, hex64, NULL, sid, str, u16, u32, u64, u8 } from './values';

const WORDS = ['alpha', 'C:\\Windows\\System32\\svchost.exe', 'x<y>&"z\'', 'Grüße Ωμέγα', '', 'HKU\\S-1-5-18\\Software', '-'];

function randomGuid(r: Prng): string {
  return `{${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}}`;
}

/** `count` events over `shapes` distinct EventData shapes on two computers, times increasing from `startIso`. */
export function sampleEvents(seed: number, count: number, shapes = 6, startIso = '2026-11-20T08:00:00.0000000Z'): WrittenEvent[] {
  const r = new Prng(seed);
  let t = filetimeFromIso(startIso);
  const out: WrittenEvent[] = [];
  for (let i = 0; i < count; i++) {
    const shape = r.int(0, shapes - 1);
    t += BigInt(r.int(1, 50_000_000));
    const data: DataField[] = [
      { name: 'Text', value: str(`${r.pick(WORDS)}#${r.int(0, 99999)}`) },
      { name: 'Byte', value: u8(r.int(0, 255)) },
      { name: 'Word', value: u16(r.int(0, 65535)) },
      { name: 'Dword', value: u32(r.int(0, 0xffffffff)) },
      { name: 'Qword', value: u64(BigInt(r.int(0, 0xffffffff)) * 4096n + BigInt(r.int(0, 4095))) },
      { name: 'Flag', value: bool(r.chance(0.5)) },
      { name: 'Id', value: guid(randomGuid(r)) },
      { name: 'When', value: filetime(t - BigInt(r.int(0, 1_000_000_000))) },
      { name: 'Sid', value: sid(r.chance(0.5) ? 'S-1-5-18' : `S-1-5-21-${r.int(1, 4e9)}-${r.int(1, 4e9)}-${r.int(1, 4e9)}-${r.int(1000, 1200)}`) },
      { name: 'Status', value: hex32(r.int(0, 0xffffffff)) },
      { name: 'LogonId', value: hex64(BigInt(r.int(0, 0xffffffff))) },
      { name: 'Maybe', value: r.chance(0.3) ? NULL : str(`opt${i}`), optional: true },
    ].slice(0, 4 + shape * 2);
    // Distinct shapes: field subsets and also the event id.
    out.push({
      provider: { name: 'Test-Provider', guid: '{11111111-2222-3333-4444-555555555555}' },
      eventId: 100 + shape,
      qualifiers: shape === 1 ? 16384 : undefined,
      version: shape % 3,
      level: r.int(0, 5),
      task: r.int(0, 20),
      opcode: r.int(0, 2),
      keywords: 0x8000000000000000n | BigInt(r.int(0, 255)),
      timeCreated: t,
      activityId: r.chance(0.3) ? randomGuid(r) : undefined,
      relatedActivityId: r.chance(0.1) ? randomGuid(r) : undefined,
      processId: r.int(4, 20000),
      threadId: r.int(4, 20000),
      channel: 'Test/Operational',
      computer: r.chance(0.5) ? 'HOST-A.corp.example' : 'HOST-B.corp.example',
      userSid: r.chance(0.5) ? 'S-1-5-18' : undefined,
      data,
    });
  }
  return out;
}
