/** An error from the API, shown as the AWS console shows one: its message, in a red alert. Nothing when there is none. */
export function ErrorAlert({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div class="flash flash-error" role="alert">
      {message}
    </div>
  );
}
