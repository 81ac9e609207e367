//! What each request field accepts, stated in the document from the domain's own rules (its
//! lengths, patterns and limits), so the document and the server's validation agree. The
//! tests hold every pattern against the parser it describes.

use utoipa::Number;
use utoipa::openapi::schema::{
    AllOfBuilder, AnyOfBuilder, ArrayBuilder, ArrayItems, ObjectBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::{OpenApi, RefOr};
use worklane_domain::text::TextRule;
use worklane_domain::{
    CALL_NOTE_RULE, COLOR_PATTERN, CalendarDate, ContactInput, DESCRIPTION_RULE, EMAIL_BODY_RULE,
    Email, Extension, KEY_PATTERN, LABEL_RULE, MAX_CALL_SECONDS, MAX_URL, NOTE_RULE, OrgChart,
    Password, PersonName, Phone, REASON_RULE, REMINDER_RULE, SMS_BODY_RULE, SUBJECT_RULE,
    TYPE_KEY_PATTERN, TeamEdit, URL_PATTERN, WORKFLOW_NAME_RULE, WorkItemEdit, WorkItemNote,
    WorkItemTypeInput,
};

/// One rule for one field.
enum Rule {
    Text(TextRule),
    Pattern {
        pattern: &'static str,
        max: Option<usize>,
    },
    /// A string of `min` to `max` characters, any of them.
    Length {
        min: usize,
        max: usize,
    },
    /// An integer from 0 to `max`.
    AtMost(u64),
    /// Only these of the type's values.
    OneOf(&'static [&'static str]),
    /// A list of at most `max` items, each by `items`, perhaps no two the same.
    List {
        max: usize,
        items: Option<Box<Rule>>,
        unique: bool,
    },
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// An RFC 3339 instant with a `Z` or `±HH:MM` offset.
    Instant,
}

/// Every request field's rule: (schema, field, rule).
fn rules() -> Vec<(&'static str, &'static str, Rule)> {
    use Rule::*;
    let email = || Pattern {
        pattern: Email::PATTERN,
        max: Some(Email::MAX_CHARS),
    };
    let phone = || Pattern {
        pattern: Phone::PATTERN,
        max: Some(Phone::MAX_CHARS),
    };
    let password = || Length {
        min: Password::MIN_CHARS,
        max: Password::MAX_CHARS,
    };
    let key = || Pattern {
        pattern: KEY_PATTERN,
        max: Some(40),
    };
    let org_key = || Pattern {
        pattern: TYPE_KEY_PATTERN,
        max: Some(OrgChart::KEY_MAX),
    };
    let at_most = |max: usize| List {
        max,
        items: None,
        unique: false,
    };
    vec![
        ("Department", "key", org_key()),
        ("Department", "name", Text(OrgChart::NAME_RULE)),
        ("Department", "parent", org_key()),
        ("UserGroup", "key", org_key()),
        ("UserGroup", "name", Text(OrgChart::NAME_RULE)),
        (
            "UserGroup",
            "members",
            List {
                max: OrgChart::MAX_GROUP_MEMBERS,
                items: None,
                unique: true,
            },
        ),
        ("Placement", "department", org_key()),
        (
            "OrgChart",
            "departments",
            at_most(OrgChart::MAX_DEPARTMENTS),
        ),
        ("OrgChart", "groups", at_most(OrgChart::MAX_GROUPS)),
        ("OrgChart", "placements", at_most(OrgChart::MAX_PLACEMENTS)),
        ("OrgChart", "sharing_rules", at_most(OrgChart::MAX_RULES)),
        ("TeamEdit", "team", at_most(TeamEdit::MAX_TEAM)),
        ("SharingRule", "key", org_key()),
        ("SharingRule", "name", Text(OrgChart::NAME_RULE)),
        ("ContactInput", "name", Text(PersonName::RULE)),
        (
            "ContactInput",
            "emails",
            List {
                max: ContactInput::MAX_EMAILS,
                items: Some(Box::new(email())),
                unique: true,
            },
        ),
        (
            "ContactInput",
            "phones",
            List {
                max: ContactInput::MAX_PHONES,
                items: Some(Box::new(phone())),
                unique: true,
            },
        ),
        ("NewUserRequest", "email", email()),
        ("NewUserRequest", "name", Text(PersonName::RULE)),
        (
            "NewUserRequest",
            "extension",
            Pattern {
                pattern: Extension::PATTERN,
                max: None,
            },
        ),
        ("NewUserRequest", "password", password()),
        ("UpdateUserRequest", "name", Text(PersonName::RULE)),
        (
            "UpdateUserRequest",
            "extension",
            Pattern {
                pattern: Extension::PATTERN,
                max: None,
            },
        ),
        ("UpdateUserRequest", "new_password", password()),
        ("ComposeEmail", "to", email()),
        ("ComposeEmail", "subject", Text(SUBJECT_RULE)),
        ("ComposeEmail", "body", Text(EMAIL_BODY_RULE)),
        ("ComposeSms", "to", phone()),
        ("ComposeSms", "body", Text(SMS_BODY_RULE)),
        ("LogCall", "direction", OneOf(&["Inbound", "Outbound"])),
        (
            "LogCall",
            "duration_seconds",
            AtMost(u64::from(MAX_CALL_SECONDS)),
        ),
        ("LogCall", "note", Text(CALL_NOTE_RULE)),
        (
            "LogCall",
            "recording_url",
            Pattern {
                pattern: URL_PATTERN,
                max: Some(MAX_URL),
            },
        ),
        ("NewNote", "body", Text(NOTE_RULE)),
        ("NewReminder", "body", Text(REMINDER_RULE)),
        ("NewReminder", "remind_at", Instant),
        ("WorkItemEdit", "callback_at", Instant),
        ("NewWorkItemRequest", "description", Text(DESCRIPTION_RULE)),
        ("WorkItemEdit", "description", Text(DESCRIPTION_RULE)),
        (
            "WorkItemEdit",
            "team",
            List {
                max: WorkItemEdit::MAX_TEAM,
                items: None,
                unique: false,
            },
        ),
        (
            "WorkItemEdit",
            "team_read",
            List {
                max: WorkItemEdit::MAX_TEAM,
                items: None,
                unique: false,
            },
        ),
        ("WorkItemNote", "note", Text(WorkItemNote::RULE)),
        ("TransitionRequest", "closing_reason", Text(REASON_RULE)),
        ("TransitionRequest", "resolution", Text(REASON_RULE)),
        ("TransitionRequest", "due_date", Date),
        (
            "WorkItemTypeInput",
            "name",
            Pattern {
                pattern: WorkItemTypeInput::NAME_PATTERN,
                max: Some(WorkItemTypeInput::NAME_RULE.max),
            },
        ),
        (
            "WorkItemTypeInput",
            "explanation",
            Text(WorkItemTypeInput::EXPLANATION_RULE),
        ),
        (
            "WorkItemTypeInput",
            "priority",
            OneOf(&["High", "Normal", "Low"]),
        ),
        ("Workflow", "key", key()),
        ("Workflow", "name", Text(WORKFLOW_NAME_RULE)),
        ("StatusDef", "key", key()),
        ("StatusDef", "label", Text(LABEL_RULE)),
        ("StatusDef", "number", AtMost(u64::from(u8::MAX))),
        (
            "StatusDef",
            "color",
            Pattern {
                pattern: COLOR_PATTERN,
                max: Some(7),
            },
        ),
        ("ExtensionDef", "key", key()),
        ("ExtensionDef", "label", Text(LABEL_RULE)),
    ]
}

/// Rules on named types, wherever they appear (responses included).
fn component_rules() -> Vec<(&'static str, Rule)> {
    vec![
        (
            "Email",
            Rule::Pattern {
                pattern: Email::PATTERN,
                max: Some(Email::MAX_CHARS),
            },
        ),
        (
            "Phone",
            Rule::Pattern {
                pattern: Phone::PATTERN,
                max: Some(Phone::MAX_CHARS),
            },
        ),
        ("PersonName", Rule::Text(PersonName::RULE)),
        (
            "Extension",
            Rule::Pattern {
                pattern: Extension::PATTERN,
                max: None,
            },
        ),
    ]
}

/// Fields the server requires although they have a default when absent (a blank default it
/// then refuses), and nullable fields it refuses `null` for.
const REQUIRED: &[(&str, &str)] = &[
    ("ContactInput", "kind"),
    ("NewUserRequest", "role"),
    ("NewWorkItemRequest", "description"),
    ("WorkItemTypeInput", "priority"),
];

/// States every rule in `doc`. A rule naming a field the document lacks, or not fitting its
/// type, is a mistake in this file: it panics, and the API tests, which build the document,
/// catch it before it ships.
pub fn apply(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for (name, rule) in component_rules() {
        match components.schemas.get_mut(name) {
            Some(RefOr::T(schema)) => constrain_schema(schema, &rule),
            _ => panic!("the document has no {name} to constrain"),
        }
    }
    for (schema, field, rule) in rules() {
        let Some(property) = property(&mut components.schemas, schema, field) else {
            panic!("the document has no {schema}.{field} to constrain");
        };
        constrain(property, &rule);
    }
    for (schema, field) in REQUIRED {
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(*schema) {
            if !object.required.iter().any(|r| r == field) {
                object.required.push((*field).to_string());
            }
            if let Some(RefOr::T(Schema::OneOf(one_of))) = object.properties.get_mut(*field) {
                // `oneOf: [null, $ref]` for an Option of a named type: keep the type only.
                one_of
                    .items
                    .retain(|s| !matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null)));
            }
            if let Some(RefOr::T(Schema::Object(property))) = object.properties.get_mut(*field) {
                non_null(&mut property.schema_type);
            }
        }
    }
    unsigned_integers_within_u64(&mut components.schemas);
    at_least_one_email_or_phone(&mut components.schemas);
}

/// A contact needs an email address or a phone number: `emails` or `phones` is not empty.
fn at_least_one_email_or_phone(schemas: &mut std::collections::BTreeMap<String, RefOr<Schema>>) {
    let Some(contact) = schemas.remove("ContactInput") else {
        panic!("the document has no ContactInput");
    };
    let non_empty = |field: &str| {
        ObjectBuilder::new()
            .required(field)
            .property(field, ArrayBuilder::new().min_items(Some(1)))
            .build()
    };
    let either = AnyOfBuilder::new()
        .item(non_empty("emails"))
        .item(non_empty("phones"))
        .build();
    let whole = AllOfBuilder::new()
        .item(contact)
        .item(Schema::AnyOf(either))
        .build();
    schemas.insert("ContactInput".into(), RefOr::T(Schema::AllOf(whole)));
}

fn property<'a>(
    schemas: &'a mut std::collections::BTreeMap<String, RefOr<Schema>>,
    schema: &str,
    field: &str,
) -> Option<&'a mut RefOr<Schema>> {
    let RefOr::T(Schema::Object(object)) = schemas.get_mut(schema)? else {
        return None;
    };
    object.properties.get_mut(field)
}

fn constrain(property: &mut RefOr<Schema>, rule: &Rule) {
    match (property, rule) {
        // An enum of the domain, `$ref`'d: state the allowed subset in place of it.
        (property @ RefOr::Ref(_), Rule::OneOf(values)) => {
            *property = RefOr::T(enum_of(values));
        }
        (RefOr::T(schema), rule) => constrain_schema(schema, rule),
        (RefOr::Ref(_), _) => panic!("a rule on a field that is only a reference"),
    }
}

fn enum_of(values: &[&str]) -> Schema {
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(values.iter().copied()))
            .build(),
    )
}

fn constrain_schema(schema: &mut Schema, rule: &Rule) {
    match (schema, rule) {
        (Schema::Array(array), Rule::List { max, items, unique }) => {
            array.max_items = Some(*max);
            array.unique_items = *unique;
            if let (Some(items), ArrayItems::RefOrSchema(item)) = (items, &mut array.items) {
                constrain(item, items);
            }
        }
        (Schema::OneOf(one_of), Rule::OneOf(values)) => {
            // `oneOf: [null, $ref]`: keep null, with the allowed subset for the rest.
            one_of.items.retain(|s| matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null)));
            one_of.items.push(RefOr::T(enum_of(values)));
        }
        (Schema::Object(object), rule) => match rule {
            Rule::Text(text) => {
                object.max_length = Some(text.max);
                object.pattern = Some(text.pattern().to_string());
                if text.required.is_some() {
                    object.min_length = Some(1);
                }
            }
            Rule::Pattern { pattern, max } => {
                object.pattern = Some((*pattern).to_string());
                object.max_length = *max;
            }
            Rule::Length { min, max } => {
                object.min_length = Some(*min);
                object.max_length = Some(*max);
            }
            Rule::AtMost(max) => object.maximum = Some(Number::UInt(*max as usize)),
            Rule::Instant => {
                object.pattern = Some(worklane_domain::wire_time::PATTERN.to_string());
                object.format = Some(utoipa::openapi::SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::DateTime,
                ));
            }
            Rule::Date => {
                object.pattern = Some(CalendarDate::PATTERN.to_string());
                object.format = Some(utoipa::openapi::SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Date,
                ));
            }
            Rule::OneOf(values) => {
                object.enum_values = Some(values.iter().map(|v| (*v).into()).collect());
            }
            Rule::List { .. } => panic!("a list rule on a field that is not a list"),
        },
        _ => panic!("a rule that does not fit its field's type"),
    }
}

fn non_null(schema_type: &mut SchemaType) {
    if let SchemaType::Array(types) = schema_type {
        types.retain(|t| *t != Type::Null);
        if let [only] = types.as_slice() {
            *schema_type = SchemaType::Type(only.clone());
        }
    }
}

/// Unsigned integers (utoipa states `minimum: 0`) are at most 2^64 - 1 as the server reads
/// them; fields with a tighter limit say so themselves.
fn unsigned_integers_within_u64(schemas: &mut std::collections::BTreeMap<String, RefOr<Schema>>) {
    fn visit(schema: &mut Schema) {
        match schema {
            Schema::Object(object) => {
                let integer = matches!(&object.schema_type, SchemaType::Type(Type::Integer))
                    || matches!(&object.schema_type, SchemaType::Array(t) if t.contains(&Type::Integer));
                if integer && object.minimum == Some(Number::UInt(0)) && object.maximum.is_none() {
                    let max = match object.format {
                        Some(utoipa::openapi::SchemaFormat::KnownFormat(
                            utoipa::openapi::KnownFormat::Int32,
                        )) => u32::MAX as usize,
                        _ => u64::MAX as usize,
                    };
                    object.maximum = Some(Number::UInt(max));
                }
                for property in object.properties.values_mut() {
                    if let RefOr::T(schema) = property {
                        visit(schema);
                    }
                }
            }
            Schema::Array(array) => {
                if let ArrayItems::RefOrSchema(item) = &mut array.items
                    && let RefOr::T(item) = item.as_mut()
                {
                    visit(item);
                }
            }
            Schema::AllOf(all) => all.items.iter_mut().for_each(|s| {
                if let RefOr::T(s) = s {
                    visit(s)
                }
            }),
            Schema::OneOf(one) => one.items.iter_mut().for_each(|s| {
                if let RefOr::T(s) = s {
                    visit(s)
                }
            }),
            _ => {}
        }
    }
    for schema in schemas.values_mut() {
        if let RefOr::T(schema) = schema {
            visit(schema);
        }
    }
}
