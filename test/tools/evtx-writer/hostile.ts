// Hostile BinXML for tests: records that are small on disk and expand without limit when rendered
// (BinXml values nested in template instances whose definitions repeat the substitution).

import { el, sub, Template } from './binxml';
import type { SlotValue } from './binxml';
import { str, ValueType } from './values';

export interface HostileInstance {
  template: Template;
  values: SlotValue[];
}

/**
 * A nested expansion bomb: level k's definition holds `fanOut` normal substitutions of its one
 * BinXml value, which is a fragment with the level k−1 instance; the leaf holds one string. The
 * record is about 60 bytes per level, its expansion `fanOut ** depth` leaves.
 */
export function nestedBomb(fanOut: number, depth: number, leafText = 'boom'): HostileInstance {
  let template = new Template(`bomb-leaf-${leafText}`, el('Leaf', [], [sub(0, ValueType.String, false)]));
  let values: SlotValue[] = [str(leafText)];
  for (let k = 1; k <= depth; k++) {
    const children = Array.from({ length: fanOut }, () => sub(0, ValueType.BinXml, false));
    const next = new Template(`bomb-${fanOut}-${k}`, el(`L${k}`, [], children));
    values = [{ type: 'binxml', template, values }];
    template = next;
  }
  return { template, values };
}

/** One definition that substitutes a single string `times` times (text × times characters). */
export function repeatedStringBomb(times: number, text: string): HostileInstance {
  const children = Array.from({ length: times }, () => sub(0, ValueType.String, false));
  return { template: new Template(`repeat-${times}`, el('Event', [], [el('EventData', [], children)])), values: [str(text)] };
}
