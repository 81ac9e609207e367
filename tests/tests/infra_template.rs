//! Checks on `infra/template.yaml` that cfn-lint does not make (scripts/lint-infra.sh runs
//! cfn-lint itself): Lambda runtime names and architectures, the table's indexes, TTL and
//! point-in-time recovery, no IAM grant of `dynamodb:Scan`, and schedule time zones.
//!
//! Each check is a function returning the problems it found, so the same check runs on the real
//! template (expecting none) and on small broken templates (expecting some): a check that can
//! never fail would prove nothing.

use std::path::Path;

use serde_yaml_ng::Value;

const VALID_RUNTIMES: &[&str] = &["provided.al2023", "provided.al2"];
const FUNCTION_TYPES: &[&str] = &["AWS::Serverless::Function", "AWS::Lambda::Function"];
/// SAM policy templates whose statements include `dynamodb:Scan`.
const SAM_POLICIES_WITH_SCAN: &[&str] = &["DynamoDBCrudPolicy", "DynamoDBReadPolicy"];

fn template() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../infra/template.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse(&text)
}

fn parse(text: &str) -> Value {
    serde_yaml_ng::from_str(text).expect("template is valid YAML")
}

fn assert_no_problems(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "infra/template.yaml:\n  {}",
        problems.join("\n  ")
    );
}

// --- navigation ---------------------------------------------------------------------------------

/// The resources of the given types, as (logical id, resource).
fn resources_of<'a>(doc: &'a Value, types: &[&str]) -> Vec<(String, &'a Value)> {
    let Some(Value::Mapping(resources)) = doc.get("Resources") else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| {
            r.get("Type")
                .and_then(Value::as_str)
                .is_some_and(|t| types.contains(&t))
        })
        .map(|(id, r)| (id.as_str().unwrap_or("?").to_owned(), r))
        .collect()
}

/// A function property, falling back to SAM's `Globals.Function` for serverless functions.
fn function_property<'a>(doc: &'a Value, function: &'a Value, key: &str) -> Option<&'a Value> {
    function
        .get("Properties")
        .and_then(|p| p.get(key))
        .or_else(|| {
            let serverless =
                function.get("Type").and_then(Value::as_str) == Some("AWS::Serverless::Function");
            serverless
                .then(|| doc.get("Globals")?.get("Function")?.get(key))
                .flatten()
        })
}

/// Every value (anywhere in the document) stored under `key`, with its path for messages.
fn values_under<'a>(value: &'a Value, key: &str, path: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                let name = k.as_str().unwrap_or("?");
                let here = format!("{path}/{name}");
                if name == key {
                    out.push((here.clone(), v));
                }
                values_under(v, key, here, out);
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                values_under(v, key, format!("{path}[{i}]"), out);
            }
        }
        Value::Tagged(tagged) => values_under(&tagged.value, key, path, out),
        _ => {}
    }
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Sequence(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

// --- checks -------------------------------------------------------------------------------------

fn runtime_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, function) in resources_of(doc, FUNCTION_TYPES) {
        match function_property(doc, function, "Runtime").and_then(Value::as_str) {
            Some(runtime) if VALID_RUNTIMES.contains(&runtime) => {}
            Some(runtime) => problems.push(format!(
                "{id}: Runtime `{runtime}` is not one of {VALID_RUNTIMES:?}"
            )),
            None => problems.push(format!("{id}: no Runtime")),
        }
    }
    problems
}

fn architecture_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, function) in resources_of(doc, FUNCTION_TYPES) {
        let architectures = strings(function_property(doc, function, "Architectures"));
        if architectures != ["arm64"] {
            problems.push(format!(
                "{id}: Architectures is {architectures:?}, expected [\"arm64\"] (absent means x86_64)"
            ));
        }
    }
    problems
}

fn the_table(doc: &Value) -> (String, &Value) {
    let tables = resources_of(doc, &["AWS::DynamoDB::Table"]);
    assert_eq!(tables.len(), 1, "expected exactly one DynamoDB table");
    let (id, table) = tables.into_iter().next().unwrap();
    (id, table.get("Properties").expect("table has Properties"))
}

fn gsi_problems(doc: &Value) -> Vec<String> {
    let (id, table) = the_table(doc);
    let mut problems = Vec::new();
    let gsis = match table.get("GlobalSecondaryIndexes") {
        Some(Value::Sequence(gsis)) => gsis.as_slice(),
        _ => &[],
    };
    if gsis.len() != 5 {
        problems.push(format!("{id}: {} GSIs, expected exactly 5", gsis.len()));
    }
    let attribute_type = |name: &str| -> Option<String> {
        let Some(Value::Sequence(defs)) = table.get("AttributeDefinitions") else {
            return None;
        };
        defs.iter()
            .find(|d| d.get("AttributeName").and_then(Value::as_str) == Some(name))
            .and_then(|d| d.get("AttributeType")?.as_str().map(str::to_owned))
    };
    for n in 1..=5 {
        let name = format!("gsi{n}");
        let Some(gsi) = gsis
            .iter()
            .find(|g| g.get("IndexName").and_then(Value::as_str) == Some(name.as_str()))
        else {
            problems.push(format!("{id}: no GSI named {name}"));
            continue;
        };
        let (pk, sk) = (format!("gsi{n}pk"), format!("gsi{n}sk"));
        let keys: Vec<(Option<&str>, Option<&str>)> = match gsi.get("KeySchema") {
            Some(Value::Sequence(keys)) => keys
                .iter()
                .map(|k| {
                    (
                        k.get("AttributeName").and_then(Value::as_str),
                        k.get("KeyType").and_then(Value::as_str),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let expected = vec![
            (Some(pk.as_str()), Some("HASH")),
            (Some(sk.as_str()), Some("RANGE")),
        ];
        if keys != expected {
            problems.push(format!(
                "{id}.{name}: KeySchema is {keys:?}, expected {pk} HASH, {sk} RANGE"
            ));
        }
        let projection = gsi
            .get("Projection")
            .and_then(|p| p.get("ProjectionType"))
            .and_then(Value::as_str);
        if projection != Some("ALL") {
            problems.push(format!(
                "{id}.{name}: ProjectionType is {projection:?}, expected ALL"
            ));
        }
        for key in [&pk, &sk] {
            let defined = attribute_type(key);
            if defined.as_deref() != Some("S") {
                problems.push(format!(
                    "{id}: attribute {key} is defined as {defined:?}, expected S"
                ));
            }
        }
    }
    for gsi in gsis {
        let name = gsi.get("IndexName").and_then(Value::as_str).unwrap_or("?");
        if !(1..=5).any(|n| name == format!("gsi{n}")) {
            problems.push(format!("{id}: unexpected GSI {name}"));
        }
    }
    problems
}

fn ttl_problems(doc: &Value) -> Vec<String> {
    let (id, table) = the_table(doc);
    let ttl = table.get("TimeToLiveSpecification");
    let attribute = ttl
        .and_then(|t| t.get("AttributeName"))
        .and_then(Value::as_str);
    let enabled = ttl.and_then(|t| t.get("Enabled")).and_then(Value::as_bool);
    let mut problems = Vec::new();
    if attribute != Some("ttl") {
        problems.push(format!(
            "{id}: TTL attribute is {attribute:?}, expected `ttl`"
        ));
    }
    if enabled != Some(true) {
        problems.push(format!("{id}: TTL is not enabled"));
    }
    problems
}

fn pitr_problems(doc: &Value) -> Vec<String> {
    let (id, table) = the_table(doc);
    let enabled = table
        .get("PointInTimeRecoverySpecification")
        .and_then(|p| p.get("PointInTimeRecoveryEnabled"))
        .and_then(Value::as_bool);
    if enabled == Some(true) {
        Vec::new()
    } else {
        vec![format!("{id}: point-in-time recovery is not enabled")]
    }
}

/// IAM action wildcards: `*` any run of characters, `?` one; case-insensitive.
fn action_matches(pattern: &str, action: &str) -> bool {
    fn go(p: &[u8], a: &[u8]) -> bool {
        match (p.first(), a.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], a) || (!a.is_empty() && go(p, &a[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &a[1..]),
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => go(&p[1..], &a[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), action.as_bytes())
}

fn scan_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut statement_lists = Vec::new();
    values_under(doc, "Statement", String::new(), &mut statement_lists);
    for (path, statements) in statement_lists {
        let statements = match statements {
            Value::Sequence(items) => items.iter().collect::<Vec<_>>(),
            single => vec![single],
        };
        for statement in statements {
            if statement.get("Effect").and_then(Value::as_str) != Some("Allow") {
                continue;
            }
            for action in strings(statement.get("Action")) {
                if action_matches(action, "dynamodb:Scan") {
                    problems.push(format!(
                        "{path}: allows `{action}`, which grants dynamodb:Scan"
                    ));
                }
            }
            if statement.get("NotAction").is_some()
                && !strings(statement.get("NotAction"))
                    .iter()
                    .any(|a| action_matches(a, "dynamodb:Scan"))
            {
                problems.push(format!("{path}: Allow with NotAction grants dynamodb:Scan"));
            }
        }
    }
    let mut policy_lists = Vec::new();
    values_under(doc, "Policies", String::new(), &mut policy_lists);
    values_under(doc, "ManagedPolicyArns", String::new(), &mut policy_lists);
    for (path, policies) in policy_lists {
        let policies = match policies {
            Value::Sequence(items) => items.iter().collect::<Vec<_>>(),
            single => vec![single],
        };
        for policy in policies {
            if let Some(name) = policy.as_str()
                && name.contains("AmazonDynamoDB")
            {
                problems.push(format!(
                    "{path}: managed policy {name} grants dynamodb:Scan"
                ));
            }
            for sam in SAM_POLICIES_WITH_SCAN {
                if policy.get(*sam).is_some() {
                    problems.push(format!(
                        "{path}: SAM policy {sam} grants dynamodb:Scan; list the actions instead"
                    ));
                }
            }
        }
    }
    problems
}

fn time_zone_problems(doc: &Value) -> Vec<String> {
    let mut zones = Vec::new();
    values_under(doc, "ScheduleExpressionTimezone", String::new(), &mut zones);
    let mut problems = Vec::new();
    for (path, zone) in zones {
        let Some(name) = zone.as_str() else {
            problems.push(format!("{path}: time zone is not a plain string: {zone:?}"));
            continue;
        };
        match jiff::tz::TimeZone::get(name) {
            // EventBridge Scheduler wants the name as the IANA database spells it.
            Ok(tz) if tz.iana_name() == Some(name) => {}
            Ok(tz) => problems.push(format!(
                "{path}: `{name}` should be spelled `{}`",
                tz.iana_name().unwrap_or("?")
            )),
            Err(e) => problems.push(format!("{path}: `{name}` is not an IANA time zone: {e}")),
        }
    }
    problems
}

// --- the real template --------------------------------------------------------------------------

#[test]
fn the_template_defines_the_api_function() {
    let doc = template();
    let functions = resources_of(&doc, FUNCTION_TYPES);
    assert!(
        functions.iter().any(|(id, _)| id == "ApiFunction"),
        "no ApiFunction among {:?}",
        functions.iter().map(|(id, _)| id).collect::<Vec<_>>()
    );
}

#[test]
fn every_lambda_function_uses_a_valid_os_only_runtime() {
    assert_no_problems(runtime_problems(&template()));
}

#[test]
fn every_lambda_function_runs_on_arm64() {
    assert_no_problems(architecture_problems(&template()));
}

#[test]
fn the_table_has_exactly_five_gsis_keyed_by_their_own_pk_and_sk_projecting_all() {
    assert_no_problems(gsi_problems(&template()));
}

#[test]
fn the_table_expires_items_by_their_ttl_attribute() {
    assert_no_problems(ttl_problems(&template()));
}

#[test]
fn the_table_has_point_in_time_recovery() {
    assert_no_problems(pitr_problems(&template()));
}

#[test]
fn no_iam_statement_grants_dynamodb_scan() {
    assert_no_problems(scan_problems(&template()));
}

#[test]
fn every_schedule_time_zone_is_a_valid_iana_zone() {
    assert_no_problems(time_zone_problems(&template()));
}

// --- the checks catch what they are for ----------------------------------------------------------

const BROKEN: &str = r#"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: provided.al2024
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions:
        - { AttributeName: gsi1pk, AttributeType: S }
        - { AttributeName: gsi1sk, AttributeType: N }
      GlobalSecondaryIndexes:
        - IndexName: gsi1
          KeySchema:
            - { AttributeName: gsi1pk, KeyType: HASH }
            - { AttributeName: gsi1sk, KeyType: RANGE }
          Projection: { ProjectionType: KEYS_ONLY }
        - IndexName: byEmail
          KeySchema:
            - { AttributeName: email, KeyType: HASH }
          Projection: { ProjectionType: ALL }
      TimeToLiveSpecification: { AttributeName: expires_at, Enabled: true }
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false }
  InheritsRuntime:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Policies:
        - DynamoDBCrudPolicy: { TableName: !Ref Table }
        - Statement:
            - Effect: Allow
              Action: [dynamodb:GetItem, "dynamodb:*"]
              Resource: !GetAtt Table.Arn
      Events:
        Nightly:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 2 * * ? *)
            ScheduleExpressionTimezone: America/New_Yrok
  PlainLambda:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: provided
      Architectures: [x86_64]
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: reads
          PolicyDocument:
            Statement:
              Effect: Allow
              Action: dynamodb:Sc?n
              Resource: "*"
  Schedule:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpressionTimezone: america/new_york
"#;

#[test]
fn an_invalid_or_inherited_invalid_runtime_name_is_caught() {
    let problems = runtime_problems(&parse(BROKEN));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("InheritsRuntime") && p.contains("provided.al2024")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("PlainLambda") && p.contains("`provided`")),
        "{problems:?}"
    );
}

#[test]
fn a_missing_or_x86_architecture_is_caught() {
    let problems = architecture_problems(&parse(BROKEN));
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn missing_misnamed_or_partial_gsis_are_caught() {
    let problems = gsi_problems(&parse(BROKEN));
    for expected in [
        "2 GSIs",
        "no GSI named gsi2",
        "no GSI named gsi5",
        "KEYS_ONLY",
        "gsi1sk is defined as Some(\"N\")",
        "unexpected GSI byEmail",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "missing `{expected}` in {problems:?}"
        );
    }
}

#[test]
fn a_ttl_on_another_attribute_and_disabled_pitr_are_caught() {
    let doc = parse(BROKEN);
    assert_eq!(ttl_problems(&doc).len(), 1, "{:?}", ttl_problems(&doc));
    assert_eq!(pitr_problems(&doc).len(), 1);
}

#[test]
fn scan_granted_by_wildcards_or_crud_policy_is_caught() {
    let problems = scan_problems(&parse(BROKEN));
    for expected in ["`dynamodb:*`", "`dynamodb:Sc?n`", "DynamoDBCrudPolicy"] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "missing `{expected}` in {problems:?}"
        );
    }
    assert!(
        !problems.iter().any(|p| p.contains("GetItem")),
        "{problems:?}"
    );
}

#[test]
fn misspelled_or_miscased_time_zones_are_caught() {
    let problems = time_zone_problems(&parse(BROKEN));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems.iter().any(|p| p.contains("America/New_Yrok")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("america/new_york")),
        "{problems:?}"
    );
    let fine = parse(
        "Resources:\n  S:\n    Properties:\n      ScheduleExpressionTimezone: America/New_York\n",
    );
    assert_eq!(time_zone_problems(&fine), Vec::<String>::new());
}
