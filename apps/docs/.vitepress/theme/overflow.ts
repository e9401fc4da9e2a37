// Whether a figure is wider than its box (it then scrolls sideways, which phones do not show
// until you try): the widgets say so under the controls.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** `overflowing` follows `el`'s width and content; call `check()` after drawing into it. */
export function useOverflow(el: Ref<HTMLElement | null>): { overflowing: Ref<boolean>; check: () => void } {
  const overflowing = ref(false);
  const check = () => {
    const e = el.value;
    overflowing.value = e !== null && e.scrollWidth > e.clientWidth + 1;
  };
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    if (typeof ResizeObserver === 'undefined' || !el.value) return;
    observer = new ResizeObserver(check);
    observer.observe(el.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return { overflowing, check };
}
