package dev.cloudfiles.local.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The recorded calls against the policies: each call's IAM permissions (action on resource ARN, as
 * AWS's service authorization reference maps API operations to actions), then every one the
 * function's policy would deny, every permission its policy grants that no call needed and no
 * justification explains, and every action SnapStart priming needs that the function's requests
 * never do (priming runs at every snapshot: it must be what the role is for). Pure logic: {@link IamCheckTest} proves it on a small policy.
 */
final class IamCheck {
    private IamCheck() {}

    /** A permission a call needs: an action on a resource ARN. */
    record Needed(String action, String resource, SdkCall call) {}

    /** What the check found; each line names function, action and resource. */
    record Findings(
            List<String> denied,
            List<String> unused,
            List<String> staleJustifications,
            List<String> unknown,
            List<String> primingBeyondRequests) {
        boolean clean(boolean wholeSuite) {
            return denied.isEmpty()
                    && unknown.isEmpty()
                    && (!wholeSuite
                            || (unused.isEmpty() && staleJustifications.isEmpty() && primingBeyondRequests.isEmpty()));
        }

        String report(int calls, boolean wholeSuite) {
            StringBuilder out = new StringBuilder(
                    "IAM check of " + calls + " distinct recorded AWS calls against the translated template"
                            + (wholeSuite ? "" : " (a subset of the tests ran: only denials are checked)") + "\n");
            section(
                    out,
                    "DENIED: calls the function's policy would refuse (grant them, least privilege, or stop making them)",
                    denied);
            section(out, "UNKNOWN: calls of functions the template does not have", unknown);
            if (wholeSuite) {
                section(
                        out,
                        "UNUSED: granted, never exercised by any test (remove it, or justify it under the function's"
                                + " Metadata: IamJustifications: {<Sid>: {<action>: <why>}})",
                        unused);
                section(
                        out,
                        "STALE: justifications of permissions that are exercised or not granted (remove them)",
                        staleJustifications);
                section(
                        out,
                        "PRIMING BEYOND REQUESTS: SnapStart priming does what the function's requests never do (Priming.java)",
                        primingBeyondRequests);
            }
            return out.toString();
        }

        private static void section(StringBuilder out, String title, List<String> lines) {
            if (lines.isEmpty()) return;
            out.append(title).append(":\n");
            lines.forEach(l -> out.append("  ").append(l).append('\n'));
        }
    }

    static Findings check(IamPolicies policies, Collection<SdkCall> calls) {
        Set<String> denied = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        Map<String, List<Needed>> needed = new HashMap<>();
        for (SdkCall call : calls) {
            IamPolicies.Policy policy = policies.byFunction().get(call.function());
            if (policy == null) {
                unknown.add(call.madeBy() + ": " + call.service() + " " + call.operation());
                continue;
            }
            for (Needed n : needed(call, policies)) {
                if (allowed(policy, n))
                    needed.computeIfAbsent(call.function(), f -> new ArrayList<>())
                            .add(n);
                else
                    denied.add(
                            call.madeBy() + ": " + n.action() + " on " + n.resource() + " (" + call.operation() + ")");
            }
        }
        Set<String> beyond = new TreeSet<>();
        Map<String, Set<String>> requestActions = new HashMap<>();
        for (SdkCall call : calls) {
            if (call.priming()) continue;
            needed(call, policies)
                    .forEach(n -> requestActions
                            .computeIfAbsent(call.function(), f -> new TreeSet<>())
                            .add(n.action()));
        }
        for (SdkCall call : calls) {
            if (!call.priming()) continue;
            for (Needed n : needed(call, policies)) {
                if (!requestActions.getOrDefault(call.function(), Set.of()).contains(n.action()))
                    beyond.add(call.madeBy() + ": " + n.action() + " (" + call.operation()
                            + "), which its requests never need");
            }
        }
        Set<String> unused = new TreeSet<>();
        Set<String> stale = new TreeSet<>();
        for (IamPolicies.Policy policy : policies.byFunction().values()) {
            List<Needed> used = needed.getOrDefault(policy.function(), List.of());
            Set<String> granted = new TreeSet<>();
            for (IamPolicies.Statement s : policy.statements()) {
                if (!s.allow()) continue;
                for (String action : s.actions()) {
                    granted.add(s.sid() + " " + action);
                    for (String resource : s.resources()) {
                        boolean exercised = used.stream()
                                .anyMatch(n ->
                                        matches(action, n.action(), true) && matches(resource, n.resource(), false));
                        String why = policy.justifications()
                                .getOrDefault(s.sid(), Map.of())
                                .get(action);
                        if (!exercised && why == null)
                            unused.add(policy.function() + " " + s.sid() + ": " + action + " on " + resource);
                        if (exercised && why != null)
                            stale.add(policy.function() + " " + s.sid() + ": " + action + " is exercised: \"" + why
                                    + "\"");
                    }
                }
            }
            policy.justifications()
                    .forEach((sid, actions) -> actions.keySet().forEach(action -> {
                        if (!granted.contains(sid + " " + action))
                            stale.add(policy.function() + " " + sid + ": " + action
                                    + " is not granted by that statement");
                    }));
        }
        return new Findings(
                List.copyOf(denied),
                List.copyOf(unused),
                List.copyOf(stale),
                List.copyOf(unknown),
                List.copyOf(beyond));
    }

    /** Allowed: an Allow statement matches and no Deny does (IAM's evaluation within one identity policy set). */
    static boolean allowed(IamPolicies.Policy policy, Needed n) {
        boolean allow = false;
        for (IamPolicies.Statement s : policy.statements()) {
            boolean match = s.actions().stream().anyMatch(a -> matches(a, n.action(), true))
                    && s.resources().stream().anyMatch(r -> matches(r, n.resource(), false));
            if (match && !s.allow()) return false;
            allow |= match;
        }
        return allow;
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one; actions ignore case. */
    static boolean matches(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0)
                .matcher(value)
                .matches();
    }

    /**
     * The permissions a call needs (docs.aws.amazon.com/service-authorization: Amazon S3's and
     * DynamoDB's actions; the S3 user guide's "Required permissions for Amazon S3 API operations").
     * A presigned URL is checked as the request it signs: S3 authorizes it as the signer's.
     */
    static List<Needed> needed(SdkCall call, IamPolicies policies) {
        List<Needed> out = new ArrayList<>();
        if (call.service().equals("s3")) {
            String bucket = IamPolicies.bucketArn(name(call.bucket(), policies.bucket()));
            String object = bucket + "/" + call.key();
            switch (call.operation()) {
                case "GetObject", "HeadObject" -> {
                    out.add(new Needed("s3:GetObject", object, call));
                    // A 404 needs s3:ListBucket: without it S3 answers a missing key 403 (GetObject's and HeadObject's
                    // docs).
                    if (call.notFound()) out.add(new Needed("s3:ListBucket", bucket, call));
                }
                case "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" ->
                    out.add(new Needed("s3:PutObject", object, call));
                case "CopyObject", "UploadPartCopy" -> {
                    // A copy whose source was not recorded is denied as such, never matched by a wildcard.
                    String source = call.sourceKey() == null
                            ? "(copy source not recorded)"
                            : IamPolicies.bucketArn(name(call.sourceBucket(), policies.bucket())) + "/"
                                    + call.sourceKey();
                    out.add(new Needed("s3:GetObject", source, call));
                    out.add(new Needed("s3:PutObject", object, call));
                }
                case "DeleteObject", "DeleteObjects" -> out.add(new Needed("s3:DeleteObject", object, call));
                case "AbortMultipartUpload" -> out.add(new Needed("s3:AbortMultipartUpload", object, call));
                case "ListParts" -> out.add(new Needed("s3:ListMultipartUploadParts", object, call));
                case "ListObjectsV2", "ListObjects", "HeadBucket" -> out.add(new Needed("s3:ListBucket", bucket, call));
                case "ListMultipartUploads" -> out.add(new Needed("s3:ListBucketMultipartUploads", bucket, call));
                default -> out.add(new Needed("s3:" + call.operation(), call.key() == null ? bucket : object, call));
            }
        } else if (call.service().equals("dynamodb")) {
            String table = IamPolicies.tableArn(name(call.table(), policies.table()));
            String resource = call.index() == null ? table : table + "/index/" + call.index();
            out.add(new Needed("dynamodb:" + call.operation(), resource, call));
        } else {
            out.add(new Needed(call.service() + ":" + call.operation(), "*", call));
        }
        return out;
    }

    /** The local stack's bucket and table are the template's: their placeholder names. */
    private static String name(String recorded, String templateName) {
        return templateName != null ? templateName : recorded;
    }
}
