//! Checks on `infra/template.yaml` that cfn-lint does not make (scripts/lint-infra.sh runs
//! cfn-lint itself): Lambda runtime names and architectures, the table's indexes, TTL and
//! point-in-time recovery, no IAM grant of `dynamodb:Scan`, schedule time zones, no wildcard
//! actions, SES and SNS grants scoped, the messaging settings and the inbound email path, and
//! the reminders schedule.
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
    // Exactly the store's indexes, by name.
    let names: Vec<&str> = worklane_store::Index::ALL
        .iter()
        .map(|i| i.name())
        .collect();
    if gsis.len() != names.len() {
        problems.push(format!(
            "{id}: {} GSIs, expected exactly {} ({})",
            gsis.len(),
            names.len(),
            names.join(", ")
        ));
    }
    let attribute_type = |name: &str| -> Option<String> {
        let Some(Value::Sequence(defs)) = table.get("AttributeDefinitions") else {
            return None;
        };
        defs.iter()
            .find(|d| d.get("AttributeName").and_then(Value::as_str) == Some(name))
            .and_then(|d| d.get("AttributeType")?.as_str().map(str::to_owned))
    };
    for name in names {
        let Some(gsi) = gsis
            .iter()
            .find(|g| g.get("IndexName").and_then(Value::as_str) == Some(name))
        else {
            problems.push(format!("{id}: no GSI named {name}"));
            continue;
        };
        let (pk, sk) = (format!("{name}pk"), format!("{name}sk"));
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
        if worklane_store::Index::by_name(name).is_none() {
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

/// Every `Allow` statement in the template (inline policies and resource policies), with its path.
fn allow_statements(doc: &Value) -> Vec<(String, &Value)> {
    let mut lists = Vec::new();
    values_under(doc, "Statement", String::new(), &mut lists);
    let mut allows = Vec::new();
    for (path, statements) in lists {
        let statements = match statements {
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("{path}[{i}]"), s))
                .collect(),
            single => vec![(path.clone(), single)],
        };
        for (path, statement) in statements {
            if statement.get("Effect").and_then(Value::as_str) == Some("Allow") {
                allows.push((path, statement));
            }
        }
    }
    allows
}

/// The text of a resource, an ARN or a reference: a plain string, the format string of a
/// `!Sub`, or `Ref X` / `GetAtt X` for the other intrinsic functions.
fn texts(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(items)) => items.iter().flat_map(|v| texts(Some(v))).collect(),
        Some(Value::Tagged(tagged)) if tagged.tag == "Sub" => match &tagged.value {
            Value::String(s) => vec![s.clone()],
            Value::Sequence(parts) => texts(parts.first()),
            _ => Vec::new(),
        },
        Some(Value::Tagged(tagged)) => {
            let target = match &tagged.value {
                Value::String(s) => s.clone(),
                other => format!("{other:?}"),
            };
            vec![format!(
                "{} {target}",
                tagged.tag.to_string().trim_start_matches('!')
            )]
        }
        _ => Vec::new(),
    }
}

fn has_wildcard(text: &str) -> bool {
    text.contains('*') || text.contains('?')
}

fn wildcard_action_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, statement) in allow_statements(doc) {
        for action in strings(statement.get("Action")) {
            if has_wildcard(action) {
                problems.push(format!("{path}: allows the wildcard action `{action}`"));
            }
        }
        if statement.get("NotAction").is_some() {
            problems.push(format!(
                "{path}: Allow with NotAction grants every other action"
            ));
        }
    }
    problems
}

/// SES may send only as a named identity and sender; SNS may publish only to named topics, or
/// (for SMS) to anything that is not an SNS ARN.
fn messaging_scope_problems(doc: &Value) -> Vec<String> {
    const EVERY_SNS_ARN: &[&str] = &["arn:aws:sns:*:*:*", "arn:${AWS::Partition}:sns:*:*:*"];
    let mut problems = Vec::new();
    for (path, statement) in allow_statements(doc) {
        let actions = strings(statement.get("Action"));
        let service = |prefix: &str| {
            actions
                .iter()
                .any(|a| a.to_ascii_lowercase().starts_with(prefix))
        };
        let resources = texts(statement.get("Resource"));
        let not_resources = texts(statement.get("NotResource"));
        if service("ses:") {
            if resources.is_empty() || resources.iter().any(|r| has_wildcard(r)) {
                problems.push(format!(
                    "{path}: SES actions on {resources:?}: name the sending identity, no wildcard"
                ));
            }
            let from = statement
                .get("Condition")
                .and_then(|c| c.get("StringEquals"))
                .and_then(|c| c.get("ses:FromAddress"));
            if from.is_none() {
                problems.push(format!(
                    "{path}: SES actions without a StringEquals ses:FromAddress condition"
                ));
            }
        }
        if service("sns:") {
            let to_phones_only = resources.is_empty()
                && !not_resources.is_empty()
                && not_resources
                    .iter()
                    .all(|r| EVERY_SNS_ARN.contains(&r.as_str()));
            let to_named_topics =
                !resources.is_empty() && !resources.iter().any(|r| has_wildcard(r));
            if !(to_phones_only || to_named_topics) {
                problems.push(format!(
                    "{path}: SNS actions on Resource {resources:?} / NotResource {not_resources:?}: \
                     name the topics, or exclude every SNS ARN to publish SMS only"
                ));
            }
        }
    }
    problems
}

fn the_function<'a>(doc: &'a Value, id: &str) -> Option<&'a Value> {
    resources_of(doc, FUNCTION_TYPES)
        .into_iter()
        .find(|(found, _)| found == id)
        .map(|(_, function)| function)
}

fn environment<'a>(function: &'a Value, variable: &str) -> Option<&'a Value> {
    function
        .get("Properties")?
        .get("Environment")?
        .get("Variables")?
        .get(variable)
}

/// The API knows its sender, its webhook secret (a NoEcho parameter without a default) and the
/// one topic inbound email may come from.
fn messaging_settings_problems(doc: &Value) -> Vec<String> {
    let Some(api) = the_function(doc, "ApiFunction") else {
        return vec!["no ApiFunction".into()];
    };
    let mut problems = Vec::new();
    for (variable, expected) in [
        ("WORKLANE_EMAIL_FROM", "Ref EmailFrom"),
        ("WORKLANE_WEBHOOK_SECRET", "Ref WebhookSecret"),
    ] {
        let value = texts(environment(api, variable));
        if value != [expected] {
            problems.push(format!(
                "ApiFunction: {variable} is {value:?}, expected !{expected}"
            ));
        }
    }
    let topic = texts(environment(api, "WORKLANE_SNS_TOPIC_ARN"));
    let topics: Vec<String> = resources_of(doc, &["AWS::SNS::Topic"])
        .into_iter()
        .map(|(id, _)| format!("Ref {id}"))
        .collect();
    if topic.len() != 1 || !topics.contains(&topic[0]) {
        problems.push(format!(
            "ApiFunction: WORKLANE_SNS_TOPIC_ARN is {topic:?}, expected a !Ref to one of the template's topics"
        ));
    }
    let secret = doc.get("Parameters").and_then(|p| p.get("WebhookSecret"));
    match secret {
        None => problems.push("no WebhookSecret parameter".into()),
        Some(secret) => {
            if secret.get("NoEcho").and_then(Value::as_bool) != Some(true) {
                problems.push("parameter WebhookSecret is not NoEcho".into());
            }
            if secret.get("Default").is_some() {
                problems
                    .push("parameter WebhookSecret has a Default, shared by every stack".into());
            }
        }
    }
    problems
}

/// SNS delivers the inbound email topic, signed (SHA-256), over HTTPS to /api/webhooks/ses; no
/// one but SES may publish to it.
fn inbound_email_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let topic = the_function(doc, "ApiFunction")
        .map(|api| texts(environment(api, "WORKLANE_SNS_TOPIC_ARN")))
        .unwrap_or_default();
    let topic_id = topic
        .first()
        .and_then(|t| t.strip_prefix("Ref "))
        .unwrap_or("?");
    match doc.get("Resources").and_then(|r| r.get(topic_id)) {
        None => problems.push(format!("no topic {topic_id} for WORKLANE_SNS_TOPIC_ARN")),
        Some(resource) => {
            let version = resource
                .get("Properties")
                .and_then(|p| p.get("SignatureVersion"))
                .and_then(Value::as_str);
            if version != Some("2") {
                problems.push(format!(
                    "{topic_id}: SignatureVersion is {version:?}, expected \"2\" (SHA-256, not SHA-1)"
                ));
            }
        }
    }
    let subscriptions: Vec<(String, &Value)> = resources_of(doc, &["AWS::SNS::Subscription"])
        .into_iter()
        .filter(|(_, s)| {
            texts(s.get("Properties").and_then(|p| p.get("TopicArn")))
                == [format!("Ref {topic_id}")]
        })
        .collect();
    if subscriptions.is_empty() {
        problems.push(format!("no subscription to {topic_id}"));
    }
    for (id, subscription) in subscriptions {
        let properties = subscription.get("Properties");
        let protocol = properties
            .and_then(|p| p.get("Protocol"))
            .and_then(Value::as_str);
        if protocol != Some("https") {
            problems.push(format!("{id}: Protocol is {protocol:?}, expected https"));
        }
        let endpoint = texts(properties.and_then(|p| p.get("Endpoint")));
        if !endpoint.iter().all(|e| e.ends_with("/api/webhooks/ses")) || endpoint.is_empty() {
            problems.push(format!(
                "{id}: Endpoint {endpoint:?} is not the API's /api/webhooks/ses"
            ));
        }
        let raw = properties
            .and_then(|p| p.get("RawMessageDelivery"))
            .and_then(Value::as_bool);
        if raw == Some(true) {
            problems.push(format!(
                "{id}: RawMessageDelivery drops the signed envelope the webhook verifies"
            ));
        }
    }
    for (path, statement) in allow_statements(doc) {
        let principal = statement.get("Principal");
        let anyone = principal.and_then(Value::as_str) == Some("*")
            || principal.and_then(|p| p.get("AWS")).and_then(Value::as_str) == Some("*");
        let publishes = strings(statement.get("Action"))
            .iter()
            .any(|a| action_matches(a, "sns:Publish"));
        if anyone && publishes {
            problems.push(format!("{path}: anyone may publish to the topic"));
        }
    }
    problems
}

/// The API answers only through CloudFront: CloudFront adds the origin secret (a NoEcho
/// parameter without a default) the function checks, forwards the viewer address it adds
/// (never the Host, which API Gateway routes on), and SNS delivers through it too.
fn cloudfront_only_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let secret = the_function(doc, "ApiFunction")
        .map(|api| texts(environment(api, "WORKLANE_ORIGIN_SECRET")))
        .unwrap_or_default();
    if secret != ["Ref OriginSecret"] {
        problems.push(format!(
            "ApiFunction: WORKLANE_ORIGIN_SECRET is {secret:?}, expected !Ref OriginSecret"
        ));
    }
    match doc.get("Parameters").and_then(|p| p.get("OriginSecret")) {
        None => problems.push("no OriginSecret parameter".into()),
        Some(parameter) => {
            if parameter.get("NoEcho").and_then(Value::as_bool) != Some(true) {
                problems.push("parameter OriginSecret is not NoEcho".into());
            }
            if parameter.get("Default").is_some() {
                problems.push("parameter OriginSecret has a Default".into());
            }
        }
    }
    let distributions = resources_of(doc, &["AWS::CloudFront::Distribution"]);
    let Some((_, distribution)) = distributions.first() else {
        problems.push("no CloudFront distribution".into());
        return problems;
    };
    let config = distribution
        .get("Properties")
        .and_then(|p| p.get("DistributionConfig"));
    let origins = config
        .and_then(|c| c.get("Origins"))
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let api_origin = origins.iter().find(|o| {
        texts(o.get("DomainName"))
            .iter()
            .any(|d| d.contains("execute-api"))
    });
    let sends_secret = api_origin
        .and_then(|o| o.get("OriginCustomHeaders"))
        .and_then(Value::as_sequence)
        .is_some_and(|headers| {
            headers.iter().any(|h| {
                h.get("HeaderName").and_then(Value::as_str) == Some("X-Worklane-Origin-Verify")
                    && texts(h.get("HeaderValue")) == ["Ref OriginSecret"]
            })
        });
    if !sends_secret {
        problems
            .push("the API origin does not add X-Worklane-Origin-Verify: !Ref OriginSecret".into());
    }
    let api_behaviour = config
        .and_then(|c| c.get("CacheBehaviors"))
        .and_then(Value::as_sequence)
        .and_then(|b| {
            b.iter()
                .find(|b| b.get("PathPattern").and_then(Value::as_str) == Some("/api/*"))
        });
    let policy_id = texts(api_behaviour.and_then(|b| b.get("OriginRequestPolicyId")));
    let policy = policy_id
        .first()
        .and_then(|id| id.strip_prefix("Ref "))
        .and_then(|id| doc.get("Resources")?.get(id));
    let headers_config = policy
        .and_then(|p| p.get("Properties"))
        .and_then(|p| p.get("OriginRequestPolicyConfig"))
        .and_then(|c| c.get("HeadersConfig"));
    let behaviour = headers_config
        .and_then(|h| h.get("HeaderBehavior"))
        .and_then(Value::as_str);
    let headers: Vec<String> = strings(headers_config.and_then(|h| h.get("Headers")))
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    if behaviour != Some("whitelist") || !headers.iter().any(|h| h == "cloudfront-viewer-address") {
        problems.push(format!(
            "/api/*: the origin request policy ({policy_id:?}) does not forward CloudFront-Viewer-Address from a whitelist"
        ));
    }
    if headers.iter().any(|h| h == "host") {
        problems.push("/api/*: the origin request policy forwards Host".into());
    }
    for (id, subscription) in resources_of(doc, &["AWS::SNS::Subscription"]) {
        let endpoint = texts(
            subscription
                .get("Properties")
                .and_then(|p| p.get("Endpoint")),
        );
        if endpoint
            .iter()
            .any(|e| !e.contains("${Distribution.DomainName}"))
        {
            problems.push(format!("{id}: Endpoint {endpoint:?} bypasses CloudFront"));
        }
    }
    problems
}

/// `ReminderFunction` runs the `worklane-reminders` bootstrap every minute.
fn reminder_problems(doc: &Value) -> Vec<String> {
    let Some(function) = the_function(doc, "ReminderFunction") else {
        return vec!["no ReminderFunction".into()];
    };
    let mut problems = Vec::new();
    let code = function_property(doc, function, "CodeUri").and_then(Value::as_str);
    if !code.is_some_and(|c| {
        c.trim_end_matches('/')
            .ends_with("target/lambda/worklane-reminders")
    }) {
        problems.push(format!(
            "ReminderFunction: CodeUri is {code:?}, expected the worklane-reminders bootstrap"
        ));
    }
    let every_minute = match function.get("Properties").and_then(|p| p.get("Events")) {
        Some(Value::Mapping(events)) => events.values().any(|event| {
            matches!(
                event.get("Type").and_then(Value::as_str),
                Some("ScheduleV2" | "Schedule")
            ) && event
                .get("Properties")
                .and_then(|p| p.get("ScheduleExpression"))
                .and_then(Value::as_str)
                == Some("rate(1 minute)")
        }),
        _ => false,
    };
    if !every_minute {
        problems.push("ReminderFunction: no schedule event with rate(1 minute)".into());
    }
    problems
}

/// The ScheduleV2 events of a function, each with its path.
fn schedule_events<'a>(id: &str, function: &'a Value) -> Vec<(String, &'a Value)> {
    match function.get("Properties").and_then(|p| p.get("Events")) {
        Some(Value::Mapping(events)) => events
            .iter()
            .filter(|(_, e)| e.get("Type").and_then(Value::as_str) == Some("ScheduleV2"))
            .filter_map(|(name, e)| {
                Some((
                    format!("{id}/Events/{}", name.as_str()?),
                    e.get("Properties")?,
                ))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Each scheduled job of functions/jobs has its function, started by exactly one ScheduleV2
/// event whose expression and time zone parse and say what the job's declared schedule says,
/// named by CloudFormation (`OmitName`), never flexible, retried within Scheduler's ranges.
fn declared_schedule_problems(doc: &Value) -> Vec<String> {
    use worklane_core::imports::schedule::Schedule;
    let mut problems = Vec::new();
    for job in worklane_jobs::Job::all() {
        let id = job.function_id();
        let Some(function) = the_function(doc, id) else {
            problems.push(format!("{id}: missing; it runs the job {}", job.name()));
            continue;
        };
        let events = schedule_events(id, function);
        if events.len() != 1 {
            problems.push(format!(
                "{id}: {} ScheduleV2 events, expected one",
                events.len()
            ));
        }
        for (path, event) in events {
            let text = |key: &str| event.get(key).and_then(Value::as_str);
            let Some(expression) = text("ScheduleExpression") else {
                problems.push(format!("{path}: no ScheduleExpression"));
                continue;
            };
            match Schedule::parse(expression, text("ScheduleExpressionTimezone")) {
                Ok(found) if found == job.schedule() => {}
                Ok(found) => problems.push(format!(
                    "{path}: `{expression}` is {found:?}, but functions/jobs declares {:?} ({})",
                    job.schedule(),
                    job.schedule().expression()
                )),
                Err(why) => problems.push(format!("{path}: {why}")),
            }
            if event.get("OmitName").and_then(Value::as_bool) != Some(true) {
                problems.push(format!(
                    "{path}: OmitName must be true, or two stacks collide"
                ));
            }
            let mode = event
                .get("FlexibleTimeWindow")
                .and_then(|w| w.get("Mode"))
                .and_then(Value::as_str);
            if mode != Some("OFF") {
                problems.push(format!(
                    "{path}: FlexibleTimeWindow Mode is {mode:?}, expected OFF"
                ));
            }
            let retry = event.get("RetryPolicy");
            let number = |key: &str| retry.and_then(|r| r.get(key)).and_then(Value::as_u64);
            match number("MaximumRetryAttempts") {
                Some(0..=185) => {}
                other => problems.push(format!(
                    "{path}: MaximumRetryAttempts {other:?} is not 0-185"
                )),
            }
            match number("MaximumEventAgeInSeconds") {
                Some(60..=86_400) => {}
                other => problems.push(format!(
                    "{path}: MaximumEventAgeInSeconds {other:?} is not 60-86400"
                )),
            }
        }
        if matches!(job, worklane_jobs::Job::Import(_)) {
            let reserved = function_property(doc, function, "ReservedConcurrentExecutions")
                .and_then(Value::as_u64);
            if reserved != Some(1) {
                problems.push(format!(
                    "{id}: ReservedConcurrentExecutions {reserved:?}, expected 1"
                ));
            }
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
fn the_table_has_exactly_the_stores_indexes_keyed_by_their_own_pk_and_sk_projecting_all() {
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

#[test]
fn no_iam_statement_allows_a_wildcard_action() {
    assert_no_problems(wildcard_action_problems(&template()));
}

#[test]
fn ses_sends_only_as_the_configured_sender_and_sns_publishes_only_sms() {
    assert_no_problems(messaging_scope_problems(&template()));
}

#[test]
fn the_api_gets_its_sender_webhook_secret_and_inbound_topic() {
    assert_no_problems(messaging_settings_problems(&template()));
}

#[test]
fn inbound_email_reaches_the_ses_webhook_signed_over_https() {
    assert_no_problems(inbound_email_problems(&template()));
}

#[test]
fn the_api_answers_only_through_cloudfront_which_adds_the_viewer_address() {
    assert_no_problems(cloudfront_only_problems(&template()));
}

#[test]
fn the_reminder_function_runs_every_minute() {
    assert_no_problems(reminder_problems(&template()));
}

#[test]
fn every_scheduled_job_runs_in_its_own_function_on_its_declared_schedule() {
    assert_no_problems(declared_schedule_problems(&template()));
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
fn a_schedule_that_disagrees_with_functions_jobs_or_does_not_parse_is_caught() {
    let broken = r#"
Resources:
  ImportBodyTypeQuizFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Schedule:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(15 minute)
            FlexibleTimeWindow: { Mode: FLEXIBLE }
            RetryPolicy: { MaximumRetryAttempts: 200, MaximumEventAgeInSeconds: 10 }
  ImportHealthQuizFunction:
    Type: AWS::Serverless::Function
    Properties:
      ReservedConcurrentExecutions: 1
      Events:
        Schedule:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(30 minutes)
            OmitName: true
            FlexibleTimeWindow: { Mode: "OFF" }
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 }
  ImportFaqRequestsFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Schedule:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(20 6 * * ? *)
            ScheduleExpressionTimezone: America/NewYork
"#;
    let problems = declared_schedule_problems(&parse(broken)).join("\n");
    for expected in [
        "ImportBodyTypeQuizFunction/Events/Schedule: \"rate(15 minute)\"",
        "OmitName must be true",
        "FlexibleTimeWindow Mode is Some(\"FLEXIBLE\")",
        "MaximumRetryAttempts Some(200)",
        "MaximumEventAgeInSeconds Some(10)",
        "ImportBodyTypeQuizFunction: ReservedConcurrentExecutions None",
        "ImportHealthQuizFunction/Events/Schedule: `rate(30 minutes)` is",
        "\"America/NewYork\" is not an IANA time zone",
        "ImportAbandonedCartsFunction: missing",
        "ReminderFunction: missing",
    ] {
        assert!(
            problems.contains(expected),
            "expected {expected:?} in:\n{problems}"
        );
    }
}

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

const BROKEN_MESSAGING: &str = r#"
Transform: AWS::Serverless-2016-10-31
Parameters:
  WebhookSecret:
    Type: String
    Default: change-me
Resources:
  Topic:
    Type: AWS::SNS::Topic
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sns:Publish
            Resource: !Ref Topic
  Raw:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: http
      Endpoint: !Sub "${HttpApi.ApiEndpoint}/api/webhooks/sms"
      RawMessageDelivery: true
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          WORKLANE_EMAIL_FROM: crm@example.com
          WORKLANE_WEBHOOK_SECRET: !Ref WebhookSecret
          WORKLANE_SNS_TOPIC_ARN: arn:aws:sns:us-east-1:123456789012:elsewhere
      Policies:
        - Statement:
            - Effect: Allow
              Action: ["ses:*", sns:Publish]
              Resource: "*"
            - Effect: Allow
              Action: ses:SendEmail
              Resource: !Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com"
            - Effect: Allow
              Action: sns:Publish
              NotResource: !Sub "arn:${AWS::Partition}:sns:*:*:worklane-*"
            - Effect: Allow
              NotAction: iam:*
              Resource: "*"
  ReminderFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../target/lambda/worklane-api-lambda/
      Events:
        Often:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(5 minutes)
"#;

#[test]
fn wildcard_actions_and_not_action_are_caught() {
    let problems = wildcard_action_problems(&parse(BROKEN_MESSAGING));
    for expected in ["`ses:*`", "NotAction"] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "missing `{expected}` in {problems:?}"
        );
    }
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        wildcard_action_problems(&parse(BROKEN))
            .iter()
            .any(|p| p.contains("`dynamodb:*`"))
    );
}

#[test]
fn unscoped_ses_and_sns_grants_are_caught() {
    let problems = messaging_scope_problems(&parse(BROKEN_MESSAGING));
    let at = |index: usize, what: &str| {
        problems
            .iter()
            .any(|p| p.contains(&format!("Statement[{index}]")) && p.contains(what))
    };
    assert!(at(0, "SES actions on [\"*\"]"), "{problems:?}");
    assert!(at(0, "SNS actions on Resource [\"*\"]"), "{problems:?}");
    assert!(at(1, "ses:FromAddress"), "{problems:?}");
    assert!(
        !at(1, "SES actions on"),
        "a named identity is scoped: {problems:?}"
    );
    assert!(
        at(2, "worklane-*"),
        "excluding some topics is not SMS only: {problems:?}"
    );
    // The topic policy names its topic: scoped.
    assert!(
        !problems.iter().any(|p| p.contains("TopicPolicy")),
        "{problems:?}"
    );
}

#[test]
fn missing_messaging_settings_and_an_echoed_secret_are_caught() {
    let problems = messaging_settings_problems(&parse(BROKEN_MESSAGING));
    for expected in [
        "WORKLANE_EMAIL_FROM is [\"crm@example.com\"]",
        "WORKLANE_SNS_TOPIC_ARN",
        "not NoEcho",
        "has a Default",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "missing `{expected}` in {problems:?}"
        );
    }
    assert!(
        !problems
            .iter()
            .any(|p| p.contains("WORKLANE_WEBHOOK_SECRET")),
        "{problems:?}"
    );
}

#[test]
fn an_unsigned_plain_http_or_public_inbound_path_is_caught() {
    let mut doc = parse(BROKEN_MESSAGING);
    // Point the API at the template's topic, so the subscription checks run.
    doc["Resources"]["ApiFunction"]["Properties"]["Environment"]["Variables"]["WORKLANE_SNS_TOPIC_ARN"] =
        parse("!Ref Topic");
    let problems = inbound_email_problems(&doc);
    for expected in [
        "SignatureVersion is None",
        "Protocol is Some(\"http\")",
        "/api/webhooks/sms",
        "RawMessageDelivery",
        "anyone may publish",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "missing `{expected}` in {problems:?}"
        );
    }
    let elsewhere = inbound_email_problems(&parse(BROKEN_MESSAGING));
    assert!(
        elsewhere.iter().any(|p| p.contains("no topic")),
        "{elsewhere:?}"
    );
}

#[test]
fn a_reminder_function_on_the_wrong_code_or_schedule_is_caught() {
    let problems = reminder_problems(&parse(BROKEN_MESSAGING));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("worklane-api-lambda"), "{problems:?}");
    assert!(problems[1].contains("rate(1 minute)"), "{problems:?}");
    assert_eq!(
        reminder_problems(&parse(BROKEN)),
        vec!["no ReminderFunction".to_owned()]
    );
}

#[test]
fn an_api_reachable_around_cloudfront_is_caught() {
    let problems = cloudfront_only_problems(&parse(BROKEN_MESSAGING));
    for expected in [
        "WORKLANE_ORIGIN_SECRET",
        "no OriginSecret",
        "no CloudFront distribution",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "missing `{expected}` in {problems:?}"
        );
    }
    let mut doc = template();
    let behaviours =
        &mut doc["Resources"]["Distribution"]["Properties"]["DistributionConfig"]["CacheBehaviors"];
    behaviours[0]["OriginRequestPolicyId"] =
        Value::String("b689b0a8-53d0-40ab-baf2-68738e2966ac".into());
    doc["Resources"]["Distribution"]["Properties"]["DistributionConfig"]["Origins"][1]["OriginCustomHeaders"] =
        Value::Null;
    doc["Resources"]["InboundEmailSubscription"]["Properties"]["Endpoint"] =
        parse("!Sub \"${HttpApi.ApiEndpoint}/api/webhooks/ses\"");
    let problems = cloudfront_only_problems(&doc);
    for expected in [
        "X-Worklane-Origin-Verify",
        "CloudFront-Viewer-Address",
        "bypasses CloudFront",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "missing `{expected}` in {problems:?}"
        );
    }
}
