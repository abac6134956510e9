/** The Resources tab's tree: every resource by path, indented by depth, with its methods under it; a click selects one. */
import type { Resource } from '../../apigateway';

/** The resource, or one of its methods, that the Resources tab shows. */
export interface Selection {
  resourceId: string;
  method?: string;
}

export function ResourceTree({ resources, selected, onSelect }: { resources: Resource[]; selected: Selection | undefined; onSelect: (selection: Selection) => void }) {
  return (
    <ul class="tree" aria-label="Resources">
      {resources.map((r) => (
        <li key={r.id} style={{ paddingLeft: `${depth(r) * 16}px` }}>
          <a
            href="#"
            class={selected?.resourceId === r.id && !selected.method ? 'selected' : undefined}
            data-resource-path={r.path}
            onClick={(e) => {
              e.preventDefault();
              onSelect({ resourceId: r.id });
            }}
          >
            {r.path === '/' ? '/' : `/${r.pathPart ?? ''}`}
          </a>
          <ul>
            {Object.keys(r.resourceMethods ?? {})
              .sort()
              .map((m) => (
                <li key={m}>
                  <a
                    href="#"
                    class={`method${selected?.resourceId === r.id && selected.method === m ? ' selected' : ''}`}
                    data-method={`${m} ${r.path}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onSelect({ resourceId: r.id, method: m });
                    }}
                  >
                    {m}
                  </a>
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function depth(r: Resource): number {
  return r.path === '/' ? 0 : r.path.split('/').length - 1;
}
