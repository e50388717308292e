/**
 * A start-up failure a person can fix. main() prints its message as one line and exits 1,
 * without a stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
