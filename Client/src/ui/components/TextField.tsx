/** A labelled one-line text input; its `maxLength` comes from the API's limits (limits.ts). */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  maxLength: number | undefined;
  required?: boolean;
  name?: string;
  autoComplete?: string;
  placeholder?: string;
  /** `sr-only` keeps the label for screen readers only. */
  labelClass?: string;
}) {
  return (
    <>
      <label for={props.id} class={props.labelClass}>
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.name}
        value={props.value}
        maxLength={props.maxLength}
        required={props.required}
        autoComplete={props.autoComplete}
        placeholder={props.placeholder}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </>
  );
}
