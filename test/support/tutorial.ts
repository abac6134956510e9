import assert from 'node:assert/strict';

/** What `gatehouse tutorial` prints when it runs to the end: every step, `Hello from Lambda!` from the instance, the clean-up. */
export function assertTutorialRan(stdout: string): void {
  for (let n = 1; n <= 8; n++) assert.match(stdout, new RegExp(`\\nStep ${n}: `));
  assert.match(stdout, /CREATE_COMPLETE\. Outputs: VpcEndpointId=vpce-[0-9a-f]{17} InstanceId=i-[0-9a-f]{17} FunctionName=private-api-tutorial-Function-/);
  assert.match(stdout, /The host, on Gatehouse's public front door: 403 \{"message":"Forbidden"\}/);
  assert.match(stdout, /\n {2}200 Hello from Lambda!\n/);
  assert.match(stdout, /DELETE_COMPLETE\. Everything the tutorial made is gone\./);
}
