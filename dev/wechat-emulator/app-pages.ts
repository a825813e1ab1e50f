import { fileURLToPath, pathToFileURL } from 'node:url';

/** The mini-program's app config, the one list of its pages. */
const MINIAPP_APP_CONFIG = fileURLToPath(new URL('../../miniapp/src/app.config.ts', import.meta.url));

interface AppConfigPages {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
}

/**
 * Every page of the mini-program, main package first (so the first is the home page), then each
 * subpackage's pages under its root: what WeChat checks a 小程序码's page against.
 */
export async function loadAppPages(configFile: string = MINIAPP_APP_CONFIG): Promise<string[]> {
  // app.config.ts calls defineAppConfig(), which Taro's build provides; read on its own, the
  // config only needs it to hand its argument back.
  const scope = globalThis as unknown as { defineAppConfig?: (config: AppConfigPages) => AppConfigPages };
  scope.defineAppConfig ??= (config) => config;
  const { default: config } = (await import(pathToFileURL(configFile).href)) as { default: AppConfigPages };
  const subPackages = config.subPackages ?? config.subpackages ?? [];
  return [
    ...config.pages,
    ...subPackages.flatMap((subPackage) => subPackage.pages.map((page) => `${subPackage.root.replace(/\/+$/, '')}/${page}`)),
  ];
}
