import { Fragment, type ComponentChildren } from "preact";

/** A list of figures, each under its name (in the order given). */
export function Stats({ items }: { items: Record<string, ComponentChildren> }) {
  return (
    <dl class="stats">
      {Object.entries(items).map(([name, value]) => (
        <Fragment key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
