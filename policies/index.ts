// Entry point of the kafka-guardrails policy pack:
//   pulumi preview --policy-pack policies --policy-pack-config policies/config/<env>.json
// The policies themselves are in pack.ts and the *-rules.ts modules (see README.md).

import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./pack";

new PolicyPack(PACK_NAME, packArgs);
