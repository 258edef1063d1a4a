import { z } from "zod";

// Runs in the browser before the app's code. Zod probes whether `new Function` is allowed to compile
// fast parsers; under this app's Content-Security-Policy (no eval) the probe fails and is reported as a
// violation. Parsing without compiled parsers is what zod falls back to anyway: skip the probe.
z.config({ jitless: true });
