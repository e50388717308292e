// Jest for the CareCircle app: the jest-expo preset (iOS-flavoured React Native environment).
/** @type {import('jest').Config} */
module.exports = {
  preset: 'jest-expo',
  rootDir: __dirname,
  roots: ['<rootDir>/src', '<rootDir>/app'],
  // Transform ESM/Flow/TS shipped as source: React Native, Expo and the workspace packages
  // (@carecircle/* resolve to ../../packages/*, which is outside node_modules anyway).
  transformIgnorePatterns: [
    '/node_modules/(?!(\\.pnpm|react-native|@react-native|@react-native-community|expo|@expo|@expo-google-fonts|react-navigation|@react-navigation|standard-navigation|@carecircle))',
    '/node_modules/react-native-reanimated/plugin/',
    '/node_modules/@react-native/babel-preset/',
  ],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
};
