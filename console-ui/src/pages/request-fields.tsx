/** Form fields the API's Test and Test authorizer share: the stage, and a test request's query strings and headers (`name:value` lines). */
import type { Stage } from '../apigateway';

export function StageSelect(props: { stages: Stage[]; value: string; onChange: (stageName: string) => void }) {
  return (
    <label>
      <span>Stage</span>
      <select aria-label="Stage" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.stages.map((s) => (
          <option key={s.stageName} value={s.stageName}>
            {s.stageName}
          </option>
        ))}
      </select>
    </label>
  );
}

export function QueryAndHeaders(props: { query: string; setQuery: (query: string) => void; headers: string; setHeaders: (headers: string) => void }) {
  return (
    <>
      <label>
        <span>Query strings</span>
        <input value={props.query} onInput={(e) => props.setQuery(e.currentTarget.value)} placeholder="param1=value1&param2=value2" />
      </label>
      <label>
        <span>Headers</span>
        <textarea rows={3} value={props.headers} onInput={(e) => props.setHeaders(e.currentTarget.value)} placeholder="header1:value1" />
      </label>
    </>
  );
}

/** `name: value` lines, as the AWS console's Test takes headers. */
export function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}
