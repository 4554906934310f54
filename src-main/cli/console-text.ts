/**
 * What the CLI prints to a terminal from evidence (file names, hosts, values, error messages that
 * quote them): the shared display rule of `shared/display-text.ts`, so an `ESC[` sequence, a bidi
 * override or a line separator in a file name shows as `⟨U+001B⟩[…` instead of acting on the
 * terminal. Only console lines go through here: the JSON, CSV and dump outputs keep the data as is.
 */
import { displayText } from '../shared/display-text';

/** One value from the evidence, safe to print on a console line. */
export function consoleText(value: string | null | undefined): string {
  return displayText(value);
}

/** An error's message, safe to print (messages quote paths and values from the evidence). */
export function consoleError(err: unknown): string {
  return displayText(err instanceof Error ? err.message : String(err));
}
