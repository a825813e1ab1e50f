// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// miniapp/package.json has no "type", so this file is CommonJS (the repo root is ESM).
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        // No react-refresh in the tree: the H5 dev server reloads the page instead of hot-swapping.
        hot: false,
      },
    ],
  ],
};
