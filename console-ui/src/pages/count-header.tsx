/** A list page's heading as the AWS console shows it: the title, how many there are, and a Refresh button. */
export function CountHeader(props: { title: string; count: number | undefined; onRefresh: () => void }) {
  return (
    <div class="page-header">
      <h1>
        {props.title} <span class="count">({props.count ?? 0})</span>
      </h1>
      <div class="actions">
        <button type="button" aria-label="Refresh" onClick={props.onRefresh}>
          ↻
        </button>
      </div>
    </div>
  );
}
