"""Renders template.yaml through the real SAM translator (the aws-sam-translator cfn-lint brings),
offline, as CloudFormation would receive it for given parameter values.

    python3 sam_translate.py TEMPLATE < renders.json > translated.json

stdin: a JSON array of renders, each {"stack": "<stack name>", "parameters": {"Name": "value"}}.
stdout: a JSON array, one object per render: {"template": <translated>, "resolved": <translated,
with every Ref/Fn::Sub of a parameter or pseudo parameter replaced by its value, as CloudFormation
resolves them at deploy time>}. One process renders them all: the translator's import is the slow part.
"""

import copy
import json
import os
import sys

import samtranslator
from samtranslator.intrinsics.resolver import IntrinsicsResolver
from samtranslator.parser import parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

REGION = "eu-west-1"
ACCOUNT = "123456789012"


def managed_policies():
    # What cfn-lint hands the translator offline (no IAM call): the AWS managed policies' ARNs.
    import cfnlint.data.Serverless
    from cfnlint.helpers import load_resource

    return load_resource(cfnlint.data.Serverless, "ManagedPolicies.json")


def packaged(template):
    # What `sam package`/`sam deploy` does before the transform: local CodeUris become the S3
    # location of the uploaded artifact (one artifact for every render: the code is not under test).
    functions = [template.get("Globals", {}).get("Function", {})]
    functions += [
        r.get("Properties", {}) for r in template["Resources"].values() if r.get("Type") == "AWS::Serverless::Function"
    ]
    for f in functions:
        if isinstance(f.get("CodeUri"), str) and not f["CodeUri"].startswith("s3://"):
            f["CodeUri"] = "s3://artifacts-bucket/cloud-files-code.zip"
    return template


def main():
    os.environ["AWS_DEFAULT_REGION"] = REGION
    with open(sys.argv[1], encoding="utf-8") as f:
        source = packaged(yaml_parse(f.read()))
    policies = managed_policies()
    out = []
    for render in json.load(sys.stdin):
        parameters = dict(render.get("parameters", {}))
        translated = Translator(managed_policy_map=policies, sam_parser=parser.Parser()).translate(
            sam_template=copy.deepcopy(source), parameter_values=dict(parameters), passthrough_metadata=True
        )
        values = {k: v.get("Default") for k, v in source.get("Parameters", {}).items() if "Default" in v}
        values.update(parameters)
        values.update(
            {
                "AWS::StackName": render["stack"],
                "AWS::Region": REGION,
                "AWS::AccountId": ACCOUNT,
                "AWS::Partition": "aws",
                "AWS::URLSuffix": "amazonaws.com",
            }
        )
        resolved = IntrinsicsResolver({k: str(v) for k, v in values.items()}).resolve_parameter_refs(
            copy.deepcopy(translated)
        )
        out.append({"template": translated, "resolved": resolved})
    json.dump({"translator": samtranslator.__version__, "renders": out}, sys.stdout)


if __name__ == "__main__":
    main()
