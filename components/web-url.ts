/**
 * Addresses that come from a provider (its consent page, a bank's logo) are untrusted data: a
 * `javascript:` URL followed or opened here would run as this site.
 */

/** A page the browser may be sent to: http(s) only. */
export function isWebPageUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

/** An image source worth rendering: an https image or an inline data: image (what the providers' logos are). */
export function isImageUrl(url: string): boolean {
  if (/^data:image\//i.test(url)) return true;
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}
