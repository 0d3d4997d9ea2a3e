"""Offline checks of the SAM template (template.yaml).

Three layers, cheapest first:

1. cfn-lint on the SAM source. Since cfn-lint 1.54 this no longer expands
   SAM, so it misses e.g. an out-of-range Timeout inside a SAM function.
2. Translate with aws-sam-translator (what CloudFormation's transform does)
   and lint the plain CloudFormation result; then assert what a reviewer
   cares about on it (runtime, arch, handler, timeout, Alexa permission,
   the table's TTL and encryption, the role's exact DynamoDB grant...).
3. Create a stack from the translated template in moto. moto does not run
   the SAM transform itself, and it ignores Architectures, LoggingConfig,
   parameter AllowedPattern/MinLength, the permission's EventSourceToken and
   the table's TimeToLiveSpecification, so those are asserted on the
   template (layer 2), not here. moto cannot invoke the function (that needs
   Docker); we do not try. The skill's DynamoDB store then writes, reads and
   deletes a record in the stack's own table.
"""

from __future__ import annotations

import ast
import copy
import io
import json
import os
import re
import zipfile
from pathlib import Path

# moto before boto3 (see design/TOOLING-NOTES.md, "moto").
import moto
import boto3
import pytest
from cfnlint.api import ManualArgs, lint
from samtranslator.translator.transform import transform
from botocore.httpsession import URLLib3Session
from samtranslator.yaml_helper import yaml_parse

from skill.stores import store_from_environment
from skill.stores.dynamodb import DynamoDbStore

TEMPLATE = Path(__file__).resolve().parents[1] / "template.yaml"

REGION = "us-east-1"
# Regions that can host an Alexa skill's Lambda endpoint (NA, EU/IN, FE).
LINT_REGIONS = ["us-east-1", "eu-west-1", "us-west-2"]
ALEXA_TIMEOUT_S = 8

# Stand-ins for what `sam package` would upload. The bucket name must be a
# valid S3 name (>= 3 chars): cfn-lint checks Code.S3Bucket in the translation.
ARTIFACT_BUCKET = "leg-cramp-helper-artifacts"
ARTIFACT_KEY = "skill.zip"
SKILL_ID = "amzn1.ask.skill.12345678-90ab-cdef-1234-567890abcdef"
USER_KEY_SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
# Exactly what skill/stores/dynamodb.py calls (tests/test_stores.py checks the code side).
ITEM_ACTIONS = {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"}

# Fake credentials and a region, so nothing can reach a real AWS account and
# both the translator (needs a region for the partition) and boto3 work.
FAKE_AWS_ENV = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_SECURITY_TOKEN": "testing",
}


# --------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fake_aws_env():
    """Fake AWS env for this module only (other test modules see the real env)."""
    with pytest.MonkeyPatch.context() as mp:
        for key, value in FAKE_AWS_ENV.items():
            mp.setenv(key, value)
        # Never pick up a developer's profile or config files.
        mp.delenv("AWS_PROFILE", raising=False)
        mp.setenv("AWS_CONFIG_FILE", os.devnull)
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        # moto answers in botocore's before-send event; anything else would be a real request.
        mp.setattr(URLLib3Session, "send", _no_network)
        yield


def _no_network(self, request):
    raise AssertionError(f"a test tried to reach the network: {request.method} {request.url}")


@pytest.fixture(scope="module")
def template_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sam_template(template_text) -> dict:
    return yaml_parse(template_text)


class _NoManagedPolicies:
    """Stub for samtranslator's ManagedPolicyLoader (the real one calls IAM).

    It is only consulted when a function's Policies names an AWS managed
    policy; SAM policy templates (e.g. DynamoDBCrudPolicy) do not need it.
    """

    def load(self) -> dict[str, str]:
        return {}


def translate(sam: dict) -> dict:
    """Run the SAM transform locally on a copy, with s3:// CodeUris."""
    sam = copy.deepcopy(sam)
    replaced = 0
    for resource in sam["Resources"].values():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function" and isinstance(
            props.get("CodeUri"), str
        ):
            # The translator only accepts s3:// URIs (sam package does this).
            props["CodeUri"] = f"s3://{ARTIFACT_BUCKET}/{ARTIFACT_KEY}"
            replaced += 1
    assert replaced, "no local CodeUri found to replace"
    return transform(sam, {}, _NoManagedPolicies())


@pytest.fixture(scope="module")
def cfn(fake_aws_env, sam_template) -> dict:
    """The translated (plain CloudFormation) template."""
    return translate(sam_template)


def resources_of_type(template: dict, type_: str) -> dict[str, dict]:
    return {
        name: res
        for name, res in template["Resources"].items()
        if res["Type"] == type_
    }


def only(template: dict, type_: str) -> tuple[str, dict]:
    found = resources_of_type(template, type_)
    assert len(found) == 1, f"expected one {type_}, found {sorted(found)}"
    return next(iter(found.items()))


def run_cfn_lint(text: str) -> list:
    # Default rule set: errors (E) and warnings (W); informational not included.
    return lint(text, config=ManualArgs(regions=LINT_REGIONS))


def describe(matches) -> str:
    return "\n".join(
        f"{m.rule.id} {m.message} (line {m.linenumber}, path {getattr(m, 'path', '?')})"
        for m in matches
    )


# --------------------------------------------------------------------------
# 1. lint the SAM source
# --------------------------------------------------------------------------


def test_cfn_lint_source_template_clean(template_text):
    matches = run_cfn_lint(template_text)
    print(describe(matches))
    assert not matches, "cfn-lint findings on template.yaml:\n" + describe(matches)


def test_source_template_shape(sam_template):
    assert sam_template["Transform"] == "AWS::Serverless-2016-10-31"
    fn = sam_template["Resources"]["SkillFunction"]
    assert fn["Type"] == "AWS::Serverless::Function"
    # The build step writes this folder (lambda/ + content/ + requirements).
    assert fn["Properties"]["CodeUri"] == ".build/lambda/"


@pytest.mark.parametrize(
    "skill_id, ok",
    [
        (SKILL_ID, True),
        ("amzn1.ask.skill.00000000-0000-0000-0000-000000000000", True),
        ("", False),
        ("amzn1.ask.skill.", False),
        ("amzn1.ask.skill.XYZ", False),
        ("amzn1.echo-sdk-ams.app.1234", False),
        ("amzn1-ask-skill-1234", False),  # dots are literal
        (SKILL_ID + " ", False),
    ],
)
def test_skill_id_pattern(sam_template, skill_id, ok):
    # CloudFormation enforces AllowedPattern on deploy; moto does not, so
    # check the pattern itself (same semantics in Python for this regex).
    param = sam_template["Parameters"]["SkillId"]
    assert param["Type"] == "String"
    assert param.get("Description")
    assert bool(re.fullmatch(param["AllowedPattern"], skill_id)) is ok


# --------------------------------------------------------------------------
# 2. translate, lint the result, assert on it
# --------------------------------------------------------------------------


def test_cfn_lint_translated_template_clean(cfn):
    matches = run_cfn_lint(json.dumps(cfn, indent=1))
    print(describe(matches))
    assert not matches, "cfn-lint findings on translated template:\n" + describe(
        matches
    )


def test_translated_lint_catches_what_source_lint_misses(fake_aws_env, sam_template):
    """Control: the translated lint has teeth where the source lint has none."""
    broken = copy.deepcopy(sam_template)
    broken["Resources"]["SkillFunction"]["Properties"]["Timeout"] = 901  # max 900
    errors = [
        m
        for m in run_cfn_lint(json.dumps(translate(broken)))
        if m.rule.id.startswith("E")
    ]
    assert any("Timeout" in map(str, getattr(m, "path", ())) for m in errors), (
        describe(errors)
    )


def test_function_properties(cfn):
    name, fn = only(cfn, "AWS::Lambda::Function")
    assert name == "SkillFunction"
    props = fn["Properties"]
    assert props["Runtime"] == "python3.11"
    assert props["Architectures"] == ["arm64"]
    assert props["Handler"] == "lambda_function.lambda_handler"
    assert props["Timeout"] < ALEXA_TIMEOUT_S
    assert props["MemorySize"] == 256
    assert props["Environment"]["Variables"]["LOG_LEVEL"] == "INFO"
    assert props["Code"] == {"S3Bucket": ARTIFACT_BUCKET, "S3Key": ARTIFACT_KEY}


def test_handler_module_exists():
    # The build step copies lambda/ into .build/lambda/, so the template's handler must import from lambda/.
    import importlib

    module, _, func = "lambda_function.lambda_handler".rpartition(".")
    assert callable(getattr(importlib.import_module(module), func))


def test_alexa_permission_scoped_to_skill(cfn):
    _, perm = only(cfn, "AWS::Lambda::Permission")
    props = perm["Properties"]
    assert props["Principal"] == "alexa-appkit.amazon.com"
    assert props["Action"] == "lambda:InvokeFunction"
    assert props["FunctionName"] == {"Ref": "SkillFunction"}
    # Without the token any Alexa skill could invoke the function.
    assert props["EventSourceToken"] == {"Ref": "SkillId"}


def test_log_group_retention_and_wiring(cfn):
    name, group = only(cfn, "AWS::Logs::LogGroup")
    assert group["Properties"]["RetentionInDays"] == 30
    logging = cfn["Resources"]["SkillFunction"]["Properties"]["LoggingConfig"]
    assert logging["LogGroup"] == {"Ref": name}


def test_user_key_secret_is_a_no_echo_parameter(sam_template):
    param = sam_template["Parameters"]["UserKeySecret"]
    assert param["Type"] == "String"
    assert param["NoEcho"] is True  # masked in the console, describe-stacks and events
    assert "Default" not in param  # no secret written in the template
    assert param["MinLength"] >= 32
    assert re.fullmatch(param["AllowedPattern"], USER_KEY_SECRET)
    assert not re.fullmatch(param["AllowedPattern"], "with a space in it" * 3)


def test_table_on_demand_with_ttl_and_encryption(cfn):
    name, table = only(cfn, "AWS::DynamoDB::Table")
    assert name == "SkillTable"
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert "ProvisionedThroughput" not in props
    assert props["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert props["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]
    # moto ignores TTL, so this is the only place it is checked. The store writes expires_at.
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert props["SSESpecification"]["SSEEnabled"] is True
    # No fixed TableName (two stacks can coexist); no secondary indexes, no streams.
    assert not {"TableName", "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "StreamSpecification"} & set(props)


def test_function_env_wires_table_and_secret(cfn):
    env = cfn["Resources"]["SkillFunction"]["Properties"]["Environment"]["Variables"]
    assert env["TABLE_NAME"] == {"Ref": "SkillTable"}
    assert env["USER_KEY_SECRET"] == {"Ref": "UserKeySecret"}


def dynamodb_grants(cfn: dict) -> set[tuple[str, str]]:
    """(action, resource) pairs for every DynamoDB action the function's role allows."""
    role_name = cfn["Resources"]["SkillFunction"]["Properties"]["Role"]["Fn::GetAtt"][0]
    role = cfn["Resources"][role_name]["Properties"]
    grants = set()
    for policy in role.get("Policies", []):
        for stmt in policy["PolicyDocument"]["Statement"]:
            actions = stmt["Action"] if isinstance(stmt["Action"], list) else [stmt["Action"]]
            resources = stmt["Resource"] if isinstance(stmt["Resource"], list) else [stmt["Resource"]]
            grants |= {
                (action, json.dumps(resource, sort_keys=True))
                for action in actions
                if action.lower().startswith("dynamodb:")
                for resource in resources
                if stmt["Effect"] == "Allow"
            }
    # Any managed policy beyond basic logging could grant DynamoDB too.
    extra = [arn for arn in role.get("ManagedPolicyArns", []) if not str(arn).endswith("/AWSLambdaBasicExecutionRole")]
    assert not extra, extra
    return grants


def test_role_allows_only_the_three_item_actions_on_the_table(cfn):
    table_arn = json.dumps({"Fn::GetAtt": ["SkillTable", "Arn"]}, sort_keys=True)
    assert dynamodb_grants(cfn) == {(action, table_arn) for action in ITEM_ACTIONS}


def test_grant_check_has_teeth(fake_aws_env, sam_template):
    """Control: SAM's DynamoDBCrudPolicy, the usual shortcut, fails the check above."""
    crud = copy.deepcopy(sam_template)
    crud["Resources"]["SkillFunction"]["Properties"]["Policies"] = [
        {"DynamoDBCrudPolicy": {"TableName": {"Ref": "SkillTable"}}}
    ]
    granted = {action for action, _ in dynamodb_grants(translate(crud))}
    assert ITEM_ACTIONS < granted and {"dynamodb:Scan", "dynamodb:UpdateItem"} <= granted


def test_role_is_least_privilege(cfn):
    role_ref = cfn["Resources"]["SkillFunction"]["Properties"]["Role"]
    role_name = role_ref["Fn::GetAtt"][0]
    role = cfn["Resources"][role_name]
    assert role["Type"] == "AWS::IAM::Role"
    statement = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert [s["Principal"]["Service"] for s in statement] == [["lambda.amazonaws.com"]]
    assert any(
        arn.endswith(":policy/service-role/AWSLambdaBasicExecutionRole")
        for arn in role["Properties"]["ManagedPolicyArns"]
    )
    for policy in role["Properties"].get("Policies", []):
        for stmt in policy["PolicyDocument"]["Statement"]:
            actions = stmt["Action"] if isinstance(stmt["Action"], list) else [stmt["Action"]]
            assert "*" not in actions and not any(a.endswith(":*") for a in actions), stmt


def test_outputs_function_arn_and_table_name(cfn):
    assert cfn["Outputs"]["SkillFunctionArn"]["Value"] == {
        "Fn::GetAtt": ["SkillFunction", "Arn"]
    }
    assert cfn["Outputs"]["SkillTableName"]["Value"] == {"Ref": "SkillTable"}
    # A NoEcho value must never leave through an output.
    assert "UserKeySecret" not in json.dumps(cfn["Outputs"])


# --------------------------------------------------------------------------
# 3. create the stack in moto
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stack(fake_aws_env, cfn):
    with moto.mock_aws():
        # moto's Lambda reads Code.S3Bucket/S3Key from its S3 at create time:
        # without the object, create_stack fails with NoSuchBucket.
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=ARTIFACT_BUCKET)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("lambda_function.py", "def lambda_handler(event, context):\n    return {}\n")
        s3.put_object(Bucket=ARTIFACT_BUCKET, Key=ARTIFACT_KEY, Body=buf.getvalue())

        cf = boto3.client("cloudformation", region_name=REGION)
        cf.create_stack(
            StackName="leg-cramp-helper",
            TemplateBody=json.dumps(cfn),
            Parameters=[
                {"ParameterKey": "SkillId", "ParameterValue": SKILL_ID},
                {"ParameterKey": "UserKeySecret", "ParameterValue": USER_KEY_SECRET},
            ],
            Capabilities=["CAPABILITY_IAM"],  # real CloudFormation needs it for the role
        )
        desc = cf.describe_stacks(StackName="leg-cramp-helper")["Stacks"][0]
        summaries = cf.list_stack_resources(StackName="leg-cramp-helper")[
            "StackResourceSummaries"
        ]
        yield {
            "stack": desc,
            "physical": {r["LogicalResourceId"]: r for r in summaries},
            "lambda": boto3.client("lambda", region_name=REGION),
            "iam": boto3.client("iam", region_name=REGION),
            "logs": boto3.client("logs", region_name=REGION),
            "dynamodb": boto3.client("dynamodb", region_name=REGION),
            "outputs": {o["OutputKey"]: o["OutputValue"] for o in desc["Outputs"]},
        }


def test_stack_created(stack):
    assert stack["stack"]["StackStatus"] == "CREATE_COMPLETE", stack["stack"]
    statuses = {k: r["ResourceStatus"] for k, r in stack["physical"].items()}
    assert set(statuses.values()) == {"CREATE_COMPLETE"}, statuses
    assert {"SkillFunction", "SkillFunctionRole", "SkillLogGroup", "SkillTable"} <= set(statuses)


def test_stack_function_and_role(stack):
    fn_name = stack["physical"]["SkillFunction"]["PhysicalResourceId"]
    config = stack["lambda"].get_function(FunctionName=fn_name)["Configuration"]
    assert config["Runtime"] == "python3.11"
    assert config["Handler"] == "lambda_function.lambda_handler"
    assert config["Timeout"] < ALEXA_TIMEOUT_S
    table_name = stack["physical"]["SkillTable"]["PhysicalResourceId"]
    assert config["Environment"]["Variables"] == {
        "LOG_LEVEL": "INFO",
        "SKILL_ID": SKILL_ID,
        "TABLE_NAME": table_name,
        "USER_KEY_SECRET": USER_KEY_SECRET,
    }

    role_name = stack["physical"]["SkillFunctionRole"]["PhysicalResourceId"]
    role = stack["iam"].get_role(RoleName=role_name)["Role"]
    assert config["Role"] == role["Arn"]

    assert stack["outputs"]["SkillFunctionArn"] == config["FunctionArn"]


def test_stack_alexa_permission(stack):
    fn_name = stack["physical"]["SkillFunction"]["PhysicalResourceId"]
    policy = json.loads(stack["lambda"].get_policy(FunctionName=fn_name)["Policy"])
    principals = [s["Principal"] for s in policy["Statement"]]
    # (moto drops EventSourceToken from the stored policy; it is asserted on
    # the template in test_alexa_permission_scoped_to_skill.)
    assert principals == ["alexa-appkit.amazon.com"]
    assert policy["Statement"][0]["Action"] == "lambda:InvokeFunction"


def test_stack_log_group(stack):
    group_name = stack["physical"]["SkillLogGroup"]["PhysicalResourceId"]
    groups = stack["logs"].describe_log_groups(logGroupNamePrefix=group_name)["logGroups"]
    assert [g["retentionInDays"] for g in groups if g["logGroupName"] == group_name] == [30]


def test_stack_table(stack):
    table_name = stack["physical"]["SkillTable"]["PhysicalResourceId"]
    assert stack["outputs"]["SkillTableName"] == table_name
    table = stack["dynamodb"].describe_table(TableName=table_name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_stack_role_grants_the_table_only(stack):
    role_name = stack["physical"]["SkillFunctionRole"]["PhysicalResourceId"]
    table_name = stack["physical"]["SkillTable"]["PhysicalResourceId"]
    table_arn = stack["dynamodb"].describe_table(TableName=table_name)["Table"]["TableArn"]
    documents = [
        stack["iam"].get_role_policy(RoleName=role_name, PolicyName=name)["PolicyDocument"]
        for name in stack["iam"].list_role_policies(RoleName=role_name)["PolicyNames"]
    ]
    # boto3 decodes real IAM's document to a dict; moto 5.2.5 hands back, for a
    # role made by CloudFormation, the Python repr of the dict as a string.
    statements = [
        stmt for doc in documents for stmt in (ast.literal_eval(doc) if isinstance(doc, str) else doc)["Statement"]
    ]
    assert len(statements) == 1, statements
    [stmt] = statements
    assert stmt["Effect"] == "Allow"
    assert set(stmt["Action"]) == ITEM_ACTIONS
    assert stmt["Resource"] == table_arn  # the resolved ARN of this stack's table, nothing wider


def test_stack_table_serves_the_skills_store(stack):
    """The store the function's environment chooses, against the stack's own table."""
    from ask_sdk_model import Context, RequestEnvelope, User
    from ask_sdk_model.interfaces.system import SystemState

    user_id = "amzn1.ask.account.TEMPLATETEST"
    request = RequestEnvelope(context=Context(system=SystemState(user=User(user_id=user_id))))
    fn_name = stack["physical"]["SkillFunction"]["PhysicalResourceId"]
    env = stack["lambda"].get_function(FunctionName=fn_name)["Configuration"]["Environment"]["Variables"]
    store = store_from_environment(env)  # as the function will choose it
    assert isinstance(store.inner, DynamoDbStore) and store.inner.table_name == env["TABLE_NAME"]
    progress = {"version": 1, "question": "f_walk_pain", "answers": {"rf_over_60": "yes"}, "history": ["rf_over_60"], "fallbacks": 0}

    assert store.get_attributes(request) == {}
    store.save_attributes(request, {"progress": progress})
    assert store.get_attributes(request) == {"progress": progress}
    [item] = stack["dynamodb"].scan(TableName=env["TABLE_NAME"])["Items"]
    assert set(item) == {"id", "attributes", "expires_at"} and user_id not in json.dumps(item)
    store.delete_attributes(request)
    assert stack["dynamodb"].scan(TableName=env["TABLE_NAME"])["Items"] == []


def test_a_whole_conversation_with_resume_on_the_stacks_table(stack):
    """The persistence code as the function would run it, on the table the translated template created."""
    from local.envelopes import Session
    from skill.app import build_skill_builder
    from support.dialog import run

    fn_name = stack["physical"]["SkillFunction"]["PhysicalResourceId"]
    env = stack["lambda"].get_function(FunctionName=fn_name)["Configuration"]["Environment"]["Variables"]
    handler = build_skill_builder(store_from_environment(env)).lambda_handler()
    first, _ = run("""
        open leg cramp helper | not a diagnosis
        no   | First, some safety questions
        no   | suddenly gone cold
        stop | Goodbye [ends]
    """, handler=handler)
    assert len(stack["dynamodb"].scan(TableName=env["TABLE_NAME"])["Items"]) == 1
    run("""
        open leg cramp helper | Shall we carry on where we left off?
        yes | Okay, let's carry on. Has a leg or foot suddenly gone cold
        forget my data | Done [ends]
    """, Session(user_id=first.user_id), handler=handler)
    assert stack["dynamodb"].scan(TableName=env["TABLE_NAME"])["Items"] == []
