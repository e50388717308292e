/** A polite live region that is always there, so screen readers hear what changes in it. */
export function LiveStatus({ message }: { message?: string }) {
  return (
    <div role="status" aria-live="polite" className="medications-status">
      {message ? <p>{message}</p> : null}
    </div>
  );
}
