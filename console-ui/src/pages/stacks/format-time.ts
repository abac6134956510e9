/** A stack's or an event's time as the reader's locale writes it; what is not a time is shown as it is (`-` for nothing). */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return iso === '' || Number.isNaN(d.getTime()) ? iso || '-' : d.toLocaleString();
}
