/** Builds the renderer once before the end-to-end tests, exactly as the app ships it. */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.renderer.config.mts', logLevel: 'warn' });
}
