"""Prints template.yaml as CloudFormation JSON, as the SAM translator (samtranslator, which
cfn-lint brings) makes it: policy templates and SAM's own statements expanded, intrinsics kept.
Usage: python3 translate.py template.yaml"""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.public.translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies(ManagedPolicyLoader):
    """Offline: the template names no managed policy by name, and this never asks IAM."""

    def __init__(self):
        pass

    def load(self):
        return {}


def package(properties):
    if isinstance(properties.get("CodeUri"), str) and not properties["CodeUri"].startswith("s3://"):
        properties["CodeUri"] = "s3://packaged/code.zip"


def main(path):
    # The translator asks boto3 for a region (pseudo parameters); nothing is sent anywhere.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    # What `sam package` does: local code becomes an S3 object (the translator wants s3:// URIs).
    package(template.get("Globals", {}).get("Function", {}))
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            package(resource.get("Properties", {}))
    try:
        translated = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as e:
        sys.exit("SAM translator: " + "; ".join(str(c) for c in e.causes))
    json.dump(translated, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
