/** A spinner that is decoration only; the text says what is loading. */
export function Spinner() {
  return <span className="cc-spinner" aria-hidden="true" />;
}

/** Loading, saying what: "Loading providers…". Announced politely to screen readers. */
export function LoadingState({ label }: { label: string }) {
  return (
    <div className="cc-loading" role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}
