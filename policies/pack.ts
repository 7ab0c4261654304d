// The kafka-guardrails policy pack's definition: its name and every policy. Kept apart from
// index.ts, which serves the pack (constructing a PolicyPack starts the gRPC server the Pulumi CLI
// talks to), so the tests can load the exact policy objects without starting anything.

import type { PolicyPackArgs } from "@pulumi/policy";
import { aclPolicies } from "./acl-rules";
import { clusterPolicies } from "./cluster-rules";
import { quotaPolicies } from "./quota-rules";
import { reservedPolicies } from "./reserved-rules";
import { tlsPolicies } from "./tls-rules";
import { schemaPolicies } from "./schema-rules";
import { strimziPolicies } from "./strimzi-rules";
import { topicPolicies } from "./topic-rules";

export const PACK_NAME = "kafka-guardrails";

export const policies = [...clusterPolicies, ...topicPolicies, ...aclPolicies, ...quotaPolicies, ...reservedPolicies, ...tlsPolicies, ...schemaPolicies, ...strimziPolicies];

export const packArgs: PolicyPackArgs = {
    description: "Guardrails for the Kafka-as-code cluster and topics stacks: pinned images, healthchecks, data volumes, bind addresses, UI login, credentials from secrets, KRaft quorum, topic durability and naming, ACL hygiene, produce quotas, the cluster's reserved principals and namespaces, TLS and certificate expiry, topic protection, schema registry compatibility and value schemas in every environment, and Strimzi clusters' storage, authorization, listeners and version.",
    // Each policy's own level applies unless the config file (policies/config/<env>.json) sets
    // `all` or the policy's enforcementLevel: advisory in dev, mandatory in production-class stacks.
    enforcementLevel: "mandatory",
    policies,
};
