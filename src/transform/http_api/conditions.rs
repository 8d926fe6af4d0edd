//! The conditions SAM's implicit API plugin derives from the conditions of
//! the functions behind each route: a path whose methods are all conditional
//! is wrapped in `Fn::If`, and the implicit API itself is conditional when
//! every route is (an `Fn::Or` of the conditions when they differ). Its
//! deletion and update-replace policies are the strongest its functions ask for.
//! The bookkeeping is shared with REST APIs (`transform::conditions`).

use serde_json::Value;

use crate::model::{Attributes, Function};
use crate::transform::conditions::{PathCondition, RouteConditions as Routes};

use super::super::Output;
use super::editor::Editor;

/// SAM's `api_conditions` for HTTP APIs, over the shared route table.
#[derive(Default)]
pub struct RouteConditions(Routes);

impl RouteConditions {
    pub fn record(&mut self, api: &str, path: &str, method: &str, f: &Function, implicit: bool) {
        self.0.record(api, path, method, &f.attributes, implicit);
    }

    /// The implicit API's attributes: its condition and policies.
    pub fn implicit_attributes(&self, api: &str, out: &mut Output) -> Attributes {
        self.0.implicit_attributes(api, out)
    }

    /// `_maybe_add_conditions_to_implicit_api_paths` for one managed API.
    pub fn make_paths_conditional(&self, api: &str, editor: &mut Editor, out: &mut Output) {
        for path in editor.path_names() {
            let cond = match self.0.path_condition(api, &path, out) {
                None => continue,
                Some(PathCondition::Single(c)) => c,
                Some(PathCondition::Combined(name)) => Value::String(name),
            };
            editor.make_path_conditional(&path, &cond);
        }
    }
}
