/** Create stack's Parameters: one field per template parameter (a password field for NoEcho), with its description and type. */
import type { TemplateParameter } from '../../cloudformation';

export function TemplateParameters({ parameters, values, onChange }: { parameters: TemplateParameter[]; values: Record<string, string>; onChange: (key: string, value: string) => void }) {
  return (
    <fieldset>
      <legend>Parameters</legend>
      {parameters.map((p) => (
        <label key={p.key} class="parameter">
          {p.key}
          {p.noEcho ? (
            <input type="password" value={values[p.key] ?? ''} onInput={(e) => onChange(p.key, e.currentTarget.value)} />
          ) : (
            <input type="text" value={values[p.key] ?? ''} onInput={(e) => onChange(p.key, e.currentTarget.value)} />
          )}
          <small>
            {p.description ? `${p.description} ` : ''}({p.type})
          </small>
        </label>
      ))}
    </fieldset>
  );
}
