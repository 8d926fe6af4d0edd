//! Conditional routes on REST APIs: the `Fn::If` around paths of conditional
//! functions in the Swagger body, and the implicit API's own attributes. The
//! bookkeeping is shared with HTTP APIs (`transform::conditions`).

use crate::model::rest_api::{RestApi, IMPLICIT_REST_API_ID};
use crate::model::Attributes;
use crate::transform::conditions::{PathCondition, RouteConditions};

use super::super::openapi::Editor;
use super::super::py27::Py;
use super::super::Output;
use super::Body;

/// SAM's `api_conditions` for REST APIs, over the shared route table.
#[derive(Default)]
pub(super) struct ApiConditions(RouteConditions);

impl ApiConditions {
    pub(super) fn record(&mut self, api: &str, path: &str, method: &str, attributes: &Attributes) {
        self.0
            .record(api, path, method, attributes, api == IMPLICIT_REST_API_ID);
    }

    /// The implicit API's Condition and deletion policies.
    pub(super) fn implicit_attributes(&self, out: &mut Output) -> Attributes {
        self.0.implicit_attributes(IMPLICIT_REST_API_ID, out)
    }

    /// `_maybe_add_conditions_to_implicit_api_paths` for one managed API.
    pub(super) fn make_paths_conditional(&self, api: &RestApi, body: &mut Body, out: &mut Output) {
        let Some(doc) = &body.doc else {
            return;
        };
        let Ok(mut e) = Editor::open(doc) else {
            return;
        };
        for path in e.path_names() {
            // A user's condition stays the template string it was; a combined
            // one is a name SAM wrote (the difference shows in the hash).
            let cond = match self.0.path_condition(&api.id, &path.text, out) {
                None => continue,
                Some(PathCondition::Single(c)) => Py::from_user(&c),
                Some(PathCondition::Combined(name)) => Py::lit(&name),
            };
            e.make_path_conditional(&path.text, &cond);
        }
        body.doc = Some(e.finish());
    }
}
