/**
 * The parsed BinXML token stream (MS-EVEN6 §3.1.4.7; libyal EVTX doc §4 "Binary XML"):
 * a template definition is parsed once per chunk into this tree; a record is a list of nodes,
 * usually one `TemplateNode` carrying the record's substitution values.
 */
import type { EventPlan } from '../render/event-plan';

/** Text content is a plain string; every other node is an object tagged with `k`. */
export type XNode = string | ElementNode | SubstNode | CharRefNode | EntityRefNode | CDataNode | PINode | TemplateNode;

export interface AttrNode {
  name: string;
  value: XNode[];
}
export interface ElementNode {
  k: 1;
  name: string;
  attrs: AttrNode[];
  children: XNode[];
}
interface SubstNode {
  k: 2;
  index: number;
  type: number;
  optional: boolean;
}
interface CharRefNode {
  k: 3;
  code: number;
}
interface EntityRefNode {
  k: 4;
  name: string;
}
interface CDataNode {
  k: 5;
  text: string;
}
export interface PINode {
  k: 6;
  target: string;
  data: string;
}
export interface TemplateNode {
  k: 7;
  def: TemplateDef;
  values: Value[];
  /** Bytes of the instance's values (bounds what scalar values render to: expansion-budget.ts). */
  valueBytes: number;
  /** A value is nested BinXML, an array or another type ≥ 0x20 (its size needs a walk). */
  complex: boolean;
  /**
   * The index of its one complex value when that is a nested fragment (0x21: the usual EventData or
   * UserData; an empty one is null), else -1; and that value's bytes (render/expansion-budget.ts
   * bounds the rest from `valueBytes`, as for an instance that is not complex).
   */
  fragment: number;
  fragmentBytes: number;
}

/**
 * A parsed definition. Its GUID (bytes 4–19 at `offset`) is not kept: nothing reads it, and
 * formatting it for each definition of each chunk made the definition parser's optimising compile,
 * which a fresh worker's first large file pays, several times larger (it inlined formatGuid).
 */
export interface TemplateDef {
  offset: number;
  dataSize: number;
  nodes: XNode[];
  /** Size of the body's expansion (render/expansion-budget.ts), computed on first use. */
  shape: DefShape | null;
  /** The values of the definition's last instance, reused when their bytes repeat (template.ts). */
  last: LastValues | null;
  /** What its records' RawEvents are made of (render/event-plan.ts); undefined until first used. */
  plan: EventPlan | null | undefined;
  /** The same for the definition instantiated in a fragment among `<Event>`'s children. */
  childPlan: EventPlan | null;
}

/**
 * Per value index of a definition's last instance: where its bytes were in the chunk, its size
 * and type (`size << 8 | type`, -1 when not reusable), and the value decoded from them.
 */
export interface LastValues {
  at: number[];
  key: number[];
  values: Value[];
}

/** A definition's expansion size without its substitutions, and each substitution index's multiplicity. */
export interface DefShape {
  nodes: number;
  chars: number;
  index: number[];
  times: number[];
  /** Largest multiplicity and the sum of multiplicities (for the quick bound). */
  maxTimes: number;
  sumTimes: number;
}

/** A nested BinXML fragment (value type 0x21 / 0x23). */
export class Fragment {
  /** `declare`d: set by the constructor only, not first defined as undefined (byte-cursor.ts). */
  declare readonly nodes: XNode[];
  constructor(nodes: XNode[]) {
    this.nodes = nodes;
  }
}

/** A decoded substitution value. Arrays hold the items of an array type (0x80 bit). */
export type Scalar = string | number | boolean | null;
export type Value = Scalar | Scalar[] | Fragment;
