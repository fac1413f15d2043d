import type { Cases } from "./context.js";
import { algorithmCases } from "./rate-limit/algorithms.case.js";
import { dynamicLimitCases } from "./rate-limit/dynamic.case.js";
import { exactnessCases } from "./rate-limit/exactness.case.js";
import { lifecycleCases } from "./rate-limit/lifecycle.case.js";
import { multiLimitCases } from "./rate-limit/multi.case.js";
import { optionCases } from "./rate-limit/options.case.js";
import { penaltyCases } from "./rate-limit/penalty.case.js";
import { seedCases } from "./rate-limit/seed.case.js";
import { validationCases } from "./rate-limit/validation.case.js";
import { verdictCases } from "./rate-limit/verdict.case.js";
import { waitCases } from "./rate-limit/wait.case.js";
import { wireCases } from "./rate-limit/wire.case.js";

/**
 * The rate limiter against a real server: the seed, `pool.rateLimit()`'s verdict script, exactness, each algorithm, options, the wire, and the
 * multi-limit, penalty, waiting and dynamic-limit features.
 */
export const rateLimitCases: Cases = (ctx, it) => {
  seedCases(ctx, it);
  verdictCases(ctx, it);
  exactnessCases(ctx, it);
  algorithmCases(ctx, it);
  lifecycleCases(ctx, it);
  validationCases(ctx, it);
  optionCases(ctx, it);
  wireCases(ctx, it);
  multiLimitCases(ctx, it);
  penaltyCases(ctx, it);
  waitCases(ctx, it);
  dynamicLimitCases(ctx, it);
};
