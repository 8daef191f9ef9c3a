/** The last lines of what happened in the match. */
export function MatchLog({ lines }: { lines: readonly string[] }) {
  return (
    <section class="panel" aria-labelledby="log-title">
      <h2 id="log-title">What happened</h2>
      <ol class="log" aria-live="polite">
        {lines.slice(-8).map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </section>
  );
}
