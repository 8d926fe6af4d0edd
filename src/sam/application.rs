//! `AWS::Serverless::Application` properties → [`model::Application`](crate::model::application::Application),
//! with the checks of SAM's `SamApplication` and serverless app plugin that
//! need no network.

use serde_json::Value;

use crate::error::{Cursor, Diagnostics};
use crate::model::application::Application;

use super::props::Props;
use super::reader::Source;

const TYPE: &str = "AWS::Serverless::Application";

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<Application> {
    let before = diags.len();
    let id = src.id;
    let cur = Cursor::new(id);
    let mut p = Props::new(id, TYPE, &src.properties);
    let location = p.get("Location").cloned();
    let Some(location) = location else {
        cur.plain_error(
            diags,
            "Resource is missing the required [Location] property.",
        );
        return None;
    };
    if let Value::Object(m) = &location {
        for key in ["ApplicationId", "SemanticVersion"] {
            if !m.contains_key(key) {
                cur.plain_error(
                    diags,
                    format!("Resource is missing the required [{key}] property."),
                );
                return None;
            }
        }
    } else if !location.is_string() {
        cur.plain_error(diags, "Type of property 'Location' is invalid.");
    }
    let mut app = Application {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        location,
        ..Default::default()
    };
    // SAM's plugin writes `TemplateUrl` itself; a user's is overwritten.
    p.get("TemplateUrl");
    app.parameters = p.map_like("Parameters", diags);
    if let Some(v) = p.get("NotificationARNs") {
        if v.is_array() || crate::template::Expr::is_intrinsic(v) {
            app.notification_arns = Some(v.clone());
        } else {
            cur.plain_error(diags, "Type of property 'NotificationARNs' is invalid.");
        }
    }
    if let Some(tags) = p.map_like("Tags", diags) {
        let tags = tags.as_object().cloned().unwrap_or_default();
        for reserved in super::function::RESERVED_TAGS {
            if tags.contains_key(*reserved) {
                cur.plain_error(
                    diags,
                    format!(
                        "{reserved} is a reserved Tag key name and cannot be set on your resource. \
                         Please change the tag key in the input."
                    ),
                );
            }
        }
        app.tags = Some(tags);
    }
    if let Some(v) = p.get("TimeoutInMinutes") {
        if v.is_i64() || v.is_u64() || crate::template::Expr::is_intrinsic(v) {
            app.timeout_in_minutes = Some(v.clone());
        } else {
            p.at("TimeoutInMinutes").error(diags, "should be a int.");
        }
    }
    p.finish(&[], diags);
    (diags.len() == before).then_some(app)
}
