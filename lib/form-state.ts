/** What a form's server action answers: field errors, a message, and the values to show again. */
export type FormState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};

export const idle: FormState = { status: "idle" };
