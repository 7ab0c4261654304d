// Image references, shared by the cluster stack's config validation and the policy pack (which
// imports this file directly: it must not load any provider SDK).

/** Splits `registry:5000/repo/name:tag@sha256:...` into repository, tag and digest (either may be absent). */
export function parseImageRef(ref: string): { repository: string; tag?: string; digest?: string } {
    const at = ref.indexOf("@");
    const digest = at >= 0 ? ref.slice(at + 1) : undefined;
    const nameAndTag = at >= 0 ? ref.slice(0, at) : ref;
    // A tag is after the last ':' that comes after the last '/' (a ':' before it is a registry port).
    const colon = nameAndTag.lastIndexOf(":");
    const tag = colon > nameAndTag.lastIndexOf("/") ? nameAndTag.slice(colon + 1) : undefined;
    return { repository: tag === undefined ? nameAndTag : nameAndTag.slice(0, colon), tag, digest };
}

const REPOSITORY = /^[a-z0-9]+(?:[._\/:-][a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Why a reference is not a well-formed, pinned image (a release tag other than `latest`, or a digest); undefined when it is. */
export function imageRefProblem(ref: string): string | undefined {
    const { repository, tag, digest } = parseImageRef(ref);
    if (!REPOSITORY.test(repository) || (tag !== undefined && !TAG.test(tag)) || (digest !== undefined && !DIGEST.test(digest))) {
        return "must be an image reference such as repository:tag or repository@sha256:<digest>";
    }
    if (digest === undefined && (tag === undefined || tag === "latest")) {
        return "must be pinned to a release tag or digest (not untagged, not latest), so every run gets the same software";
    }
    return undefined;
}
