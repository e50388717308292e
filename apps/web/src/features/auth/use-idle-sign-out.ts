import { useEffect, useState } from 'react';
import type { AuthSession, SessionStatus } from './session.ts';

/** HIPAA automatic logoff: 15 minutes without activity signs out, with a warning 2 minutes before. */
export const IDLE_TIMEOUT_MS = 15 * 60_000;
export const IDLE_WARNING_MS = 2 * 60_000;

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Watches for activity while signed in. Returns the seconds left once the warning shows (so the
 * page can say so and offer "Stay signed in"), and a function that counts as activity.
 */
export function useIdleSignOut(
  session: AuthSession,
  status: SessionStatus,
  options: { timeoutMs?: number; warningMs?: number } = {},
): { secondsLeft: number | null; stayActive: () => void } {
  const timeoutMs = options.timeoutMs ?? IDLE_TIMEOUT_MS;
  const warningMs = options.warningMs ?? IDLE_WARNING_MS;
  const [lastActivity, setLastActivity] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (status !== 'signed-in') return;
    let last = Date.now();
    const onActivity = () => {
      const t = Date.now();
      // Once the warning shows, only an explicit "Stay signed in" counts.
      if (t - last < timeoutMs - warningMs) {
        last = t;
        setLastActivity(t);
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true });
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity);
      window.clearInterval(timer);
    };
  }, [status, timeoutMs, warningMs]);

  const idleFor = now - lastActivity;
  useEffect(() => {
    if (status === 'signed-in' && idleFor >= timeoutMs) void session.expire();
  }, [status, idleFor, timeoutMs, session]);

  const secondsLeft =
    status === 'signed-in' && idleFor >= timeoutMs - warningMs
      ? Math.max(0, Math.ceil((timeoutMs - idleFor) / 1000))
      : null;
  return {
    secondsLeft,
    stayActive: () => {
      const t = Date.now();
      setLastActivity(t);
      setNow(t);
    },
  };
}
