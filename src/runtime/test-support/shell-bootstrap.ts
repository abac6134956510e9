/**
 * A custom runtime's `bootstrap` as a user would write it in shell with curl, for tests: it answers each
 * event with `{"<key>": <event>}` and prints one log line per invocation.
 */
export function shellBootstrap(key: string): string {
  return `#!/bin/sh
set -eu
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')
  echo "handling $ID for $_HANDLER"
  curl -sS -X POST "$API/invocation/$ID/response" -d "{\\"${key}\\":$EVENT}" > /dev/null
done
`;
}
