/** An error or notice line, announced to screen readers. */
export function Problem({ text }: { text?: string | null }) {
  if (!text) return null;
  return (
    <p class="problem" role="alert">
      {text}
    </p>
  );
}
