export * from './endpoint.ts';
export * from './problem.ts';
export * from './roles.ts';
export * from './accounts.ts';
export * from './me.ts';
export * from './platform.ts';
export * from './providers.ts';
export * from './sign-up.ts';
export { endpoints } from './endpoints.ts';
