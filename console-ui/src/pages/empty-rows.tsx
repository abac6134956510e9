/** A table's one row while it loads or when it has nothing to list, across all its columns, as the AWS console shows it. */
import type { ComponentChildren } from 'preact';

export function EmptyRows(props: { items: readonly unknown[] | undefined; colSpan: number; loading?: string | undefined; children: ComponentChildren }) {
  const text = props.items === undefined ? props.loading : props.items.length === 0 ? props.children : undefined;
  if (text === undefined) return null;
  return (
    <tr>
      <td colSpan={props.colSpan} class="empty">
        {text}
      </td>
    </tr>
  );
}
