/** Create stack: a name, a template pasted or uploaded, its parameters (from GetTemplateSummary as it is typed) and the IAM acknowledgement. */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../aws';
import { createStack, getTemplateSummary, type TemplateSummary } from '../../cloudformation';
import { signalFlash } from '../../flash-state';
import { link, navigate } from '../../router';
import { useAction } from '../../use-action';
import { ErrorAlert } from '../error-alert';
import { TemplateParameters } from './template-parameters';

export function CreateStackPage() {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const [summary, setSummary] = useState<TemplateSummary | undefined>(undefined);
  const [summaryError, setSummaryError] = useState<string | undefined>(undefined);
  const [values, setValues] = useState<Record<string, string>>({});
  const [acknowledged, setAcknowledged] = useState(false);
  const { busy, error, run } = useAction();

  // The template's parameters, from GetTemplateSummary, shortly after the template stops changing.
  useEffect(() => {
    setSummaryError(undefined);
    if (template.trim() === '') {
      setSummary(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      getTemplateSummary(template).then(
        (s) => {
          if (!current) return;
          setSummary(s);
          setValues((old) => Object.fromEntries(s.parameters.map((p) => [p.key, old[p.key] ?? p.defaultValue ?? ''])));
        },
        (e: unknown) => {
          if (!current) return;
          setSummary(undefined);
          setSummaryError(errorMessage(e));
        },
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [template]);

  const setParameter = (key: string, value: string): void => setValues((old) => ({ ...old, [key]: value }));

  const onFile = (e: Event): void => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (file) void file.text().then(setTemplate);
  };

  const submit = (e: Event): void => {
    e.preventDefault();
    const needed = summary?.capabilities.length ? summary.capabilities : ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'];
    const parameters = Object.fromEntries(Object.entries(values).filter(([key]) => summary?.parameters.some((p) => p.key === key)));
    run(
      () => createStack({ name, templateBody: template, parameters, capabilities: acknowledged ? needed : [] }),
      () => {
        signalFlash({ type: 'success', message: `Stack creation initiated for '${name}'.` });
        navigate(`stacks/${encodeURIComponent(name)}/events`);
      },
    );
  };

  return (
    <section>
      <div class="breadcrumbs">
        <a {...link('stacks')}>Stacks</a> › Create stack
      </div>
      <h1>Create stack</h1>
      <form class="panel stack-form" aria-label="Create stack" onSubmit={(e) => void submit(e)}>
        <label>
          Stack name
          <input type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <small>Letters (A-Z and a-z), numbers (0-9) and dashes (-).</small>
        </label>
        <label>
          Upload a template file
          <input type="file" accept=".json,.yaml,.yml,.template,.txt" onChange={onFile} />
        </label>
        <label>
          Template
          <textarea class="template-editor" rows={14} spellcheck={false} value={template} onInput={(e) => setTemplate(e.currentTarget.value)} />
          <small>JSON or YAML, pasted or uploaded.</small>
        </label>
        {summaryError && (
          <p class="field-error" data-testid="template-error">
            {summaryError}
          </p>
        )}
        {summary && summary.parameters.length > 0 && <TemplateParameters parameters={summary.parameters} values={values} onChange={setParameter} />}
        <fieldset>
          <legend>Capabilities</legend>
          <label class="choice">
            <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} />
            <span>
              I acknowledge that AWS CloudFormation might create IAM resources with custom names.
              <br />
              <small>{summary?.capabilities.length ? `Required: ${summary.capabilities.join(', ')}` : 'CAPABILITY_IAM, CAPABILITY_NAMED_IAM'}</small>
            </span>
          </label>
        </fieldset>
        <ErrorAlert message={error} />
        <div class="form-actions">
          <a class="button" {...link('stacks')}>
            Cancel
          </a>
          <button type="submit" class="primary" disabled={busy}>
            Submit
          </button>
        </div>
      </form>
    </section>
  );
}
