/** A task's label with its `matrix:` variant, `2/5 @claude`, as every console line and row writes it; the label alone without one. */
export function withVariant(label: string, variant: string | undefined): string {
  return variant === undefined ? label : `${label} @${variant}`;
}
