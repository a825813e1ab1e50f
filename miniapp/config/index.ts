import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/** Build-time settings; both are baked into the bundle (a mini-program has no runtime env). */
const API_BASE = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000';
const WECHAT_EMULATOR = process.env.TARO_APP_WECHAT_EMULATOR || 'http://127.0.0.1:3100';

// @linli/shared ships TypeScript source (imports with explicit .ts extensions); Taro only
// compiles src/ and Taro packages by default, so the shared sources are added here.
const sharedSource = path.resolve(__dirname, '../../shared/src');

// The repo root hoists PostCSS 7 (miniprogram-simulate needs it) next to postcss-loader, which
// would then run Taro's PostCSS 8 plugins on PostCSS 7. Point every postcss-loader at the
// PostCSS 8 that Taro itself depends on.
const postcss8 = require.resolve('postcss', { paths: [path.dirname(require.resolve('@tarojs/webpack5-runner/package.json'))] });

// webpack-chain's types are not exported by Taro; the walk only needs these members.
interface ChainRule {
  uses: { values(): Array<{ get(key: string): unknown; tap(f: (options: Record<string, unknown>) => unknown): unknown }> };
  oneOfs: { values(): ChainRule[] };
  rules: { values(): ChainRule[] };
}

function usePostcss8(rule: ChainRule): void {
  for (const use of rule.uses.values()) {
    if (String(use.get('loader')).includes('postcss-loader')) use.tap((options) => ({ ...options, implementation: postcss8 }));
  }
  for (const child of [...rule.oneOfs.values(), ...rule.rules.values()]) usePostcss8(child);
}

// npm nests some Taro packages where the modules importing them cannot find them:
// @tarojs/plugin-framework-react under miniapp/ (imported by the hoisted @tarojs/taro-h5), and
// @tarojs/router under @tarojs/taro-h5 (imported by the generated H5 entry in src/).
function packageDir(name: string, from: string): string {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
}
const frameworkReact = packageDir('@tarojs/plugin-framework-react', __dirname);

interface Chain {
  module: { rules: { values(): ChainRule[] } };
  resolve: { alias: { set(name: string, value: string): unknown } };
  optimization: {
    get(name: 'splitChunks'): Record<string, unknown> | false | undefined;
    splitChunks(value: Record<string, unknown>): unknown;
  };
}

function webpackChain(chain: Chain): void {
  for (const rule of chain.module.rules.values()) usePostcss8(rule);
  chain.resolve.alias.set('@tarojs/plugin-framework-react', frameworkReact);
  if (process.env.TARO_ENV === 'h5') {
    chain.resolve.alias.set('@tarojs/router', packageDir('@tarojs/router', packageDir('@tarojs/taro-h5', __dirname)));
    // Taro splits only the initial chunks on H5, so every lazily loaded page carried its own copy of what
    // pages share (zod and the shared schemas in 57 of 120 chunks, 34 MB in all): share them across pages too.
    const splitChunks = chain.optimization.get('splitChunks');
    if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' });
  }
}

// Taro's own types for merge come from a package the root install cannot see; spell it out.
type Merge = (...configs: object[]) => UserConfigExport<'webpack5'>;

export default defineConfig<'webpack5'>(async (merge: Merge) => {
  const isH5 = process.env.TARO_ENV === 'h5';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2026-11-01',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // `@/api/linli` instead of `../../../api/linli` (tsconfig.json's paths say the same to tsc and vitest).
    alias: { '@': path.resolve(__dirname, '../src') },
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(API_BASE),
      TARO_APP_WECHAT_EMULATOR: JSON.stringify(WECHAT_EMULATOR),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    // Prebundling only speeds up repeated dev builds and is a known source of
    // "module vendors-… is not defined" in weapp output; the persistent cache covers rebuilds.
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: true },
    mini: {
      compile: { include: [sharedSource] },
      webpackChain,
      // Pages import shared component styles in different orders; the rules never overlap.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      // The built site works from any folder ('./'); the dev server serves from memory at '/'.
      publicPath: process.env.NODE_ENV === 'development' ? '/' : './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSource] },
      webpackChain,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      devServer: {
        host: '127.0.0.1',
        port: 10086,
        open: false,
        // react-refresh is not installed; a change reloads the page.
        hot: false,
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
