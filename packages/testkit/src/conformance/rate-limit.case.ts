import type { Cases } from "./context.js";
import { algorithmCases } from "./rate-limit/algorithms.case.js";
import { exactnessCases } from "./rate-limit/exactness.case.js";
import { lifecycleCases } from "./rate-limit/lifecycle.case.js";
import { optionCases } from "./rate-limit/options.case.js";
import { seedCases } from "./rate-limit/seed.case.js";
import { validationCases } from "./rate-limit/validation.case.js";
import { wireCases } from "./rate-limit/wire.case.js";

/** The rate limiter against a real server: the seed, exactness, each algorithm, options, and the wire. */
export const rateLimitCases: Cases = (ctx, it) => {
  seedCases(ctx, it);
  exactnessCases(ctx, it);
  algorithmCases(ctx, it);
  lifecycleCases(ctx, it);
  validationCases(ctx, it);
  optionCases(ctx, it);
  wireCases(ctx, it);
};
