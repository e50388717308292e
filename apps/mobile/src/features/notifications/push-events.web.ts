import type { ListenToPush } from './push-events';

/** The web build has no Expo push: nothing to listen to. */
export const listenToPush: ListenToPush = () => () => undefined;
