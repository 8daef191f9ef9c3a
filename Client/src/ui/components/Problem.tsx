/** An error or notice line, announced to screen readers. */
export function Problem({ text }: { text?: string | null }) {
  if (!text) return null;
  return (
    <p class="problem" role="alert">
      {text}
    </p>
  );
}

/** Sets the text of a page's problem line (null clears it). */
export type ReportError = (text: string | null) => void;
