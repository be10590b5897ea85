package dev.cloudfiles.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.functions.KeepWarm;
import dev.cloudfiles.local.template.SamTranslator.Render;
import dev.cloudfiles.local.template.SamTranslator.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a real deployment of template.yaml meets and no local test can see (issue 19), asserted on
 * the CloudFormation the real SAM translator makes of it: a second stack in the same account and
 * Region, a parameter change on update, the first deploy's log groups, a quiet month.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateDeploymentTest {

    /** Name-like properties that are not account-wide names: scoped by the resource they belong to, or labels. */
    private static final Set<String> NOT_ACCOUNT_WIDE = Set.of(
            "AWS::Lambda::Alias.Name", // the function's own alias
            "AWS::ApiGatewayV2::Stage.StageName", // the API's own stage
            "AWS::CloudWatch::Alarm.MetricName", // the metric an alarm reads
            "AWS::SNS::Topic.DisplayName"); // an email's sender label

    /** A SnapStart version not invoked for 14 days goes inactive (Lambda developer guide, SnapStart). */
    private static final Duration SNAPSTART_INACTIVE_AFTER = Duration.ofDays(14);

    /**
     * How long Lambda's role credentials are assumed to last when they carry no expiry (the default
     * role session; docs/SECURITY.md): the code's bound, and the template's must not exceed it.
     */
    private static final Duration LONGEST_ROLE_SESSION = Config.MAX_PRESIGN_TTL;

    private Render one;
    private Render two;
    private final Map<String, Render> changed = new LinkedHashMap<>();

    @BeforeAll
    void renderTheTemplate() {
        List<Stack> stacks = new ArrayList<>(List.of(new Stack("cf-one", Map.of()), new Stack("cf-two", Map.of())));
        Map<String, String> sources = sourceParameters();
        sources.forEach((name, value) -> stacks.add(new Stack("cf-one", Map.of(name, value))));
        List<Render> renders = SamTranslator.render(stacks);
        one = renders.get(0);
        two = renders.get(1);
        for (int i = 2; i < renders.size(); i++)
            changed.put(renders.get(i).parameters().keySet().iterator().next(), renders.get(i));
    }

    /** Every parameter of template.yaml with a valid value other than its default. */
    private static Map<String, String> sourceParameters() {
        JsonNode declared = TemplateYaml.parameters();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> strings = Map.of(
                "SweepSchedule", "rate(7 minutes)",
                "CorsAllowOrigins", "https://app.example.com",
                "AlarmEmail", "ops@example.com");
        declared.properties().forEach(p -> {
            JsonNode spec = p.getValue();
            String dflt = spec.path("Default").asText();
            String other;
            if (spec.has("AllowedValues")) {
                other = null;
                for (JsonNode v : spec.get("AllowedValues"))
                    if (!v.asText().equals(dflt)) {
                        other = v.asText();
                        break;
                    }
            } else if (spec.path("Type").asText().equals("Number")) {
                long d = Long.parseLong(dflt);
                other = String.valueOf(
                        spec.has("MaxValue") && d + 1 > spec.get("MaxValue").asLong() ? d - 1 : d + 1);
            } else {
                other = strings.get(p.getKey());
            }
            assertThat(other)
                    .as("give this test a valid non-default value for parameter " + p.getKey())
                    .isNotNull();
            values.put(p.getKey(), other);
        });
        return values;
    }

    // ------------------------------------------------------------------ item 1

    @Test
    void noTwoStacksInOneAccountAndRegionClaimTheSameName() {
        Set<String> ids = resourceIds(one);
        List<String> collisions = new ArrayList<>();
        one.resources().properties().forEach(r -> {
            String type = r.getValue().path("Type").asText();
            r.getValue().path("Properties").properties().forEach(p -> {
                String key = p.getKey();
                if (!key.endsWith("Name") || NOT_ACCOUNT_WIDE.contains(type + "." + key)) return;
                JsonNode other =
                        two.resources().path(r.getKey()).path("Properties").path(key);
                if (literal(p.getValue()).equals(literal(other)) && !refersToAResource(p.getValue(), ids))
                    collisions.add(r.getKey() + " (" + type + ") " + key + " = " + p.getValue());
            });
        });
        assertThat(collisions)
                .as(
                        "physical names the same in stacks cf-one and cf-two: the second deploy fails with 'already exists'")
                .isEmpty();
    }

    // ------------------------------------------------------------------ item 2

    @Test
    void everyParameterThatReachesAFunctionPublishesANewVersionForItsAlias() {
        List<String> missed = new ArrayList<>();
        List<String> needless = new ArrayList<>();
        Set<String> reached = new HashSet<>();
        for (var e : changed.entrySet()) {
            String parameter = e.getKey();
            Render after = e.getValue();
            for (String function : functions(one)) {
                boolean configChanged = !one.resources()
                        .path(function)
                        .path("Properties")
                        .equals(after.resources().path(function).path("Properties"));
                boolean versionReplaced = !version(one, function).equals(version(after, function));
                if (configChanged) reached.add(parameter + "→" + function);
                if (configChanged && !versionReplaced) missed.add(parameter + " → " + function);
                if (!configChanged && versionReplaced) needless.add(parameter + " → " + function);
            }
        }
        // The test sees the parameters reach the functions at all (else it would pass for nothing).
        assertThat(reached)
                .contains(
                        "FunctionMemorySize→PutFileFunction",
                        "LogLevel→SweeperFunction",
                        "SnapStart→ShareLinkFunction",
                        "PresignTtlSeconds→GetFileFunction",
                        "MaxInlineUploadBytes→PutFileFunction");
        assertThat(missed)
                .as("a change of these parameters changes $LATEST but publishes no version: the live alias keeps"
                        + " the old configuration")
                .isEmpty();
        // Lambda publishes no version when nothing in the function changed, so a replaced version
        // resource would be the same version, and CloudFormation's clean-up would delete what the alias uses.
        assertThat(needless)
                .as("these parameters replace a function's version though its configuration is the same")
                .isEmpty();
    }

    /**
     * What identifies a function's published version to CloudFormation: the version resource's
     * logical id and the properties whose change replaces it (Description, CodeSha256,
     * RuntimePolicy: "Update requires: Replacement", CloudFormation's AWS::Lambda::Version).
     */
    private static String version(Render render, String function) {
        List<String> versions = new ArrayList<>();
        render.resources().properties().forEach(r -> {
            JsonNode p = r.getValue().path("Properties");
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Version")
                    && p.path("FunctionName").path("Ref").asText().equals(function)) {
                versions.add(r.getKey() + " " + p.path("Description") + " " + p.path("CodeSha256") + " "
                        + p.path("RuntimePolicy"));
            }
        });
        assertThat(versions).as(function + "'s versions").hasSize(1);
        return versions.get(0);
    }

    // ------------------------------------------------------------------ item 3

    @Test
    void everyFunctionLogsToAGroupOfItsOwnThatExistsBeforeIt() {
        Set<String> groups = new HashSet<>();
        for (String function : functions(one)) {
            JsonNode target = one.resources()
                    .path(function)
                    .path("Properties")
                    .path("LoggingConfig")
                    .path("LogGroup");
            String group = target.path("Ref").asText();
            assertThat(group)
                    .as(function + "'s LoggingConfig.LogGroup must !Ref its log group (so the function depends on it)")
                    .isNotEmpty();
            JsonNode resource = one.resources().path(group);
            assertThat(resource.path("Type").asText()).as(group).isEqualTo("AWS::Logs::LogGroup");
            assertThat(groups.add(group)).as(group + " is shared").isTrue();
            String name = literal(resource.path("Properties").path("LogGroupName"));
            // Lambda itself may create /aws/lambda/<function> (a SnapStart init at publish time) first.
            assertThat(name).as(group).doesNotStartWith("/aws/lambda/").contains("cf-one");
            assertThat(resource.toString())
                    .as(group + " must not refer to its function: the function depends on it")
                    .doesNotContain("\"" + function + "\"")
                    .doesNotContain("${" + function + "}");
            assertThat(resource.path("Properties").path("RetentionInDays").asText())
                    .isEqualTo(TemplateYaml.parameters()
                            .path("LogRetentionInDays")
                            .path("Default")
                            .asText());
        }
        assertThat(one.resolved().toString())
                .as("nothing (dashboard, queries) may read Lambda's default log groups")
                .doesNotContain("/aws/lambda/");
    }

    // ------------------------------------------------------------------ item 4

    @Test
    void everySnapStartAliasIsInvokedOftenEnoughToStayActive() {
        for (String function : functions(one)) {
            JsonNode snapStart =
                    one.resources().path(function).path("Properties").path("SnapStart");
            assertThat(snapStart.path("ApplyOn").asText()).as(function).isEqualTo("PublishedVersions");
            String alias = alias(one, function);
            List<String> keepers = new ArrayList<>();
            one.resources().properties().forEach(r -> {
                JsonNode p = r.getValue().path("Properties");
                if (!r.getValue().path("Type").asText().equals("AWS::Scheduler::Schedule")) return;
                if (!p.path("Target").path("Arn").path("Ref").asText().equals(alias)) return;
                if (p.path("State").asText("ENABLED").equals("DISABLED")) return;
                if (!KeepWarm.EVENT.equals(p.path("Target").path("Input").asText())) return;
                Optional<Duration> every = rate(literal(p.path("ScheduleExpression")));
                assertThat(every)
                        .as(r.getKey() + " must run at a fixed rate well inside 14 days")
                        .hasValueSatisfying(
                                d -> assertThat(d).isLessThanOrEqualTo(SNAPSTART_INACTIVE_AFTER.dividedBy(2)));
                assertSchedulerMayOnlyInvoke(p.path("Target").path("RoleArn"), alias);
                keepers.add(r.getKey());
            });
            assertThat(keepers)
                    .as(function + "'s alias " + alias + " needs a keep-warm schedule")
                    .isNotEmpty();
        }
    }

    /** The schedule's role may invoke that alias and do nothing else. */
    private void assertSchedulerMayOnlyInvoke(JsonNode roleArn, String alias) {
        String role = roleArn.path("Fn::GetAtt").path(0).asText();
        JsonNode policies = one.resources().path(role).path("Properties");
        assertThat(policies.path("ManagedPolicyArns").isMissingNode()).as(role).isTrue();
        List<String> statements = new ArrayList<>();
        for (JsonNode policy : policies.path("Policies"))
            for (JsonNode s : policy.path("PolicyDocument").path("Statement")) statements.add(s.toString());
        assertThat(statements)
                .as(role)
                .containsExactly("{\"Action\":\"lambda:InvokeFunction\",\"Effect\":\"Allow\",\"Resource\":{\"Ref\":\""
                        + alias + "\"}}");
    }

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minutes?|hours?|days?)\\)");

    private static Optional<Duration> rate(String expression) {
        Matcher m = RATE.matcher(expression);
        if (!m.matches()) return Optional.empty();
        long n = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2).charAt(0)) {
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
    }

    // ------------------------------------------------------------------ item 6 (the template's bound)

    @Test
    void presignedLifetimesStayWithinWhatRoleCredentialsAllow() {
        JsonNode ttl = TemplateYaml.parameters().path("PresignTtlSeconds");
        assertThat(ttl.path("MaxValue").asLong())
                .as("a URL signed with the execution role's session dies with it, whatever X-Amz-Expires says")
                .isEqualTo(LONGEST_ROLE_SESSION.toSeconds());
        assertThat(ttl.path("Default").asLong())
                .isLessThanOrEqualTo(ttl.path("MaxValue").asLong());
    }

    // ------------------------------------------------------------------ item 7

    /** `sam build` builds in the checkout: its makefile builder would copy all of it (.data/, node_modules/) first. */
    @Test
    void theDocumentedBuildRunsInTheCheckoutNotACopyOfIt() throws IOException {
        List<String> lines = Files.readAllLines(SamTranslator.template().resolveSibling("samconfig.toml"));
        int build = lines.indexOf("[default.build.parameters]");
        assertThat(build).as("samconfig.toml's [default.build.parameters]").isNotNegative();
        List<String> section = new ArrayList<>();
        for (String line : lines.subList(build + 1, lines.size())) {
            if (line.startsWith("[")) break;
            section.add(line.strip());
        }
        assertThat(section).contains("build_in_source = true");
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> functions(Render render) {
        List<String> functions = new ArrayList<>();
        render.resources().properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Function")) functions.add(r.getKey());
        });
        assertThat(functions).hasSize(8);
        return functions;
    }

    private static String alias(Render render, String function) {
        List<String> aliases = new ArrayList<>();
        render.resources().properties().forEach(r -> {
            JsonNode p = r.getValue().path("Properties");
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Alias")
                    && p.path("FunctionName").path("Ref").asText().equals(function)) aliases.add(r.getKey());
        });
        assertThat(aliases).as(function + "'s aliases").hasSize(1);
        return aliases.get(0);
    }

    private static Set<String> resourceIds(Render render) {
        Set<String> ids = new HashSet<>();
        render.resources().fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    /** A string as CloudFormation resolves it: a resolved {@code Fn::Sub} of a literal is the literal. */
    private static String literal(JsonNode value) {
        if (value.isTextual()) return value.asText();
        if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual())
            return value.get("Fn::Sub").asText();
        return value.toString();
    }

    /** Whether a value names another resource of the stack (whose generated name carries the stack's name). */
    private static boolean refersToAResource(JsonNode value, Set<String> ids) {
        String json = value.toString();
        for (String id : ids) {
            if (json.contains("{\"Ref\":\"" + id + "\"}")
                    || json.contains("\"Fn::GetAtt\":[\"" + id + "\"")
                    || json.contains("${" + id + "}")
                    || json.contains("${" + id + ".")) return true;
        }
        return false;
    }
}
