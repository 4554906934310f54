import type { ForgeConfig, ForgeHookMap } from '@electron-forge/shared-types';
import { MakerZIP } from '@electron-forge/maker-zip';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { PluginBase } from '@electron-forge/plugin-base';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * With FORGE_BUILD_ONLY=1, `electron-forge package` builds the Vite bundles (main, preload,
 * worker, renderer) and stops before it would download the Electron runtime (CI has no network).
 * It must come after VitePlugin: config hooks run before plugin hooks.
 */
class BuildOnlyPlugin extends PluginBase<Record<string, never>> {
  name = 'build-only';
  override getHooks(): ForgeHookMap {
    return {
      prePackage: async () => {
        if (process.env.FORGE_BUILD_ONLY) {
          console.log('[forge] bundles built in .vite/; stopping before packaging (FORGE_BUILD_ONLY)');
          process.exit(0);
        }
      },
    };
  }
}

const config: ForgeConfig = {
  packagerConfig: {
    asar: true,
    name: 'EVTX Triage',
    // Beside the asar as resources/demo-evidence, resources/warm-up (the workers' JIT warm-up samples with
    // the demo evidence) and resources/fonts (the report's fonts).
    extraResource: ['assets/demo-evidence', 'assets/warm-up', 'assets/fonts', 'assets/sigma'],
  },
  rebuildConfig: {},
  makers: [new MakerZIP({}, ['linux', 'darwin', 'win32'])],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'src-main/electron/main.ts', config: 'vite.main.config.mts', target: 'main' },
        { entry: 'src-main/evidence-reading/ingest.worker.ts', config: 'vite.main.config.mts', target: 'main' },
        // The PDF report is laid out in its own worker thread (report/report-in-worker.ts), never in main.
        { entry: 'src-main/report/report.worker.ts', config: 'vite.main.config.mts', target: 'main' },
        { entry: 'src-main/electron/preload.ts', config: 'vite.preload.config.mts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.mts' }],
    }),
    new BuildOnlyPlugin({}),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
