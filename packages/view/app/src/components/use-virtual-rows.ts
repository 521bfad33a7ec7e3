import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualizerOptions,
} from '@tanstack/virtual-core';
import type { RefObject } from 'preact';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

/** Only the rows in view (and a few around them) are rendered: a 10,000-task run scrolls as fast as a 10-task one. */
export function useVirtualRows(
  count: number,
  scrollElement: RefObject<HTMLElement | null>,
  rowHeight: number,
): Virtualizer<HTMLElement, Element> {
  const [, rerender] = useReducer((tick: number) => tick + 1, 0);
  const options: VirtualizerOptions<HTMLElement, Element> = {
    count,
    getScrollElement: () => scrollElement.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    onChange: () => rerender(0),
  };
  const [virtualizer] = useState(() => new Virtualizer(options));
  virtualizer.setOptions(options);
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}
