/** The Lambda function picker of Create method, Edit integration and the authorizer form: the account's functions by name and runtime. */
import type { LambdaFunction } from '../../apigateway';

export function FunctionSelect(props: { functions: LambdaFunction[] | undefined; value: string; onChange: (arn: string) => void; help: string }) {
  const { functions, value } = props;
  return (
    <label>
      <span>Lambda function</span>
      <select name="functionArn" aria-label="Lambda function" value={value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{functions === undefined ? 'Loading functions' : 'Choose a function'}</option>
        {/* A function that is no longer listed (deleted, or of another account) stays shown as its ARN. */}
        {value && functions && !functions.some((f) => f.FunctionArn === value) && <option value={value}>{value}</option>}
        {functions?.map((f) => (
          <option key={f.FunctionArn} value={f.FunctionArn}>
            {f.FunctionName}
            {f.Runtime ? ` (${f.Runtime})` : ''}
          </option>
        ))}
      </select>
      <small>{props.help}</small>
    </label>
  );
}
