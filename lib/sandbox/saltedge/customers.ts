import { z } from "zod";
import { sandboxNow } from "../store";
import type { SandboxContext } from "../types";
import { json } from "../respond";
import { saltedgeError } from "./errors";
import { pageOf } from "./paging";
import { customers, newId, type CustomerRecord } from "./records";
import { readData } from "./request";

const createCustomer = z.object({ identifier: z.string().min(1).max(255) });

function customerJson(customer: CustomerRecord) {
  return { ...customer, blocked_at: null, categorization_type: "none" };
}

/** `POST customers`: a repeated identifier answers 409 DuplicatedCustomer, as Salt Edge does. */
export async function createCustomerRoute(request: Request, ctx: SandboxContext): Promise<Response> {
  const input = await readData(request, createCustomer);
  if ("error" in input) return input.error;
  const all = await customers.list(ctx.db);
  if (all.some((c) => c.identifier === input.data.identifier)) {
    return saltedgeError(409, "DuplicatedCustomer", `Customer with identifier ${input.data.identifier} already exists.`);
  }
  const now = (await sandboxNow(ctx.db)).toISOString();
  const customer: CustomerRecord = { customer_id: await newId(ctx.db), identifier: input.data.identifier, created_at: now, updated_at: now };
  await customers.save(ctx.db, customer);
  return json({ data: customerJson(customer) });
}

/** `GET customers[?identifier=]`: the sandbox filters by identifier so a client can find its own after a 409. */
export async function listCustomersRoute(url: URL, ctx: SandboxContext): Promise<Response> {
  const identifier = url.searchParams.get("identifier");
  const all = (await customers.list(ctx.db)).filter((c) => identifier === null || c.identifier === identifier);
  const page = pageOf(all, (c) => c.customer_id, url.searchParams.get("from_id"), url);
  if (!page) return saltedgeError(400, "WrongRequestFormat", "from_id does not match any customer.");
  return json({ data: page.data.map(customerJson), meta: page.meta });
}

export async function showCustomerRoute(id: string, ctx: SandboxContext): Promise<Response> {
  const customer = await customers.get(ctx.db, id);
  if (!customer) return saltedgeError(404, "CustomerNotFound", `Customer with id ${id} was not found.`);
  return json({ data: customerJson(customer) });
}
