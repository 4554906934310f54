/** The tool's name and version, as written into every output. */
import pkg from '../../package.json';

export const TOOL_NAME = 'evtx-triage';
export const TOOL_VERSION: string = pkg.version;
