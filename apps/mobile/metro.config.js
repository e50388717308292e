// Metro config for the CareCircle app. Expo SDK 56 detects the npm workspace on its own
// (watchFolders = monorepo root, nodeModulesPaths = app + root node_modules), so the
// TypeScript-source packages @carecircle/core and @carecircle/client resolve through their
// `exports` and are transformed like app code. The root package.json pins react-native and its
// Expo SDK 56 companions with `overrides`, so the install holds exactly one React Native.
const { getDefaultConfig } = require('expo/metro-config');

module.exports = getDefaultConfig(__dirname);
