/** Leaves the app for another site (the health system's sign-in): a full page navigation. */
export function goTo(url: string): void {
  window.location.assign(url);
}
