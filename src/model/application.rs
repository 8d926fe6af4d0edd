//! A nested application (SAM's `AWS::Serverless::Application`): a template
//! URL, or a Serverless Application Repository application and version.

use serde_json::Value;

use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Application {
    pub id: String,
    pub attributes: Attributes,
    /// A template URL (string), or `{ApplicationId, SemanticVersion}`.
    pub location: Value,
    /// `Parameters` of the nested stack. Default: none.
    pub parameters: Option<Value>,
    pub notification_arns: Option<Value>,
    pub tags: Option<Tags>,
    pub timeout_in_minutes: Option<Value>,
}
