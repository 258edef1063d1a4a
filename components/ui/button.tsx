import type { ButtonHTMLAttributes } from "react";

const styles = {
  primary: "bg-brand text-white hover:bg-brand-dark disabled:opacity-60",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:opacity-60",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50 disabled:opacity-60",
  link: "text-brand underline-offset-2 hover:underline",
} as const;

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof styles };

export function Button({ variant = "primary", className = "", type = "button", ...props }: Props) {
  const shape = variant === "link" ? "" : "rounded-md px-3 py-1.5 text-sm font-medium";
  return <button type={type} className={`${shape} ${styles[variant]} ${className}`} {...props} />;
}
