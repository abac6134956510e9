/** The AWS console's flashbar: one message at the top of the page, success or error, dismissible. */
import { signalFlash, useFlash } from './flash-state';

export function Flashbar() {
  const flash = useFlash();
  if (!flash) return null;
  return (
    <div class={`flash flash-${flash.type}`} role={flash.type === 'error' ? 'alert' : 'status'} data-testid="flash">
      <span class="flash-text">{flash.message}</span>
      <button type="button" class="flash-dismiss" aria-label="Dismiss" onClick={() => signalFlash(undefined)}>
        ×
      </button>
    </div>
  );
}
