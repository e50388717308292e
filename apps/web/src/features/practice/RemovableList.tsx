import type { ReactNode } from 'react';
import { Button } from '../../ui/index.ts';

/**
 * What a practice editor has saved so far: an intro, then `empty` or the items, each with its
 * title, an optional line below it and a remove button (`removeName` is its accessible name).
 */
export function RemovableList<T>({
  intro,
  empty,
  items,
  itemKey,
  title,
  meta,
  removeText,
  removeName,
  removing,
  onRemove,
}: {
  intro: string;
  empty: string;
  items: readonly T[];
  itemKey: (item: T) => string;
  title: (item: T) => ReactNode;
  meta: (item: T) => ReactNode;
  removeText: string;
  removeName: (item: T) => string;
  removing: boolean;
  onRemove: (item: T) => void;
}) {
  return (
    <>
      <p className="practice__intro">{intro}</p>
      {items.length === 0 ? (
        <p className="practice__empty">{empty}</p>
      ) : (
        <ul className="practice-list">
          {items.map((item) => {
            const below = meta(item);
            return (
              <li key={itemKey(item)} className="practice-list__item">
                <p className="practice-list__title">{title(item)}</p>
                {below && <p className="practice-list__meta">{below}</p>}
                <Button
                  variant="secondary"
                  disabled={removing}
                  aria-label={removeName(item)}
                  onClick={() => onRemove(item)}
                >
                  {removeText}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
