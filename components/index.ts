// Shared building blocks of the cluster and topics stacks.
export * from "./config-error";
export * from "./cluster-config";
export * from "./broker-settings";
export * from "./kafka-ui-settings";
export * from "./kafka-cluster";
export * from "./catalog";
export * from "./acl-expansion";
export * from "./kafka-connection";
export * from "./topics-config";
export * from "./topic-safety";
export * from "./topics-catalog";
export * from "./stack-config";
export * from "./image-ref";
export * from "./cluster-outputs";
export * from "./password-rule";
