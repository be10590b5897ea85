package dev.cloudfiles.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link IamCheck} on a small translated template of one function: the logic of the real check. */
class IamCheckTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/Table";

    /** Reader may GetItem and Query the table, GetObject any object, PutObject under #recheck/; never DeleteObject. */
    private static IamPolicies policies(String justifications) throws Exception {
        String template = """
                {"Resources": {
                  "Bucket": {"Type": "AWS::S3::Bucket"},
                  "Table": {"Type": "AWS::DynamoDB::Table"},
                  "ReaderRole": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [
                    {"Sid": "Items", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": {"Fn::GetAtt": ["Table", "Arn"]}},
                    {"Sid": "Index", "Effect": "Allow", "Action": ["dynamodb:Query"],
                     "Resource": [{"Fn::GetAtt": ["Table", "Arn"]}, {"Fn::Sub": "${Table.Arn}/index/*"}]},
                    {"Sid": "Blobs", "Effect": "Allow", "Action": "s3:Get*", "Resource": {"Fn::Sub": "${Bucket.Arn}/*"}},
                    {"Sid": "Markers", "Effect": "Allow", "Action": ["s3:PutObject"],
                     "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": ["Bucket", "Arn"]}, "/#recheck/*"]]}},
                    {"Sid": "NeverDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}}]}},
                  "Reader": {"Type": "AWS::Lambda::Function", "Metadata": %s,
                    "Properties": {"Role": {"Fn::GetAtt": ["ReaderRole", "Arn"]}}}}}
                """.formatted(justifications);
        JsonNode json = new ObjectMapper().readTree(template);
        return IamPolicies.of(json);
    }

    private static SdkCall get(String key) {
        return SdkCall.s3("Reader", false, "GetObject", "local-bucket", key);
    }

    private static final List<SdkCall> EVERYTHING_GRANTED = List.of(
            SdkCall.dynamo("Reader", false, "GetItem", "local-table", null),
            SdkCall.dynamo("Reader", false, "Query", "local-table", null),
            SdkCall.dynamo("Reader", false, "Query", "local-table", "by-date"),
            get("blob-1"),
            SdkCall.s3("Reader", false, "PutObject", "local-bucket", "#recheck/blob-1"));

    @Test
    void callsWithinThePolicyAndEveryPermissionExercisedAreClean() throws Exception {
        IamCheck.Findings findings = IamCheck.check(policies("{}"), EVERYTHING_GRANTED);
        assertThat(findings.clean(true)).as(findings.report(5, true)).isTrue();
    }

    @Test
    void aCallOutsideThePolicyIsDeniedByFunctionActionAndResource() throws Exception {
        var calls = new ArrayList<>(EVERYTHING_GRANTED);
        calls.add(SdkCall.s3("Reader", false, "PutObject", "local-bucket", "blob-2")); // outside #recheck/
        calls.add(SdkCall.dynamo("Reader", true, "BatchWriteItem", "local-table", null)); // no such action
        calls.add(SdkCall.s3("Reader", false, "DeleteObjects", "local-bucket", "blob-1")); // an explicit Deny
        IamCheck.Findings findings = IamCheck.check(policies("{}"), calls);
        assertThat(findings.denied())
                .containsExactly(
                        "Reader (SnapStart priming): dynamodb:BatchWriteItem on " + TABLE + " (BatchWriteItem)",
                        "Reader: s3:DeleteObject on arn:aws:s3:::Bucket/… (DeleteObjects)",
                        "Reader: s3:PutObject on arn:aws:s3:::Bucket/… (PutObject)");
        assertThat(findings.clean(false)).isFalse();
        assertThat(findings.report(calls.size(), true))
                .contains("DENIED")
                .contains("s3:PutObject on arn:aws:s3:::Bucket/…");
    }

    @Test
    void aPermissionNoCallNeededIsUnusedOnAWholeSuiteOnly() throws Exception {
        List<SdkCall> calls = List.of(
                SdkCall.dynamo("Reader", false, "GetItem", "local-table", null),
                SdkCall.dynamo("Reader", false, "Query", "local-table", null),
                get("blob-1"));
        IamCheck.Findings findings = IamCheck.check(policies("{}"), calls);
        assertThat(findings.denied()).isEmpty();
        assertThat(findings.unused())
                .containsExactly(
                        "Reader Index: dynamodb:Query on " + TABLE + "/index/*",
                        "Reader Markers: s3:PutObject on arn:aws:s3:::Bucket/#recheck/*");
        assertThat(findings.clean(true)).isFalse();
        assertThat(findings.clean(false))
                .as("a subset of the tests: unused is not a finding")
                .isTrue();
    }

    @Test
    void aJustificationExplainsAnUnusedPermissionAndAStaleOneIsReported() throws Exception {
        List<SdkCall> calls = EVERYTHING_GRANTED.stream()
                .filter(c -> !c.operation().equals("PutObject"))
                .toList();
        IamCheck.Findings justified =
                IamCheck.check(policies("{\"IamJustifications\": {\"Markers\": {\"s3:PutObject\": \"rare\"}}}"), calls);
        assertThat(justified.clean(true))
                .as(justified.report(calls.size(), true))
                .isTrue();

        IamCheck.Findings stale = IamCheck.check(
                policies("{\"IamJustifications\": {\"Blobs\": {\"s3:Get*\": \"x\", \"s3:List*\": \"y\"}}}"),
                EVERYTHING_GRANTED);
        assertThat(stale.staleJustifications())
                .containsExactly(
                        "Reader Blobs: s3:Get* is exercised: \"x\"",
                        "Reader Blobs: s3:List* is not granted by that statement");
    }

    @Test
    void operationsMapToTheirActionsAndResources() throws Exception {
        IamPolicies policies = policies("{}");
        SdkCall copy = SdkCall.s3("Reader", false, "UploadPartCopy", "b", "target/part")
                .withSource("b", "source");
        assertThat(IamCheck.needed(copy, policies))
                .extracting(n -> n.action() + " " + n.resource())
                .containsExactly("s3:GetObject arn:aws:s3:::Bucket/…", "s3:PutObject arn:aws:s3:::Bucket/target/…");
        SdkCall folded = CallRecorder.withSource(
                SdkCall.s3("Reader", false, "CopyObject", "b", "t"), "b/%23recheck/x?versionId=1");
        assertThat(IamCheck.needed(folded, policies))
                .as("the SDK folds sourceBucket and sourceKey into CopySource")
                .extracting(n -> n.action() + " " + n.resource())
                .containsExactly("s3:GetObject arn:aws:s3:::Bucket/#recheck/…", "s3:PutObject arn:aws:s3:::Bucket/…");
        assertThat(IamCheck.needed(SdkCall.s3("Reader", false, "CopyObject", "b", "t"), policies))
                .extracting(IamCheck.Needed::resource)
                .startsWith("(copy source not recorded)");
        assertThat(IamCheck.needed(
                        SdkCall.s3("Reader", false, "HeadObject", "b", "k").asNotFound(), policies))
                .extracting(n -> n.action() + " " + n.resource())
                .containsExactly("s3:GetObject arn:aws:s3:::Bucket/…", "s3:ListBucket arn:aws:s3:::Bucket");
        assertThat(IamCheck.needed(SdkCall.s3("Reader", false, "CreateMultipartUpload", "b", "k"), policies))
                .extracting(IamCheck.Needed::action)
                .containsExactly("s3:PutObject");
        assertThat(IamCheck.needed(SdkCall.s3("Reader", false, "ListObjectsV2", "b", null), policies))
                .extracting(n -> n.action() + " " + n.resource())
                .containsExactly("s3:ListBucket arn:aws:s3:::Bucket");
        assertThat(IamCheck.needed(SdkCall.dynamo("Reader", false, "Query", "t", "gsi"), policies))
                .extracting(n -> n.action() + " " + n.resource())
                .containsExactly("dynamodb:Query " + TABLE + "/index/gsi");
    }

    @Test
    void iamWildcardsMatchAsIamMatchesThem() {
        assertThat(IamCheck.matches("s3:Get*", "s3:getobject", true)).isTrue();
        assertThat(IamCheck.matches("s3:Get*", "s3:PutObject", true)).isFalse();
        assertThat(IamCheck.matches("arn:aws:s3:::B/#recheck/*", "arn:aws:s3:::B/#recheck/…", false))
                .isTrue();
        assertThat(IamCheck.matches("arn:aws:s3:::B/#recheck/*", "arn:aws:s3:::B/…", false))
                .isFalse();
        assertThat(IamCheck.matches("arn:aws:s3:::B/*", "arn:aws:s3:::b/…", false))
                .as("resources are case-sensitive")
                .isFalse();
        assertThat(IamCheck.matches("a?c", "abc", false)).isTrue();
    }

    /** Priming must do only what requests do: a Query the requests never make is reported even where allowed. */
    @Test
    void primingBeyondWhatTheRequestsDoIsReported() throws Exception {
        List<SdkCall> calls = List.of(
                SdkCall.dynamo("Reader", false, "GetItem", "local-table", null),
                SdkCall.dynamo("Reader", true, "GetItem", "local-table", null),
                SdkCall.dynamo("Reader", true, "Query", "local-table", null));
        IamCheck.Findings findings = IamCheck.check(policies("{}"), calls);
        assertThat(findings.denied()).isEmpty();
        assertThat(findings.primingBeyondRequests())
                .containsExactly("Reader (SnapStart priming): dynamodb:Query (Query), which its requests never need");
        assertThat(findings.clean(true)).isFalse();
    }

    @Test
    void callsOfAFunctionTheTemplateLacksAreReported() throws Exception {
        IamCheck.Findings findings =
                IamCheck.check(policies("{}"), List.of(SdkCall.dynamo("Writer", false, "PutItem", "t", null)));
        assertThat(findings.unknown()).containsExactly("Writer: dynamodb PutItem");
        assertThat(findings.clean(false)).isFalse();
    }
}
