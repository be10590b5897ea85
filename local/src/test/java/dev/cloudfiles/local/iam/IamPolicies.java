package dev.cloudfiles.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.local.template.SamTranslator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each function's inline policy as the deployed template has it: template.yaml through the SAM
 * translator ({@link SamTranslator}), the function's role followed to its policy
 * documents, every {@code Ref}, {@code GetAtt} and {@code Sub} resolved to placeholder values that
 * are the same wherever they appear: a resource's physical name is its logical id, the stack is in
 * {@link #REGION} of account {@link #ACCOUNT}. The managed policies SAM attaches (logs, X-Ray) are
 * Lambda's, not the handlers': the handlers' calls are checked against the inline ones only.
 */
record IamPolicies(Map<String, Policy> byFunction, String bucket, String table) {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    /** One statement; actions and resources as IAM matches them ({@code *} and {@code ?} wildcards). */
    record Statement(String sid, boolean allow, List<String> actions, List<String> resources) {}

    /** A function's statements, and its {@code Metadata: IamJustifications: {Sid: {action: why}}}. */
    record Policy(String function, List<Statement> statements, Map<String, Map<String, String>> justifications) {}

    /** template.yaml through the SAM translator ({@link SamTranslator}), with the defaults, read as above. */
    static IamPolicies translate() {
        return of(SamTranslator.render("cloud-files", Map.of()).template());
    }

    /** From translated CloudFormation. */
    static IamPolicies of(JsonNode template) {
        JsonNode resources = template.path("Resources");
        Map<String, Policy> functions = new LinkedHashMap<>();
        resources.properties().forEach(entry -> {
            JsonNode function = entry.getValue();
            if (!"AWS::Lambda::Function".equals(function.path("Type").asText())) return;
            JsonNode role = function.path("Properties").path("Role").path("Fn::GetAtt");
            if (!role.isArray())
                throw new IllegalArgumentException(entry.getKey() + ": Role is not a GetAtt of a role");
            List<Statement> statements = new ArrayList<>();
            for (JsonNode policy :
                    resources.path(role.get(0).asText()).path("Properties").path("Policies")) {
                for (JsonNode s : list(policy.path("PolicyDocument").path("Statement"))) {
                    statements.add(statement(entry.getKey(), s, template));
                }
            }
            Map<String, Map<String, String>> why = new LinkedHashMap<>();
            function.path("Metadata").path("IamJustifications").properties().forEach(sid -> {
                Map<String, String> actions = new LinkedHashMap<>();
                sid.getValue()
                        .properties()
                        .forEach(a -> actions.put(a.getKey(), a.getValue().asText()));
                why.put(sid.getKey(), actions);
            });
            functions.put(entry.getKey(), new Policy(entry.getKey(), List.copyOf(statements), why));
        });
        return new IamPolicies(functions, only(resources, "AWS::S3::Bucket"), only(resources, "AWS::DynamoDB::Table"));
    }

    private static Statement statement(String function, JsonNode s, JsonNode template) {
        for (String unsupported : List.of("NotAction", "NotResource", "Condition", "Principal")) {
            if (s.has(unsupported))
                throw new IllegalArgumentException(
                        function + ": the IAM check cannot evaluate " + unsupported + ": " + s);
        }
        List<String> actions =
                list(s.path("Action")).stream().map(JsonNode::asText).toList();
        List<String> resources =
                list(s.path("Resource")).stream().map(r -> resolve(r, template)).toList();
        return new Statement(
                s.path("Sid").asText(""), "Allow".equals(s.path("Effect").asText()), actions, resources);
    }

    /** The one resource of this type (the recorded calls name the local stack's bucket and table). */
    private static String only(JsonNode resources, String type) {
        List<String> ids = new ArrayList<>();
        resources.properties().forEach(r -> {
            if (type.equals(r.getValue().path("Type").asText())) ids.add(r.getKey());
        });
        if (ids.size() > 1) throw new IllegalArgumentException("more than one " + type + ": " + ids);
        return ids.isEmpty() ? null : ids.get(0);
    }

    static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    static String tableArn(String table) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table;
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** A Resource value with its intrinsics resolved to the placeholders. */
    static String resolve(JsonNode value, JsonNode template) {
        if (value.isTextual()) return value.asText();
        if (value.has("Ref")) return ref(value.path("Ref").asText(), template);
        if (value.has("Fn::GetAtt")) {
            JsonNode a = value.path("Fn::GetAtt");
            String[] parts = a.isArray()
                    ? new String[] {a.get(0).asText(), a.get(1).asText()}
                    : a.asText().split("\\.", 2);
            return getAtt(parts[0], parts[1], template);
        }
        if (value.has("Fn::Sub")) {
            JsonNode sub = value.path("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            Map<String, String> variables = new LinkedHashMap<>();
            if (sub.isArray())
                sub.get(1).properties().forEach(v -> variables.put(v.getKey(), resolve(v.getValue(), template)));
            Matcher m = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String replacement = variables.containsKey(name)
                        ? variables.get(name)
                        : name.contains(".")
                                ? getAtt(
                                        name.substring(0, name.indexOf('.')),
                                        name.substring(name.indexOf('.') + 1),
                                        template)
                                : ref(name, template);
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.path("Fn::Join");
            List<String> parts = new ArrayList<>();
            join.get(1).forEach(p -> parts.add(resolve(p, template)));
            return String.join(join.get(0).asText(), parts);
        }
        throw new IllegalArgumentException("the IAM check cannot resolve " + value);
    }

    private static String ref(String name, JsonNode template) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return "stack";
            default:
        }
        JsonNode parameter = template.path("Parameters").path(name);
        if (!parameter.isMissingNode()) return parameter.path("Default").asText(name);
        if (template.path("Resources").has(name)) return name; // a physical name: the logical id
        throw new IllegalArgumentException("Ref to nothing: " + name);
    }

    private static String getAtt(String resource, String attribute, JsonNode template) {
        String type = template.path("Resources").path(resource).path("Type").asText();
        if (type.isEmpty()) throw new IllegalArgumentException("GetAtt of nothing: " + resource);
        if (!attribute.equals("Arn")) return resource + "." + attribute;
        return switch (type) {
            case "AWS::S3::Bucket" -> bucketArn(resource);
            case "AWS::DynamoDB::Table" -> tableArn(resource);
            default -> "arn:aws:" + type.split("::")[1].toLowerCase() + ":" + REGION + ":" + ACCOUNT + ":" + resource;
        };
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) node.forEach(items::add);
        else if (!node.isMissingNode() && !node.isNull()) items.add(node);
        return items;
    }
}
