import { useEffect, useId, useRef, useState } from 'react';

/**
 * A panel opened by a toggle button: `id` prefixes the ids of both. Opening moves focus to
 * `${id}-heading`, closing it again back to `${id}-toggle`.
 */
export function useTogglePanel() {
  const [open, setOpen] = useState(false);
  const id = useId();
  const wasOpen = useRef(false);

  useEffect(() => {
    if (open) document.getElementById(`${id}-heading`)?.focus();
    else if (wasOpen.current) document.getElementById(`${id}-toggle`)?.focus();
    wasOpen.current = open;
  }, [open, id]);

  return { open, setOpen, id };
}
