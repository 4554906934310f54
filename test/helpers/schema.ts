/** Validates documents against the shared JSON contract (draft 2020-12) with ajv. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SHARED_CONTRACTS } from './paths';

export function triageOutputValidator() {
  const schema = JSON.parse(readFileSync(path.join(SHARED_CONTRACTS, 'triage-output.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
